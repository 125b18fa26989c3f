// `npm run bench:report`: a city of 50 agencies with 1,000,000 cases and 1,000,000 catalog items,
// inserted in batches straight into the tables (a benchmark fixture, not the applications feature),
// then the time to compute the city's aggregated annual report on SQLite and on PostgreSQL.
//
//   node --import tsx bench/report.ts [--cases 1000000] [--items 1000000] [--years 10] [--db sqlite|postgres|both] [--runs 5]
//
// Cases are received evenly over the last --years years up to the report year (2025), stored in
// order of receipt as a live platform stores them, and answered 3–60 days later; about 2% stay open. The report timed is the city's 2025 report over all 50
// agencies (liveReport: every table, the checks, the draft, the carry check) and the supervisor's
// side-by-side of the city's children. The last line printed is one JSON object with every figure.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type DbHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { applicantTypes } from '../src/domain/applicants.js';
import { outcomes } from '../src/domain/outcomes.js';
import { t3Key } from '../src/domain/report/formats.js';
import { childrenComparison, liveReport } from '../src/features/reports/service.js';
import { appealCounts, applicationCounts, catalogCounts, feesPaid, proactiveCounts, repliedBy } from '../src/features/reports/store.js';
import { agency, sys } from '../test/helpers/fixtures.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const CASES = Number(option('cases') ?? 1_000_000);
const ITEMS = Number(option('items') ?? 1_000_000);
const YEARS = Number(option('years') ?? 10);
const RUNS = Number(option('runs') ?? 5);
const DB = option('db') ?? 'both';
const PG_URL = process.env.GONGKAI_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const YEAR = 2025;
const BATCH = 20_000;

// A fixed pseudo-random sequence, so both databases get the same data.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const DAY = 86_400_000;
const dateAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const start = Date.UTC(YEAR - YEARS + 1, 0, 1);
const span = Date.UTC(YEAR + 1, 0, 1) - start;
// Replies as they are spread in real reports: mostly 予以公开 and 不掌握, every row present.
const weights: [string, number][] = outcomes.map((o) => [o, o === 'granted' ? 40 : o === 'notHeld' ? 15 : o === 'partial' ? 8 : 2]);
const totalWeight = weights.reduce((a, [, w]) => a + w, 0);
function pickOutcome(r: number): string {
  let x = r * totalWeight;
  for (const [o, w] of weights) {
    x -= w;
    if (x < 0) return o;
  }
  return 'granted';
}

type CaseRow = [number, string, string, string, string | null, string | null, number | null, string | null];

function* cases(agencyIds: number[]): Generator<CaseRow> {
  const r = rng(42);
  for (let i = 0; i < CASES; i++) {
    // Cases are registered as they arrive: in order of receipt, as a live platform stores them.
    const received = start + Math.floor((i / CASES) * span);
    const open = r() < 0.02;
    const closed = open ? null : received + (3 + Math.floor(r() * 58)) * DAY;
    const fee = r() < 0.002;
    yield [
      agencyIds[Math.floor(r() * agencyIds.length)]!,
      applicantTypes[r() < 0.9 ? 0 : 1 + Math.floor(r() * 5)]!,
      r() < 0.7 ? 'online' : 'inPerson',
      dateAt(received),
      closed === null ? null : dateAt(closed),
      closed === null ? null : pickOutcome(r()),
      fee ? 100 + Math.floor(r() * 5) * 100 : null,
      fee && closed !== null ? dateAt(received + 10 * DAY) : null,
    ];
  }
}

type ItemRow = [number, string, string, string, string, string | null, string | null, string];

function* items(agencyIds: number[]): Generator<ItemRow> {
  const r = rng(7);
  for (let i = 0; i < ITEMS; i++) {
    const written = start + Math.floor((i / ITEMS) * span);
    const kind = r();
    const docType = kind < 0.001 ? 'rule' : kind < 0.011 ? 'normativeDoc' : 'other';
    const repealed = docType !== 'other' && r() < 0.2;
    yield [
      agencyIds[Math.floor(r() * agencyIds.length)]!,
      `BENCH-${i}`,
      dateAt(written),
      dateAt(written + Math.floor(r() * 20) * DAY),
      docType,
      docType === 'other' ? null : repealed ? 'repealed' : 'valid',
      repealed ? dateAt(written + Math.floor(r() * 900) * DAY) : null,
      r() < 0.95 ? 'proactive' : 'onRequest',
    ];
  }
}

const now = new Date().toISOString();
// What every case row needs besides the columns the report reads: one fixed applicant and request.
const FILLER_COLUMNS = 'applicant_name, id_type, id_number, description, wanted_form, delivery';
const FILLER_VALUES = "'基准申请人', 'idCard', '11010519491231002X', '基准测试申请的政府信息', 'electronic', 'online'";
/** Receipt days of the report year and the two months before, with a due day 28 days on (for timing the query alone). */
const DUES: [string, string][] = Array.from({ length: 426 }, (_, i) => {
  const t = Date.UTC(YEAR - 1, 10, 1) + i * DAY;
  return [dateAt(t), dateAt(t + 28 * DAY)];
});

async function load(h: DbHandle, agencyIds: number[]) {
  const t0 = performance.now();
  if (h.kind === 'sqlite') {
    const db = h.sqlite!;
    const insCase = db.prepare(
      `insert into applications (agency_id, applicant_type, channel, received_on, closed_on, outcome, fee_amount, fee_paid_on, stage,
         tracking_code, ${FILLER_COLUMNS}, submitted_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'B' || hex(randomblob(8)), ${FILLER_VALUES}, '${now}', '${now}', '${now}')`,
    );
    const insAppeal = db.prepare(
      `insert into appeals (agency_id, application_id, kind, filed_on, result, decided_on, created_at, updated_at) values (?, null, ?, ?, ?, ?, '${now}', '${now}')`,
    );
    const r = rng(9);
    const batch = db.transaction((rows: CaseRow[]) => {
      for (const c of rows) {
        insCase.run(...c, c[4] ? 'closed' : 'running');
        if (c[4] && r() < 0.01) {
          const decided = r() < 0.8;
          insAppeal.run(c[0], r() < 0.7 ? 'reconsideration' : 'litigationDirect', c[4], decided ? 'upheld' : null, decided ? c[4] : null);
        }
      }
    });
    let rows: CaseRow[] = [];
    for (const c of cases(agencyIds)) {
      rows.push(c);
      if (rows.length === BATCH) {
        batch(rows);
        rows = [];
      }
    }
    batch(rows);
    const t1 = performance.now();
    const insItem = db.prepare(
      `insert into items (agency_id, index_no, index_imported, title, issuer, written_on, published_on, disclosure_mode, period, doc_type, validity, validity_on, channels, status, created_at, updated_at)
       values (?, ?, 1, '基准测试条目', '基准测试机关', ?, ?, ?, 'permanent', ?, ?, ?, '["website"]', 'published', '${now}', '${now}')`,
    );
    const itemBatch = db.transaction((rows: ItemRow[]) => {
      for (const [a, idx, w, p, dt, v, vo, mode] of rows) insItem.run(a, idx, w, p, mode, dt, v, vo);
    });
    let irows: ItemRow[] = [];
    for (const i of items(agencyIds)) {
      irows.push(i);
      if (irows.length === BATCH) {
        itemBatch(irows);
        irows = [];
      }
    }
    itemBatch(irows);
    const t2 = performance.now();
    db.exec('analyze');
    return { casesSeconds: (t1 - t0) / 1000, itemsSeconds: (t2 - t1) / 1000, analyzeSeconds: (performance.now() - t2) / 1000 };
  }
  // PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per batch.
  const cols = (rows: unknown[][], n: number) => Array.from({ length: n }, (_, i) => rows.map((r) => r[i]));
  let rows: CaseRow[] = [];
  const r = rng(9);
  const flushCases = async () => {
    if (!rows.length) return;
    const c = cols(rows, 8);
    await sql`insert into applications (agency_id, applicant_type, channel, received_on, closed_on, outcome, fee_amount, fee_paid_on, stage,
        tracking_code, ${sql.raw(FILLER_COLUMNS)}, submitted_at, created_at, updated_at)
      select a, t, ch, r::date, c::date, o, f, fp::date, case when c is null then 'running' else 'closed' end,
        'B' || replace(gen_random_uuid()::text, '-', ''), ${sql.raw(FILLER_VALUES)}, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from unnest(${c[0]}::int[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[], ${c[5]}::text[], ${c[6]}::int[], ${c[7]}::text[])
        as x(a, t, ch, r, c, o, f, fp)`.execute(h.db);
    const appeals = rows.filter((x) => x[4] && r() < 0.01);
    if (appeals.length) {
      const decided = appeals.map(() => r() < 0.8);
      const kinds = appeals.map(() => (r() < 0.7 ? 'reconsideration' : 'litigationDirect'));
      await sql`insert into appeals (agency_id, application_id, kind, filed_on, result, decided_on, created_at, updated_at)
        select a, null, k, f::date, res, d::date, ${now}::timestamptz, ${now}::timestamptz
        from unnest(${appeals.map((x) => x[0])}::int[], ${kinds}::text[], ${appeals.map((x) => x[4])}::text[],
          ${decided.map((d) => (d ? 'upheld' : null))}::text[], ${appeals.map((x, i) => (decided[i] ? x[4] : null))}::text[]) as x(a, k, f, res, d)`.execute(
        h.db,
      );
    }
    rows = [];
  };
  for (const c of cases(agencyIds)) {
    rows.push(c);
    if (rows.length === BATCH) await flushCases();
  }
  await flushCases();
  const t1 = performance.now();
  let irows: ItemRow[] = [];
  const flushItems = async () => {
    if (!irows.length) return;
    const c = cols(irows, 8);
    await sql`insert into items (agency_id, index_no, index_imported, title, issuer, written_on, published_on, disclosure_mode, period, doc_type, validity, validity_on, channels, status, created_at, updated_at)
      select a, i, 1, '基准测试条目', '基准测试机关', w::date, p::date, m, 'permanent', dt, v, vo::date, '["website"]', 'published', ${now}::timestamptz, ${now}::timestamptz
      from unnest(${c[0]}::int[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[], ${c[5]}::text[], ${c[6]}::text[], ${c[7]}::text[])
        as x(a, i, w, p, dt, v, vo, m)`.execute(h.db);
    irows = [];
  };
  for (const i of items(agencyIds)) {
    irows.push(i);
    if (irows.length === BATCH) await flushItems();
  }
  await flushItems();
  const t2 = performance.now();
  // What autovacuum does on a live database: statistics, and the visibility map for index-only scans.
  await sql`vacuum analyze applications`.execute(h.db);
  await sql`vacuum analyze items`.execute(h.db);
  await sql`vacuum analyze appeals`.execute(h.db);
  return { casesSeconds: (t1 - t0) / 1000, itemsSeconds: (t2 - t1) / 1000, analyzeSeconds: (performance.now() - t2) / 1000 };
}

/** 1 city government, 25 city departments, 4 counties with 5 departments each: 50 agencies. */
async function cityTree(h: DbHandle) {
  const city = await agency(h, { name: '基准市人民政府' });
  const ids = [city.id];
  for (let i = 1; i <= 25; i++) ids.push((await agency(h, { name: `基准市第${i}局`, kind: 'department', parentId: city.id })).id);
  for (let c = 1; c <= 4; c++) {
    const county = await agency(h, { name: `基准市第${c}县人民政府`, level: 'county', parentId: city.id });
    ids.push(county.id);
    for (let d = 1; d <= 5; d++)
      ids.push((await agency(h, { name: `基准市第${c}县第${d}局`, kind: 'department', level: 'county', parentId: county.id })).id);
  }
  return { city: city.id, ids };
}

const ms = (t: number) => Math.round(t * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function benchOne(kind: 'sqlite' | 'postgres') {
  let h: DbHandle;
  let cleanup: () => Promise<void>;
  let size = () => 0;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-report-'));
    const file = join(dir, 'bench.sqlite');
    h = await connect({ sqliteFile: file });
    size = () => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    cleanup = async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `bench_report_${randomBytes(4).toString('hex')}`;
    h = await connect({ databaseUrl: PG_URL, schema, poolSize: 4 });
    cleanup = async () => {
      await h.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }
  try {
    await migrateToLatest(h);
    const { city, ids } = await cityTree(h);
    console.log(`${kind}: loading ${CASES} cases and ${ITEMS} items over ${ids.length} agencies…`);
    const loaded = await load(h, ids);
    console.log(
      `${kind}: loaded (cases ${loaded.casesSeconds.toFixed(1)} s, items ${loaded.itemsSeconds.toFixed(1)} s, analyze ${loaded.analyzeSeconds.toFixed(1)} s)`,
    );
    const ctx = { ...sys(h), now: () => new Date('2026-03-01T02:00:00Z') };
    const reportMs: number[] = [];
    const reportCpuMs: number[] = [];
    let received = 0;
    for (let i = 0; i < RUNS; i++) {
      const cpu = process.cpuUsage();
      const [r, t] = await timed(() => liveReport(ctx, city, YEAR));
      const used = process.cpuUsage(cpu);
      reportCpuMs.push((used.user + used.system) / 1000);
      reportMs.push(t);
      received = r.document.figures[t3Key('received', 'total')] ?? 0;
      const fails = r.document.checks.filter((c) => c.status === 'fails' && c.basis !== 'publication');
      if (fails.length) throw new Error(`computed report fails checks: ${fails.map((c) => c.id).join(', ')}`);
    }
    const sideMs: number[] = [];
    for (let i = 0; i < RUNS; i++) sideMs.push((await timed(() => childrenComparison(ctx, city, YEAR)))[1]);
    const parts: Record<string, number> = {};
    for (const [name, fn] of [
      ['applications', () => applicationCounts(h.db, ids, YEAR)],
      ['appeals', () => appealCounts(h.db, ids, YEAR)],
      ['catalog', () => catalogCounts(h.db, ids, YEAR)],
      ['proactive', () => proactiveCounts(h.db, ids, YEAR)],
      ['repliedBy', () => repliedBy(h.db, ids, YEAR, DUES)],
      ['fees', () => feesPaid(h.db, ids, YEAR)],
    ] as const) {
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push((await timed(fn as () => Promise<unknown>))[1]);
      parts[name] = ms(median(runs));
    }
    const out = {
      db: kind,
      agencies: ids.length,
      cases: CASES,
      items: ITEMS,
      received2025: received,
      loadCasesSeconds: Math.round(loaded.casesSeconds * 10) / 10,
      loadItemsSeconds: Math.round(loaded.itemsSeconds * 10) / 10,
      analyzeSeconds: Math.round(loaded.analyzeSeconds * 10) / 10,
      sizeMB: kind === 'sqlite' ? Math.round(size() / 1e6) : null,
      reportFirstMs: ms(reportMs[0]!),
      reportMedianMs: ms(median(reportMs)),
      reportMaxMs: ms(Math.max(...reportMs)),
      // CPU time of this process: on SQLite the whole computation (the database runs in-process), what
      // the wall time would be on an idle core; on PostgreSQL only the client's part.
      reportCpuMedianMs: ms(median(reportCpuMs)),
      sideBySideMedianMs: ms(median(sideMs)),
      queryMedianMs: parts,
    };
    console.log(
      `${kind}: city report ${YEAR} (${ids.length} agencies, ${received} received in ${YEAR}): first ${out.reportFirstMs} ms, median ${out.reportMedianMs} ms, max ${out.reportMaxMs} ms (CPU of this process, median ${out.reportCpuMedianMs} ms); side-by-side median ${out.sideBySideMedianMs} ms`,
    );
    console.log(
      `${kind}: per query (median ms): ${Object.entries(parts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    return out;
  } finally {
    await cleanup();
  }
}

const results = [];
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
for (const kind of DB === 'both' ? (['sqlite', 'postgres'] as const) : [DB as 'sqlite' | 'postgres']) results.push(await benchOne(kind));
const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(`load average (1, 5, 15 min): before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`);
console.log(JSON.stringify({ bench: 'report', year: YEAR, years: YEARS, runs: RUNS, loadBefore, loadAfter, results }));
