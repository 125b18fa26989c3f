import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// PostgreSQL: the full-text index keyed by publication date as well as by token (btree_gin), so
// that one GIN scan answers "the hits published on or after D" without reading the rows of older
// hits. The ranked window is the 500 newest hits (search/service.ts); without the date in the
// index, PostgreSQL found them either by reading every hit's row (bitmap scan: 新闻发布, 73,029
// hits in 1M items, 1.4 s) or by walking the newest rows and unpacking each one's TOASTed tsvector
// (fast for frequent terms only). With it, a band of dates costs the GIN scan plus the rows of the
// hits inside the band: 新闻发布 over the newest 10,000 items, 29 ms.
//
// btree_gin ships with PostgreSQL (contrib; in Debian's postgresql package) and is a trusted
// extension: the owner of the database may create it. It goes into the schema `public` when there
// is one, not into the platform's own schema, so that dropping a platform's schema (tests give each
// run its own) never drops the index of another.
//
// SQLite: nothing (FTS5 hands out matches by rowid; service.ts sqliteWindow).
export const SEARCH_INDEX = 'items_search';
/** The index over items, as built here and rebuilt after a large import (catalog/import.ts). */
export const SEARCH_INDEX_COLUMNS = 'using gin (published_on, search_tsv)';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // One creator at a time: platforms migrating side by side in one database would otherwise race
  // on `if not exists`.
  await sql`select pg_advisory_xact_lock(hashtext('gongkai btree_gin'))`.execute(db);
  const hasPublic = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = 'public'`.execute(db);
  if ((hasPublic.rows[0]?.n ?? 0) > 0) await sql`create extension if not exists btree_gin with schema public`.execute(db);
  else await sql`create extension if not exists btree_gin`.execute(db);
  await sql`drop index if exists ${sql.raw(SEARCH_INDEX)}`.execute(db);
  await sql`create index ${sql.raw(SEARCH_INDEX)} on items ${sql.raw(SEARCH_INDEX_COLUMNS)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop index if exists ${sql.raw(SEARCH_INDEX)}`.execute(db);
  await sql`create index ${sql.raw(SEARCH_INDEX)} on items using gin (search_tsv)`.execute(db);
}
