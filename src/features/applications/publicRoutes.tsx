import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizePhone, normalizeTrackingCode } from '../../domain/application.js';
import { InputError, NotFoundError, TooManyRequestsError } from '../../errors.js';
import { formFields } from '../../web/request.js';
import type { Errors, Values } from '../../web/ui.js';
import { publicAgencyTree } from '../agencies/service.js';
import { findAgency } from '../agencies/store.js';
import { findApplication } from './cases.js';
import { fileReply, letterDocxReply } from './documents.js';
import { ApplyPage, CaseTrackPage, SubmittedPage, TrackPage } from './publicViews.js';
import { publicCase } from './queries.js';
import { newFormToken, recordAttempt, recordCorrection, submitPublic, withdraw } from './service.js';
import { readTrackingToken, TRACKING_COOKIE, TRACKING_HOURS, trackingToken } from './tracking.js';
import { LetterPage } from './views.js';

// The applicant's pages: no account. The form, the confirmation with the tracking number, and the
// tracking page opened by tracking number plus phone or e-mail (then a signed cookie).

const PUBLIC = { config: { access: { public: true as const } } };
const TRACK_FAILURES = 20;
const TRACK_WINDOW_MINUTES = 15;

type Body = Record<string, unknown>;
const body = formFields;

function setTracking(req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(TRACKING_COOKIE, token, {
    path: '/apply',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: TRACKING_HOURS * 3600,
  });
}

/** The case the visitor opened, or null (they are sent to the look-up form). */
async function tracked(req: FastifyRequest): Promise<number | null> {
  return readTrackingToken(req.ctx.db, req.cookies[TRACKING_COOKIE], req.ctx.now());
}

export function registerPublicApplicationRoutes(app: FastifyInstance) {
  const applyForm = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors) => {
    const agencies = (await publicAgencyTree(req.ctx)).filter((a) => !a.dissolved_on);
    return reply.page(status, (env) => <ApplyPage env={env} agencies={agencies} values={values} errors={errors} />);
  };

  app.get('/apply', PUBLIC, async (req, reply) => {
    const q = req.query as Body;
    return applyForm(
      req,
      reply,
      200,
      { formToken: newFormToken(), agencyId: typeof q.agency === 'string' ? q.agency : '', idType: 'idCard' },
      {},
    );
  });

  app.post('/apply', { ...PUBLIC, config: { ...PUBLIC.config, rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req, reply) => {
    const b = body(req);
    try {
      const r = await submitPublic(req.ctx, b, req.ip);
      setTracking(req, reply, await trackingToken(req.ctx.db, r.app.id, req.ctx.now()));
      return reply.redirect(`/apply/submitted${r.duplicate ? '?again=1' : ''}`, 303);
    } catch (e) {
      if (e instanceof InputError) return applyForm(req, reply, 400, b, e.fields);
      if (e instanceof TooManyRequestsError) return applyForm(req, reply, 429, b, { _form: e.message });
      throw e;
    }
  });

  app.get('/apply/submitted', PUBLIC, async (req, reply) => {
    const id = await tracked(req);
    if (!id) return reply.redirect('/apply/track', 303);
    const a = await findApplication(req.ctx.db, id);
    const agency = (await findAgency(req.ctx.db, a.agency_id))!;
    const duplicate = (req.query as Body).again === '1';
    return reply.page(200, (env) => <SubmittedPage env={env} trackingCode={a.tracking_code} agency={agency} duplicate={duplicate} />);
  });

  const trackForm = (reply: FastifyReply, status: number, values: Values, errors: Errors) =>
    reply.page(status, (env) => <TrackPage env={env} values={values} errors={errors} />);
  app.get('/apply/track', PUBLIC, async (_req, reply) => trackForm(reply, 200, {}, {}));
  app.post('/apply/track', PUBLIC, async (req, reply) => {
    const b = body(req);
    const values = { trackingCode: b.trackingCode, contact: b.contact };
    const since = new Date(req.ctx.now().getTime() - TRACK_WINDOW_MINUTES * 60_000).toISOString();
    const failures = await req.ctx.db
      .selectFrom('public_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'track')
      .where('ip', '=', req.ip)
      .where('at', '>', since)
      .executeTakeFirst();
    if (Number(failures?.n ?? 0) >= TRACK_FAILURES)
      return trackForm(reply, 429, values, { _form: `查询失败次数过多，请${TRACK_WINDOW_MINUTES}分钟后再试。` });
    const code = normalizeTrackingCode(String(b.trackingCode ?? ''));
    const contact = String(b.contact ?? '').trim();
    const errors: Errors = {};
    if (!code) errors.trackingCode = '查询码应为12位字母和数字（如 7KQM-3XPA-9FJD）';
    if (!contact) errors.contact = '请填写申请时留下的联系电话或电子邮箱';
    if (Object.keys(errors).length) return trackForm(reply, 400, values, errors);
    const a = await req.ctx.db
      .selectFrom('applications')
      .select(['id', 'phone', 'email'])
      .where('tracking_code', '=', code)
      .executeTakeFirst();
    const matches = a && ((a.phone && a.phone === normalizePhone(contact)) || (a.email && a.email === contact.toLowerCase()));
    if (!a || !matches) {
      await recordAttempt(req.ctx, 'track', req.ip);
      return trackForm(reply, 400, values, { _form: '查询码与联系方式不匹配，请核对后重试。' });
    }
    setTracking(req, reply, await trackingToken(req.ctx.db, a.id, req.ctx.now()));
    return reply.redirect('/apply/case', 303);
  });

  const casePage = async (req: FastifyRequest, reply: FastifyReply, id: number, status: number, values: Values, errors: Errors) => {
    const data = await publicCase(req.ctx, id);
    return reply.page(status, (env) => <CaseTrackPage env={env} data={data} values={values} errors={errors} />);
  };
  app.get('/apply/case', PUBLIC, async (req, reply) => {
    const id = await tracked(req);
    if (!id) return reply.redirect('/apply/track', 303);
    return casePage(req, reply, id, 200, {}, {});
  });

  const publicAction = (path: string, run: (req: FastifyRequest, id: number) => Promise<string>) =>
    app.post(`/apply/case/${path}`, PUBLIC, async (req, reply) => {
      const id = await tracked(req);
      if (!id) return reply.redirect('/apply/track', 303);
      try {
        return reply.doneTo('/apply/case', await run(req, id));
      } catch (e) {
        if (e instanceof InputError) return casePage(req, reply, id, 400, body(req), e.fields);
        throw e;
      }
    });
  publicAction('correction', async (req, id) => {
    await recordCorrection(req.ctx, id, body(req), 'public');
    return '已提交补正，答复期限自今日起重新计算';
  });
  publicAction('withdraw', async (req, id) => {
    await withdraw(req.ctx, id, body(req), 'public');
    return '已撤回申请';
  });
  app.post('/apply/case/leave', PUBLIC, async (_req, reply) => {
    reply.clearCookie(TRACKING_COOKIE, { path: '/apply' });
    return reply.redirect('/apply/track', 303);
  });

  const ownLetter = async (req: FastifyRequest) => {
    const id = await tracked(req);
    const letterId = Number((req.params as Record<string, string>).letterId);
    const l = id
      ? await req.ctx.db
          .selectFrom('application_letters')
          .select(['id', 'title', 'doc_no', 'html'])
          .where('id', '=', Number.isInteger(letterId) ? letterId : -1)
          .where('application_id', '=', id)
          .where('for_applicant', '=', 1)
          .executeTakeFirst()
      : undefined;
    if (!l || !id) throw new NotFoundError('找不到该文书，请先在“申请查询”页面输入查询码');
    return { id, letter: l };
  };
  app.get('/apply/case/letters/:letterId', PUBLIC, async (req, reply) => {
    const { letter } = await ownLetter(req);
    return reply.page(200, (env) => (
      <LetterPage env={env} letter={letter} back="/apply/case" backLabel="返回申请查询" docx={`/apply/case/letters/${letter.id}/docx`} />
    ));
  });
  app.get('/apply/case/letters/:letterId/docx', PUBLIC, async (req, reply) => {
    const { id, letter } = await ownLetter(req);
    return letterDocxReply(req, reply, letter.id, id);
  });
  app.get('/apply/case/files/:fileId', PUBLIC, async (req, reply) => {
    const id = await tracked(req);
    const fileId = Number((req.params as Record<string, string>).fileId);
    if (!id || !Number.isInteger(fileId)) throw new NotFoundError('找不到该附件，请先在“申请查询”页面输入查询码');
    return fileReply(req, reply, fileId, id);
  });
}
