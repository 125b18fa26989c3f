// The `gongkai` command, run as a real child process against a real database, the way an operator
// runs it: `node bin/gongkai.js …`.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { syntheticItems } from '../bench/corpus.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest, migrations } from '../src/db/migrate.js';
import { creditCodeCheckChar, orgCodeCheckChar } from '../src/domain/creditCode.js';
import { login } from '../src/features/accounts/service.js';
import { createAgency } from '../src/features/agencies/service.js';
import { entryHash } from '../src/features/audit/chain.js';
import { verifyAuditChain } from '../src/features/audit/service.js';
import { databaseUrl, indexedIds, oldSqliteFile, onPostgres, type TestDb, testDb } from './helpers/db.js';
import { agency, creditCode, itemRow, sys } from './helpers/fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const migrationNames = Object.keys(migrations);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gongkai …` to completion with the given database environment; never throws on a non-zero exit. */
async function gongkai(env: Record<string, string>, ...args: string[]): Promise<Result> {
  try {
    const r = await run(process.execPath, ['bin/gongkai.js', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

interface Server {
  base: string;
  output(): string;
  /** Resolves once the output matches (it can arrive in several pieces). */
  waitFor(pattern: RegExp): Promise<void>;
  /** SIGTERM, then the exit code (null if it died of a signal instead of exiting). */
  stop(): Promise<number | null>;
}

/** `gongkai serve` on a free port of 127.0.0.1, resolved once it says it has started. */
async function serve(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/gongkai.js', 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ...env, GONGKAI_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  const waitFor = async (pattern: RegExp) => {
    const seen = await Promise.race([
      new Promise<boolean>((resolve) => {
        const check = () => pattern.test(out) && resolve(true);
        child.stdout!.on('data', check);
        check();
      }),
      exited.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000).unref()),
    ]);
    if (!seen) {
      await stop();
      throw new Error(`gongkai serve never printed ${pattern}:\n${out}\n${err}`);
    }
  };
  await waitFor(/已启动：http:\/\/\S+/);
  return { base: `http://127.0.0.1:${port}`, output: () => out, waitFor, stop };
}

/** A valid 统一社会信用代码, built from its check characters. */
function validCreditCode(orgBody: string): string {
  const first17 = `11330100${orgBody}${orgCodeCheckChar(orgBody)}`;
  return first17 + creditCodeCheckChar(first17);
}

describe('gongkai command', { concurrency: true }, () => {
  describe('migrate', { concurrency: false }, () => {
    // A database nobody has migrated yet: a new file on SQLite, a new schema on PostgreSQL.
    const fresh: { env: Record<string, string>; cleanup(): Promise<void> }[] = [];
    function freshDatabase() {
      let db: { env: Record<string, string>; cleanup(): Promise<void> };
      if (onPostgres) {
        const schema = `t_mig_${randomBytes(6).toString('hex')}`;
        db = {
          env: { GONGKAI_DATABASE_URL: databaseUrl!, GONGKAI_DATABASE_SCHEMA: schema },
          async cleanup() {
            const c = new pg.Client({ connectionString: databaseUrl });
            await c.connect();
            await c.query(`drop schema if exists ${schema} cascade`);
            await c.end();
          },
        };
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
        db = {
          env: {
            GONGKAI_DATA_DIR: dir,
            GONGKAI_SQLITE_FILE: join(dir, 'new.sqlite'),
            GONGKAI_DATABASE_URL: '',
          },
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      }
      fresh.push(db);
      return db.env;
    }
    after(async () => {
      for (const db of fresh) await db.cleanup();
    });

    async function recordedMigrations(env: Record<string, string>): Promise<string[]> {
      const h = await connect({
        databaseUrl: env.GONGKAI_DATABASE_URL,
        sqliteFile: env.GONGKAI_SQLITE_FILE,
        schema: env.GONGKAI_DATABASE_SCHEMA,
      });
      try {
        const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(h.db);
        return rows.rows.map((r) => r.name);
      } finally {
        await h.close();
      }
    }

    test('on a fresh database it applies every migration, and a second run finds it up to date', async () => {
      const env = freshDatabase();
      const first = await gongkai(env, 'migrate');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, new RegExp(`^已执行迁移：${migrationNames.join(', ')}（(SQLite|PostgreSQL) `));
      const second = await gongkai(env, 'migrate');
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^数据库已是最新版本（/);
      assert.deepEqual(await recordedMigrations(env), migrationNames);
    });

    test('two migrate processes started at the same moment both succeed and each migration is recorded once', async () => {
      const env = freshDatabase();
      const both = await Promise.all([gongkai(env, 'migrate'), gongkai(env, 'migrate')]);
      assert.deepEqual(
        both.map((r) => r.code),
        [0, 0],
        both.map((r) => r.stderr).join('\n'),
      );
      const said = both
        .map((r) => (r.stdout.startsWith('已执行迁移') ? 'applied' : r.stdout.startsWith('数据库已是最新版本') ? 'up to date' : r.stdout))
        .sort();
      assert.deepEqual(said, ['applied', 'up to date']);
      assert.deepEqual(await recordedMigrations(env), migrationNames);
    });
  });

  describe('agencies, users and roles', { concurrency: false }, () => {
    let db: TestDb;
    let agencyId = 0;
    const code = validCreditCode('27000001');
    before(async () => {
      db = await testDb();
    });
    after(() => db.cleanup());

    const agencyCount = async () => (await db.handle.db.selectFrom('agencies').select('id').execute()).length;

    test('create-agency with a valid credit code prints the new id', async () => {
      const r = await gongkai(
        db.env,
        'create-agency',
        '--name',
        '测试市人民政府',
        '--short-name',
        '测试市政府',
        '--kind',
        'government',
        '--level',
        'city',
        '--credit-code',
        code,
      );
      assert.equal(r.code, 0, r.stderr);
      const m = r.stdout.match(/^已创建机关 (\d+)：测试市人民政府$/m);
      assert.ok(m, r.stdout);
      agencyId = Number(m[1]);
      const row = await db.handle.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
      assert.deepEqual([row.name, row.short_name, row.credit_code], ['测试市人民政府', '测试市政府', code]);
      const entry = await db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'agency.create').executeTakeFirstOrThrow();
      assert.equal(entry.object_id, String(agencyId));
      assert.match(entry.actor, /^cli:/);
    });

    test('agencies lists the new agency with its id', async () => {
      const r = await gongkai(db.env, 'agencies');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^\\s*${agencyId}  测试市人民政府$`, 'm'));
    });

    let oneTimePassword = '';
    test('create-user prints a one-time password that logs in', async () => {
      const r = await gongkai(db.env, 'create-user', '--username', 'zhangsan', '--name', '张三', '--agency', String(agencyId));
      assert.equal(r.code, 0, r.stderr);
      const id = Number(r.stdout.match(/^已创建用户 (\d+)：zhangsan$/m)?.[1]);
      oneTimePassword = r.stdout.match(/^一次性密码：(\S+?)（首次登录时必须修改）$/m)?.[1] ?? '';
      assert.ok(id > 0 && oneTimePassword.length >= 10, r.stdout);
      const session = await login(
        sys(db.handle),
        { username: 'zhangsan', password: oneTimePassword },
        { ip: '127.0.0.1', userAgent: null },
        12,
      );
      assert.equal(session.userId, id);
      assert.equal(session.mustChangePassword, true);
    });

    test('grant gives a user a role in an agency', async () => {
      const r = await gongkai(db.env, 'grant', '--user', 'zhangsan', '--agency', String(agencyId), '--role', 'officer');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^已授予 zhangsan 在机关 ${agencyId} 的角色 officer$`, 'm'));
      const grants = await db.handle.db
        .selectFrom('grants')
        .innerJoin('users', 'users.id', 'grants.user_id')
        .select(['grants.agency_id', 'grants.role'])
        .where('users.username', '=', 'zhangsan')
        .execute();
      assert.deepEqual(grants, [{ agency_id: agencyId, role: 'officer' }]);
    });

    // Refusals: each must change nothing.
    const badBody = validCreditCode('27000002').slice(0, 17);
    const expectedCheck = creditCodeCheckChar(badBody);
    const wrongCheck = expectedCheck === 'A' ? 'B' : 'A';
    const refusals: { name: string; args: () => string[]; exit: number | 'non-zero'; stderr: RegExp }[] = [
      {
        name: 'create-agency with a wrong check character exits 2 naming the expected one',
        args: () => [
          'create-agency',
          '--name',
          '错误市人民政府',
          '--short-name',
          '错误市',
          '--kind',
          'government',
          '--level',
          'city',
          '--credit-code',
          badBody + wrongCheck,
        ],
        exit: 2,
        stderr: new RegExp(`统一社会信用代码校验位错误，应为“${expectedCheck}”`),
      },
      {
        name: 'create-agency under an unknown parent exits 2',
        args: () => [
          'create-agency',
          '--name',
          '测试市教育局',
          '--short-name',
          '教育局',
          '--kind',
          'department',
          '--level',
          'city',
          '--parent',
          '99999',
          '--credit-code',
          validCreditCode('27000003'),
        ],
        exit: 2,
        stderr: /上级机关不存在/,
      },
      {
        name: 'create-user with a username already taken exits 2 naming the username',
        args: () => ['create-user', '--username', 'ZhangSan', '--name', '另一个张三', '--agency', String(agencyId)],
        exit: 2,
        stderr: /用户名“zhangsan”已被使用/,
      },
      {
        name: 'grant with a role that does not exist is refused',
        args: () => ['grant', '--user', 'zhangsan', '--agency', String(agencyId), '--role', 'superuser'],
        exit: 'non-zero',
        stderr: /'superuser' is invalid/,
      },
    ];
    describe('refuses bad input', { concurrency: true }, () => {
      for (const c of refusals) {
        test(c.name, async () => {
          const count = async () => [
            await agencyCount(),
            (await db.handle.db.selectFrom('users').select('id').execute()).length,
            (await db.handle.db.selectFrom('grants').select('id').execute()).length,
          ];
          const before = await count();
          const r = await gongkai(db.env, ...c.args());
          if (c.exit === 'non-zero') assert.notEqual(r.code, 0);
          else assert.equal(r.code, c.exit, r.stderr);
          assert.match(r.stderr, c.stderr);
          assert.equal(r.stdout, '');
          assert.deepEqual(await count(), before);
        });
      }
    });
  });

  describe('audit verify', { concurrency: true }, () => {
    const entries = 5;
    /** A fresh database with a chain of five entries (five agencies created). */
    async function chainDb(): Promise<TestDb> {
      const db = await testDb();
      for (let i = 1; i <= entries; i++) {
        await createAgency(sys(db.handle), {
          name: `审计测试市人民政府${i}`,
          shortName: `审计${i}`,
          kind: 'government',
          level: 'city',
          creditCode: creditCode(),
        });
      }
      return db;
    }

    test('says the chain is intact and exits 0 when nobody touched it', async () => {
      const db = await chainDb();
      try {
        const r = await gongkai(db.env, 'audit', 'verify');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`审计日志完整：共 ${entries} 条记录`));
      } finally {
        await db.cleanup();
      }
    });

    const tampering: { name: string; tamper(db: TestDb): Promise<void>; message: RegExp }[] = [
      {
        name: 'the details of entry 2 were changed',
        tamper: async (db) => {
          await sql`update audit_log set details = ${'{"name":"伪造"}'} where seq = 2`.execute(db.handle.db);
        },
        message: /第 2 条审计记录已被改动（内容与其哈希不符）（此前 1 条记录完好）/,
      },
      {
        name: 'entry 3 was deleted',
        tamper: async (db) => {
          await sql`delete from audit_log where seq = 3`.execute(db.handle.db);
        },
        message: /第 3 条审计记录已被删除（记录序号从 2 跳到 4）（此前 2 条记录完好）/,
      },
      {
        name: 'the newest entry was deleted',
        tamper: async (db) => {
          await sql`delete from audit_log where seq = ${entries}`.execute(db.handle.db);
        },
        message: new RegExp(`第 ${entries} 条审计记录已被删除（此前 ${entries - 1} 条记录完好）`),
      },
      {
        name: 'a forger rewrote entry 2 and recomputed its hash',
        tamper: async (db) => {
          const e = await db.handle.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
          const details = '{"name":"伪造"}';
          const hash = entryHash({ ...e, seq: Number(e.seq), details });
          await sql`update audit_log set details = ${details}, hash = ${hash} where seq = 2`.execute(db.handle.db);
        },
        message: /第 2 条审计记录已被改动（第 3 条记录所存的前序哈希不再相符）/,
      },
    ];
    for (const c of tampering) {
      test(`exits 1 and names the entry when ${c.name}`, async () => {
        const db = await chainDb();
        try {
          assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
          await c.tamper(db);
          const r = await gongkai(db.env, 'audit', 'verify');
          assert.equal(r.code, 1, r.stdout + r.stderr);
          assert.match(r.stderr, /^审计日志校验失败：/);
          assert.match(r.stderr, c.message);
        } finally {
          await db.cleanup();
        }
      });
    }
  });

  describe('backup', { concurrency: false }, () => {
    let db: TestDb;
    before(async () => {
      db = await testDb();
    });
    after(() => db.cleanup());

    if (onPostgres) {
      test('on PostgreSQL prints a pg_dump command for the schema, without the password', async () => {
        const url = new URL(databaseUrl!);
        const password = url.password || 'not-the-real-one-7f3a';
        url.password = password;
        const r = await gongkai({ ...db.env, GONGKAI_DATABASE_URL: url.toString() }, 'backup');
        assert.equal(r.code, 0, r.stderr);
        const line = r.stdout.split('\n').find((l) => l.trim().startsWith('pg_dump '));
        assert.ok(line, r.stdout);
        assert.match(line, new RegExp(` --schema=${db.env.GONGKAI_DATABASE_SCHEMA} `));
        assert.match(line, new RegExp(`'postgres(ql)?://[^']*@${url.host}${url.pathname}'`));
        assert.ok(!r.stdout.includes(password), 'the password is not printed');
        assert.match(r.stdout, /pg_restore /);
      });
      return;
    }

    test('on SQLite copies the live database while the server runs and writes go on', async () => {
      const server = await serve(db.env);
      const out = join(mkdtempSync(join(tmpdir(), 'gongkai-backup-')), 'backup.sqlite');
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await createAgency(sys(db.handle), {
            name: `备份期间新建的机关${written}`,
            shortName: `备份${written}`,
            kind: 'government',
            level: 'city',
            creditCode: creditCode(),
          });
          written++;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      let backup: Result;
      try {
        // Writes are under way before the backup starts, and go on until it ends.
        while (written < 3) await new Promise((r) => setTimeout(r, 5));
        backup = await gongkai(db.env, 'backup', '--out', out);
      } finally {
        writing = false;
        await writer;
      }
      try {
        assert.equal(backup.code, 0, backup.stderr);
        assert.match(backup.stdout, new RegExp(`^已备份到 ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}（\\d+ 页）`));
        assert.ok(written > 3, `writes went on during the backup (${written})`);

        const copy = new BetterSqlite3(out, { readonly: true });
        try {
          assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
          const names = (copy.prepare('select name from agencies').all() as { name: string }[]).map((r) => r.name);
          assert.ok(names.includes('示例市人民政府'), 'the demo agencies the server seeded are in the backup');
          assert.ok(names.includes('备份期间新建的机关0'), 'agencies written before the backup are in it');
          assert.ok(names.length <= (await db.handle.db.selectFrom('agencies').select('id').execute()).length);
        } finally {
          copy.close();
        }
        // A consistent snapshot: its audit chain verifies on its own.
        const h = await connect({ sqliteFile: out });
        try {
          assert.equal((await verifyAuditChain(h.db)).ok, true);
        } finally {
          await h.close();
        }

        const again = await gongkai(db.env, 'backup', '--out', out);
        assert.equal(again.code, 2);
        assert.match(again.stderr, /文件已存在/);
      } finally {
        assert.equal(await server.stop(), 0, 'the server exits cleanly on SIGTERM');
        rmSync(join(out, '..'), { recursive: true, force: true });
      }
    });
  });

  describe('compact', { concurrency: false }, () => {
    if (onPostgres) {
      test('on PostgreSQL runs VACUUM ANALYZE over the platform’s tables, and nothing else', async () => {
        const db = await testDb();
        try {
          const schema = db.env.GONGKAI_DATABASE_SCHEMA!;
          const tables = (
            await sql<{ relname: string }>`select relname from pg_stat_user_tables where schemaname = ${schema}`.execute(db.handle.db)
          ).rows.length;
          const r = await gongkai(db.env, 'compact');
          assert.equal(r.code, 0, r.stderr);
          assert.equal(Number(r.stdout.match(/已对 (\d+) 张表执行 VACUUM ANALYZE/)?.[1]), tables, r.stdout);
          const done = await sql<{ relname: string }>`
            select relname from pg_stat_user_tables
            where schemaname = ${schema} and last_vacuum is not null and last_analyze is not null`.execute(db.handle.db);
          assert.equal(done.rows.length, tables);
          assert.ok(done.rows.some((t) => t.relname === 'items'));
        } finally {
          await db.cleanup();
        }
      });
    }

    // A file of its own in both runs: what is checked is SQLite's file format.
    test('on SQLite gives a 4 KB-page file 16 KB pages and a one-segment index, finding the same items; refused while the platform runs', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gongkai-compact-'));
      const file = join(dir, 'old.sqlite');
      const env = { GONGKAI_DATA_DIR: dir, GONGKAI_SQLITE_FILE: file, GONGKAI_DATABASE_URL: '' };
      const queries = ['安全生产', '信', '政府信息公开工作', '年度报告'];
      try {
        oldSqliteFile(file);
        let h = await connect({ sqliteFile: file });
        try {
          await migrateToLatest(h);
          const { id } = await agency(h, { name: '整理测试市人民政府' });
          const rows = [...syntheticItems(300, 11)].map((it) => itemRow({ agency_id: id, title: it.title, body_html: it.body }));
          // Ten rows a statement: many segments; then a third deleted, leaving free pages.
          for (let i = 0; i < rows.length; i += 10)
            await h.db
              .insertInto('items')
              .values(rows.slice(i, i + 10))
              .execute();
          await sql`delete from items where id % 3 = 0`.execute(h.db);
        } finally {
          await h.close();
        }

        const server = await serve(env);
        try {
          const refused = await gongkai(env, 'compact');
          assert.equal(refused.code, 2, refused.stdout + refused.stderr);
          assert.match(refused.stderr, /数据库正被其他进程使用。请先停止平台/);
        } finally {
          assert.equal(await server.stop(), 0);
        }

        const segments = (s: BetterSqlite3.Database) => s.prepare('select count(distinct segid) from items_fts_idx').pluck().get();
        h = await connect({ sqliteFile: file });
        let found: number[][];
        try {
          assert.equal(h.sqlite!.pragma('page_size', { simple: true }), 4096, 'the refused run changed nothing');
          assert.ok(Number(segments(h.sqlite!)) > 1);
          assert.ok(Number(h.sqlite!.pragma('freelist_count', { simple: true })) > 0);
          found = await Promise.all(queries.map((q) => indexedIds(h, q)));
        } finally {
          await h.close();
        }
        assert.ok(
          found.every((ids) => ids.length > 0),
          JSON.stringify(found.map((ids) => ids.length)),
        );

        const r = await gongkai(env, 'compact');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /合并全文检索索引/);
        assert.match(r.stdout, /整理完成：.*页大小 4096 → 16384 字节/);

        const s = new BetterSqlite3(file, { readonly: true });
        try {
          assert.equal(s.pragma('page_size', { simple: true }), 16384);
          assert.equal(s.pragma('journal_mode', { simple: true }), 'wal');
          assert.equal(s.pragma('integrity_check', { simple: true }), 'ok');
          assert.equal(s.pragma('freelist_count', { simple: true }), 0);
          assert.equal(segments(s), 1);
          assert.equal(s.prepare(`select v from items_fts_config where k = 'pgsz'`).pluck().get(), 16338);
        } finally {
          s.close();
        }
        h = await connect({ sqliteFile: file });
        try {
          assert.deepEqual(await Promise.all(queries.map((q) => indexedIds(h, q))), found);
          h.sqlite!.exec(`insert into items_fts(items_fts, rank) values ('integrity-check', 0)`);
        } finally {
          await h.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('serve', { concurrency: false }, () => {
    let db: TestDb;
    before(async () => {
      db = await testDb();
    });
    after(() => db.cleanup());

    test('on an empty database seeds the demo and prints the admin and a one-time password once', async () => {
      const first = await serve(db.env);
      let password = '';
      try {
        await first.waitFor(/此密码只显示这一次/);
        const out = first.output();
        assert.match(out, new RegExp(`政府信息公开平台已启动：${first.base}/`));
        assert.match(out, /^管理员用户名：admin$/m);
        password = out.match(/^管理员一次性密码：(\S+)$/m)?.[1] ?? '';
        assert.ok(password.length >= 10, out);
        const health = await fetch(`${first.base}/healthz`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok', database: db.handle.kind });
        // The demo catalog is on the portal and found by search.
        const listed = await (await fetch(`${first.base}/api/v1/public/items`)).json();
        assert.equal(listed.total, 8);
        const found = await (await fetch(`${first.base}/api/v1/public/items?q=${encodeURIComponent('政府信息公开')}`)).json();
        assert.ok(found.total >= 2, JSON.stringify(found));
        assert.ok(
          found.items.some((i: { title: string }) => i.title === '示例市人民政府关于进一步做好政府信息公开工作的通知'),
          JSON.stringify(found.items),
        );
      } finally {
        assert.equal(await first.stop(), 0, 'the server exits cleanly on SIGTERM');
      }
      const admin = await login(sys(db.handle), { username: 'admin', password }, { ip: '127.0.0.1', userAgent: null }, 12);
      assert.equal(admin.mustChangePassword, true);

      const second = await serve(db.env);
      try {
        assert.equal((await fetch(`${second.base}/healthz`)).status, 200);
      } finally {
        assert.equal(await second.stop(), 0);
      }
      assert.match(second.output(), /已启动/);
      assert.doesNotMatch(second.output(), /密码|管理员用户名/);
    });
  });
});
