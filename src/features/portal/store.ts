import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { DB, DbKind } from '../../db/connect.js';
import type { Agency, Database } from '../../db/schema.js';
import { defaultCategories } from '../../domain/catalog.js';
import { orderAsTree, type TreeRow } from '../agencies/store.js';
import type { CategoryNode } from '../catalog/service.js';

// Everything the public portal reads goes through `isPublic`: one definition of what the public may
// see, so a page, a feed, the sitemap, the API and search cannot disagree about a draft.

/**
 * On the portal: published, proactively disclosed (主动公开), and not past the end of a limited
 * disclosure period (公开时限). `today` is the China calendar date (chinaDate).
 */
export function isPublic(today: string) {
  return (eb: ExpressionBuilder<Database, 'items'>) =>
    eb.and([
      eb('items.status', '=', 'published'),
      eb('items.disclosure_mode', '=', 'proactive'),
      eb('items.published_on', 'is not', null),
      eb.or([eb('items.period', '=', 'permanent'), eb.and([eb('items.period', '=', 'limited'), eb('items.period_until', '>=', today)])]),
    ]);
}

/** The columns lists and feeds show. No created_by, no review data: nothing about staff. */
export const listColumns = [
  'items.id',
  'items.agency_id',
  'items.index_no',
  'items.title',
  'items.doc_no',
  'items.issuer',
  'items.written_on',
  'items.published_on',
  'items.category_id',
  'items.summary',
  'items.updated_at',
] as const;

export interface ListedItem {
  id: number;
  agency_id: number;
  index_no: string | null;
  title: string;
  doc_no: string | null;
  issuer: string;
  written_on: string;
  published_on: string;
  category_id: number | null;
  summary: string | null;
  updated_at: string;
}

/** A newest-first position: the last row a page showed. */
export interface Keyset {
  publishedOn: string;
  id: number;
}

/** Rows strictly after `k` in the order published_on desc, id desc. */
export function afterKeyset<O>(q: SelectQueryBuilder<Database, 'items', O>, k: Keyset | null) {
  if (!k) return q;
  return q.where((eb) =>
    eb.or([
      eb('items.published_on', '<', k.publishedOn),
      eb.and([eb('items.published_on', '=', k.publishedOn), eb('items.id', '<', k.id)]),
    ]),
  );
}

export interface ListFilter {
  agencyIds?: readonly number[];
  categoryIds?: readonly number[];
}

/** Public items, newest first, `limit` rows after the keyset. */
export async function latestItems(db: DB, today: string, f: ListFilter, after: Keyset | null, limit: number): Promise<ListedItem[]> {
  if (f.agencyIds?.length === 0 || f.categoryIds?.length === 0) return [];
  let q = db.selectFrom('items').select(listColumns).where(isPublic(today));
  if (f.agencyIds) q = q.where('items.agency_id', 'in', f.agencyIds);
  if (f.categoryIds) q = q.where('items.category_id', 'in', f.categoryIds);
  q = afterKeyset(q, after);
  const rows = await q.orderBy('items.published_on', 'desc').orderBy('items.id', 'desc').limit(limit).execute();
  return rows as ListedItem[];
}

/** One public item with everything its page shows, or undefined when it is not on the portal. */
export async function publicItem(db: DB, today: string, id: number) {
  return db
    .selectFrom('items')
    .select([
      ...listColumns,
      'items.topic',
      'items.disclosure_mode',
      'items.period',
      'items.period_until',
      'items.doc_type',
      'items.validity',
      'items.validity_on',
      'items.body_html',
    ])
    .where('items.id', '=', id)
    .where(isPublic(today))
    .executeTakeFirst();
}

export type PublicItem = NonNullable<Awaited<ReturnType<typeof publicItem>>>;

/** Which of `ids` are on the portal today. */
export async function publicIds(db: DB, today: string, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('items').select('items.id').where('items.id', 'in', ids).where(isPublic(today)).execute();
  return new Set(rows.map((r) => r.id));
}

/** Public items per agency (own items, not the agencies below). */
export async function countsByAgency(db: DB, today: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('items')
    .select(['items.agency_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(isPublic(today))
    .groupBy('items.agency_id')
    .execute();
  return new Map(rows.map((r) => [r.agency_id, Number(r.n)]));
}

/** Every agency in tree order; dissolved ones stay, because what they published stays public. */
export async function agencyTree(db: DB): Promise<TreeRow[]> {
  return orderAsTree(await db.selectFrom('agencies').selectAll().execute());
}

export function findAgencyById(db: DB, id: number): Promise<Agency | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A category node as the portal shows it; `id` is null for the statutory tree of an agency that has not set up its catalog. */
export interface PortalCategory extends Omit<CategoryNode, 'id' | 'parentId'> {
  id: number | null;
  parentId: number | null;
}

/**
 * The agency's catalog tree with public counts (a category counts the items below it too), as
 * catalog/service.categoryTree computes it, but read-only: categoryTree creates the default tree on
 * first use, and a public GET must not write (nor race another request into a second tree). An
 * agency without a tree is shown the statutory one (条例 第二十条, 第二十一条) with no items.
 */
export async function publicCategoryTree(db: DB, agency: Agency, today: string): Promise<PortalCategory[]> {
  const rows = await db.selectFrom('categories').selectAll().where('agency_id', '=', agency.id).orderBy('sort').orderBy('id').execute();
  if (rows.length === 0) {
    const out: PortalCategory[] = [];
    for (const top of defaultCategories(agency.level as 'city')) {
      out.push({ id: null, parentId: null, name: top.name, basis: top.basis, depth: 0, count: 0 });
      for (const c of top.children ?? []) out.push({ id: null, parentId: null, name: c.name, basis: c.basis, depth: 1, count: 0 });
    }
    return out;
  }
  const counts = await db
    .selectFrom('items')
    .select(['items.category_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('items.agency_id', '=', agency.id)
    .where(isPublic(today))
    .groupBy('items.category_id')
    .execute();
  const own = new Map(counts.map((c) => [c.category_id, Number(c.n)]));
  const children = new Map<number | null, typeof rows>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const parent = r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: PortalCategory[] = [];
  const walk = (parent: number | null, depth: number): number => {
    let total = 0;
    for (const r of children.get(parent) ?? []) {
      const node: PortalCategory = { id: r.id, parentId: r.parent_id, name: r.name, basis: r.basis, depth, count: 0 };
      out.push(node);
      node.count = (own.get(r.id) ?? 0) + walk(r.id, depth + 1);
      total += node.count;
    }
    return total;
  };
  walk(null, 0);
  return out;
}

/** The category and every category below it (same agency). */
export async function categorySubtree(db: DB, categoryId: number): Promise<{ agencyId: number; ids: number[]; name: string } | null> {
  const c = await db.selectFrom('categories').select(['id', 'agency_id', 'name']).where('id', '=', categoryId).executeTakeFirst();
  if (!c) return null;
  const all = await db.selectFrom('categories').select(['id', 'parent_id']).where('agency_id', '=', c.agency_id).execute();
  const kids = new Map<number, number[]>();
  for (const r of all) if (r.parent_id !== null) kids.set(r.parent_id, [...(kids.get(r.parent_id) ?? []), r.id]);
  const ids: number[] = [];
  const seen = new Set<number>();
  const stack = [c.id];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
    stack.push(...(kids.get(id) ?? []));
  }
  return { agencyId: c.agency_id, ids, name: c.name };
}

/** A category's path from the top of its tree, for breadcrumbs and 主题分类. */
export async function categoryPath(db: DB, categoryId: number | null): Promise<{ id: number; name: string }[]> {
  if (categoryId === null) return [];
  // The agency's whole tree in one query (the item page runs this on every view).
  const all = await db
    .selectFrom('categories')
    .select(['id', 'parent_id', 'name'])
    .where('agency_id', '=', (eb) => eb.selectFrom('categories as c').select('c.agency_id').where('c.id', '=', categoryId))
    .execute();
  const byId = new Map(all.map((r) => [r.id, r]));
  const path: { id: number; name: string }[] = [];
  let at = byId.get(categoryId);
  while (at && path.length < 32) {
    path.unshift({ id: at.id, name: at.name });
    at = at.parent_id === null ? undefined : byId.get(at.parent_id);
  }
  return path;
}

export async function categoryNames(db: DB, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('categories').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function agencyNames(db: DB, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Attachments of an item (the caller has checked that the item is public). */
export function attachmentsOf(db: DB, itemId: number) {
  return db.selectFrom('item_attachments').select(['id', 'name', 'mime', 'size']).where('item_id', '=', itemId).orderBy('id').execute();
}

/** An attachment with its bytes, only when its item is on the portal today. */
export function publicAttachment(db: DB, today: string, attachmentId: number) {
  return db
    .selectFrom('item_attachments')
    .innerJoin('items', 'items.id', 'item_attachments.item_id')
    .innerJoin('blobs', 'blobs.sha256', 'item_attachments.sha256')
    .select([
      'item_attachments.id',
      'item_attachments.name',
      'item_attachments.mime',
      'item_attachments.size',
      'blobs.data',
      'blobs.sha256',
    ])
    .where('item_attachments.id', '=', attachmentId)
    .where(isPublic(today))
    .executeTakeFirst();
}

/** Views of a target over all days, as flushed so far. */
/**
 * The portal's data version on SQLite (migration 0007: moved by triggers on every write to what a
 * portal page shows), null on PostgreSQL. Read it before the data it stands for.
 */
export async function portalVersion(ctx: { db: DB; dbKind: DbKind }): Promise<number | null> {
  if (ctx.dbKind !== 'sqlite') return null;
  const r = await sql<{ version: number }>`select version from portal_version where id = 1`.execute(ctx.db);
  return r.rows[0]?.version ?? null;
}

export async function storedViews(db: DB, target: string): Promise<number> {
  const r = await db
    .selectFrom('view_counts')
    .select((eb) => eb.fn.sum<number | string | null>('count').as('n'))
    .where('target', '=', target)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The largest id of agencies or items (0 when empty), for cutting the sitemap into id ranges. */
export async function largestId(db: DB, table: 'agencies' | 'items'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function countPublic(db: DB, today: string): Promise<number> {
  const r = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(isPublic(today))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Public items with ids in [from, to], for one sitemap file. */
export function publicItemsInIdRange(db: DB, today: string, from: number, to: number) {
  return db
    .selectFrom('items')
    .select(['items.id', 'items.published_on', 'items.updated_at'])
    .where(isPublic(today))
    .where('items.id', '>=', from)
    .where('items.id', '<=', to)
    .orderBy('items.id')
    .execute();
}
