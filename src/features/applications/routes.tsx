import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Capability } from '../../domain/roles.js';
import { InputError, NotFoundError } from '../../errors.js';
import { formFields, numParam } from '../../web/request.js';
import type { Errors, Values } from '../../web/ui.js';
import { can, isPlatformAdmin, requireUser, scope } from '../access.js';
import { ancestorIds, findAgency, subtreeIds } from '../agencies/store.js';
import type { Ctx } from '../context.js';
import { applicationAgencyId } from './cases.js';
import { fileReply, letterDocxReply } from './documents.js';
import { saveTemplates, templatePage } from './letters.js';
import { mailConfig } from './mail.js';
import { getCase, handledAgencies, queue } from './queries.js';
import {
  addFile,
  assign,
  claim,
  confirmReceipt,
  decideExtension,
  newFormToken,
  notifyFee,
  recordConsultationAnswer,
  recordCorrection,
  recordPayment,
  registerApplication,
  reply,
  requestCorrection,
  requestExtension,
  sendConsultation,
  transfer,
  withdraw,
} from './service.js';
import { AgencyQueuePage, CasePage, LetterPage, MyQueuePage, OutboxPage, RegisterPage, TemplatesPage } from './views.js';

type Body = Record<string, unknown>;
const body = formFields;
const num = numParam;

const agencyAccess = (capability: Capability) => ({ config: { access: { agency: { param: 'agencyId', capability } } } });
const caseAccess = (capability: Capability) => ({
  config: { access: { object: { param: 'applicationId', capability, agencyOf: applicationAgencyId } } },
});

export async function letterAgencyId(ctx: Ctx, id: number) {
  const l = await ctx.db.selectFrom('application_letters').select('agency_id').where('id', '=', id).executeTakeFirst();
  if (!l) throw new NotFoundError('找不到该文书');
  return l.agency_id;
}
export async function fileAgencyId(ctx: Ctx, id: number) {
  const f = await ctx.db
    .selectFrom('application_files')
    .innerJoin('applications', 'applications.id', 'application_files.application_id')
    .select('applications.agency_id')
    .where('application_files.id', '=', id)
    .executeTakeFirst();
  if (!f) throw new NotFoundError('找不到该附件');
  return f.agency_id;
}

/** Agencies of the same tree a case may be transferred to (第三十六条第（五）项). */
async function transferTargets(ctx: Ctx, agencyId: number) {
  const up = await ancestorIds(ctx.db, agencyId);
  const ids = (await subtreeIds(ctx.db, [up[up.length - 1]!])).filter((id) => id !== agencyId);
  if (ids.length === 0) return [];
  return ctx.db.selectFrom('agencies').selectAll().where('id', 'in', ids).where('dissolved_on', 'is', null).orderBy('id').execute();
}

export function registerApplicationRoutes(app: FastifyInstance) {
  app.get('/admin/applications', { config: { access: { signedIn: true } } }, async (req, reply) => {
    const me = requireUser(req.ctx);
    const agencies = await handledAgencies(req.ctx);
    const [mine, unassigned] = await Promise.all([
      queue(req.ctx, { agencyIds: agencies, handlerId: me.id }),
      queue(req.ctx, { agencyIds: agencies, handlerId: 'none' }),
    ]);
    return reply.page(200, (env) => <MyQueuePage env={env} mine={mine} unassigned={unassigned} />);
  });

  app.get('/admin/agencies/:agencyId/applications', agencyAccess('read'), async (req, reply) => {
    const agencyId = num(req, 'agencyId');
    const stage = String((req.query as Body).stage ?? '');
    const [agency, rows, canIntake] = await Promise.all([
      findAgency(req.ctx.db, agencyId),
      queue(req.ctx, { agencyIds: [agencyId], ...(stage ? { stage } : {}) }),
      can(req.ctx, 'intake', agencyId),
    ]);
    return reply.page(200, (env) => <AgencyQueuePage env={env} agency={agency!} rows={rows} stage={stage} canIntake={canIntake} />);
  });

  const registerForm = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors) => {
    const agency = (await findAgency(req.ctx.db, num(req, 'agencyId')))!;
    return reply.page(status, (env) => <RegisterPage env={env} agency={agency} values={values} errors={errors} />);
  };
  app.get('/admin/agencies/:agencyId/applications/new', agencyAccess('intake'), async (req, reply) =>
    registerForm(req, reply, 200, { formToken: newFormToken(), idType: 'idCard' }, {}),
  );
  app.post('/admin/agencies/:agencyId/applications', agencyAccess('intake'), async (req, reply) => {
    const b = body(req);
    try {
      const a = await registerApplication(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/applications/${a.id}`, `已登记，查询码 ${a.tracking_code}`);
    } catch (e) {
      if (e instanceof InputError) return registerForm(req, reply, 400, b, e.fields);
      throw e;
    }
  });

  const casePage = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors) => {
    const data = await getCase(req.ctx, num(req, 'applicationId'));
    const targets = data.rights.handle ? await transferTargets(req.ctx, data.app.agency_id) : [];
    return reply.page(status, (env) => <CasePage env={env} data={data} values={values} errors={errors} transferTargets={targets} />);
  };
  app.get('/admin/applications/:applicationId', caseAccess('read'), async (req, reply) => casePage(req, reply, 200, {}, {}));

  const action = (path: string, capability: Capability, run: (req: FastifyRequest) => Promise<string>) =>
    app.post(`/admin/applications/:applicationId/${path}`, caseAccess(capability), async (req, reply) => {
      try {
        const notice = await run(req);
        return reply.doneTo(`/admin/applications/${num(req, 'applicationId')}`, notice);
      } catch (e) {
        if (e instanceof InputError) return casePage(req, reply, 400, body(req), e.fields);
        throw e;
      }
    });
  const id = (req: FastifyRequest) => num(req, 'applicationId');
  action('receive', 'handle', async (req) => {
    await confirmReceipt(req.ctx, id(req), body(req));
    return '已确认收到申请，并向申请人发出受理回执';
  });
  action('correction', 'handle', async (req) => {
    await requestCorrection(req.ctx, id(req), body(req));
    return '已发出补正告知书';
  });
  action('corrected', 'handle', async (req) => {
    await recordCorrection(req.ctx, id(req), body(req), 'staff');
    return '已登记补正，答复期限重新计算';
  });
  action('consult', 'handle', async (req) => {
    await sendConsultation(req.ctx, id(req), body(req));
    return '已发出征求意见函，征求意见期间不计入答复期限';
  });
  action('consult-answer', 'handle', async (req) => {
    await recordConsultationAnswer(req.ctx, id(req), body(req));
    return '已登记征求意见的答复';
  });
  action('extension', 'handle', async (req) => {
    await requestExtension(req.ctx, id(req), body(req));
    return '已提交延期审批';
  });
  action('extension-decision', 'approve', async (req) => {
    const b = body(req);
    await decideExtension(req.ctx, id(req), b);
    return b.extensionDecision === 'approve' ? '已同意延期，并向申请人发出延期答复告知书' : '已不同意延期';
  });
  action('fee', 'handle', async (req) => {
    await notifyFee(req.ctx, id(req), body(req));
    return '已发出收费通知书，缴费期间答复期限暂停计算';
  });
  action('fee-paid', 'handle', async (req) => {
    await recordPayment(req.ctx, id(req));
    return '已登记缴费，答复期限继续计算';
  });
  action('reply', 'handle', async (req) => {
    await reply(req.ctx, id(req), body(req));
    return '已答复，答复书已送达申请人的查询页面';
  });
  action('transfer', 'handle', async (req) => {
    const r = await transfer(req.ctx, id(req), body(req));
    return `已答复并转交，接收机关的查询码 ${r.tracking_code}`;
  });
  action('withdraw', 'handle', async (req) => {
    await withdraw(req.ctx, id(req), body(req), 'staff');
    return '已登记撤回';
  });
  action('assign', 'handle', async (req) => {
    await assign(req.ctx, id(req), body(req));
    return '已分配办理人';
  });
  action('claim', 'handle', async (req) => {
    await claim(req.ctx, id(req));
    return '已认领';
  });
  action('files', 'handle', async (req) => {
    const file = (req.body as Record<string, unknown> | undefined)?.file as MultipartFile | undefined;
    if (!file || typeof file !== 'object' || !('toBuffer' in file)) throw new InputError({ file: '请选择要上传的文件' });
    const data = await file.toBuffer();
    await addFile(req.ctx, id(req), { filename: file.filename, data, truncated: file.file.truncated });
    return `已上传附件“${file.filename}”`;
  });

  // ---- letters and files ----
  const letterAccess = { config: { access: { object: { param: 'letterId', capability: 'read' as const, agencyOf: letterAgencyId } } } };
  app.get('/admin/letters/:letterId', letterAccess, async (req, reply) => {
    const l = await req.ctx.db
      .selectFrom('application_letters')
      .selectAll()
      .where('id', '=', num(req, 'letterId'))
      .executeTakeFirstOrThrow();
    return reply.page(200, (env) => (
      <LetterPage env={env} letter={l} back={`/admin/applications/${l.application_id}`} docx={`/admin/letters/${l.id}/docx`} />
    ));
  });
  app.get('/admin/letters/:letterId/docx', letterAccess, async (req, reply) => letterDocxReply(req, reply, num(req, 'letterId')));
  app.get(
    '/admin/application-files/:fileId',
    { config: { access: { object: { param: 'fileId', capability: 'read', agencyOf: fileAgencyId } } } },
    async (req, reply) => fileReply(req, reply, num(req, 'fileId')),
  );

  // ---- letter templates ----
  const templatesForm = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values | null, errors: Errors) => {
    const agencyId = num(req, 'agencyId');
    const [agency, t] = await Promise.all([findAgency(req.ctx.db, agencyId), templatePage(req.ctx, agencyId)]);
    const shown: Values = values ?? {
      letterPrefix: t.settings.prefix,
      reconsiderationBody: t.settings.reconsiderationBody,
      court: t.settings.court,
      ...Object.fromEntries(Object.entries(t.templates).map(([k, v]) => [`t_${k}`, v])),
    };
    return reply.page(status, (env) => (
      <TemplatesPage env={env} agency={agency!} settings={t.settings} values={shown} errors={errors} customized={t.customized} />
    ));
  };
  app.get('/admin/agencies/:agencyId/letter-templates', agencyAccess('manage'), async (req, reply) =>
    templatesForm(req, reply, 200, null, {}),
  );
  app.post('/admin/agencies/:agencyId/letter-templates', agencyAccess('manage'), async (req, reply) => {
    const b = body(req);
    try {
      await saveTemplates(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/agencies/${num(req, 'agencyId')}/letter-templates`, '已保存文书模板');
    } catch (e) {
      if (e instanceof InputError) return templatesForm(req, reply, 400, b, e.fields);
      throw e;
    }
  });

  // ---- outbox: platform admins see all; agency admins the mail of the agencies they manage ----
  app.get('/admin/outbox', { config: { access: { signedIn: true } } }, async (req, reply) => {
    let q = req.ctx.db
      .selectFrom('outbox')
      .select(['id', 'to_address', 'subject', 'kind', 'created_at', 'sent_at', 'error', 'attempts'])
      .orderBy('id', 'desc')
      .limit(200);
    if (!isPlatformAdmin(req.ctx)) {
      const managed = await scope(req.ctx, 'manage');
      const ids = managed === 'all' ? [] : [...managed];
      q = ids.length ? q.where('agency_id', 'in', ids) : q.where('id', '=', -1);
    }
    const rows = await q.execute();
    return reply.page(200, (env) => <OutboxPage env={env} rows={rows} smtp={mailConfig() !== null} />);
  });
}
