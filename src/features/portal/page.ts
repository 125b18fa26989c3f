import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { PageEnv } from '../../web/ui.js';
import { wantsTraditional } from './script.js';
import type { PortalEnv } from './views.js';

/** Renders a portal page in the shared layout, telling the view the script and the URL it is on. */
export function page(req: FastifyRequest, reply: FastifyReply, status: number, view: (pe: PortalEnv) => VNode) {
  const tw = wantsTraditional(req.query);
  return reply.page(status, (env: PageEnv) => view({ env, tw, url: req.url }));
}
