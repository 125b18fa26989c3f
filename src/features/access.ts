import { type Capability, type Role, roleCapabilities, subtreeRoles } from '../domain/roles.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { ancestorIds, findAgency, subtreeIds } from './agencies/store.js';
import { type Ctx, userOf } from './context.js';

/**
 * The one place that decides whether the acting principal may read or manage an agency's data.
 * A grant applies to its own agency; admin and supervisor grants also reach every agency below.
 */
export async function can(ctx: Ctx, capability: Capability, agencyId: number): Promise<boolean> {
  if (ctx.principal.kind === 'system') return true;
  const user = userOf(ctx);
  if (!user) return false;
  if (user.isPlatformAdmin) return true;
  const grants = await ctx.db.selectFrom('grants').select(['agency_id', 'role']).where('user_id', '=', user.id).execute();
  const relevant = grants.filter((g) => roleCapabilities[g.role as Role]?.includes(capability));
  if (relevant.some((g) => g.agency_id === agencyId)) return true;
  const reaching = relevant.filter((g) => subtreeRoles.includes(g.role as Role));
  if (reaching.length === 0) return false;
  const above = new Set(await ancestorIds(ctx.db, agencyId));
  return reaching.some((g) => above.has(g.agency_id));
}

/** Throws 404 if the agency does not exist, 403 if the principal may not act on it. */
export async function requireAgency(ctx: Ctx, capability: Capability, agencyId: number): Promise<void> {
  if (!(await findAgency(ctx.db, agencyId))) throw new NotFoundError('找不到该机关');
  if (!(await can(ctx, capability, agencyId)))
    throw new ForbiddenError(capability === 'manage' ? '您没有管理该机关的权限' : '您没有查看该机关的权限');
}

/** Every agency id the principal may act on with this capability; 'all' for platform admins. */
export async function scope(ctx: Ctx, capability: Capability): Promise<Set<number> | 'all'> {
  if (ctx.principal.kind === 'system') return 'all';
  const user = userOf(ctx);
  if (!user) return new Set();
  if (user.isPlatformAdmin) return 'all';
  const grants = await ctx.db.selectFrom('grants').select(['agency_id', 'role']).where('user_id', '=', user.id).execute();
  const relevant = grants.filter((g) => roleCapabilities[g.role as Role]?.includes(capability));
  const ids = new Set(relevant.map((g) => g.agency_id));
  const roots = relevant.filter((g) => subtreeRoles.includes(g.role as Role)).map((g) => g.agency_id);
  for (const id of await subtreeIds(ctx.db, roots)) ids.add(id);
  return ids;
}

export function inScope(s: Set<number> | 'all', agencyId: number): boolean {
  return s === 'all' || s.has(agencyId);
}

export function requireUser(ctx: Ctx) {
  const u = userOf(ctx);
  if (!u) throw new ForbiddenError('请先登录');
  return u;
}

/** The command line and platform admins manage the top of the tree (agencies with no parent). */
export function isPlatformAdmin(ctx: Ctx): boolean {
  return ctx.principal.kind === 'system' || (ctx.principal.kind === 'user' && ctx.principal.user.isPlatformAdmin);
}
