import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../errors.js';
import type { Errors, Values } from '../../web/ui.js';
import { can, isPlatformAdmin } from '../access.js';
import { createAgency, getAgency, listAgencies, updateAgency } from './service.js';
import { AgencyFormPage, AgencyListPage, AgencyPage, DashboardPage } from './views.js';

type Body = Record<string, unknown>;
const body = (req: FastifyRequest): Body => {
  const { _csrf: _, ...rest } = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
  return rest;
};
const agencyParam = (req: FastifyRequest) => Number((req.params as { agencyId: string }).agencyId);

export function registerAgencyRoutes(app: FastifyInstance) {
  const signedIn = { config: { access: { signedIn: true as const } } };
  const read = { config: { access: { agency: { param: 'agencyId', capability: 'read' as const } } } };
  const manage = { config: { access: { agency: { param: 'agencyId', capability: 'manage' as const } } } };

  app.get('/admin', signedIn, async (req, reply) => {
    const agencies = await listAgencies(req.ctx, 'read');
    return reply.page(200, (env) => <DashboardPage env={env} agencies={agencies} />);
  });

  app.get('/admin/agencies', signedIn, async (req, reply) => {
    const [agencies, manageable] = await Promise.all([listAgencies(req.ctx, 'read'), listAgencies(req.ctx, 'manage')]);
    const canCreate = manageable.length > 0 || isPlatformAdmin(req.ctx);
    return reply.page(200, (env) => <AgencyListPage env={env} agencies={agencies} canCreate={canCreate} />);
  });

  const form = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors, agencyId?: number) => {
    const parents = await listAgencies(req.ctx, 'manage');
    return reply.page(status, (env) => (
      <AgencyFormPage
        env={env}
        values={values}
        errors={errors}
        parents={parents}
        agencyId={agencyId}
        allowRoot={isPlatformAdmin(req.ctx)}
      />
    ));
  };

  app.get('/admin/agencies/new', signedIn, async (req, reply) => {
    const parentId = (req.query as Body).parentId;
    return form(req, reply, 200, { parentId, kind: 'department' }, {});
  });

  app.post('/admin/agencies', signedIn, async (req, reply) => {
    const b = body(req);
    try {
      const a = await createAgency(req.ctx, b);
      return reply.doneTo(`/admin/agencies/${a.id}`, `已创建机关“${a.name}”`);
    } catch (e) {
      if (e instanceof InputError) return form(req, reply, 400, b, e.fields);
      throw e;
    }
  });

  app.get('/admin/agencies/:agencyId', read, async (req, reply) => {
    const data = await getAgency(req.ctx, agencyParam(req));
    const users = data.canManage
      ? await req.ctx.db
          .selectFrom('users')
          .select(['id', 'username', 'display_name'])
          .where('agency_id', '=', data.agency.id)
          .orderBy('username')
          .execute()
      : null;
    return reply.page(200, (env) => <AgencyPage env={env} data={data} users={users} />);
  });

  app.get('/admin/agencies/:agencyId/edit', manage, async (req, reply) => {
    const { agency: a } = await getAgency(req.ctx, agencyParam(req));
    const values = {
      name: a.name,
      shortName: a.short_name,
      kind: a.kind,
      level: a.level,
      parentId: a.parent_id,
      creditCode: a.credit_code,
      orgCode: a.org_code,
      dissolvedOn: a.dissolved_on,
    };
    return form(req, reply, 200, values, {}, a.id);
  });

  app.post('/admin/agencies/:agencyId', manage, async (req, reply) => {
    const b = body(req);
    try {
      const a = await updateAgency(req.ctx, agencyParam(req), b);
      return reply.doneTo(`/admin/agencies/${a.id}`, '已保存');
    } catch (e) {
      if (e instanceof InputError) return form(req, reply, 400, b, e.fields, agencyParam(req));
      throw e;
    }
  });

  // JSON API
  app.get('/api/v1/agencies', signedIn, async (req) => ({ agencies: await listAgencies(req.ctx, 'read') }));
  app.post('/api/v1/agencies', signedIn, async (req, reply) => reply.code(201).send({ agency: await createAgency(req.ctx, body(req)) }));
  app.get('/api/v1/agencies/:agencyId', read, async (req) => {
    const d = await getAgency(req.ctx, agencyParam(req));
    return { agency: d.agency, children: d.children, history: d.versions, canManage: await can(req.ctx, 'manage', d.agency.id) };
  });
  app.put('/api/v1/agencies/:agencyId', manage, async (req) => ({ agency: await updateAgency(req.ctx, agencyParam(req), body(req)) }));
}
