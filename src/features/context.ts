import type { DB, DbKind } from '../db/connect.js';
import type { Actor } from './audit/service.js';

/** The signed-in staff member, as loaded from the session. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  agencyId: number;
  isPlatformAdmin: boolean;
  mustChangePassword: boolean;
  sessionId: string;
}

/**
 * Who is acting, on which database. `system` is the command line and first-start seeding: it may do
 * anything. `anonymous` is the public.
 */
export type Principal = { kind: 'system' } | { kind: 'anonymous' } | { kind: 'user'; user: CurrentUser };

export interface Ctx {
  db: DB;
  dbKind: DbKind;
  principal: Principal;
  actor: Actor;
  now: () => Date;
}

export function userOf(ctx: Ctx): CurrentUser | null {
  return ctx.principal.kind === 'user' ? ctx.principal.user : null;
}
