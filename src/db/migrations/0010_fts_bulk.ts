import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// SQLite: cheaper writes to the full-text index, the bulk import's bottleneck (bench/search.ts).
// 0011 replaces the index with a contentless one and drops the marker table of point 2.
//
// 1. The `ascii` tokenizer instead of `unicode61`. The stored text is already the tokenizer's
//    output, a fixed point of both (domain/text: letters and digits, lower-case, diacritics
//    folded, single spaces), so FTS5 only has to split it at the spaces, where unicode61 looked
//    every character up in its Unicode tables to find nothing to change: the same tokens, the same
//    matches. FTS5 alone, 30,000 items of the benchmark corpus: 124 → 101 µs a row.
// 2. Rows a bulk import loads are indexed a batch at a time, by one INSERT … SELECT (catalog/
//    import.ts writeBatch), instead of by the insert trigger row by row. While that transaction
//    runs, items_fts_deferred holds a row (the highest id before the batch) and the insert trigger
//    stands aside; the import empties it before committing, so no other connection ever sees it
//    non-empty, and a failed batch rolls back with it. Every other write keeps the trigger.
// Both together, importing the first 60,000 rows of the benchmark corpus: 348 → 257 µs a row.
//
// The delete and update triggers of 0002 stay as they are: they name items_fts, which is made
// again under the same name.
export const FTS_DEFERRED = 'items_fts_deferred';

async function remake(db: Kysely<any>, tokenizer: 'ascii' | 'unicode61', insertTrigger: ReturnType<typeof sql>) {
  await sql`drop trigger if exists items_fts_ai`.execute(db);
  await sql`drop table if exists items_fts`.execute(db);
  await sql`create virtual table items_fts using fts5(search_tokens, content='items', content_rowid='id', tokenize=${sql.lit(tokenizer)}, prefix='1')`.execute(
    db,
  );
  // As in 0004: 16 segments a level before merging.
  await sql`insert into items_fts(items_fts, rank) values ('automerge', 16)`.execute(db);
  await sql`insert into items_fts(items_fts) values ('rebuild')`.execute(db);
  await insertTrigger.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table ${sql.raw(FTS_DEFERRED)} (since_id integer not null)`.execute(db);
  await remake(
    db,
    'ascii',
    sql`create trigger items_fts_ai after insert on items when not exists (select 1 from ${sql.raw(FTS_DEFERRED)}) begin
      insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens); end`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await remake(
    db,
    'unicode61',
    sql`create trigger items_fts_ai after insert on items begin
      insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens); end`,
  );
  await sql`drop table if exists ${sql.raw(FTS_DEFERRED)}`.execute(db);
}
