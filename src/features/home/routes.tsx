import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../db/connect.js';
import { type AgencyKind, agencyKindLabels } from '../../domain/agency.js';
import { Layout, type PageEnv } from '../../web/ui.js';
import { publicAgencyTree } from '../agencies/service.js';
import type { TreeRow } from '../agencies/store.js';

function HomePage({ env, agencies }: { env: PageEnv; agencies: TreeRow[] }) {
  return (
    <Layout env={env} title="政府信息公开">
      <p class="lead">
        依据《中华人民共和国政府信息公开条例》，各机关在此公开政府信息、受理政府信息公开申请、发布政府信息公开工作年度报告。
      </p>
      <section aria-labelledby="agencies-title">
        <h2 id="agencies-title">公开机关</h2>
        {agencies.length === 0 ? (
          <p>尚未设立机关。</p>
        ) : (
          <ul class="tree">
            {agencies.map((a) => (
              <li class={`depth-${Math.min(a.depth, 8)}`}>
                {a.name} <span class="muted">{agencyKindLabels[a.kind as AgencyKind] ?? a.kind}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

export function registerHomeRoutes(app: FastifyInstance, deps: { handle: DbHandle }) {
  app.get('/', { config: { access: { public: true } } }, async (req, reply) => {
    const agencies = await publicAgencyTree(req.ctx);
    return reply.page(200, (env) => <HomePage env={env} agencies={agencies} />);
  });

  // For load balancers: answers 200 only when the database answers.
  app.get('/healthz', { config: { access: { public: true } } }, async (_req, reply) => {
    await deps.handle.db.selectFrom('meta').select('key').limit(1).execute();
    return reply.send({ status: 'ok', database: deps.handle.kind });
  });
}
