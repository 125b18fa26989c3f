import {
  type ColumnDataType,
  type CreateTableBuilder,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  PostgresAdapter,
  type SqlBool,
} from 'kysely';

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

/**
 * Computes every item's search tokens again into items.search_tokens, 500 items at a time, or only
 * those `only` picks. On SQLite at 0011 or later the update trigger moves them into the index; on
 * PostgreSQL the generated tsvector follows.
 */
export async function recomputeSearchTokens(
  db: Kysely<any>,
  only?: (eb: ExpressionBuilder<any, 'items'>) => Expression<SqlBool>,
): Promise<void> {
  const { searchTokensOf } = await import('../../features/catalog/service.js');
  for (let after = 0; ; ) {
    let q = db.selectFrom('items').select(['id', 'title', 'doc_no', 'summary', 'body_html']).where('id', '>', after);
    if (only) q = q.where(only);
    const rows = await q.orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    for (const r of rows)
      await db
        .updateTable('items')
        .set({ search_tokens: searchTokensOf(r.title, r.doc_no, r.summary, r.body_html) })
        .where('id', '=', r.id)
        .execute();
    after = rows[rows.length - 1]!.id;
  }
}
