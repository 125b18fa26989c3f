import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { connect, type DbHandle } from '../db/connect.js';
import { compactDatabase } from '../db/maintenance.js';
import { migrateToLatest } from '../db/migrate.js';
import { agencyKinds, agencyLevels } from '../domain/agency.js';
import { checkDate } from '../domain/calendar/index.js';
import { roles } from '../domain/roles.js';
import { InputError, isUserFacing } from '../errors.js';
import { createUser, grantRole } from '../features/accounts/service.js';
import { createAgency, listAgencies } from '../features/agencies/service.js';
import { cliActor, verifyAuditChain } from '../features/audit/service.js';
import { currentCalendar } from '../features/calendar/service.js';
import { registerReaderCommands } from '../features/reader/cli.js';
import { openPlatform, systemCtx } from '../platform.js';
import { serve } from '../server.js';
import { registerImportCommand } from './import.js';
import { registerReportCommand } from './report.js';

/** Service field names as the command line spells them, so an error names the option to fix. */
const optionNames: Record<string, string> = {
  name: '--name',
  shortName: '--short-name',
  kind: '--kind',
  level: '--level',
  parentId: '--parent',
  creditCode: '--credit-code',
  orgCode: '--org-code',
  username: '--username',
  displayName: '--name',
  agencyId: '--agency',
  email: '--email',
  role: '--role',
  user: '--user',
  out: '--out',
  date: '日期',
  n: '工作日数',
  year: '报告年度',
  file: '--import',
  format: '--format',
  override: '--override',
  reason: '--reason',
};

const program = new Command();
program.name('gongkai').description('政府信息公开工作平台 — 命令行工具').showHelpAfterError();

/**
 * Runs a command against the configured database; user-facing errors print in Chinese and exit 2.
 * The schema is brought up to date first, except for `migrate` itself (`migrate: false`), which
 * must see — and report — the migrations it applies.
 */
function withDb(run: (handle: DbHandle) => Promise<number | undefined>, opts: { migrate?: boolean } = {}) {
  return async () => {
    const config = loadConfig();
    let handle: DbHandle | undefined;
    try {
      handle =
        opts.migrate === false
          ? await connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, schema: process.env.GONGKAI_DATABASE_SCHEMA })
          : await openPlatform(config);
      process.exitCode = (await run(handle)) ?? 0;
    } catch (e) {
      if (e instanceof InputError) {
        for (const [field, msg] of Object.entries(e.fields)) console.error(`错误：${optionNames[field] ?? field}：${msg}`);
        process.exitCode = 2;
      } else if (isUserFacing(e)) {
        console.error(`错误：${e.message}`);
        process.exitCode = 2;
      } else {
        console.error(`失败：${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
      }
    } finally {
      await handle?.close();
    }
  };
}

program
  .command('serve')
  .description('启动平台（默认 http://localhost:3000；首次启动且数据库为空时创建演示数据）')
  .option('-p, --port <port>', '端口', (v) => Number(v))
  .option('--host <host>', '监听地址')
  .action(async (opts: { port?: number; host?: string }) => {
    const config = loadConfig();
    await serve({ ...config, port: opts.port ?? config.port, host: opts.host ?? config.host });
  });

program
  .command('migrate')
  .description('把数据库结构升级到最新版本')
  .action(
    withDb(
      async (h) => {
        const r = await migrateToLatest(h);
        const applied = r.results?.filter((x) => x.status === 'Success').map((x) => x.migrationName) ?? [];
        console.log(applied.length ? `已执行迁移：${applied.join(', ')}（${h.describe}）` : `数据库已是最新版本（${h.describe}）`);
        return 0;
      },
      { migrate: false },
    ),
  );

program
  .command('create-agency')
  .description('新建机关')
  .requiredOption('--name <name>', '机关全称')
  .requiredOption('--short-name <name>', '机关简称')
  .addOption(new Option('--kind <kind>', '机关类型').choices(agencyKinds).makeOptionMandatory())
  .addOption(new Option('--level <level>', '行政层级').choices(agencyLevels).makeOptionMandatory())
  .option('--parent <id>', '上级机关编号')
  .option('--credit-code <code>', '统一社会信用代码')
  .option('--org-code <code>', '组织机构代码（历史机关）')
  .action((o: Record<string, string | undefined>) =>
    withDb(async (h) => {
      const a = await createAgency(systemCtx(h, cliActor()), {
        name: o.name,
        shortName: o.shortName,
        kind: o.kind,
        level: o.level,
        parentId: o.parent,
        creditCode: o.creditCode,
        orgCode: o.orgCode,
      });
      console.log(`已创建机关 ${a.id}：${a.name}`);
      return 0;
    })(),
  );

program
  .command('agencies')
  .description('列出机关树及编号')
  .action(
    withDb(async (h) => {
      for (const a of await listAgencies(systemCtx(h, cliActor())))
        console.log(`${String(a.id).padStart(5)}  ${'  '.repeat(a.depth)}${a.name}`);
      return 0;
    }),
  );

program
  .command('create-user')
  .description('新建工作人员账户（打印一次性密码）')
  .requiredOption('--username <username>', '用户名')
  .requiredOption('--name <name>', '姓名')
  .requiredOption('--agency <id>', '所属机关编号')
  .option('--email <email>', '电子邮箱')
  .option('--platform-admin', '平台管理员（可管理全部机关）')
  .action((o: { username: string; name: string; agency: string; email?: string; platformAdmin?: boolean }) =>
    withDb(async (h) => {
      const r = await createUser(
        systemCtx(h, cliActor()),
        { username: o.username, displayName: o.name, agencyId: o.agency, email: o.email },
        { platformAdmin: !!o.platformAdmin },
      );
      console.log(`已创建用户 ${r.user.id}：${r.user.username}`);
      console.log(`一次性密码：${r.oneTimePassword}（首次登录时必须修改）`);
      return 0;
    })(),
  );

program
  .command('grant')
  .description('授予角色')
  .requiredOption('--user <username>', '用户名或用户编号')
  .requiredOption('--agency <id>', '机关编号')
  .addOption(new Option('--role <role>', '角色').choices(roles).makeOptionMandatory())
  .action((o: { user: string; agency: string; role: string }) =>
    withDb(async (h) => {
      const ctx = systemCtx(h, cliActor());
      const u = await h.db
        .selectFrom('users')
        .select(['id', 'username'])
        .where(/^\d+$/.test(o.user) ? 'id' : 'username', '=', /^\d+$/.test(o.user) ? Number(o.user) : o.user.toLowerCase())
        .executeTakeFirst();
      if (!u) throw new InputError({ user: `找不到用户“${o.user}”` });
      const g = await grantRole(ctx, u.id, { agencyId: o.agency, role: o.role });
      console.log(`已授予 ${u.username} 在机关 ${g.agency_id} 的角色 ${g.role}`);
      return 0;
    })(),
  );

const calendarCmd = program.command('calendar').description('工作日历（含平台上录入或更正的年份）');

function dateArg(v: string): string {
  const r = checkDate(v);
  if (!r.ok) throw new InputError({ date: r.reason });
  return r.date;
}

calendarCmd
  .command('is-workday <date>')
  .description('某日是否为工作日，打印 true 或 false')
  .action((date: string) =>
    withDb(async (h) => {
      const d = dateArg(date);
      const calendar = await currentCalendar(h.db);
      console.log(String(calendar.isWorkday(d)));
      if (!calendar.coversDate(d)) console.error(`注意：尚未录入${d.slice(0, 4)}年的节假日安排，按普通周末判断`);
      return 0;
    })(),
  );

calendarCmd
  .command('add <date> <n>')
  .description('起算日之后第 N 个工作日（起算日不计入），打印日期')
  .option('--explain', '列出跳过的非工作日和计入的调休上班日')
  .action((date: string, n: string, o: { explain?: boolean }) =>
    withDb(async (h) => {
      const d = dateArg(date);
      if (!/^\d{1,4}$/.test(n) || Number(n) < 1) throw new InputError({ n: '工作日数应为正整数' });
      const r = (await currentCalendar(h.db)).addWorkdaysExplained(d, Number(n));
      console.log(r.due);
      if (o.explain) {
        for (const s of r.skipped) console.log(`  跳过 ${s.date}（${s.reason}）`);
        for (const m of r.makeupDaysCounted) console.log(`  计入调休上班日 ${m}`);
      }
      if (r.provisional) console.error('注意：期间涉及尚未录入节假日安排的年份，结果为暂定');
      return 0;
    })(),
  );

const auditCmd = program.command('audit').description('审计日志');
auditCmd
  .command('verify')
  .description('校验审计日志的哈希链，指出第一条被改动或删除的记录')
  .action(
    withDb(async (h) => {
      const v = await verifyAuditChain(h.db);
      if (v.ok) {
        console.log(`审计日志完整：共 ${v.checked} 条记录，哈希链校验通过。`);
        return 0;
      }
      console.error(`审计日志校验失败：${v.problem!.message}（此前 ${v.checked} 条记录完好）`);
      return 1;
    }),
  );

program
  .command('backup')
  .description('备份数据库（SQLite 在线备份到文件；PostgreSQL 给出 pg_dump 命令）')
  .option('-o, --out <file>', '备份文件路径')
  .action((o: { out?: string }) =>
    withDb(async (h) => {
      if (h.kind === 'postgres') {
        const url = new URL(loadConfig().databaseUrl!);
        url.password = url.password ? '****' : '';
        const schema = process.env.GONGKAI_DATABASE_SCHEMA;
        console.log('PostgreSQL 请使用 pg_dump 备份（一致性快照，不影响运行中的平台）：');
        console.log(
          `  pg_dump --format=custom --no-owner${schema ? ` --schema=${schema}` : ''} --file=gongkai-$(date +%Y%m%d-%H%M%S).dump '${url.toString()}'`,
        );
        console.log('恢复：pg_restore --clean --if-exists --no-owner --dbname=<数据库地址> <备份文件>');
        return 0;
      }
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
      const out = resolve(o.out ?? `gongkai-backup-${stamp}.sqlite`);
      if (existsSync(out)) throw new InputError({ out: `文件已存在：${out}` });
      // SQLite's online backup API copies page by page while the server keeps writing.
      const r = await h.sqlite!.backup(out);
      console.log(`已备份到 ${out}（${r.totalPages} 页）`);
      return 0;
    })(),
  );

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

program
  .command('compact')
  .description(
    '整理数据库。SQLite：合并全文检索索引，重写数据库文件（回收空闲空间，旧文件换用 16 KB 页）；须先停止平台，临时需要与数据库大小相当的磁盘空间。PostgreSQL：对平台的表执行 VACUUM ANALYZE，平台可照常运行',
  )
  .action(
    withDb(async (h) => {
      console.log(`正在整理数据库（${h.describe}）……`);
      const r = await compactDatabase(h, (step) => console.log(`  ${step}`));
      const seconds = (r.ms / 1000).toFixed(1);
      if (r.sqlite) {
        const s = r.sqlite;
        console.log(
          `整理完成：${mb(r.bytesBefore)}（其中空闲 ${mb(s.freeBytesBefore)}）→ ${mb(r.bytesAfter)}，页大小 ${s.pageSizeBefore} → ${s.pageSizeAfter} 字节，用时 ${seconds} 秒`,
        );
      } else {
        console.log(
          `整理完成：已对 ${r.tables} 张表执行 VACUUM ANALYZE，占用 ${mb(r.bytesBefore)} → ${mb(r.bytesAfter)}，用时 ${seconds} 秒`,
        );
      }
      return 0;
    }),
  );

registerImportCommand(program, withDb);
registerReaderCommands(program, withDb);
registerReportCommand(program, withDb);

program
  .command('applications')
  .description('依申请公开')
  .command('sweep')
  .description('记录逾期不补正、逾期未缴费的终止，发出剩余5个和2个工作日的提醒，发送待发邮件（可与运行中的平台同时执行）')
  .action(
    withDb(async (h) => {
      const { sweep } = await import('../features/applications/sweep.js');
      const r = await sweep(systemCtx(h, cliActor()));
      console.log(
        `未办结申请 ${r.open} 件；记录期满终止 ${r.closed} 件；发出提醒 ${r.reminders} 件；发送邮件 ${r.mail.sent} 封${r.mail.failed ? `，失败 ${r.mail.failed} 封` : ''}`,
      );
      return 0;
    }),
  );

await program.parseAsync(process.argv);
