import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// SQLite: cheaper writes to the full-text index, the bulk import's bottleneck (bench/search.ts).
//
// 1. The `ascii` tokenizer instead of `unicode61`. The stored text is already the tokenizer's
//    output (domain/text: letters and digits, lower-case, diacritics folded, single spaces), so
//    FTS5 only has to split it at the spaces; unicode61 looked every character up in its Unicode
//    tables to find nothing to change. Measured on 30,000 items of the benchmark corpus, FTS5
//    alone: 124 → 101 µs a row. Both split the stored text into the same tokens, so matches are
//    unchanged — and where unicode61 would still have folded a letter that PostgreSQL's `simple`
//    parser keeps (ø → o), ascii keeps it too, as PostgreSQL does.
// 2. Rows a bulk import loads are indexed a batch at a time, by one INSERT … SELECT (catalog/
//    import.ts), instead of by the insert trigger row by row (FTS5 then also flushes its pending
//    terms once a batch rather than once a 500-row statement). Both changes together, importing
//    the first 60,000 rows of the benchmark corpus: 348 → 257 µs a row. While that transaction runs, items_fts_deferred holds a row and the
//    trigger stands aside; the import empties it before committing, so no other connection ever
//    sees it non-empty, and a failed batch rolls back with it. Every other write keeps the trigger.
export const FTS_DEFERRED = 'items_fts_deferred';

const ftsTable = (tokenizer: 'ascii' | 'unicode61') =>
  sql`create virtual table items_fts using fts5(search_tokens, content='items', content_rowid='id', tokenize=${sql.lit(tokenizer)}, prefix='1')`;

async function rebuild(db: Kysely<any>, tokenizer: 'ascii' | 'unicode61', deferrable: boolean) {
  for (const tr of ['items_fts_ai', 'items_fts_ad', 'items_fts_au']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
  await sql`drop table if exists items_fts`.execute(db);
  await ftsTable(tokenizer).execute(db);
  // As in 0004: 16 segments a level before merging.
  await sql`insert into items_fts(items_fts, rank) values ('automerge', 16)`.execute(db);
  await sql`insert into items_fts(items_fts) values ('rebuild')`.execute(db);
  const when = deferrable ? sql.raw(` when not exists (select 1 from ${FTS_DEFERRED})`) : sql.raw('');
  await sql`create trigger items_fts_ai after insert on items${when} begin
      insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens); end`.execute(db);
  await sql`create trigger items_fts_ad after delete on items begin
      insert into items_fts(items_fts, rowid, search_tokens) values ('delete', old.id, old.search_tokens); end`.execute(db);
  await sql`create trigger items_fts_au after update of search_tokens on items begin
      insert into items_fts(items_fts, rowid, search_tokens) values ('delete', old.id, old.search_tokens);
      insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens); end`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table ${sql.raw(FTS_DEFERRED)} (since_id integer not null)`.execute(db);
  await rebuild(db, 'ascii', true);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await rebuild(db, 'unicode61', false);
  await sql`drop table if exists ${sql.raw(FTS_DEFERRED)}`.execute(db);
}
