import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// SQLite: one counter that moves on every write to what a portal page is made of, so that a page
// rendered once is reused for as long as the counter stands still, at the cost of reading one
// row (features/portal/page.ts). Triggers keep it, so no write path can forget it, and it moves in
// the writing transaction: a reader that reads the counter before the data never files old data
// under a new counter. An import moves it once a row, a few microseconds each.
//
// PostgreSQL has none: one row bumped by every writer would make concurrent writers (the parallel
// import, two officers) queue on its lock until they commit. Portal pages there are keyed by the
// data they were rendered from.

/** The tables an item page is rendered from (portal/service.ts publicItemPage). */
export const PORTAL_TABLES = ['items', 'agencies', 'categories', 'item_attachments', 'item_links'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table portal_version (id integer primary key check (id = 1), version integer not null)`.execute(db);
  await sql`insert into portal_version (id, version) values (1, 0)`.execute(db);
  for (const table of PORTAL_TABLES)
    for (const event of ['insert', 'update', 'delete'])
      await sql`create trigger ${sql.raw(`portal_version_${table}_${event}`)} after ${sql.raw(event)} on ${sql.raw(table)}
        begin update portal_version set version = version + 1 where id = 1; end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const table of PORTAL_TABLES)
    for (const event of ['insert', 'update', 'delete'])
      await sql`drop trigger if exists ${sql.raw(`portal_version_${table}_${event}`)}`.execute(db);
  await sql`drop table if exists portal_version`.execute(db);
}
