import { type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { DbHandle } from './connect.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_catalog.js';
import * as m0003 from './migrations/0003_applications.js';
import * as m0004 from './migrations/0004_search.js';
import * as m0005 from './migrations/0005_reports.js';
import * as m0006 from './migrations/0006_reader.js';
import * as m0007 from './migrations/0007_portal_version.js';
import * as m0008 from './migrations/0008_public_by_id.js';
import * as m0009 from './migrations/0009_search_by_date.js';
import * as m0010 from './migrations/0010_fts_bulk.js';
import * as m0011 from './migrations/0011_fts_contentless.js';
import * as m0012 from './migrations/0012_fts_pages.js';
import * as m0013 from './migrations/0013_review_integrity.js';
import * as m0014 from './migrations/0014_item_form_token.js';
import * as m0015 from './migrations/0015_table_cell_tokens.js';
import { isPostgres } from './migrations/helpers.js';

/** The one migration set for SQLite and PostgreSQL, in order. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_catalog': m0002,
  '0003_applications': m0003,
  '0004_search': m0004,
  '0005_reports': m0005,
  '0006_reader': m0006,
  '0007_portal_version': m0007,
  '0008_public_by_id': m0008,
  '0009_search_by_date': m0009,
  '0010_fts_bulk': m0010,
  '0011_fts_contentless': m0011,
  '0012_fts_pages': m0012,
  '0013_review_integrity': m0013,
  '0014_item_form_token': m0014,
  '0015_table_cell_tokens': m0015,
};

/**
 * Brings the schema up to date, holding a lock for the whole run so that processes that start
 * together wait for each other and the second finds nothing left to do. On PostgreSQL Kysely's
 * migrator takes an advisory lock and runs in a transaction. On SQLite it does neither (it counts
 * on there being one connection), so the whole run happens inside our own BEGIN IMMEDIATE: the
 * write lock is held from reading which migrations ran until they are recorded, and a failed
 * migration leaves nothing half-applied.
 */
export function migrateToLatest(handle: Pick<DbHandle, 'db' | 'schema'>): Promise<MigrationResultSet> {
  return migrateTo(handle, undefined);
}

/** Up or down to the named migration (undefined: the latest), as migrateToLatest runs it. */
export async function migrateTo(handle: Pick<DbHandle, 'db' | 'schema'>, target: string | undefined): Promise<MigrationResultSet> {
  // With a schema, Kysely must look for its own tables there, not in any schema of the database.
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
  const run = () => (target === undefined ? migrator.migrateToLatest() : migrator.migrateTo(target));
  let result: MigrationResultSet;
  if (isPostgres(handle.db)) {
    result = await run();
  } else {
    // SQLite has one connection per handle, so these statements and the migrator's share it.
    await sql`begin immediate`.execute(handle.db);
    try {
      result = await run();
    } catch (e) {
      await sql`rollback`.execute(handle.db);
      throw e;
    }
    await sql.raw(result.error ? 'rollback' : 'commit').execute(handle.db);
  }
  if (result.error) {
    const e = result.error instanceof Error ? result.error : new Error(String(result.error));
    throw new Error(`migration failed: ${e.message}`, { cause: e });
  }
  return result;
}
