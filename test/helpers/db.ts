import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type DbHandle, isPostgresUrl } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ftsMatch, tsQuery } from '../../src/domain/text.js';

/** An empty SQLite file as the platform made them before 16 KB pages: 4 KB pages, WAL (nothing migrated). */
export function oldSqliteFile(file: string): void {
  const old = new BetterSqlite3(file);
  old.pragma('page_size = 4096');
  old.pragma('journal_mode = WAL');
  old.close();
}

/** The database the suite runs against: PostgreSQL when GONGKAI_DATABASE_URL is set, else SQLite. */
export const databaseUrl = process.env.GONGKAI_DATABASE_URL || undefined;
export const onPostgres = isPostgresUrl(databaseUrl);

export interface TestDb {
  handle: DbHandle;
  /** Environment for a child `gongkai` process that should use this same database. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database of its own: a new schema on PostgreSQL, a new file on SQLite.
 * Tests in parallel never see each other's rows.
 */
export async function testDb(): Promise<TestDb> {
  if (onPostgres) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const handle = await connect({ databaseUrl, schema, poolSize: 5 });
    const dropSchema = async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
    try {
      await migrateToLatest(handle);
    } catch (e) {
      // A failed migration must not leave its schema behind in the shared database.
      await handle.close();
      await dropSchema();
      throw e;
    }
    return {
      handle,
      env: { GONGKAI_DATABASE_URL: databaseUrl!, GONGKAI_DATABASE_SCHEMA: schema },
      async cleanup() {
        await handle.close();
        await dropSchema();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  const file = join(dir, 'test.sqlite');
  const handle = await connect({ sqliteFile: file });
  await migrateToLatest(handle);
  return {
    handle,
    env: { GONGKAI_DATA_DIR: dir, GONGKAI_SQLITE_FILE: file, GONGKAI_DATABASE_URL: '' },
    async cleanup() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The tokens the search index holds for an item, in order: PostgreSQL's items.search_tokens; on
 * SQLite, where the column is empty and only the contentless FTS5 index keeps them (migration
 * 0011), read back term by term through an fts5vocab table.
 */
export async function indexedTokens(handle: DbHandle, itemId: number): Promise<string> {
  if (handle.kind === 'postgres') {
    const r = await handle.db.selectFrom('items').select('search_tokens').where('id', '=', itemId).executeTakeFirstOrThrow();
    return r.search_tokens;
  }
  await sql`create virtual table if not exists temp.items_fts_terms using fts5vocab(main, items_fts, instance)`.execute(handle.db);
  const r = await sql<{ term: string }>`select term from temp.items_fts_terms where doc = ${itemId} order by offset`.execute(handle.db);
  return r.rows.map((t) => t.term).join(' ');
}

/** Item ids that the platform's full-text index finds for a query, on either database, by id. */
export async function indexedIds(handle: DbHandle, q: string): Promise<number[]> {
  const r =
    handle.kind === 'postgres'
      ? await sql<{ id: number }>`select id from items where search_tsv @@ to_tsquery('simple', ${tsQuery(q)}) order by id`.execute(
          handle.db,
        )
      : await sql<{ id: number }>`select rowid as id from items_fts where items_fts match ${ftsMatch(q)} order by rowid`.execute(handle.db);
  return r.rows.map((x) => Number(x.id));
}
