import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { chinaDate } from '../../domain/time.js';
import { InputError } from '../../errors.js';
import { formFields, numParam } from '../../web/request.js';
import type { Errors, Values } from '../../web/ui.js';
import { can } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { appealAgencyId, decideAppeal, listAppeals, listConsultations, recordAppeal, recordConsultation } from './service.js';
import { AppealsPage, ConsultationsPage } from './views.js';

const body = formFields;
const num = numParam;
const agencyAccess = (capability: 'read' | 'intake' | 'handle') => ({ config: { access: { agency: { param: 'agencyId', capability } } } });

export function registerAppealRoutes(app: FastifyInstance) {
  const consultations = async (
    req: FastifyRequest,
    reply: FastifyReply,
    agencyId: number,
    status: number,
    values: Values,
    errors: Errors,
  ) => {
    const year = Number(chinaDate(req.ctx.now()).slice(0, 4));
    const [agency, list, canRecord] = await Promise.all([
      findAgency(req.ctx.db, agencyId),
      listConsultations(req.ctx, agencyId, year),
      can(req.ctx, 'intake', agencyId),
    ]);
    return reply.page(status, (env) => (
      <ConsultationsPage
        env={env}
        agency={agency!}
        rows={list.rows}
        counts={list.counts}
        year={year}
        values={values}
        errors={errors}
        canRecord={canRecord}
      />
    ));
  };
  app.get('/admin/agencies/:agencyId/consultations', agencyAccess('read'), async (req, reply) =>
    consultations(req, reply, num(req, 'agencyId'), 200, { occurredOn: chinaDate(req.ctx.now()) }, {}),
  );
  app.post('/admin/agencies/:agencyId/consultations', agencyAccess('intake'), async (req, reply) => {
    const b = body(req);
    try {
      await recordConsultation(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/agencies/${num(req, 'agencyId')}/consultations`, '已登记咨询');
    } catch (e) {
      if (e instanceof InputError) return consultations(req, reply, num(req, 'agencyId'), 400, b, e.fields);
      throw e;
    }
  });

  const appeals = async (req: FastifyRequest, reply: FastifyReply, agencyId: number, status: number, values: Values, errors: Errors) => {
    const [agency, rows, canRecord] = await Promise.all([
      findAgency(req.ctx.db, agencyId),
      listAppeals(req.ctx, agencyId),
      can(req.ctx, 'handle', agencyId),
    ]);
    return reply.page(status, (env) => (
      <AppealsPage env={env} agency={agency!} rows={rows} values={values} errors={errors} canRecord={canRecord} />
    ));
  };
  app.get('/admin/agencies/:agencyId/appeals', agencyAccess('read'), async (req, reply) =>
    appeals(req, reply, num(req, 'agencyId'), 200, {}, {}),
  );
  app.post('/admin/agencies/:agencyId/appeals', agencyAccess('handle'), async (req, reply) => {
    const b = body(req);
    try {
      await recordAppeal(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/agencies/${num(req, 'agencyId')}/appeals`, '已登记');
    } catch (e) {
      if (e instanceof InputError) return appeals(req, reply, num(req, 'agencyId'), 400, b, e.fields);
      throw e;
    }
  });
  app.post(
    '/admin/appeals/:appealId/decide',
    { config: { access: { object: { param: 'appealId', capability: 'handle', agencyOf: appealAgencyId } } } },
    async (req, reply) => {
      const agencyId = await appealAgencyId(req.ctx, num(req, 'appealId'));
      try {
        await decideAppeal(req.ctx, num(req, 'appealId'), body(req));
        return reply.doneTo(`/admin/agencies/${agencyId}/appeals`, '已登记结果');
      } catch (e) {
        if (e instanceof InputError) return appeals(req, reply, agencyId, 400, {}, e.fields);
        throw e;
      }
    },
  );
}
