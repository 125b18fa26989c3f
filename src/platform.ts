import type { Config } from './config.js';
import { connect, type DbHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { Actor } from './features/audit/service.js';
import type { Ctx } from './features/context.js';

/** Opens the configured database and brings its schema up to date. */
export async function openPlatform(config: Pick<Config, 'databaseUrl' | 'sqliteFile'>): Promise<DbHandle> {
  const handle = await connect({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    schema: process.env.GONGKAI_DATABASE_SCHEMA,
  });
  try {
    await migrateToLatest(handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

/** A context with full rights, for the command line and first-start seeding. */
export function systemCtx(handle: DbHandle, actor: Actor): Ctx {
  return { db: handle.db, dbKind: handle.kind, principal: { kind: 'system' }, actor, now: () => new Date() };
}
