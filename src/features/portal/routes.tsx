import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbHandle } from '../../db/connect.js';
import { chinaDate } from '../../domain/time.js';
import { InputError, NotFoundError } from '../../errors.js';
import { loadSettings } from '../catalog/service.js';
import { ReportList } from '../reports/publicViews.js';
import { publishedReports } from '../reports/service.js';
import { registerSearchRoutes } from '../search/routes.js';
import { registerPublicApi } from './api.js';
import { memoPage, page, RenderedPages } from './page.js';
import { portalUrl, traditionalHtml, wantsTraditional } from './script.js';
import { idParam, portalAgency, publicItemPage, today } from './service.js';
import {
  agencyNames,
  agencyTree,
  categoryPath,
  categorySubtree,
  countPublic,
  countsByAgency,
  type Keyset,
  type ListedItem,
  largestId,
  latestItems,
  portalVersion,
  publicAttachment,
  publicCategoryTree,
  publicItemsInIdRange,
  storedViews,
} from './store.js';
import { AgencyHomePage, CategoryPage, GkHomePage, GuidePage, ItemPage } from './views.js';
import { FLUSH_INTERVAL_MS, VisitCounter, visitTargets } from './visits.js';
import { atomFeed, chinaDayStart, type FeedEntry, sitemapIndex, sitemapSettings, sitemapUrlset } from './xml.js';

// The public portal (政府信息公开, 条例 第二十三条、第二十四条): every route is public and shows only
// what store.isPublic allows. Routes live in their own plugin so that the 繁體 conversion hook
// applies to these pages only.

const PUBLIC = { config: { access: { public: true as const } } };
const PAGE_SIZE = 20;
const FEED_SIZE = 50;
const LATEST = 10;

const counters = new WeakMap<FastifyInstance, VisitCounter>();

/** The app's visit counter, for tests and for the shutdown path. */
export function visitCounterOf(app: FastifyInstance): VisitCounter | undefined {
  return counters.get(app);
}

/**
 * The site's absolute base URL, for feeds and sitemaps: GONGKAI_PUBLIC_URL when set, else the
 * request's host — and then the response varies by Host, so that a shared cache never hands one
 * host's URLs (or a forged Host header's) to readers who asked another.
 */
export function siteBase(req: FastifyRequest, reply?: FastifyReply): string {
  const configured = process.env.GONGKAI_PUBLIC_URL;
  if (configured && /^https?:\/\/[A-Za-z0-9.\-:[\]]+(\/[A-Za-z0-9._~\-/]*)?$/.test(configured)) return configured.replace(/\/+$/, '');
  reply?.header('vary', 'Host');
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(req.host) ? req.host : 'localhost';
  return `${req.protocol}://${host}`;
}

const KEYSET = /^(\d{4}-\d{2}-\d{2})_([1-9]\d{0,9})$/;

/** `?after=<published_on>_<id>` of a newest-first list. */
function keysetParam(query: unknown): Keyset | null {
  const raw = (query as Record<string, unknown>).after;
  if (raw === undefined || raw === '') return null;
  const m = typeof raw === 'string' ? raw.match(KEYSET) : null;
  if (!m) throw new InputError({ after: '翻页参数无效，请从第一页重新浏览' });
  return { publishedOn: m[1]!, id: Number(m[2]) };
}

const keysetOf = (i: ListedItem) => `${i.published_on}_${i.id}`;

export function registerPortalRoutes(app: FastifyInstance, deps: { handle: DbHandle }) {
  const visits = new VisitCounter(deps.handle.db, (err) => app.log.error({ err }, 'writing view counts failed'));
  counters.set(app, visits);
  const timer = setInterval(
    () => void visits.flush().catch((err) => app.log.error({ err }, 'writing view counts failed')),
    FLUSH_INTERVAL_MS,
  );
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await visits.flush();
  });

  app.register(async (scope) => {
    scope.addHook('onSend', async (req, reply, payload) => {
      if (typeof payload !== 'string' || !wantsTraditional(req.query)) return payload;
      if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
      return traditionalHtml(payload).replace('<html lang="zh-CN">', '<html lang="zh-Hant-TW">');
    });
    registerPages(scope, visits);
    registerSearchRoutes(scope);
  });
  app.register(registerPublicApi);
}

/** Counts a page view: GET only (not HEAD), and only for a page that was found. */
function countView(req: FastifyRequest, visits: VisitCounter, target: string) {
  if (req.method === 'GET') visits.record(target, req.ctx.now());
}

function registerPages(app: FastifyInstance, visits: VisitCounter) {
  app.get('/gk', PUBLIC, async (req, reply) => {
    const day = today(req.ctx);
    const [tree, counts, latest] = await Promise.all([
      agencyTree(req.ctx.db),
      countsByAgency(req.ctx.db, day),
      latestItems(req.ctx.db, day, {}, null, LATEST),
    ]);
    const names = await agencyNames(
      req.ctx.db,
      latest.map((i) => i.agency_id),
    );
    return page(req, reply, 200, (pe) => <GkHomePage pe={pe} tree={tree} counts={counts} latest={latest} agencies={names} />);
  });

  app.get('/gk/:agencyId', PUBLIC, async (req, reply) => {
    const agency = await portalAgency(req.ctx, idParam(req.params, 'agencyId'));
    const day = today(req.ctx);
    const [children, categories, latest, reports] = await Promise.all([
      req.ctx.db.selectFrom('agencies').selectAll().where('parent_id', '=', agency.id).orderBy('id').execute(),
      publicCategoryTree(req.ctx.db, agency, day),
      latestItems(req.ctx.db, day, { agencyIds: [agency.id] }, null, LATEST),
      publishedReports(req.ctx, agency.id),
    ]);
    countView(req, visits, visitTargets.agencyHome(agency.id));
    return page(req, reply, 200, (pe) => (
      <AgencyHomePage
        pe={pe}
        agency={agency}
        children={children}
        categories={categories}
        latest={latest}
        reports={<ReportList pe={pe} reports={reports} />}
      />
    ));
  });

  app.get('/gk/:agencyId/guide', PUBLIC, async (req, reply) => {
    const agency = await portalAgency(req.ctx, idParam(req.params, 'agencyId'));
    const [settings, categories] = await Promise.all([
      loadSettings(req.ctx.db, agency.id),
      publicCategoryTree(req.ctx.db, agency, today(req.ctx)),
    ]);
    countView(req, visits, visitTargets.agencyGuide(agency.id));
    return page(req, reply, 200, (pe) => <GuidePage pe={pe} agency={agency} settings={settings} categories={categories} />);
  });

  /** The category with everything below it, or 404 unless it belongs to the agency in the URL. */
  const categoryOf = async (req: FastifyRequest) => {
    const agency = await portalAgency(req.ctx, idParam(req.params, 'agencyId'));
    const categoryId = idParam(req.params, 'categoryId');
    const sub = await categorySubtree(req.ctx.db, categoryId);
    if (!sub || sub.agencyId !== agency.id) throw new NotFoundError('找不到该栏目');
    return { agency, categoryId, sub };
  };

  app.get('/gk/:agencyId/categories/:categoryId', PUBLIC, async (req, reply) => {
    const { agency, categoryId, sub } = await categoryOf(req);
    const after = keysetParam(req.query);
    const rows = await latestItems(req.ctx.db, today(req.ctx), { agencyIds: [agency.id], categoryIds: sub.ids }, after, PAGE_SIZE + 1);
    const items = rows.slice(0, PAGE_SIZE);
    const tw = wantsTraditional(req.query);
    const base = `/gk/${agency.id}/categories/${categoryId}`;
    const next = rows.length > PAGE_SIZE ? portalUrl(tw, base, { after: keysetOf(items[items.length - 1]!) }) : null;
    const path = await categoryPath(req.ctx.db, categoryId);
    countView(req, visits, visitTargets.agencyCategory(agency.id, categoryId));
    return page(req, reply, 200, (pe) => (
      <CategoryPage pe={pe} agency={agency} path={path} items={items} next={next} feed={`${base}/feed.atom`} />
    ));
  });

  const itemPages = new RenderedPages();
  app.get('/gk/items/:itemId', PUBLIC, async (req, reply) => {
    const id = idParam(req.params, 'itemId');
    const target = visitTargets.item(id);
    // The version before the data: a page is never filed under a version newer than its data.
    const [version, stored] = await Promise.all([portalVersion(req.ctx), storedViews(req.ctx.db, target)]);
    // This view included: it is counted once the page is found.
    const views = String(stored + visits.pending(target) + (req.method === 'GET' ? 1 : 0));
    const shown = await memoPage(req, reply, itemPages, {
      version,
      day: today(req.ctx),
      load: () => publicItemPage(req.ctx, id),
      view: (pe, d, count) => <ItemPage pe={pe} d={{ ...d, views: count }} />,
      fill: views,
    });
    countView(req, visits, target);
    return shown;
  });

  app.get('/gk/attachments/:attachmentId', PUBLIC, async (req, reply) => {
    const a = await publicAttachment(req.ctx.db, today(req.ctx), idParam(req.params, 'attachmentId'));
    if (!a) throw new NotFoundError('找不到该附件，或其所属信息未公开');
    // The ETag is the content hash, so a browser or cache that already holds these bytes gets 304
    // instead of the file again (attachments run to megabytes). Checked after the public check: an
    // item withdrawn meanwhile is a 404, whatever the client holds.
    const etag = `"${a.sha256}"`;
    reply.header('cache-control', 'public, max-age=300').header('etag', etag);
    if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply
      .header('content-type', a.mime)
      .header('content-disposition', contentDisposition(a.name))
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(a.data));
  });

  // ---- Atom feeds ----

  const sendFeed = async (
    req: FastifyRequest,
    reply: FastifyReply,
    p: { path: string; title: string; author: string; items: ListedItem[]; categoryNames: Map<number, string> },
  ) => {
    const base = siteBase(req, reply);
    const entries: FeedEntry[] = p.items.map((i) => {
      const published = chinaDayStart(i.published_on);
      return {
        id: `${base}/gk/items/${i.id}`,
        url: `${base}/gk/items/${i.id}`,
        title: i.title,
        published,
        updated: Date.parse(i.updated_at) > Date.parse(published) ? i.updated_at : published,
        summary: [i.doc_no, i.summary].filter(Boolean).join(' ') || null,
        author: i.issuer,
        category: i.category_id === null ? null : (p.categoryNames.get(i.category_id) ?? null),
      };
    });
    const updated = entries.reduce((m, e) => (Date.parse(e.updated) > Date.parse(m) ? e.updated : m), '1970-01-01T00:00:00Z');
    const xml = atomFeed({
      id: `${base}${p.path}/feed.atom`,
      title: p.title,
      subtitle: '政府信息公开 · 最新主动公开的政府信息',
      selfUrl: `${base}${p.path}/feed.atom`,
      pageUrl: `${base}${p.path}`,
      author: p.author,
      updated: entries.length ? updated : chinaDayStart(today(req.ctx)),
      entries,
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  };

  const namesOfCategories = async (req: FastifyRequest, items: ListedItem[]) => {
    const ids = [...new Set(items.flatMap((i) => (i.category_id === null ? [] : [i.category_id])))];
    if (ids.length === 0) return new Map<number, string>();
    const rows = await req.ctx.db.selectFrom('categories').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  };

  app.get('/gk/:agencyId/feed.atom', PUBLIC, async (req, reply) => {
    const agency = await portalAgency(req.ctx, idParam(req.params, 'agencyId'));
    const items = await latestItems(req.ctx.db, today(req.ctx), { agencyIds: [agency.id] }, null, FEED_SIZE);
    return sendFeed(req, reply, {
      path: `/gk/${agency.id}`,
      title: `${agency.name}政府信息公开`,
      author: agency.name,
      items,
      categoryNames: await namesOfCategories(req, items),
    });
  });

  app.get('/gk/:agencyId/categories/:categoryId/feed.atom', PUBLIC, async (req, reply) => {
    const { agency, categoryId, sub } = await categoryOf(req);
    const items = await latestItems(req.ctx.db, today(req.ctx), { agencyIds: [agency.id], categoryIds: sub.ids }, null, FEED_SIZE);
    return sendFeed(req, reply, {
      path: `/gk/${agency.id}/categories/${categoryId}`,
      title: `${agency.name} · ${sub.name}`,
      author: agency.name,
      items,
      categoryNames: await namesOfCategories(req, items),
    });
  });

  // ---- sitemap ----

  // One file while everything fits; past sitemapSettings.urlsPerFile, an index of files cut by id
  // ranges (`?part=a1` agencies, `?part=i3` items), so a part is found without OFFSET or counting.
  app.get('/sitemap.xml', PUBLIC, async (req, reply) => {
    const db = req.ctx.db;
    const day = today(req.ctx);
    const base = siteBase(req, reply);
    const cap = sitemapSettings.urlsPerFile;
    const perAgencyPart = Math.max(1, Math.floor((cap - 1) / 2));
    const part = (req.query as Record<string, unknown>).part;
    const send = (xml: string) => reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(xml);
    const agencyUrls = (rows: { id: number }[]) =>
      rows.flatMap((a) => [{ loc: `${base}/gk/${a.id}` }, { loc: `${base}/gk/${a.id}/guide` }]);
    // <lastmod> is when the page last changed: a correction after publication (废止, a fixed
    // attachment) moves updated_at, and crawlers use it to decide what to fetch again.
    const itemUrls = (rows: { id: number; published_on: string | null; updated_at: string }[]) =>
      rows.map((i) => ({ loc: `${base}/gk/items/${i.id}`, lastmod: lastModified(i.published_on, i.updated_at) }));

    if (part === undefined) {
      const [agencies, items, maxId] = await Promise.all([
        db.selectFrom('agencies').select('id').orderBy('id').execute(),
        countPublic(db, day),
        largestId(db, 'items'),
      ]);
      if (1 + agencies.length * 2 + items <= cap) {
        const rows = await publicItemsInIdRange(db, day, 1, maxId);
        return send(sitemapUrlset([{ loc: `${base}/gk` }, ...agencyUrls(agencies), ...itemUrls(rows)]));
      }
      const maxAgency = agencies[agencies.length - 1]?.id ?? 0;
      const locs: string[] = [];
      for (let n = 1; n <= Math.max(1, Math.ceil(maxAgency / perAgencyPart)); n++) locs.push(`${base}/sitemap.xml?part=a${n}`);
      for (let n = 1; n <= Math.ceil(maxId / cap); n++) locs.push(`${base}/sitemap.xml?part=i${n}`);
      return send(sitemapIndex(locs));
    }
    const m = typeof part === 'string' ? part.match(/^([ai])([1-9]\d{0,6})$/) : null;
    if (!m) throw new NotFoundError('没有这个网站地图');
    const n = Number(m[2]);
    // Only the parts the index lists exist (a1 always, for /gk); one past them is a 404, not an
    // empty file a crawler would keep asking for.
    if (m[1] === 'a') {
      const from = (n - 1) * perAgencyPart + 1;
      if (n > 1 && from > (await largestId(db, 'agencies'))) throw new NotFoundError('没有这个网站地图');
      const rows = await db
        .selectFrom('agencies')
        .select('id')
        .where('id', '>=', from)
        .where('id', '<', from + perAgencyPart)
        .orderBy('id')
        .execute();
      return send(sitemapUrlset([...(n === 1 ? [{ loc: `${base}/gk` }] : []), ...agencyUrls(rows)]));
    }
    if ((n - 1) * cap + 1 > (await largestId(db, 'items'))) throw new NotFoundError('没有这个网站地图');
    const rows = await publicItemsInIdRange(db, day, (n - 1) * cap + 1, n * cap);
    return send(sitemapUrlset(itemUrls(rows)));
  });
}

/** The China date an item last changed: its updated_at, or its 发布日期 when that is later (an item entered before it is published on a future date). */
export function lastModified(publishedOn: string | null, updatedAt: string): string | null {
  const updated = chinaDate(new Date(updatedAt));
  return publishedOn && publishedOn > updated ? publishedOn : updated;
}

/** If-None-Match (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly (W/ ignored). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** RFC 6266: an ASCII fallback name and the real one in UTF-8 (RFC 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
