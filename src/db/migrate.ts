import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { DB } from './connect.js';
import * as m0001 from './migrations/0001_foundation.js';

/** The one migration set for SQLite and PostgreSQL, in order. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

/**
 * Brings the schema up to date. Kysely's migrator holds a lock for the whole run (an advisory
 * lock on PostgreSQL; on SQLite our transactions begin IMMEDIATE), so processes that start
 * together wait for each other and the second finds nothing left to do.
 */
export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const e = result.error instanceof Error ? result.error : new Error(String(result.error));
    throw new Error(`migration failed: ${e.message}`, { cause: e });
  }
  return result;
}
