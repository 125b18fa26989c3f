import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// Search at a million items (bench/search.ts).
//
// SQLite: FTS5 merges its index segments as it goes; with the default automerge=4 a row's tokens
// are rewritten at every level, and that merging grows with the index (a 1M-row import spent most
// of its time there). At 16, each level collects 16 segments before merging: measured on 40,000
// rows, 152 instead of 295 µs of CPU a row, with single-character queries as fast (the prefix
// index is unchanged). The setting is stored in the index itself, so every process writes alike.
//
// Both: the portal's item page reads an item's links in both directions on every view; the
// primary key (item_id, related_id, kind) serves one, this index the other.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('item_links_related').on('item_links').column('related_id').execute();
  if (isPostgres(db)) return;
  await sql`insert into items_fts(items_fts, rank) values ('automerge', 16)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('item_links_related').execute();
  if (isPostgres(db)) return;
  await sql`insert into items_fts(items_fts, rank) values ('automerge', 4)`.execute(db);
}
