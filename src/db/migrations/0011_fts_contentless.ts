import { type Kysely, sql } from 'kysely';
import { createFtsChangeTriggers } from './0002_catalog.js';
import * as m0010 from './0010_fts_bulk.js';
import { isPostgres, recomputeSearchTokens } from './helpers.js';

// SQLite: the search tokens are stored once, in the full-text index, instead of twice.
//
// Until now items.search_tokens held each item's tokens (about 3 KB for a 500-character body: one
// bigram per Han character) and FTS5 indexed that column as external content. Nothing reads the
// column back — search asks FTS5 for rowids and highlights from the item's own text — so the index
// becomes contentless (content='', contentless_delete=1: rows can still be deleted by rowid) and
// the column is empty on SQLite. PostgreSQL keeps it: its tsvector is generated from it.
//
// Writes stay as they were for every caller: an item is inserted or updated with its tokens, and
// the triggers below move them into the index and empty the column in the same statement. A bulk
// import (catalog/import.ts writeBatch) inserts its rows with no tokens — the insert trigger then
// does nothing — and adds the batch's tokens to the index in one statement. So the marker table of
// 0010 is no longer needed.
//
// Measured importing the first 300,000 rows of the benchmark corpus (before → after 0010 and this):
// database 2,450 → 1,583 MB, 341 → 292 µs a row; 60,000 rows: 482 → 307 MB.
//
// An existing database is converted in place: its tokens are copied into the new index and the
// column emptied (the freed pages are reused; `gongkai compact` returns them to the file system).
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const t of ['items_fts_ai', 'items_fts_ad', 'items_fts_au']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`drop table if exists items_fts`.execute(db);
  await sql`drop table if exists ${sql.raw(m0010.FTS_DEFERRED)}`.execute(db);
  await sql`create virtual table items_fts using fts5(search_tokens, content='', contentless_delete=1, tokenize='ascii', prefix='1')`.execute(
    db,
  );
  // As in 0004: 16 segments a level before merging.
  await sql`insert into items_fts(items_fts, rank) values ('automerge', 16)`.execute(db);
  await sql`insert into items_fts(rowid, search_tokens) select id, search_tokens from items where search_tokens <> ''`.execute(db);
  await sql`update items set search_tokens = '' where search_tokens <> ''`.execute(db);
  // The blanking UPDATE inside a trigger fires items_fts_au, whose WHEN skips it. Every item has
  // tokens (its title is required), so '' never means "index nothing" from a caller.
  await sql`create trigger items_fts_ai after insert on items when new.search_tokens <> '' begin
    insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens);
    update items set search_tokens = '' where id = new.id; end`.execute(db);
  await sql`create trigger items_fts_au after update of search_tokens on items when new.search_tokens <> '' begin
    delete from items_fts where rowid = old.id;
    insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens);
    update items set search_tokens = '' where id = new.id; end`.execute(db);
  await sql`create trigger items_fts_ad after delete on items begin
    delete from items_fts where rowid = old.id; end`.execute(db);
}

/** Back to 0010: the tokens are computed again into items.search_tokens (the contentless index cannot give them back). */
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const t of ['items_fts_ai', 'items_fts_ad', 'items_fts_au']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`drop table if exists items_fts`.execute(db);
  await recomputeSearchTokens(db);
  await m0010.up(db);
  await createFtsChangeTriggers(db);
}
