import type { Kysely } from 'kysely';

// The confidentiality review (保密审查, catalog/service.ts reviewItem) holds under concurrent
// requests and settings changes:
// - items.review_chain: the agency's chain as it stood when the item was submitted, so that a
//   chain edited while items are in review applies to the next submissions only (an item at the
//   third of three steps was stranded when the chain became two steps). Null for items submitted
//   before this migration: they follow the agency's current chain, as before.
// - one decision per step and one per reviewer in each round, enforced by the database: two
//   approvals posted at the same moment (a double click, or two reviewers at once) could both pass
//   the checks made before the write, publishing twice or filling several steps with one person.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('review_chain', 'text').execute();
  await db.schema.dropIndex('item_reviews_item').execute();
  await db.schema.createIndex('item_reviews_step').on('item_reviews').columns(['item_id', 'round', 'step']).unique().execute();
  await db.schema.createIndex('item_reviews_reviewer').on('item_reviews').columns(['item_id', 'round', 'reviewer_id']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('item_reviews_reviewer').execute();
  await db.schema.dropIndex('item_reviews_step').execute();
  await db.schema.createIndex('item_reviews_item').on('item_reviews').columns(['item_id', 'round', 'step']).execute();
  await db.schema.alterTable('items').dropColumn('review_chain').execute();
}
