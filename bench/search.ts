// `npm run bench:search`: generates a synthetic catalog (bench/corpus.ts), imports it through the
// bulk importer, and measures search and page throughput on SQLite and PostgreSQL.
//
//   node --import tsx bench/search.ts [--rows 1000000] [--db sqlite|postgres|both] [--seconds 10] [--corpus FILE]
//
// --corpus reuses a corpus file written by an earlier run (generating 1M rows takes minutes); its
// rows are used as they are, so --rows does not apply then.
// PostgreSQL runs at GONGKAI_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) in a
// fresh schema dropped at the end; SQLite in a temp directory deleted at the end. The last line
// printed is one JSON object holding every figure.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type DbHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { importItems } from '../src/features/catalog/import.js';
import { parseSearch } from '../src/features/search/params.js';
import { searchItems } from '../src/features/search/service.js';
import { buildApp } from '../src/web/app.js';
import { agency, sys } from '../test/helpers/fixtures.js';
import { syntheticItems } from './corpus.js';

// ---------- options ----------

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const ROWS = Number(option('rows') ?? 1_000_000);
const DB = option('db') ?? 'both';
const PG_URL = process.env.GONGKAI_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const AUTOCANNON_SECONDS = Number(option('seconds') ?? 10);
const CORPUS = option('corpus');
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive integer');
if (!['sqlite', 'postgres', 'both'].includes(DB)) throw new Error('--db must be sqlite, postgres or both');

// ---------- the fixed query list: 100 queries ----------

export const QUERIES: string[] = [
  // 1 character (prefix queries), frequent and rare
  '安',
  '税',
  '港',
  '公',
  '信',
  '法',
  '政',
  '府',
  '医',
  '澳',
  '疫',
  '农',
  '环',
  '舆',
  '渔',
  // 2 characters, frequent
  '公开',
  '信息',
  '政府',
  '工作',
  '申请',
  '办理',
  '答复',
  '行政',
  '主动',
  '部门',
  '安全',
  '情况',
  '网站',
  '平台',
  '发布',
  // 2 characters, rare
  '复议',
  '港澳',
  '诉讼',
  '税务',
  '环保',
  '医保',
  '疫情',
  '扶贫',
  '渔业',
  '舆情',
  '审计',
  '档案',
  '保密',
  '消防',
  '统计',
  // 3 characters
  '政务网',
  '依申请',
  '新闻发',
  '公开日',
  '政府网',
  '发布会',
  '工作日',
  '信息化',
  '办事处',
  '委员会',
  // 4 characters, frequent and rare
  '信息公开',
  '行政复议',
  '安全生产',
  '突发事件',
  '政务公开',
  '政府信息',
  '主动公开',
  '依申请公',
  '行政诉讼',
  '政策解读',
  '新闻发布',
  '公开指南',
  '办理结果',
  '人大代表',
  '政协委员',
  '年度报告',
  '法律法规',
  '财政预算',
  '重大决策',
  '互联网加',
  // longer
  '政府信息公开',
  '依申请公开',
  '政府网站',
  '行政复议和行政诉讼',
  '主动公开政府信息',
  // two or more terms, frequent and rare
  '公开 预算',
  '信息 安全',
  '政府 网站',
  '行政 复议',
  '公开 复议',
  '信息公开 年度报告',
  '安全生产 检查',
  '政务 新媒体',
  '港澳 税务',
  '疫情 防控',
  '公开 信息 政府',
  '申请 答复 办理',
  '安 全',
  '税 收',
  '政策 解读 发布',
  // quoted phrases
  '"信息公开工作"',
  '"依申请公开"',
  '“政府信息公开工作年度报告”',
  '"行政复议 行政诉讼"',
  '"主动公开"',
];
if (QUERIES.length !== 100) throw new Error(`expected 100 queries, have ${QUERIES.length}`);

// ---------- corpus file ----------

/** Default categories of a city government (domain/catalog.ts), spread over the items. */
const CATEGORIES = ['法规文件', '规划计划', '统计信息', '财政预决算', '民生保障', '突发公共事件', '监督检查', '其他'];

/**
 * Writes ROWS synthetic items as JSON Lines in publication order (so that ids, given in file
 * order, follow publication dates), bucketed by month through temp files so memory stays small.
 */
export async function writeCorpus(dir: string, rows: number): Promise<string> {
  const buckets = new Map<string, { stream: WriteStream; buf: string[] }>();
  const flush = (b: { stream: WriteStream; buf: string[] }) => {
    if (b.buf.length) b.stream.write(b.buf.join(''));
    b.buf = [];
  };
  let i = 0;
  for (const it of syntheticItems(rows)) {
    i++;
    const month = it.publishedOn.slice(0, 7);
    let b = buckets.get(month);
    if (!b) {
      b = { stream: createWriteStream(join(dir, `m-${month}.jsonl`)), buf: [] };
      buckets.set(month, b);
    }
    b.buf.push(
      `${JSON.stringify({
        published_on: it.publishedOn,
        n: i,
        title: it.title,
        doc_no: it.docNo ?? '',
        written_on: it.writtenOn,
        summary: it.summary,
        body: it.body,
      })}\n`,
    );
    if (b.buf.length >= 500) flush(b);
  }
  await Promise.all(
    [...buckets.values()].map(
      (b) =>
        new Promise<void>((resolve, reject) => {
          flush(b);
          b.stream.end(() => resolve());
          b.stream.on('error', reject);
        }),
    ),
  );
  const file = join(dir, 'corpus.jsonl');
  const out = createWriteStream(file);
  let serial = 0;
  for (const month of [...buckets.keys()].sort()) {
    const path = join(dir, `m-${month}.jsonl`);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const parsed = lines.map((l) => JSON.parse(l) as { published_on: string; n: number } & Record<string, unknown>);
    parsed.sort((a, b) => (a.published_on < b.published_on ? -1 : a.published_on > b.published_on ? 1 : a.n - b.n));
    const chunk: string[] = [];
    for (const p of parsed) {
      serial++;
      const { n: _n, ...rest } = p;
      const category = CATEGORIES[serial % CATEGORIES.length]!;
      chunk.push(`${JSON.stringify({ index_no: `BENCH-${String(serial).padStart(8, '0')}`, category, ...rest })}\n`);
    }
    if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
    rmSync(path);
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return file;
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const _ of createInterface({ input: createReadStream(file) })) n++;
  return n;
}

// ---------- measurements ----------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

interface QueryFigure {
  q: string;
  hits: number;
  capped: boolean;
  shown: number;
  ms: number;
}

export async function timeQueries(handle: DbHandle) {
  const ctx = sys(handle);
  const run = async (q: string) => {
    const input = parseSearch({ q }, { api: false });
    const t = performance.now();
    const r = await searchItems(ctx, input);
    return { ms: performance.now() - t, r };
  };
  // Warm: the list once before timing.
  for (const q of QUERIES) await run(q);
  const samples: number[] = [];
  const perQuery: QueryFigure[] = [];
  const ROUNDS = 3;
  const byQuery = new Map<string, number[]>();
  for (let k = 0; k < ROUNDS; k++) {
    for (const q of QUERIES) {
      const { ms, r } = await run(q);
      samples.push(ms);
      const list = byQuery.get(q) ?? [];
      list.push(ms);
      byQuery.set(q, list);
      if (k === 0) perQuery.push({ q, hits: r.total, capped: r.totalCapped, shown: r.hits.length, ms: 0 });
    }
  }
  for (const f of perQuery) {
    const s = byQuery.get(f.q)!.sort((a, b) => a - b);
    f.ms = round(s[Math.floor(s.length / 2)]!);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    rounds: ROUNDS,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]!),
    perQuery,
  };
}

// autocannon runs in a child process so that it does not share the server's event loop. The
// address rotates in X-Forwarded-For (with GONGKAI_TRUST_PROXY=1, as behind a reverse proxy) so
// that the per-address flood guard (600 requests a minute) does not answer 429 to the benchmark.
const AUTOCANNON_CHILD = `
const workerData = JSON.parse(process.env.BENCH_CANNON);
const autocannon = require(workerData.autocannon);
let n = 0;
const paths = workerData.paths;
const inst = autocannon({
  url: workerData.base,
  connections: 10,
  duration: workerData.seconds,
  requests: [{
    setupRequest: (req) => {
      n++;
      const k = n % 2000;
      return { ...req, path: paths[n % paths.length], headers: { ...(req.headers || {}), 'x-forwarded-for': '10.0.' + (k >> 8) + '.' + (k & 255) } };
    },
  }],
}, (err, res) => {
  if (err) console.log(JSON.stringify({ error: String(err) }));
  else console.log(JSON.stringify({
    requests: res.requests.average, latencyP50: res.latency.p50, latencyP99: res.latency.p99,
    total: res.requests.total, non2xx: res.non2xx, errors: res.errors, timeouts: res.timeouts,
  }));
});
`;

interface Cannon {
  requests: number;
  latencyP50: number;
  latencyP99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function cannon(base: string, paths: string[], seconds: number): Promise<Cannon> {
  const autocannonPath = createRequire(import.meta.url).resolve('autocannon');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', AUTOCANNON_CHILD], {
      env: { ...process.env, BENCH_CANNON: JSON.stringify({ autocannon: autocannonPath, base, paths, seconds }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        const m = JSON.parse(out.trim().split('\n').pop() ?? '') as Cannon | { error: string };
        if ('error' in m) reject(new Error(m.error));
        else resolve(m);
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Pages per second when each of `paths` is requested for the first time, 10 at once. */
async function firstViewRate(base: string, paths: string[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < paths.length) {
        const k = next++;
        // A different address each, as for autocannon (the flood guard allows 600 a minute each).
        const r = await fetch(base + paths[k]!, { headers: { 'x-forwarded-for': `10.1.${k >> 8}.${k & 255}` } });
        if (r.status !== 200) throw new Error(`item page answered ${r.status}`);
        await r.arrayBuffer();
      }
    }),
  );
  return Math.round(paths.length / ((performance.now() - started) / 1000));
}

async function throughput(handle: DbHandle, maxId: number) {
  process.env.GONGKAI_TRUST_PROXY = '1';
  const app = await buildApp({ handle, config: { secureCookies: false, sessionHours: 12 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  try {
    // Item pages spread over the whole catalog (a fixed pseudo-random list of 1,000 ids).
    const ids: string[] = [];
    let x = 12345;
    for (let i = 0; i < 1000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      ids.push(`/gk/items/${1 + (x % maxId)}`);
    }
    const check = await fetch(base + ids[0]!);
    if (check.status !== 200) throw new Error(`item page answered ${check.status}`);
    const searchPath = `/gk/search?q=${encodeURIComponent('信息公开')}`;
    const s = await fetch(base + searchPath);
    if (s.status !== 200) throw new Error(`search page answered ${s.status}`);
    // Each page's first view renders it (and reads it from a cold database); autocannon then
    // measures views of pages seen before, the portal's steady state. Both are printed.
    const firstViews = await firstViewRate(base, ids);
    const item = await cannon(base, ids, AUTOCANNON_SECONDS);
    const search = await cannon(base, [searchPath], AUTOCANNON_SECONDS);
    return { itemPageFirstViews: firstViews, itemPage: item, searchPage: search };
  } finally {
    await app.close();
  }
}

// ---------- one database ----------

interface Opened {
  readonly handle: DbHandle;
  /** A new connection, as the server that serves the portal has its own, not the importer's. */
  reopen(): Promise<void>;
  size(): Promise<{ bytes: number; detail: Record<string, number> }>;
  cleanup(): Promise<void>;
}

async function openSqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-db-'));
  const file = join(dir, 'bench.sqlite');
  let handle = await connect({ sqliteFile: file });
  await migrateToLatest(handle);
  const sizeOf = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return {
    get handle() {
      return handle;
    },
    async reopen() {
      await handle.close();
      handle = await connect({ sqliteFile: file });
    },
    async size() {
      const main = sizeOf(file);
      const wal = sizeOf(`${file}-wal`);
      // Pages freed by FTS5's last merges stay in the file, to be reused by later writes.
      const page = Number(handle.sqlite!.pragma('page_size', { simple: true }));
      const free = Number(handle.sqlite!.pragma('freelist_count', { simple: true })) * page;
      return { bytes: main + wal, detail: { file: main, wal, freePages: free } };
    },
    async cleanup() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<Opened> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  let handle = await connect({ databaseUrl: PG_URL, schema, poolSize: 10 });
  await migrateToLatest(handle);
  return {
    get handle() {
      return handle;
    },
    async reopen() {
      await handle.close();
      handle = await connect({ databaseUrl: PG_URL, schema, poolSize: 10 });
    },
    async size() {
      const r = await sql<{ total: string; heap: string; indexes: string; toast: string }>`
        select pg_total_relation_size('items')::text as total,
               pg_relation_size('items')::text as heap,
               pg_indexes_size('items')::text as indexes,
               (pg_total_relation_size('items') - pg_relation_size('items') - pg_indexes_size('items'))::text as toast
      `.execute(handle.db);
      const row = r.rows[0]!;
      return {
        bytes: Number(row.total),
        detail: { heap: Number(row.heap), indexes: Number(row.indexes), toastAndMaps: Number(row.toast) },
      };
    },
    async cleanup() {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

const mb = (b: number) => `${round(b / 1024 / 1024, 1)} MB`;

/** The 1-minute load average: the machine is shared, and figures taken under load are not comparable. */
const load = () => round(loadavg()[0]!, 1);

async function benchOne(kind: 'sqlite' | 'postgres', corpus: string, rows: number) {
  console.log(`\n=== ${kind}: ${rows.toLocaleString('en')} rows ===`);
  const db = kind === 'sqlite' ? await openSqlite() : await openPostgres();
  try {
    let handle = db.handle;
    const a = await agency(handle, { name: '示例市人民政府' });
    const loadAverage: Record<string, number> = { import: load() };
    const started = performance.now();
    let lastReport = started;
    let rejections = 0;
    const result = await importItems(sys(handle), {
      file: corpus,
      agencyId: a.id,
      format: 'jsonl',
      onRejected: (r) => {
        if (rejections++ < 3) console.log(`  rejected line ${r.line}: ${r.reason}`);
      },
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastReport > 15_000) {
          lastReport = now;
          console.log(`  … ${p.rows.toLocaleString('en')} rows, ${round((now - started) / 1000, 1)} s`);
        }
      },
    });
    const importSeconds = (performance.now() - started) / 1000;
    if (kind === 'postgres') await sql`analyze items`.execute(handle.db);
    const size = await db.size();
    console.log(
      `import: ${result.inserted.toLocaleString('en')} inserted, ${result.rejected} rejected in ${round(importSeconds, 1)} s (${Math.round(result.inserted / importSeconds).toLocaleString('en')} rows/s)`,
    );
    console.log(
      `database size: ${mb(size.bytes)} (${Object.entries(size.detail)
        .map(([k, v]) => `${k} ${mb(v)}`)
        .join(', ')})`,
    );

    // `gongkai import items` runs in a process of its own: the portal searches on another connection.
    await db.reopen();
    handle = db.handle;
    loadAverage.search = load();
    const search = await timeQueries(handle);
    console.log(`ranked search, first page of 20, ${QUERIES.length} queries × ${search.rounds} rounds (warm):`);
    console.log(`  p50 ${search.p50} ms  p95 ${search.p95} ms  p99 ${search.p99} ms  max ${search.max} ms`);
    console.log('  query                         hits      median ms');
    for (const f of search.perQuery)
      console.log(`  ${f.q.padEnd(24, '　').slice(0, 24)}  ${`${f.capped ? '>' : ''}${f.hits}`.padStart(8)}  ${String(f.ms).padStart(8)}`);

    const maxId = Number(
      (
        await handle.db
          .selectFrom('items')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m ?? 1,
    );
    loadAverage.http = load();
    const http = await throughput(handle, maxId);
    loadAverage.end = load();
    console.log(`load average (1 min) at import, search, HTTP, end: ${Object.values(loadAverage).join(', ')}`);
    const show = (name: string, c: Cannon) =>
      console.log(
        `  ${name}: ${Math.round(c.requests).toLocaleString('en')} req/s (p50 ${c.latencyP50} ms, p99 ${c.latencyP99} ms; ${c.total} requests, ${c.non2xx} non-2xx, ${c.errors} errors)`,
      );
    console.log(`autocannon, ${AUTOCANNON_SECONDS} s, 10 connections:`);
    console.log(`  item page, first view of each of 1,000 pages: ${http.itemPageFirstViews.toLocaleString('en')} pages/s`);
    show('item page  /gk/items/:id (the same 1,000 pages, viewed before)', http.itemPage);
    show('search page /gk/search?q=信息公开', http.searchPage);

    return {
      loadAverage,
      rows: result.inserted,
      rejected: result.rejected,
      importSeconds: round(importSeconds, 1),
      rowsPerSecond: Math.round(result.inserted / importSeconds),
      dbBytes: size.bytes,
      dbDetail: size.detail,
      search: {
        p50: search.p50,
        p95: search.p95,
        p99: search.p99,
        max: search.max,
        queries: Object.fromEntries(search.perQuery.map((f) => [f.q, { hits: f.hits, capped: f.capped, ms: f.ms }])),
      },
      itemPageRps: Math.round(http.itemPage.requests),
      itemPageFirstViewsPerSecond: http.itemPageFirstViews,
      itemPage: http.itemPage,
      searchPageRps: Math.round(http.searchPage.requests),
      searchPage: http.searchPage,
    };
  } finally {
    await db.cleanup();
  }
}

// ---------- main ----------

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  try {
    const t0 = performance.now();
    if (!CORPUS) console.log(`generating ${ROWS.toLocaleString('en')} synthetic items …`);
    const corpus = CORPUS ?? (await writeCorpus(work, ROWS));
    const lines = await countLines(corpus);
    console.log(`corpus: ${lines.toLocaleString('en')} rows, ${mb(statSync(corpus).size)}, ${round((performance.now() - t0) / 1000, 1)} s`);
    const out: Record<string, unknown> = { rows: lines, cpus: (await import('node:os')).availableParallelism() };
    if (DB === 'sqlite' || DB === 'both') out.sqlite = await benchOne('sqlite', corpus, lines);
    if (DB === 'postgres' || DB === 'both') out.postgres = await benchOne('postgres', corpus, lines);
    console.log('');
    console.log(JSON.stringify(out));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Run when executed, not when imported (bench helpers are reused from scratch scripts).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
