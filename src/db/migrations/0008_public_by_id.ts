import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// SQLite: what portal/store isPublic asks of an item, in an index keyed by its id. Search checks
// every match it counts (up to 10,000) and every candidate of its ranked window; read from the
// rows, each check lands on a different page of a table of long rows (~5 µs); read from this index
// (about 40 bytes an item), the checks of a whole count share a few pages: counting 9,998 matches
// of 政府网站 over 100,000 items took 52 ms from the rows and 6 ms from here. Queries name it
// (INDEXED BY), because the planner prefers the rowid for `id = ?`.
//
// And the items that are not public for good (drafts, withheld, 依申请公开, 限时公开 …), usually a
// small part of the catalog: when there are none, every match in the FTS index is a hit, and when
// there are H, more than 10,000 + H matches are more than 10,000 hits — counted from the FTS index
// alone (search/service.ts countHits). Queries repeat its condition word for word (ALWAYS_PUBLIC), as
// SQLite uses a partial index only for its own condition.
//
// PostgreSQL keeps those columns in its heap tuples next to a TOASTed body, and plans by itself.
export const PUBLIC_BY_ID = 'items_public_by_id';
export const NOT_ALWAYS_PUBLIC = 'items_not_always_public';
/** portal/store isPublic without its date: public today and on every later day. */
export const ALWAYS_PUBLIC = "status = 'published' and disclosure_mode = 'proactive' and published_on is not null and period = 'permanent'";

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create index ${sql.raw(PUBLIC_BY_ID)} on items (id, status, disclosure_mode, published_on, period, period_until)`.execute(db);
  await sql`create index ${sql.raw(NOT_ALWAYS_PUBLIC)} on items (id) where not (${sql.raw(ALWAYS_PUBLIC)})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop index if exists ${sql.raw(NOT_ALWAYS_PUBLIC)}`.execute(db);
  await sql`drop index if exists ${sql.raw(PUBLIC_BY_ID)}`.execute(db);
}
