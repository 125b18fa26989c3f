import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type ColumnMetadata,
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  Kysely,
  PostgresDialect,
  PostgresIntrospector,
  SqliteDialect,
  SqliteDriver,
  sql,
  type TableMetadata,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DB = Kysely<Database>;
export type DbKind = 'sqlite' | 'postgres';

export interface DbHandle {
  db: DB;
  kind: DbKind;
  /** The embedded database, for online backup; undefined on PostgreSQL. */
  sqlite?: BetterSqlite3.Database;
  /** The PostgreSQL schema in use when one was asked for (tests, several platforms in one database). */
  schema?: string;
  /** A description without secrets, for logs and `gongkai` messages. */
  describe: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each run its own); created if missing. */
  schema?: string;
  poolSize?: number;
}

/**
 * SQLite runs every transaction as BEGIN IMMEDIATE: the write lock is taken at the start, so two
 * processes on one file (server and CLI, or two servers starting) queue on busy_timeout instead of
 * failing with SQLITE_BUSY halfway through a read-then-write transaction.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Prepared statements kept per connection: enough for every query the platform writes. */
const STATEMENT_CACHE = 300;

/**
 * The connection as Kysely sees it, with its prepared statements reused. Kysely prepares every
 * query it runs, and preparing costs as much as running a small indexed query (an item page runs
 * seven). Statements are keyed by their SQL text, values being bound separately; one that is
 * still being iterated is not handed out again. SQLite re-prepares a cached statement by itself
 * when the schema changes.
 */
function cachingStatements(sqlite: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): BetterSqlite3.Statement {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        // Most recently used last, so that the oldest is the first key.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const stmt = sqlite.prepare(text);
      if (!cached) {
        cache.set(text, stmt);
        if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

/** The page size of a new SQLite file (`gongkai compact` converts an older file to it). */
export const SQLITE_PAGE_SIZE = 16384;

/** SQLite's page cache per connection, in MB. */
export const SQLITE_CACHE_MB = 128;

export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // busy_timeout first: switching a new file to WAL needs a lock that another process opening the
  // same file (two `gongkai` commands started together) may hold for a moment.
  sqlite.pragma('busy_timeout = 15000');
  // A new file gets 16 KB pages (SQLite's default is 4 KB; an existing file keeps its size, which
  // in WAL mode cannot change but `gongkai compact` converts). An item (~2 KB of text and markup) and the full-text index's
  // leaves fit them with less B-tree overhead: a bare writer of 200,000 benchmark rows spent 184
  // instead of 271 µs a row (migration 0012 sizes the index's leaves to the page).
  sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // Page cache of SQLITE_CACHE_MB (2 MB by default in SQLite). Search checks thousands of matches
  // against indexes spread over the whole file; with the default each check was a read from the
  // operating system: counting 10,001 matches of 审计 over 1M items took 17 ms, 4 ms with 64 MB.
  // Pages are taken as they are needed, so a small database costs no more.
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_MB * 1024}`);
  return sqlite;
}

/**
 * Kysely's migrator asks the introspector whether its own tables exist. The stock PostgreSQL
 * introspector reads every schema in the database and calls has_schema_privilege() by name on
 * each, which fails ("schema … does not exist") if some other schema is dropped at that moment —
 * tests drop theirs all the time, and several platforms may share one database. This one looks
 * only at the schemas on the search path, which is also all that the platform uses.
 */
class SearchPathIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<unknown>;
  constructor(db: Kysely<unknown>) {
    super(db);
    this.#db = db;
  }
  override async getTables(options: { withInternalKyselyTables?: boolean } = {}): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      schema: string;
      table: string;
      kind: string;
      column: string;
      not_null: boolean;
      has_default: boolean;
      type: string;
      type_schema: string;
      comment: string | null;
      auto_incrementing: string | null;
    }>`
      select ns.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column,
             a.attnotnull as not_null, a.atthasdef as has_default, typ.typname as type, dtns.nspname as type_schema,
             col_description(a.attrelid, a.attnum) as comment,
             pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) as auto_incrementing
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on a.attrelid = c.oid
      join pg_catalog.pg_namespace ns on c.relnamespace = ns.oid
      join pg_catalog.pg_type typ on a.atttypid = typ.oid
      join pg_catalog.pg_namespace dtns on typ.typnamespace = dtns.oid
      where c.relkind in ('r', 'v', 'p') and ns.nspname = any(current_schemas(false))
        and a.attnum >= 0 and not a.attisdropped
        ${options.withInternalKyselyTables ? sql`` : sql`and c.relname not in ('kysely_migration', 'kysely_migration_lock')`}
      order by ns.nspname, c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<string, TableMetadata & { columns: ColumnMetadata[] }>();
    for (const r of rows) {
      const key = `${r.schema}.${r.table}`;
      let t = tables.get(key);
      if (!t) {
        t = { name: r.table, schema: r.schema, isView: r.kind === 'v', columns: [] };
        tables.set(key, t);
      }
      t.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.auto_incrementing !== null,
        ...(r.comment == null ? {} : { comment: r.comment }),
      });
    }
    return [...tables.values()];
  }
}

class SearchPathPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}

// Return timestamps as ISO strings, dates as 'YYYY-MM-DD' and bigints as numbers, so that rows look
// the same on both databases.
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 1184 || oid === 1114) return (v: string) => new Date(oid === 1114 ? `${v}Z` : v).toISOString();
    if (oid === 1082) return (v: string) => v;
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function connect(opts: ConnectOptions): Promise<DbHandle> {
  if (isPostgresUrl(opts.databaseUrl)) {
    const schema = opts.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    if (schema) {
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      try {
        await c.query(`create schema if not exists ${schema}`);
      } catch (e) {
        // Two processes creating the same schema at once: "if not exists" does not stop the loser
        // from failing on pg_namespace's unique index. The schema exists all the same.
        const code = (e as { code?: string }).code;
        if (code !== '23505' && code !== '42P06') throw e;
      } finally {
        await c.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      types: pgTypes,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool }) });
    const u = new URL(opts.databaseUrl);
    return {
      db,
      kind: 'postgres',
      ...(schema ? { schema } : {}),
      describe: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}${schema ? ` (schema ${schema})` : ''}`,
      close: () => db.destroy(),
    };
  }
  if (opts.databaseUrl) throw new Error('GONGKAI_DATABASE_URL must start with postgres:// (leave it unset for SQLite)');
  const file = opts.sqliteFile ?? ':memory:';
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
  return { db, kind: 'sqlite', sqlite, describe: `SQLite ${file}`, close: () => db.destroy() };
}
