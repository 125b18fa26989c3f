import type { Config } from './config.js';
import { purgeExpired } from './features/accounts/sessions.js';
import { sweep } from './features/applications/sweep.js';
import { systemActor } from './features/audit/service.js';
import { seedDemoIfEmpty } from './features/demo.js';
import { openPlatform, systemCtx } from './platform.js';
import { buildApp } from './web/app.js';

/** Starts the platform: migrate, seed an empty database with the demo, listen, and stop cleanly. */
export async function serve(config: Config): Promise<void> {
  const handle = await openPlatform(config);
  const seed = await seedDemoIfEmpty(systemCtx(handle, systemActor));
  const app = await buildApp({ handle, config, logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`\n政府信息公开平台已启动：http://${shown}:${config.port}/  （数据库：${handle.describe}）`);
  if (seed.seeded) {
    console.log('\n已创建演示数据：示例市人民政府及其部门、示例县人民政府及其部门和乡镇。');
    console.log(`管理员用户名：${seed.adminUsername}`);
    console.log(`管理员一次性密码：${seed.adminPassword}`);
    console.log('（此密码只显示这一次，首次登录时必须修改。）\n');
  }
  const purge = setInterval(() => void purgeExpired(handle.db, new Date()).catch((e) => app.log.error(e)), 3600_000);
  purge.unref();
  // The clock's sweep (closures, reminders, mail); every process may run it: it claims its work in the database.
  const sweepMinutes = Number(process.env.GONGKAI_SWEEP_MINUTES ?? 5);
  const runSweep = () =>
    void sweep(systemCtx(handle, systemActor))
      .then((r) => (r.closed || r.reminders || r.mail.sent || r.mail.failed ? app.log.info({ sweep: r }, 'applications sweep') : undefined))
      .catch((e) => app.log.error(e, 'applications sweep failed'));
  const sweeper = sweepMinutes > 0 ? setInterval(runSweep, sweepMinutes * 60_000) : undefined;
  sweeper?.unref();
  if (sweeper) setTimeout(runSweep, 10_000).unref();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    clearInterval(purge);
    if (sweeper) clearInterval(sweeper);
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
