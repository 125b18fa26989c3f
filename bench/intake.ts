// `npm run bench:intake`: public applications per second through HTTP, on SQLite and PostgreSQL,
// and whether every acknowledged application is durable.
//
//   node --import tsx bench/intake.ts [--db sqlite|postgres|both] [--seconds 10] [--connections 10]
//
// For each database: a fresh database with the demo tree; `gongkai serve` as a child process (the
// real server, as operators run it); autocannon posts the public form for --seconds, each request
// with its own one-time form token and client address (X-Forwarded-For, with GONGKAI_TRUST_PROXY=1
// as behind a load balancer, so the per-address limits do not answer the benchmark). Then the
// durability run: clients post as fast as they can, remembering every token the server
// acknowledged (303), the server is killed with SIGKILL in mid-run, restarted, and every
// acknowledged token is looked up. The last line printed is one JSON object holding every figure.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect, type DbHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { systemActor } from '../src/features/audit/service.js';
import { seedDemoIfEmpty } from '../src/features/demo.js';
import { systemCtx } from '../src/platform.js';
import { applicant } from '../test/helpers/applications.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const DB = option('db') ?? 'both';
const SECONDS = Number(option('seconds') ?? 10);
const CONNECTIONS = Number(option('connections') ?? 10);
const PG_URL = process.env.GONGKAI_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
if (!['sqlite', 'postgres', 'both'].includes(DB)) throw new Error('--db must be sqlite, postgres or both');
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

interface Target {
  kind: 'sqlite' | 'postgres';
  env: Record<string, string>;
  open(): Promise<DbHandle>;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-intake-'));
  const file = join(dir, 'bench.sqlite');
  return {
    kind: 'sqlite',
    env: { GONGKAI_DATABASE_URL: '', GONGKAI_DATA_DIR: dir, GONGKAI_SQLITE_FILE: file },
    open: () => connect({ sqliteFile: file }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(): Target {
  const schema = `bench_intake_${randomBytes(4).toString('hex')}`;
  return {
    kind: 'postgres',
    env: { GONGKAI_DATABASE_URL: PG_URL, GONGKAI_DATABASE_SCHEMA: schema },
    open: () => connect({ databaseUrl: PG_URL, schema }),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

interface Server {
  base: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function startServer(t: Target): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/gongkai.js', 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: {
      ...process.env,
      ...t.env,
      GONGKAI_LOG_LEVEL: 'warn',
      GONGKAI_TRUST_PROXY: '1',
      GONGKAI_SWEEP_MINUTES: '0',
      GONGKAI_APPLY_PER_HOUR: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('已启动')) resolve();
    });
    child.on('exit', () => reject(new Error(`server exited before it started:\n${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child, exited };
}

/** The CSRF cookie and token of one form page; a token stays valid for its cookie. */
async function csrf(base: string) {
  const r = await fetch(`${base}/apply`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const token = (await r.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
  return { cookie, token };
}

const formBody = (agencyId: number, token: string, csrfToken: string, n: number) =>
  new URLSearchParams({ _csrf: csrfToken, agencyId: String(agencyId), formToken: token, ...applicant(n % 5000) }).toString();

/** What is read of autocannon's result (the package ships no types). */
interface CannonResult {
  '3xx': number;
  '4xx': number;
  '5xx': number;
  errors: number;
  latency: { p50: number; p99: number };
}

async function throughput(base: string, agencyId: number) {
  const autocannon = require('autocannon') as (opts: unknown) => Promise<CannonResult>;
  const { cookie, token } = await csrf(base);
  let n = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/apply',
        setupRequest: (req: Record<string, unknown>) => {
          n++;
          return {
            ...req,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              cookie,
              'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
            },
            body: formBody(agencyId, `bench-${n}-${randomBytes(6).toString('hex')}`, token, n),
          };
        },
      },
    ],
  });
  return {
    applicationsPerSecond: Math.round((result['3xx'] / SECONDS) * 10) / 10,
    acknowledged: result['3xx'],
    refused: result['4xx'] + result['5xx'],
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors,
  };
}

/** Posts until the server dies, remembering the tokens it acknowledged; kills it after `killAfterMs`. */
async function killRun(server: Server, agencyId: number, killAfterMs: number) {
  const { cookie, token } = await csrf(server.base);
  const acknowledged: string[] = [];
  let sent = 0;
  let dead = false;
  const worker = async (w: number) => {
    for (let i = 0; !dead; i++) {
      const t = `kill-${w}-${i}-${randomBytes(6).toString('hex')}`;
      sent++;
      try {
        const r = await fetch(`${server.base}/apply`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': `10.200.${w}.${i & 255}` },
          body: formBody(agencyId, t, token, w * 100000 + i),
        });
        await r.arrayBuffer();
        if (r.status === 303) acknowledged.push(t);
      } catch {
        // The connection died with the server: this request was not acknowledged.
      }
    }
  };
  const workers = Array.from({ length: CONNECTIONS }, (_, w) => worker(w));
  await new Promise((r) => setTimeout(r, killAfterMs));
  server.child.kill('SIGKILL');
  await server.exited;
  dead = true;
  await Promise.all(workers);
  return { sent, acknowledged };
}

async function run(t: Target) {
  const setup = await t.open();
  await migrateToLatest(setup);
  await seedDemoIfEmpty(systemCtx(setup, systemActor));
  const agency = await setup.db.selectFrom('agencies').select('id').where('short_name', '=', '市教育局').executeTakeFirstOrThrow();
  await setup.close();

  let server = await startServer(t);
  const tp = await throughput(server.base, agency.id);
  console.log(
    `${t.kind}: ${tp.applicationsPerSecond} applications/s over ${SECONDS} s with ${CONNECTIONS} connections (p50 ${tp.latencyP50} ms, p99 ${tp.latencyP99} ms; ${tp.refused} refused, ${tp.errors} errors)`,
  );
  const kill = await killRun(server, agency.id, Math.max(2000, (SECONDS * 1000) / 3));
  server = await startServer(t);
  const check = await t.open();
  let found = 0;
  for (let i = 0; i < kill.acknowledged.length; i += 500) {
    const chunk = kill.acknowledged.slice(i, i + 500);
    const rows = await check.db.selectFrom('applications').select('submission_token').where('submission_token', 'in', chunk).execute();
    found += rows.length;
  }
  const killed = await check.db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submission_token', 'like', 'kill-%')
    .executeTakeFirstOrThrow();
  await check.close();
  server.child.kill('SIGTERM');
  await server.exited;
  const durability = {
    sent: kill.sent,
    acknowledged: kill.acknowledged.length,
    foundAfterRestart: found,
    lost: kill.acknowledged.length - found,
    storedNotAcknowledged: Number(killed.n) - found,
  };
  console.log(
    `${t.kind}: killed mid-run (SIGKILL): ${durability.acknowledged} acknowledged, ${durability.foundAfterRestart} found after restart, ${durability.lost} lost; ${durability.storedNotAcknowledged} stored whose answer the kill cut off`,
  );
  return { ...tp, durability };
}

const figures: Record<string, unknown> = { seconds: SECONDS, connections: CONNECTIONS };
for (const kind of DB === 'both' ? (['sqlite', 'postgres'] as const) : [DB as 'sqlite' | 'postgres']) {
  const t = kind === 'sqlite' ? sqliteTarget() : postgresTarget();
  try {
    figures[kind] = await run(t);
  } finally {
    await t.cleanup();
  }
}
console.log(JSON.stringify(figures));
