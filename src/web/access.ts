import type { Capability } from '../domain/roles.js';
import type { Ctx } from '../features/context.js';

/**
 * Every route declares who may call it; a route without a declaration cannot be registered.
 * - public: anyone, signed in or not;
 * - signedIn: any staff member (the page shows only what their grants allow);
 * - agency: the route parameter names an agency the user must be able to read or manage;
 * - object: the route parameter names another object; `agencyOf` finds the agency it belongs to.
 */
export type Access =
  | { public: true }
  | { signedIn: true; allowPendingPasswordChange?: boolean }
  | { agency: { param: string; capability: Capability } }
  | { object: { param: string; capability: Capability; agencyOf: (ctx: Ctx, id: number) => Promise<number> } };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
