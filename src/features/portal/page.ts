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
 * same. The key says what the page was rendered from: on SQLite the portal's data version (the
 * counter the triggers of migration 0007 move on every write to the tables a page shows) with the
 * URL and the day; on PostgreSQL the data itself, read for this request. So a change to an item,
 * its agency, category, attachments or links, or its leaving the portal, gives a new key: nothing
 * stale can be served, and several processes need nothing shared. What changes on every view is
 * rendered as SLOT and filled in. Rendering (preact, and sanitizing the body again) was most of an
 * item page's cost, and on SQLite a reused page reads one row instead of the page's data.
 */
export class RenderedPages {
  /** key → the page cut at its last SLOT ([whole page] when it has none). */
  readonly #pages = new Map<string, [string] | [string, string]>();
  constructor(private readonly max = 2_000) {}

  /** The page stored under `key`, with `fill` in place of its last SLOT, or undefined. */
  get(key: string, fill: string): string | undefined {
    const parts = this.#pages.get(key);
    if (!parts) return undefined;
    // Most recently used last, so that the first key is the one to evict.
    this.#pages.delete(key);
    this.#pages.set(key, parts);
    return join(parts, fill);
  }

  /** Renders, stores under `key` and returns the page with `fill` in place of its last SLOT. */
  put(key: string, html: string, fill: string): string {
    // The last one: a SLOT typed into the content comes before the count.
    const at = html.lastIndexOf(SLOT);
    const parts: [string] | [string, string] = at < 0 ? [html] : [html.slice(0, at), html.slice(at + SLOT.length)];
    this.#pages.delete(key);
    if (this.#pages.size >= this.max) this.#pages.delete(this.#pages.keys().next().value!);
    this.#pages.set(key, parts);
    return join(parts, fill);
  }
}

const join = (parts: [string] | [string, string], fill: string) => (parts.length === 1 ? parts[0] : parts[0] + fill + parts[1]);

/** What memoPage renders and how the page is identified. */
export interface Memo<D> {
  /** The portal's data version (store.portalVersion), read before `load`; null where there is none. */
  version: number | null;
  /** The day the page is shown on: what is public depends on it (限时公开). */
  day: string;
  /** Everything the view reads besides the request's URL. */
  load: () => Promise<D>;
  view: (pe: PortalEnv, d: D, slot: string) => VNode;
  /** What stands in the page's last SLOT on this view. */
  fill: string;
}

/**
 * `page`, memoized in `pages` for anonymous readers of the simplified page with no notice to show
 * (signed-in staff see their own navigation; 繁體 pages are converted after rendering). The view
 * must not write a form that posts (its CSRF token would be someone else's).
 */
export async function memoPage<D>(req: FastifyRequest, reply: FastifyReply, pages: RenderedPages, m: Memo<D>) {
  const tw = wantsTraditional(req.query);
  if (tw || req.ctx.principal.kind !== 'anonymous' || req.cookies[NOTICE_COOKIE]) {
    const d = await m.load();
    return page(req, reply, 200, (pe) => m.view(pe, d, m.fill));
  }
  const send = (html: string) => reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  const versioned = m.version === null ? null : JSON.stringify([req.url, m.version, m.day]);
  const hit = versioned === null ? undefined : pages.get(versioned, m.fill);
  if (hit !== undefined) return send(hit);
  const d = await m.load();
  const key = versioned ?? JSON.stringify([req.url, m.day, d]);
  const cached = versioned === null ? pages.get(key, m.fill) : undefined;
  if (cached !== undefined) return send(cached);
  const env: PageEnv = {
    user: null,
    get csrfToken(): string {
      throw new Error('a memoized page cannot hold a form that posts');
    },
    notice: null,
    path: req.url.split('?')[0] ?? '/',
  };
  return send(pages.put(key, renderPage(m.view({ env, tw, url: req.url }, d, SLOT)), m.fill));
}
