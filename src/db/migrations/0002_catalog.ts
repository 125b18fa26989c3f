import { type Kysely, sql } from 'kysely';
import { isPostgres, types, withId } from './helpers.js';

// Proactive disclosure: the working-day calendar's admin-entered years, agency settings (公开指南,
// 索引号 scheme, review chain), the catalog tree, items with their review, attachments stored by
// content hash, links between items, search, and visit counts.
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  const pg = isPostgres(db);

  // Years an admin added or corrected; they replace the shipped data for that year.
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();

  await db.schema
    .createTable('agency_settings')
    .addColumn('agency_id', 'integer', (c) => c.primaryKey().references('agencies.id'))
    .addColumn('office_name', 'text')
    .addColumn('address', 'text')
    .addColumn('office_hours', 'text')
    .addColumn('phone', 'text')
    .addColumn('fax', 'text')
    .addColumn('internet_contact', 'text')
    .addColumn('how_to_apply', 'text')
    .addColumn('catalog_arrangement', 'text')
    .addColumn('index_scheme', 'text')
    .addColumn('review_chain', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('categories'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basis', 'text')
    .addColumn('default_key', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('categories_agency').on('categories').columns(['agency_id', 'parent_id', 'sort']).execute();

  // One counter per agency and scope (for example a year): serials are never reused.
  await db.schema
    .createTable('index_counters')
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('index_counters_pk', ['agency_id', 'scope'])
    .execute();

  await withId(db, db.schema.createTable('items'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('index_no', 'text', (c) => c.unique())
    .addColumn('index_imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('written_on', t.date, (c) => c.notNull())
    .addColumn('published_on', t.date)
    .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
    .addColumn('topic', 'text')
    .addColumn('disclosure_mode', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_until', t.date)
    .addColumn('doc_type', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('validity', 'text')
    .addColumn('validity_on', t.date)
    .addColumn('summary', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_tokens', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('items_agency_published').on('items').columns(['agency_id', 'status', 'published_on', 'id']).execute();
  await db.schema.createIndex('items_published').on('items').columns(['status', 'published_on', 'id']).execute();
  await db.schema.createIndex('items_category').on('items').columns(['category_id', 'status', 'published_on']).execute();
  await db.schema.createIndex('items_doc_no').on('items').column('doc_no').execute();

  if (pg) {
    await sql`alter table items add column search_tsv tsvector generated always as (to_tsvector('simple', search_tokens)) stored`.execute(
      db,
    );
    await sql`create index items_search on items using gin (search_tsv)`.execute(db);
  } else {
    // External-content FTS5 over the pre-tokenized column (bigrams from src/domain/text), kept in
    // step by triggers so that every write path indexes the same way.
    await sql`create virtual table items_fts using fts5(search_tokens, content='items', content_rowid='id', tokenize='unicode61', prefix='1')`.execute(
      db,
    );
    await sql`create trigger items_fts_ai after insert on items begin
      insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens); end`.execute(db);
    await createFtsChangeTriggers(db);
  }

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('item_attachments'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_attachments_item').on('item_attachments').column('item_id').execute();

  await db.schema
    .createTable('item_links')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('items.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_links_pk', ['item_id', 'related_id', 'kind'])
    .execute();

  await withId(db, db.schema.createTable('item_reviews'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('step_name', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('flags_acknowledged', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_reviews_item').on('item_reviews').columns(['item_id', 'round', 'step']).execute();

  // Visits are counted in memory and flushed in batches: no write per page view.
  await db.schema
    .createTable('view_counts')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('day', t.date, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('view_counts_pk', ['target', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const tr of ['items_fts_ai', 'items_fts_ad', 'items_fts_au']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
    await sql`drop table if exists items_fts`.execute(db);
  }
  for (const table of [
    'view_counts',
    'item_reviews',
    'item_links',
    'item_attachments',
    'blobs',
    'items',
    'index_counters',
    'categories',
    'agency_settings',
    'calendar_years',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

/** The external-content index's delete and update triggers (SQLite); 0011's down puts them back. */
export async function createFtsChangeTriggers(db: Kysely<any>): Promise<void> {
  await sql`create trigger items_fts_ad after delete on items begin
    insert into items_fts(items_fts, rowid, search_tokens) values ('delete', old.id, old.search_tokens); end`.execute(db);
  await sql`create trigger items_fts_au after update of search_tokens on items begin
    insert into items_fts(items_fts, rowid, search_tokens) values ('delete', old.id, old.search_tokens);
    insert into items_fts(rowid, search_tokens) values (new.id, new.search_tokens); end`.execute(db);
}
