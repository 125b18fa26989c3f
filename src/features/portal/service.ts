import type { Agency } from '../../db/schema.js';
import { chinaDate } from '../../domain/time.js';
import { NotFoundError } from '../../errors.js';
import { itemLinks } from '../catalog/service.js';
import type { Ctx } from '../context.js';
import { attachmentsOf, categoryPath, findAgencyById, publicIds, publicItem } from './store.js';
import type { ItemPageData } from './views.js';

// Use cases of the public portal. Nobody signs in for these, and nothing here depends on who is
// asking: a staff member sees on the portal exactly what the public sees.

export const today = (ctx: Ctx) => chinaDate(ctx.now());

/** A positive integer route parameter, or 404: /gk/abc is a page that does not exist. */
export function idParam(params: unknown, name: string): number {
  const raw = (params as Record<string, string>)[name];
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) throw new NotFoundError();
  return Number(raw);
}

export async function portalAgency(ctx: Ctx, id: number): Promise<Agency> {
  const a = await findAgencyById(ctx.db, id);
  if (!a) throw new NotFoundError('找不到该机关');
  return a;
}

/** Everything the item page and the item API show, or 404 when the item is not on the portal. */
export async function publicItemPage(ctx: Ctx, itemId: number): Promise<Omit<ItemPageData, 'views'>> {
  const day = today(ctx);
  const item = await publicItem(ctx.db, day, itemId);
  if (!item) throw new NotFoundError('找不到该政府信息，或该信息未公开');
  const [agency, path, attachments, links] = await Promise.all([
    portalAgency(ctx, item.agency_id),
    categoryPath(ctx.db, item.category_id),
    attachmentsOf(ctx.db, item.id),
    itemLinks(ctx.db, item.id),
  ]);
  // A link may point at a draft, a withheld or an expired item: show only what is public itself.
  const visible = await publicIds(
    ctx.db,
    day,
    [...links.interpretations, ...links.interprets].map((l) => l.id),
  );
  const pick = (ls: { id: number; title: string }[]) => ls.filter((l) => visible.has(l.id)).map((l) => ({ id: l.id, title: l.title }));
  return {
    item,
    agency,
    categoryPath: path,
    attachments,
    interpretations: pick(links.interpretations),
    interprets: pick(links.interprets),
  };
}
