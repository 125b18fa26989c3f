import type { FastifyRequest } from 'fastify';

/** A form's fields without the CSRF token. */
export function formFields(req: FastifyRequest): Record<string, unknown> {
  const { _csrf: _, ...rest } = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  return rest;
}

/** A numeric route parameter (the access check has already refused what is not a positive id). */
export const numParam = (req: FastifyRequest, name: string) => Number((req.params as Record<string, string>)[name]);

/**
 * The coarse per-address flood guard on every route (app.ts), in one place because the public
 * API's OpenAPI document states it.
 */
export const RATE_LIMIT = { max: 600, timeWindow: 60_000 } as const; // requests per address, per window (ms)
