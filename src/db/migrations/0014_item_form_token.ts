import type { Kysely } from 'kysely';

// A new item's form carries a one-time token (catalog/service.ts createItem): the same form sent
// twice — a double click on 保存草稿, a resend after a slow answer — makes one draft, not two. The
// unique index decides between two requests that arrive together; NULL (imported items, items made
// before this migration) is never equal to another NULL, on either database.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('form_token', 'text').execute();
  await db.schema.createIndex('items_form_token').on('items').columns(['created_by', 'form_token']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_form_token').execute();
  await db.schema.alterTable('items').dropColumn('form_token').execute();
}
