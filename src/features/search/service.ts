import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB, DbKind } from '../../db/connect.js';
import { ALWAYS_PUBLIC, NOT_ALWAYS_PUBLIC, PUBLIC_BY_ID } from '../../db/migrations/0008_public_by_id.js';
import { addDays, daysBetween, MIN_YEAR } from '../../domain/calendar/index.js';
import {
  ftsMatch,
  type HighlightPart,
  highlight,
  MAX_QUERY_TERMS,
  MAX_TERM_CHARS,
  type ParsedQuery,
  parseQuery,
  toSimplified,
  tsQuery,
} from '../../domain/text.js';
import { chinaDate } from '../../domain/time.js';
import { InputError } from '../../errors.js';
import { findAgency, subtreeIds } from '../agencies/store.js';
import { textOf } from '../catalog/html.js';
import type { Ctx } from '../context.js';
import {
  afterKeyset,
  agencyNames,
  categoryNames,
  categorySubtree,
  isPublic,
  type Keyset,
  type ListedItem,
  listColumns,
} from '../portal/store.js';
import { type Cursor, decodeCursor, encodeCursor, queryHash, type SearchInput } from './params.js';
import { compareRanked, score } from './rank.js';

// One search over everything public, the same on SQLite and PostgreSQL.
//
// Matching is the tokenizer's (domain/text): FTS5 MATCH over items_fts on SQLite, the GIN-indexed
// search_tsv on PostgreSQL, both fed the query as a bound parameter. Both index the same tokens,
// so they return the same set of rows; the tests prove it on a fixed corpus.
//
// Order, for a query with terms: the RANK_WINDOW newest hits form the ranked window, sorted by
// rank.ts's score (title and 文号 hits, then recency), then by date and id; the hits older than the
// window follow, newest first. Both parts are computed from the rows alone, so both databases
// return the same order, and the work per page is bounded by the window size whatever the hit count.
// Without terms (filters only), the order is newest first.
//
// Speed (bench/search.ts): ranking reads only the columns ahead of body_html (rankColumns), the
// page's own rows are read in full afterwards; on SQLite the first page's window comes from the
// FTS index's newest rowids, checked to be exactly the window (sqliteWindow); counts above
// COUNT_CAP may be estimated (countHits).
//
// Pages are keyset pages: the opaque `after` cursor holds the position of the last row shown (and
// the window's lower edge), never an offset.

export const RANK_WINDOW = 500;
export const COUNT_CAP = 10_000;
/** How much of a body is read to cut a snippet from. */
const SNIPPET_SOURCE_CHARS = 4_000;
/**
 * How far a body is read when its first SNIPPET_SOURCE_CHARS hold no hit: a long report whose only
 * mention is on page 10 still gets its snippet. Bounded, because finding the hit costs ~0.25 s a
 * MB of text (domain/text highlight), and a page shows 20 rows.
 */
const SNIPPET_DEEP_CHARS = 100_000;

export interface SearchFilters {
  agencyIds: number[] | null;
  categoryIds: number[] | null;
  year: number | null;
  docNo: string | null;
  indexNo: string | null;
}

export interface SearchHit extends ListedItem {
  agencyName: string;
  categoryName: string | null;
  titleParts: HighlightPart[];
  /** The 文号 with the terms marked; empty when the item has none. */
  docNoParts: HighlightPart[];
  snippet: HighlightPart[];
}

export interface SearchResult {
  parsed: ParsedQuery;
  hits: SearchHit[];
  /** Exact up to COUNT_CAP; `totalCapped` means "more than COUNT_CAP" (see countHits: may be an estimate near the cap). */
  total: number;
  totalCapped: boolean;
  next: string | null;
  /** What of the query was not searched for as typed (queryNotices), for the page and the API to say. */
  notices: string[];
}

/** How many ignored terms a notice names before it only counts the rest. */
const NAMED_TERMS = 5;

/** Sentences telling the reader which of their terms were cut or left out (parseQuery's limits). */
export function queryNotices(parsed: ParsedQuery): string[] {
  const out = parsed.cut.map((raw) => `“${raw}”超过 ${MAX_TERM_CHARS} 个字，只按其前 ${MAX_TERM_CHARS} 个字检索。`);
  const n = parsed.dropped.length;
  if (n > 0) {
    const named = parsed.dropped
      .slice(0, NAMED_TERMS)
      .map((raw) => `“${raw}”`)
      .join('、');
    out.push(`一次最多按 ${MAX_QUERY_TERMS} 个搜索词检索，未使用：${named}${n > NAMED_TERMS ? ` 等 ${n} 个` : ''}。`);
  }
  return out;
}

/** Checks that the agency and category exist and fit together; their subtrees are what is filtered on. */
export async function resolveFilters(ctx: Ctx, input: SearchInput): Promise<SearchFilters> {
  const errors: Record<string, string> = {};
  let agencyIds: number[] | null = null;
  let categoryIds: number[] | null = null;
  if (input.agencyId !== null) {
    if (!(await findAgency(ctx.db, input.agencyId))) errors.agencyId = '找不到该机关';
    else agencyIds = await subtreeIds(ctx.db, [input.agencyId]);
  }
  if (input.categoryId !== null) {
    const c = await categorySubtree(ctx.db, input.categoryId);
    if (!c) errors.categoryId = '找不到该栏目';
    else if (agencyIds && !agencyIds.includes(c.agencyId)) errors.categoryId = '该栏目不属于所选机关';
    else categoryIds = c.ids;
  }
  if (Object.keys(errors).length) throw new InputError(errors);
  return { agencyIds, categoryIds, year: input.year, docNo: input.docNo, indexNo: input.indexNo };
}

function matchExpression(kind: DbKind, parsed: ParsedQuery): Expression<SqlBool> {
  if (kind === 'postgres') return sql<SqlBool>`items.search_tsv @@ to_tsquery('simple', ${tsQuery(parsed)})`;
  return sql<SqlBool>`items.id in (select rowid from items_fts where items_fts match ${ftsMatch(parsed)})`;
}

/** A query over items with nothing selected yet. */
type ItemsQuery = ReturnType<typeof itemsQuery>;
const itemsQuery = (db: DB) => db.selectFrom('items');

/** Public items that match the terms and filters; no columns, no order yet. */
function matching(ctx: Ctx, today: string, parsed: ParsedQuery, f: SearchFilters) {
  let q = itemsQuery(ctx.db);
  // The text condition first: the FTS/GIN index finds the candidates, the rest filters them.
  if (parsed.terms.length > 0) q = q.where(matchExpression(ctx.dbKind, parsed));
  return filtered(q, today, f, publicFor(ctx, today));
}

function filtered(q: ItemsQuery, today: string, f: SearchFilters, pub: ReturnType<typeof isPublic> = isPublic(today)) {
  q = q.where(pub);
  if (f.agencyIds) q = q.where('items.agency_id', 'in', f.agencyIds);
  if (f.categoryIds) q = q.where('items.category_id', 'in', f.categoryIds);
  if (f.year !== null) q = q.where('items.published_on', '>=', `${f.year}-01-01`).where('items.published_on', '<=', `${f.year}-12-31`);
  // 文号: the exact number or its beginning (国办发〔2019〕 finds 国办发〔2019〕1号). substr counts
  // characters on both databases, where LIKE would differ in case rules and escaping.
  // As typed, or in simplified characters: the 繁體 page shows the filter converted (示政發), and a
  // search sent from it again must find what the simplified 文号 (示政发) found.
  if (f.docNo !== null) {
    const forms = [...new Set([f.docNo, toSimplified(f.docNo)].flatMap(bracketForms))];
    q = q.where(({ or }) => or(forms.map((d) => sql<SqlBool>`substr(items.doc_no, 1, ${Array.from(d).length}) = ${d}`)));
  }
  // 索引号: the whole number (one item at most), through its unique index.
  if (f.indexNo !== null) q = q.where('items.index_no', 'in', [...new Set([f.indexNo, f.indexNo.toUpperCase()])]);
  return q;
}

// The brackets a 文号's year is written in: 〔〕 as GB/T 9704 sets them, and what is typed or
// exported instead. A 文号 typed with any of them matches the others' too.
const YEAR_BRACKETS = [
  ['〔', '〕'],
  ['[', ']'],
  ['［', '］'],
  ['(', ')'],
  ['（', '）'],
  ['【', '】'],
] as const;
const charClass = (chars: string) => new RegExp(`[${chars.replace(/[[\]\\]/g, '\\$&')}]`, 'g');
const OPENING = charClass(YEAR_BRACKETS.map(([o]) => o).join(''));
const CLOSING = charClass(YEAR_BRACKETS.map(([, c]) => c).join(''));

/** A 文号 in each bracket style (甲政发[2024] → 甲政发〔2024〕, 甲政发（2024）, …); all the same when it has none. */
function bracketForms(docNo: string): string[] {
  return YEAR_BRACKETS.map(([o, c]) => docNo.replace(OPENING, o).replace(CLOSING, c));
}

type Row = ListedItem;

/** What ranking reads of a row. All of it sits before body_html in items: on SQLite, reading a
 *  window of these never walks a long row's overflow pages, which listColumns (updated_at) would. */
const rankColumns = ['items.id', 'items.title', 'items.doc_no', 'items.published_on'] as const;
type RankRow = Pick<Row, 'id' | 'title' | 'doc_no' | 'published_on'>;

async function newestFirst(
  ctx: Ctx,
  today: string,
  parsed: ParsedQuery,
  f: SearchFilters,
  after: Keyset | null,
  limit: number,
): Promise<Row[]> {
  const q = afterKeyset(matching(ctx, today, parsed, f).select(listColumns), after);
  return (await q.orderBy('items.published_on', 'desc').orderBy('items.id', 'desc').limit(limit).execute()) as Row[];
}

type Window = RankRow[];

/**
 * The ranked window: the RANK_WINDOW newest hits, or every hit at or above a known lower edge.
 * `dense`: PostgreSQL's walk filled it (postgresWindow), so its hits are dense enough for postgresCount.
 */
async function rankWindow(
  ctx: Ctx,
  today: string,
  parsed: ParsedQuery,
  f: SearchFilters,
  edge: [string, number] | null,
): Promise<{ rows: Window; dense: boolean }> {
  if (!edge) {
    const fast =
      ctx.dbKind === 'sqlite'
        ? { rows: await sqliteWindow(ctx, today, parsed, f), dense: false }
        : await postgresWindow(ctx, today, parsed, f);
    if (fast.rows) return { rows: fast.rows, dense: fast.dense };
  }
  let q = matching(ctx, today, parsed, f).select(rankColumns);
  if (edge) {
    const [p, i] = edge;
    // Items published since the first page join the window; bounded all the same.
    q = q
      .where((eb) => eb.or([eb('items.published_on', '>', p), eb.and([eb('items.published_on', '=', p), eb('items.id', '>=', i)])]))
      .limit(RANK_WINDOW * 4);
  } else {
    q = q.limit(RANK_WINDOW);
  }
  return { rows: (await q.orderBy('items.published_on', 'desc').orderBy('items.id', 'desc').execute()) as RankRow[], dense: false };
}

/**
 * portal/store's isPublic for the item whose id is `id`, answered by the items_public_by_id index
 * (migration 0008) instead of the row: the row is long (its body is inline), so checking thousands
 * of matches from the rows visits thousands of pages, where the index holds them in a few. The
 * same condition as isPublic, word for word (test/search.test.ts compares the counts and pages of
 * both databases, hidden items included).
 */
function publicById(id: RawBuilder<unknown>, today: string) {
  return sql<SqlBool>`exists (select 1 from items as public_item indexed by ${sql.raw(PUBLIC_BY_ID)}
    where public_item.id = ${id} and public_item.status = 'published' and public_item.disclosure_mode = 'proactive' and public_item.published_on is not null
      and (public_item.period = 'permanent' or (public_item.period = 'limited' and public_item.period_until >= ${today})))`;
}

/** isPublic as a condition on `items`, from the index on SQLite (see publicById). */
function isPublicByIndex(today: string): ReturnType<typeof isPublic> {
  return () => publicById(sql.ref('items.id'), today) as unknown as ReturnType<ReturnType<typeof isPublic>>;
}

/** isPublic, with its status test from the index on SQLite (where rows hold their long text inline). */
function publicFor(ctx: Ctx, today: string): ReturnType<typeof isPublic> {
  return ctx.dbKind === 'sqlite' ? isPublicByIndex(today) : isPublic(today);
}

/** Matches read from the FTS index, newest id first, before the window is checked to be complete. */
const CANDIDATES = RANK_WINDOW * 2;

/**
 * The first page's window on SQLite without sorting every match by date: FTS5 hands out a term's
 * matches in rowid order, so the CANDIDATES highest ids cost almost nothing however frequent the
 * term. Their RANK_WINDOW newest by (published_on, id) are the window if no older id holds a newer
 * hit, which one indexed probe checks (ids follow publication closely, so the probe reads few rows);
 * otherwise, or when the candidates do not fill the window, null: the caller runs the exact query.
 * Either way the window is the same rows the plain query returns.
 */
async function sqliteWindow(ctx: Ctx, today: string, parsed: ParsedQuery, f: SearchFilters): Promise<Window | null> {
  const match = ftsMatch(parsed);
  if (match === null) return null;
  const candidates = await sql<{ id: number }>`
    select rowid as id from items_fts where items_fts match ${match} order by rowid desc limit ${CANDIDATES}`.execute(ctx.db);
  const ids = candidates.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  let rows: RankRow[];
  if (unfiltered(f)) {
    // The candidates' dates from items_public_by_id, and rows read for the RANK_WINDOW newest only.
    const newest = await sql<{ id: number }>`
      select c.id from items as c indexed by ${sql.raw(PUBLIC_BY_ID)}
      where c.id in (${sql.join(ids)}) and ${publicById(sql.ref('c.id'), today)}
      order by c.published_on desc, c.id desc limit ${RANK_WINDOW}`.execute(ctx.db);
    rows = await rowsInOrder<RankRow>(
      ctx,
      rankColumns,
      newest.rows.map((r) => r.id),
    );
  } else {
    const found = (await filtered(itemsQuery(ctx.db).where('items.id', 'in', ids), today, f, publicFor(ctx, today))
      .select(rankColumns)
      .orderBy('items.published_on', 'desc')
      .orderBy('items.id', 'desc')
      .execute()) as RankRow[];
    rows = found.slice(0, RANK_WINDOW);
  }
  const complete = ids.length < CANDIDATES;
  if (complete) return rows;
  const last = rows[rows.length - 1];
  if (rows.length < RANK_WINDOW || !last) return null;
  const lowest = ids[ids.length - 1]!;
  // A published item with an older id and a newer date than the window's last row that matches:
  // read from the items_published index (status, published_on, id) by date, so only entries newer
  // than the window's edge are visited (written as a >= range: for the equivalent OR of two ranges
  // SQLite scanned every published entry). Public or not, filtered or not: finding one only sends
  // the caller to the exact query.
  const newer = await sql<{ id: number }>`
    select s.id from items as s
    where s.status = 'published'
      and s.published_on >= ${last.published_on}
      and (s.published_on > ${last.published_on} or s.id > ${last.id})
      and s.id < ${lowest}
      and exists (select 1 from items_fts where items_fts match ${match} and items_fts.rowid = s.id)
    limit 1`.execute(ctx.db);
  return newer.rows.length > 0 ? null : rows;
}

/** How postgresWindow looks; tests shorten the walk so that a small corpus takes the date bands. */
export const PG_WINDOW = { walkRows: 4000, bands: 3 };
const FIRST_DAY = `${MIN_YEAR}-01-01`;
/** How many first-page windows (and counts) each way of postgresWindow (postgresCount) found; tests check that each way ran. */
export const pgWindowWays = { walk: 0, walkedAll: 0, band: 0, exact: 0, countBand: 0, countExact: 0 };

/**
 * The first page's window on PostgreSQL. Checking a row for the terms unpacks its TOASTed tsvector
 * (~5 µs from shared buffers, tens of µs from the OS cache), and reading a hit's row at all costs
 * about as much: the window must come from as few rows as possible, whatever the planner expects
 * (it cannot estimate phrases: 新闻发布, 73,029 hits in 1M items, was planned as 1,001).
 *
 * 1. Walk the PG_WINDOW.walkRows newest rows (index order, no sort), checking each: a frequent term
 *    fills the window within a few hundred rows, and the walk stops there. When the walk runs out
 *    of rows it has seen every row, so what it found is every hit.
 * 2. Otherwise the hits it found tell how many days of publications hold RANK_WINDOW hits: the GIN
 *    index over (published_on, search_tsv) (migration 0009) answers "hits published on or after D"
 *    reading only the rows of those hits; a band holding RANK_WINDOW hits holds the RANK_WINDOW
 *    newest, since every other hit is older than D. The band widens fourfold, PG_WINDOW.bands times.
 * 3. Otherwise (no hit among the newest rows, or too few in every band) null: the caller's query.
 * Each way returns the same rows as the caller's query would.
 */
async function postgresWindow(
  ctx: Ctx,
  today: string,
  parsed: ParsedQuery,
  f: SearchFilters,
): Promise<{ rows: Window | null; dense: boolean }> {
  const none = { rows: null, dense: false };
  if (parsed.terms.length === 0) return none;
  const newestRows = () =>
    filtered(itemsQuery(ctx.db), today, f).orderBy('items.published_on', 'desc').orderBy('items.id', 'desc').limit(PG_WINDOW.walkRows);
  const tq = tsQuery(parsed);
  const walked = (await ctx.db
    .selectFrom(
      newestRows()
        .select([...rankColumns, sql<string>`items.search_tsv`.as('tsv')])
        .as('r'),
    )
    .select(['r.id', 'r.title', 'r.doc_no', 'r.published_on'])
    .where(sql<SqlBool>`r.tsv @@ to_tsquery('simple', ${tq})`)
    .orderBy('r.published_on', 'desc')
    .orderBy('r.id', 'desc')
    .limit(RANK_WINDOW)
    .execute()) as RankRow[];
  if (walked.length >= RANK_WINDOW) {
    pgWindowWays.walk++;
    return { rows: walked, dense: true };
  }
  const seen = await ctx.db
    .selectFrom(newestRows().select('items.published_on').as('s'))
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min('s.published_on').as('oldest'),
      eb.fn.max('s.published_on').as('newest'),
    ])
    .executeTakeFirstOrThrow();
  if (Number(seen.n) < PG_WINDOW.walkRows) {
    pgWindowWays.walkedAll++;
    return { rows: walked, dense: false };
  }
  const oldest = seen.oldest as string | null;
  const newest = seen.newest as string | null;
  if (walked.length === 0 || !oldest || !newest) {
    pgWindowWays.exact++;
    return none;
  }
  // Days enough for half as many hits again as the window needs, at the density of the walk.
  for (const from of bandStarts(newest, Math.ceil(((daysBetween(oldest, newest) + 1) * RANK_WINDOW * 1.5) / walked.length))) {
    const rows = await inDateBand(
      ctx,
      today,
      parsed,
      f,
      from,
      async (band) =>
        (await band
          .select(rankColumns)
          .orderBy('items.published_on', 'desc')
          .orderBy('items.id', 'desc')
          .limit(RANK_WINDOW)
          .execute()) as RankRow[],
    );
    if (rows.length >= RANK_WINDOW) {
      pgWindowWays.band++;
      return { rows, dense: false };
    }
  }
  pgWindowWays.exact++;
  return none;
}

/**
 * The first days of the date bands: `days` before `newest`, then four times as far, PG_WINDOW.bands
 * times, none reaching back past the calendar's first year (such a band is the plain query).
 */
function* bandStarts(newest: string, days: number): Generator<string> {
  const reach = daysBetween(FIRST_DAY, newest);
  for (let k = 0; k < PG_WINDOW.bands && days < reach; k++, days *= 4) yield addDays(newest, -days);
}

/** The number of hits, counting no further than COUNT_CAP + 1. */
async function countHits(ctx: Ctx, today: string, parsed: ParsedQuery, f: SearchFilters, span: [string, string] | null): Promise<number> {
  let hits = matching(ctx, today, parsed, f);
  if (ctx.dbKind === 'postgres' && span && !parsed.terms.some((t) => t.kind === 'prefix')) {
    const banded = await postgresCount(ctx, today, parsed, f, span);
    if (banded !== null) return banded;
  }
  if (ctx.dbKind === 'sqlite' && parsed.terms.length > 0) {
    const match = ftsMatch(parsed);
    if (unfiltered(f)) {
      // Nothing but the text and isPublic. H items are not public for good (migration 0008): with
      // none, every match is a hit; more than COUNT_CAP + H matches are more than COUNT_CAP hits.
      // Both are read from the FTS index alone. Otherwise each match is checked in
      // items_public_by_id; no row of items is read either way.
      const h = await sql<{ n: number }>`
        select count(*) as n from items indexed by ${sql.raw(NOT_ALWAYS_PUBLIC)} where not (${sql.raw(ALWAYS_PUBLIC)})`.execute(ctx.db);
      const hidden = Number(h.rows[0]?.n ?? 0);
      if (hidden <= COUNT_CAP) {
        const r = await sql<{ n: number }>`
          select count(*) as n from (select 1 from items_fts where items_fts match ${match} limit ${COUNT_CAP + 1 + hidden})`.execute(
          ctx.db,
        );
        const matches = Number(r.rows[0]?.n ?? 0);
        if (hidden === 0) return matches;
        if (matches > COUNT_CAP + hidden) return matches - hidden;
      }
      const r = await sql<{ n: number }>`
        select count(*) as n from (select 1 from items_fts where items_fts match ${match}
          and ${publicById(sql.ref('items_fts.rowid'), today)} limit ${COUNT_CAP + 1})`.execute(ctx.db);
      return Number(r.rows[0]?.n ?? 0);
    }
    // FTS5 hands out its matches one by one: driving the join from items_fts lets LIMIT stop
    // after COUNT_CAP + 1 rows, where `id in (select rowid …)` would first collect every match.
    const fromFts = ctx.db
      .selectFrom(sql`items_fts`.as('items_fts'))
      .innerJoin('items', (j) => j.on(sql<SqlBool>`items.id = items_fts.rowid`))
      .where(sql<SqlBool>`items_fts match ${match}`);
    hits = filtered(fromFts as unknown as ItemsQuery, today, f, isPublicByIndex(today));
  }
  return boundedCount(ctx.db, hits);
}

/**
 * The public hits published on or after `from`, handed to `use` inside a transaction that leaves
 * PostgreSQL bitmap plans only: the GIN index over (published_on, search_tsv) takes the date and
 * the terms in one scan, where the planner, expecting few hits, would rather walk the date index
 * and unpack every row of the band.
 */
async function inDateBand<T>(
  ctx: Ctx,
  today: string,
  parsed: ParsedQuery,
  f: SearchFilters,
  from: string,
  use: (band: ItemsQuery, db: DB) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    await sql`set local enable_indexscan = off`.execute(trx);
    await sql`set local enable_seqscan = off`.execute(trx);
    return use(filtered(itemsQuery(trx), today, f).where(matchExpression('postgres', parsed)).where('items.published_on', '>=', from), trx);
  });
}

/**
 * More than COUNT_CAP hits on PostgreSQL, found in a band of recent dates. Counting to COUNT_CAP + 1
 * reads that many hits' rows; the planner, reading them by walking the table or the date index,
 * also unpacks the tsvector of every row it passes that is not a hit (复议, 20% of 1M items: 49,000
 * rows, 1 s). The GIN index over (published_on, search_tsv) reads only hits: those published on or
 * after a day chosen, from the dates of the ranked window, to hold half as many again as needed.
 * Only for a window that the walk filled (dense hits): the GIN scan gathers every row of the band's
 * dates, so for sparse hits a band of 10,000 is wider than the term's whole posting list (财政预算,
 * 2% of 1M items: 800 ms in a band, 200 ms by the plain count). Not for a single character (a
 * prefix): its GIN scan merges the lists of every bigram the character starts (安: 316 ms in a band;
 * the plain count stops after the first 10,001 of nearly every row, 85 ms).
 * A band holding more than COUNT_CAP hits answers; otherwise it widens fourfold, PG_WINDOW.bands
 * times, and null sends the caller to the plain count (which is what a term with fewer hits than
 * COUNT_CAP gets). Either way the answer is the plain count's.
 */
async function postgresCount(
  ctx: Ctx,
  today: string,
  parsed: ParsedQuery,
  f: SearchFilters,
  [oldest, newest]: [string, string],
): Promise<number | null> {
  const perDay = RANK_WINDOW / (daysBetween(oldest, newest) + 1);
  for (const from of bandStarts(newest, Math.ceil(((COUNT_CAP + 1) * 1.5) / perDay))) {
    const n = await inDateBand(ctx, today, parsed, f, from, (band, db) => boundedCount(db, band));
    if (n > COUNT_CAP) {
      pgWindowWays.countBand++;
      return n;
    }
  }
  pgWindowWays.countExact++;
  return null;
}

/** The rows of a query, counted no further than COUNT_CAP + 1. */
async function boundedCount(db: DB, hits: ItemsQuery): Promise<number> {
  const r = await db
    .selectFrom(
      hits
        .select(sql<number>`1`.as('one'))
        .limit(COUNT_CAP + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The cursor's query identity: what was searched, not how it was typed. */
function identity(parsed: ParsedQuery, f: SearchFilters): string {
  return queryHash([parsed.terms.map((t) => [t.kind, t.tokens]), f.agencyIds, f.categoryIds, f.year, f.docNo, f.indexNo]);
}

export async function searchItems(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const f = await resolveFilters(ctx, input);
  const parsed = parseQuery(input.q);
  const today = chinaDate(ctx.now());
  const hash = identity(parsed, f);
  let cursor: Cursor | null = null;
  if (input.after !== null) {
    cursor = decodeCursor(input.after, hash);
    if (!cursor || (cursor.k === 'ranked' && parsed.terms.length === 0))
      throw new InputError({ after: '翻页参数无效或与当前查询条件不符，请从第一页重新查询' });
  }
  const limit = input.limit;
  let page: Row[];
  let shownRanked: RankRow[] = [];
  let next: Cursor | null = null;
  // The count, when it is known without asking the database again.
  let known: number | null = cursor ? cursor.n : null;
  // The dates of a first-page window that PostgreSQL's walk filled, oldest and newest: how fast
  // hits come (postgresCount).
  let span: [string, string] | null = null;

  if (parsed.terms.length === 0 || cursor?.k === 'time') {
    const after = cursor?.k === 'time' ? { publishedOn: cursor.p, id: cursor.i } : null;
    const rows = await newestFirst(ctx, today, parsed, f, after, limit + 1);
    page = rows.slice(0, limit);
    const last = page[page.length - 1];
    if (rows.length > limit && last) next = { k: 'time', h: hash, n: 0, p: last.published_on, i: last.id };
  } else {
    const day = cursor?.k === 'ranked' ? cursor.day : today;
    const { rows: window, dense } = await rankWindow(ctx, today, parsed, f, cursor?.k === 'ranked' ? cursor.edge : null);
    const lowest = window[window.length - 1];
    const edge: [string, number] | null =
      cursor?.k === 'ranked' && cursor.edge
        ? cursor.edge
        : window.length >= RANK_WINDOW && lowest
          ? [lowest.published_on, lowest.id]
          : null;
    // A window smaller than RANK_WINDOW on the first page holds every hit: that is the count.
    if (!cursor && !edge) known = window.length;
    if (!cursor && edge && window[0] && dense) span = [window[window.length - 1]!.published_on, window[0].published_on];
    const ranked = window.map((r) => ({ ...r, score: score(parsed.terms, r, day) })).sort(compareRanked);
    const from = cursor?.k === 'ranked' ? { score: cursor.score, published_on: cursor.p, id: cursor.i } : null;
    const rest = from ? ranked.filter((r) => compareRanked(r, from) > 0) : ranked;
    page = [];
    if (rest.length > limit) {
      const shown = rest.slice(0, limit);
      shownRanked = shown;
      const last = shown[limit - 1]!;
      next = { k: 'ranked', h: hash, n: 0, day, edge, score: last.score, p: last.published_on, i: last.id };
    } else {
      shownRanked = rest;
      if (edge) {
        // The window is used up: go on with the older hits, newest first, from the window's edge.
        const need = limit - rest.length;
        const tail = await newestFirst(ctx, today, parsed, f, { publishedOn: edge[0], id: edge[1] }, need + 1);
        const shown = tail.slice(0, need);
        page = shown;
        const pos = shown[shown.length - 1];
        if (tail.length > need) next = { k: 'time', h: hash, n: 0, p: pos ? pos.published_on : edge[0], i: pos ? pos.id : edge[1] };
      }
    }
    // The listed columns, for the ranked rows shown only.
    page = [
      ...(await rowsInOrder<Row>(
        ctx,
        listColumns,
        shownRanked.map((r) => r.id),
      )),
      ...page,
    ];
  }

  const [n, hits] = await Promise.all([known ?? countHits(ctx, today, parsed, f, span), decorate(ctx, page, parsed)]);
  if (next) next.n = n;
  return {
    parsed,
    hits,
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    next: next ? encodeCursor(next) : null,
    notices: queryNotices(parsed),
  };
}

/** Nothing but the text asked for. */
const unfiltered = (f: SearchFilters) => !f.agencyIds && !f.categoryIds && f.year === null && f.docNo === null && f.indexNo === null;

/** The `columns` of the items with these ids, in the ids' order. */
async function rowsInOrder<R extends { id: number }>(
  ctx: Ctx,
  columns: readonly (typeof listColumns)[number][],
  ids: number[],
): Promise<R[]> {
  if (ids.length === 0) return [];
  const found = (await ctx.db.selectFrom('items').select(columns).where('items.id', 'in', ids).execute()) as unknown as R[];
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** The first `chars` characters of these items' bodies (HTML). */
function bodyHeads(ctx: Ctx, ids: number[], chars: number) {
  return ctx.db
    .selectFrom('items')
    .select(['items.id', sql<string>`substr(items.body_html, 1, ${chars})`.as('head')])
    .where('items.id', 'in', ids)
    .execute();
}

/** Names, highlighted titles and snippets for the rows of one page. */
async function decorate(ctx: Ctx, rows: Row[], parsed: ParsedQuery): Promise<SearchHit[]> {
  if (rows.length === 0) return [];
  const [agencies, categories, bodies] = await Promise.all([
    agencyNames(
      ctx.db,
      rows.map((r) => r.agency_id),
    ),
    categoryNames(
      ctx.db,
      rows.flatMap((r) => (r.category_id === null ? [] : [r.category_id])),
    ),
    bodyHeads(
      ctx,
      rows.map((r) => r.id),
      SNIPPET_SOURCE_CHARS,
    ),
  ]);
  const bodyOf = new Map(bodies.map((b) => [b.id, b.head]));
  const snippets = new Map(rows.map((r) => [r.id, snippetOf(r.summary, bodyOf.get(r.id) ?? '', parsed)]));
  // A body cut at SNIPPET_SOURCE_CHARS whose head held no hit is read further, for those rows only.
  const deeper = rows.filter((r) => !snippets.get(r.id)!.hit && (bodyOf.get(r.id)?.length ?? 0) >= SNIPPET_SOURCE_CHARS);
  if (parsed.terms.length > 0 && deeper.length > 0) {
    const more = await bodyHeads(
      ctx,
      deeper.map((r) => r.id),
      SNIPPET_DEEP_CHARS,
    );
    for (const m of more) {
      const s = snippetOf(rows.find((r) => r.id === m.id)!.summary, m.head, parsed);
      if (s.hit) snippets.set(m.id, s);
    }
  }
  return rows.map((r) => ({
    ...r,
    agencyName: agencies.get(r.agency_id) ?? '',
    categoryName: r.category_id === null ? null : (categories.get(r.category_id) ?? null),
    titleParts: highlight(r.title, parsed, { maxLength: 400 }),
    docNoParts: r.doc_no ? highlight(r.doc_no, parsed, { maxLength: 400 }) : [],
    snippet: snippets.get(r.id)!.parts,
  }));
}

/** The summary's or the body's snippet, whichever holds a hit (the summary first); `hit` says whether one did. */
function snippetOf(summary: string | null, bodyHead: string, parsed: ParsedQuery): { parts: HighlightPart[]; hit: boolean } {
  const hasHit = (parts: HighlightPart[]) => parts.some((p) => p.hit);
  const summaryParts = summary ? highlight(summary, parsed, { maxLength: 160 }) : [];
  if (summary && (parsed.terms.length === 0 || hasHit(summaryParts))) return { parts: summaryParts, hit: true };
  const body = textOf(bodyHead);
  if (body) {
    const b = highlight(body, parsed, { maxLength: 160 });
    if (hasHit(b)) return { parts: b, hit: true };
    if (!summary) return { parts: b, hit: false };
  }
  return { parts: summaryParts, hit: false };
}
