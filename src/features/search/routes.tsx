import type { FastifyInstance } from 'fastify';
import { InputError } from '../../errors.js';
import { page } from '../portal/page.js';
import { portalUrl, wantsTraditional } from '../portal/script.js';
import { agencyTree, categoryNames } from '../portal/store.js';
import { parseSearch, rawSearch } from './params.js';
import { searchItems } from './service.js';
import { SearchPage } from './views.js';

/** GET /gk/search: the search page. The JSON API's `q` runs the same searchItems (portal/api.ts). */
export function registerSearchRoutes(app: FastifyInstance) {
  app.get('/gk/search', { config: { access: { public: true } } }, async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const raw = rawSearch(query);
    const tw = wantsTraditional(query);
    const agencies = await agencyTree(req.ctx.db);
    const asked = (['q', 'agencyId', 'categoryId', 'year', 'docNo', 'indexNo', 'after'] as const).some((k) => raw[k].trim() !== '');
    try {
      const input = parseSearch(query, { api: false });
      if (!asked) {
        return page(req, reply, 200, (pe) => (
          <SearchPage pe={pe} raw={raw} errors={{}} result={null} agencies={agencies} nextUrl={null} categoryName={null} />
        ));
      }
      const result = await searchItems(req.ctx, input);
      const nextUrl = result.next
        ? portalUrl(tw, '/gk/search', {
            q: input.q,
            agencyId: input.agencyId,
            categoryId: input.categoryId,
            year: input.year,
            docNo: input.docNo,
            indexNo: input.indexNo,
            after: result.next,
          })
        : null;
      const categoryName =
        input.categoryId === null ? null : ((await categoryNames(req.ctx.db, [input.categoryId])).get(input.categoryId) ?? null);
      return page(req, reply, 200, (pe) => (
        <SearchPage pe={pe} raw={raw} errors={{}} result={result} agencies={agencies} nextUrl={nextUrl} categoryName={categoryName} />
      ));
    } catch (e) {
      // Bad input: the form again, with what was typed and a message on each field.
      if (!(e instanceof InputError)) throw e;
      return page(req, reply, 400, (pe) => (
        <SearchPage pe={pe} raw={raw} errors={e.fields} result={null} agencies={agencies} nextUrl={null} categoryName={null} />
      ));
    }
  });
}
