import { type ColumnDataType, type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

/** One migration set serves both databases; these pick the right column types for each. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function types(db: Kysely<any>) {
  const pg = isPostgres(db);
  return {
    /** An instant, ISO-8601 UTC. */
    instant: (pg ? 'timestamptz' : 'text') as ColumnDataType,
    /** A calendar date YYYY-MM-DD. */
    date: (pg ? 'date' : 'text') as ColumnDataType,
    bigint: 'bigint' as ColumnDataType,
  };
}

export function withId<T extends string>(db: Kysely<any>, t: CreateTableBuilder<T, never>) {
  return isPostgres(db)
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** FTS5's leaf size for a SQLite page size: the page less 46 bytes (4,050 for 4,096, FTS5's own default). */
export function ftsLeafBytes(pageSize: number): number {
  return pageSize - 46;
}
