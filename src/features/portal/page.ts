import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { NOTICE_COOKIE } from '../../web/app.js';
import { type PageEnv, renderPage } from '../../web/ui.js';
import { wantsTraditional } from './script.js';
import type { PortalEnv } from './views.js';

/** Renders a portal page in the shared layout, telling the view the script and the URL it is on. */
export function page(req: FastifyRequest, reply: FastifyReply, status: number, view: (pe: PortalEnv) => VNode) {
  const tw = wantsTraditional(req.query);
  return reply.page(status, (env: PageEnv) => view({ env, tw, url: req.url }));
}

/** Stands in a memoized page for what changes on every view (the view count); see RenderedPages. */
export const SLOT = '\uE000gk-slot\uE000';

/**
 * Portal pages as rendered for anonymous readers, reused while what they are made of stays the
 * same. The key is everything a page is rendered from — the URL (script, links) and the data read
 * from the database for this request — so a change to an item, its agency, category, attachments
 * or links, or its leaving the portal, gives a new key: nothing stale can be served, and several
 * processes need nothing shared. What changes on every view is rendered as SLOT and filled in.
 * Rendering (preact, and sanitizing the body again) was most of an item page's cost.
 */
export class RenderedPages {
  /** key → the page cut at its last SLOT ([whole page] when it has none). */
  readonly #pages = new Map<string, [string] | [string, string]>();
  constructor(private readonly max = 2_000) {}

  /** The page, with `fill` in place of the last SLOT; `render` runs on a miss. */
  page(key: string, render: () => string, fill: string): string {
    let parts = this.#pages.get(key);
    if (parts) {
      // Most recently used last, so that the first key is the one to evict.
      this.#pages.delete(key);
    } else {
      const html = render();
      // The last one: a SLOT typed into the content comes before the count.
      const at = html.lastIndexOf(SLOT);
      parts = at < 0 ? [html] : [html.slice(0, at), html.slice(at + SLOT.length)];
      if (this.#pages.size >= this.max) this.#pages.delete(this.#pages.keys().next().value!);
    }
    this.#pages.set(key, parts);
    return parts.length === 1 ? parts[0] : parts[0] + fill + parts[1];
  }

  get size(): number {
    return this.#pages.size;
  }
}

/**
 * `page`, memoized in `pages` for anonymous readers of the simplified page with no notice to show
 * (signed-in staff see their own navigation; 繁體 pages are converted after rendering). `inputs`
 * must hold everything the view reads besides the request's URL; the view must not write a form
 * that posts (its CSRF token would be someone else's).
 */
export function memoPage(
  req: FastifyRequest,
  reply: FastifyReply,
  pages: RenderedPages,
  inputs: unknown,
  view: (pe: PortalEnv, slot: string) => VNode,
  fill: string,
) {
  const tw = wantsTraditional(req.query);
  if (tw || req.ctx.principal.kind !== 'anonymous' || req.cookies[NOTICE_COOKIE]) return page(req, reply, 200, (pe) => view(pe, fill));
  const html = pages.page(
    JSON.stringify([req.url, inputs]),
    () => {
      const env: PageEnv = {
        user: null,
        get csrfToken(): string {
          throw new Error('a memoized page cannot hold a form that posts');
        },
        notice: null,
        path: req.url.split('?')[0] ?? '/',
      };
      return renderPage(view({ env, tw, url: req.url }, SLOT));
    },
    fill,
  );
  return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
