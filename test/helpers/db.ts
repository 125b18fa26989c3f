import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect, type DbHandle, isPostgresUrl } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

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
