import { type Kysely, sql } from 'kysely';
import { ftsLeafBytes, isPostgres } from './helpers.js';

// SQLite: the full-text index's leaves fill the database's pages, and its in-memory buffer holds a
// whole import batch.
//
// - pgsz: FTS5 cuts its index into leaves of pgsz bytes (4,050 by default, made for SQLite's
//   4,096-byte pages). A new database now has 16 KB pages (db/connect.ts openSqlite), so leaves
//   are sized to them: the page less 46 bytes, as FTS5's default is for 4 KB (an older database
//   with 4 KB pages keeps 4,050 until `gongkai compact` gives it 16 KB pages and these leaves).
// - hashsize: FTS5 writes its buffered terms out as a new segment whenever they pass hashsize
//   (1 MB by default), and at the end of every statement in a transaction (it flushes at each
//   savepoint) and at commit. The import's one INSERT of 1,000 items' tokens buffers ~7 MB, so it
//   made about seven small segments, each to be merged again later; with 16 MB it makes one. The
//   buffer only holds what one statement writes: a portal edit buffers a few KB.
//
// Measured by a bare writer (200,000 prepared benchmark rows, items and index inserts of 500 rows
// in 1,000-row transactions): 4 KB pages 271 µs a row and 1,054 MB; 16 KB pages 184 µs and
// 1,015 MB; 16 KB pages with these settings 180–191 µs and 911 MB.
const HASH_BYTES = 16 * 1024 * 1024;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  const page = Number((await sql<{ page_size: number }>`pragma page_size`.execute(db)).rows[0]!.page_size);
  // Values as literals: FTS5 accepts only integers, and a bound JavaScript number arrives as a real.
  await sql`insert into items_fts(items_fts, rank) values ('pgsz', ${sql.lit(ftsLeafBytes(page))})`.execute(db);
  await sql`insert into items_fts(items_fts, rank) values ('hashsize', ${sql.lit(HASH_BYTES)})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`insert into items_fts(items_fts, rank) values ('pgsz', 4050)`.execute(db);
  await sql`insert into items_fts(items_fts, rank) values ('hashsize', 1048576)`.execute(db);
}
