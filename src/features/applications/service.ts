import { randomBytes } from 'node:crypto';
import type { Application } from '../../db/schema.js';
import { type ApplicantType, applicantTypes, isOrganisation } from '../../domain/applicants.js';
import {
  checkIdentity,
  contactProblems,
  type DeliveryMethod,
  deliveryMethodLabels,
  deliveryMethods,
  formatTrackingCode,
  normalizePhone,
  wantedForms,
} from '../../domain/application.js';
import { type ApplicationChannel, applicationChannels, receiptRules } from '../../domain/applicationChannels.js';
import type { WorkCalendar } from '../../domain/calendar/index.js';
import {
  CONSULTATION_WORKDAYS,
  correctionNoticeProblem,
  correctionProblem,
  DEFAULT_CORRECTION_WORKDAYS,
  extensionProblem,
  feeNoticeProblem,
  replyProblem,
} from '../../domain/clock.js';
import { FEE_BASIS, feeInputProblem, feeMethodLabels, perPieceFee, perVolumeFee } from '../../domain/fees.js';
import { replyLetterKind } from '../../domain/letters.js';
import { isOutcome, type Outcome, outcomeDefs, replyOutcomes } from '../../domain/outcomes.js';
import { chinaDate } from '../../domain/time.js';
import { ForbiddenError, InputError, TooManyRequestsError } from '../../errors.js';
import { pastDate } from '../../validate.js';
import { can, requireAgency, requireUser } from '../access.js';
import { ancestorIds, findAgency } from '../agencies/store.js';
import type { Tx } from '../audit/service.js';
import { currentCalendar } from '../calendar/service.js';
import { checkAttachment, storeBlob } from '../catalog/attachments.js';
import type { Ctx } from '../context.js';
import { type Mutation, mutate, mutateIn } from './cases.js';
import { chineseDate, issueLetter } from './letters.js';
import { enqueueMail } from './mail.js';

type Raw = Record<string, unknown>;
const str = (v: unknown, max = 2000): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const opt = (v: unknown, max = 200): string | null => str(v, max) || null;

// ───────────── what an application says (条例 第二十九条) ─────────────

export interface ApplicantInput {
  applicantType: ApplicantType;
  name: string;
  contactPerson: string | null;
  idType: string;
  idNumber: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  description: string;
  docRef: string | null;
  wantedForm: string;
  delivery: DeliveryMethod;
}

/** Every problem with the application's contents at once, each under its field. */
export function checkApplicant(raw: Raw): { value: ApplicantInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const applicantType = str(raw.applicantType) as ApplicantType;
  if (!applicantTypes.includes(applicantType)) errors.applicantType = '请选择申请人类型（自然人，或法人或其他组织的类别）';
  const name = str(raw.name, 200);
  if (!name) errors.name = '请填写申请人姓名或名称';
  else if (name.length > 100) errors.name = '姓名或名称不能超过100个字';
  const org = applicantTypes.includes(applicantType) && isOrganisation(applicantType);
  const idType = org ? 'creditCode' : str(raw.idType, 30);
  const idNumber = str(raw.idNumber, 60);
  if (applicantTypes.includes(applicantType)) {
    const id = checkIdentity(applicantType, idType, idNumber);
    if (!id.ok) errors[id.field] = id.reason;
  }
  const phone = opt(raw.phone, 40);
  const email = opt(raw.email, 200);
  const address = opt(raw.address, 300);
  const delivery = str(raw.delivery) as DeliveryMethod;
  if (!deliveryMethods.includes(delivery)) errors.delivery = '请选择获取信息的方式';
  Object.assign(errors, contactProblems({ phone, email, address, delivery }));
  const description = str(raw.description, 4000);
  if (!description) errors.description = '请描述您申请公开的政府信息（名称、文号或便于查询的其他特征）';
  else if (description.length > 2000) errors.description = '申请内容不能超过2000个字，内容较多的请分别申请';
  const wantedForm = str(raw.wantedForm);
  if (!(wantedForms as readonly string[]).includes(wantedForm)) errors.wantedForm = '请选择所需信息的形式';
  const docRef = opt(raw.docRef, 200);
  if (Object.keys(errors).length) return { value: null, errors };
  const id = checkIdentity(applicantType, idType, idNumber) as { ok: true; idType: string; number: string };
  return {
    value: {
      applicantType,
      name,
      contactPerson: org ? opt(raw.contactPerson, 50) : null,
      idType: id.idType,
      idNumber: id.number,
      phone: phone ? normalizePhone(phone) : null,
      email: email?.toLowerCase() ?? null,
      address,
      description,
      docRef,
      wantedForm,
      delivery,
    },
    errors,
  };
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
export const newFormToken = () => randomBytes(18).toString('base64url');

/** Public form submissions an address may make in an hour (GONGKAI_APPLY_PER_HOUR; 0 = no limit). */
const applyLimit = () => Number(process.env.GONGKAI_APPLY_PER_HOUR ?? 20);

async function checkRate(ctx: Ctx, kind: string, ip: string, max: number, minutes: number, message: string) {
  if (max <= 0) return;
  const since = new Date(ctx.now().getTime() - minutes * 60_000).toISOString();
  const r = await ctx.db
    .selectFrom('public_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .where('ip', '=', ip)
    .where('at', '>', since)
    .executeTakeFirst();
  if (Number(r?.n ?? 0) >= max) throw new TooManyRequestsError(message);
}

export async function recordAttempt(ctx: Ctx, kind: string, ip: string) {
  await ctx.db.insertInto('public_attempts').values({ kind, ip, at: ctx.now().toISOString() }).execute();
}

async function newTrackingCode(db: Tx): Promise<string> {
  for (;;) {
    const code = formatTrackingCode(randomBytes(12));
    if (!(await db.selectFrom('applications').select('id').where('tracking_code', '=', code).executeTakeFirst())) return code;
  }
}

interface CreateInput {
  agencyId: number;
  applicant: ApplicantInput;
  channel: ApplicationChannel;
  token: string | null;
  submittedOn: string;
  receivedOn: string | null;
  submittedBy: 'public' | 'staff' | 'transfer';
  note?: string | null;
  transferredFrom?: { id: number; agencyId: number; agencyName: string; trackingCode: string } | null;
}

// Inside a transaction every query goes through `trx`: on SQLite the one connection is the
// transaction's, and a query on ctx.db would wait for it forever.
async function createCase(ctx: Ctx, trx: Tx, calendar: WorkCalendar, c: CreateInput): Promise<Application> {
  const now = ctx.now().toISOString();
  const a = c.applicant;
  const app = await trx
    .insertInto('applications')
    .values({
      agency_id: c.agencyId,
      applicant_type: a.applicantType,
      channel: c.channel,
      received_on: null,
      closed_on: null,
      outcome: null,
      fee_amount: null,
      fee_paid_on: null,
      tracking_code: await newTrackingCode(trx),
      submission_token: c.token,
      stage: 'awaitingReceipt',
      applicant_name: a.name,
      id_type: a.idType,
      id_number: a.idNumber,
      contact_person: a.contactPerson,
      phone: a.phone,
      email: a.email,
      address: a.address,
      description: a.description,
      doc_ref: a.docRef,
      wanted_form: a.wantedForm,
      delivery: a.delivery,
      handler_id: null,
      transferred_from_id: c.transferredFrom?.id ?? null,
      submitted_at: now,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await mutateIn(trx, ctx, app, calendar, async (m) => {
    await m.append('submitted', c.submittedOn, {
      channel: c.channel,
      by: c.submittedBy,
      ...(c.note ? { note: c.note } : {}),
      ...(c.transferredFrom ? { from: c.transferredFrom } : {}),
    });
    if (c.receivedOn) await receive(m, c.receivedOn);
  });
  return app;
}

/** 第三十一条: the receipt date is fixed; the applicant gets the 受理回执 with the reply deadline. */
async function receive(m: Mutation, on: string) {
  await m.append('received', on, { rule: receiptRules[m.app.channel as ApplicationChannel] });
  await issueLetter(m, 'receipt', {});
}

async function openAgency(ctx: Ctx, agencyId: number) {
  const agency = await findAgency(ctx.db, agencyId);
  if (!agency) throw new InputError({ agencyId: '请选择受理申请的机关' });
  if (agency.dissolved_on && agency.dissolved_on <= chinaDate(ctx.now()))
    throw new InputError({ agencyId: `${agency.name}已撤销，不再受理申请` });
  return agency;
}

/**
 * An application through the public form. The form's token makes a second submit of the same form
 * find the first case (unique key in the database) instead of creating another.
 */
export async function submitPublic(ctx: Ctx, raw: Raw, ip: string): Promise<{ app: Application; duplicate: boolean }> {
  const token = str(raw.formToken, 100);
  if (!TOKEN.test(token)) throw new InputError({ _form: '表单已失效，请刷新页面后重新提交（您填写的内容仍在）' });
  const existing = await ctx.db.selectFrom('applications').selectAll().where('submission_token', '=', token).executeTakeFirst();
  if (existing) return { app: existing, duplicate: true };
  const errors: Record<string, string> = {};
  const agencyId = Number(str(raw.agencyId));
  if (!Number.isInteger(agencyId) || agencyId <= 0) errors.agencyId = '请选择受理申请的机关';
  else {
    try {
      await openAgency(ctx, agencyId);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      Object.assign(errors, e.fields);
    }
  }
  const checked = checkApplicant(raw);
  Object.assign(errors, checked.errors);
  if (Object.keys(errors).length) throw new InputError(errors);
  await checkRate(ctx, 'apply', ip, applyLimit(), 60, '同一网络地址一小时内提交的申请过多，请稍后再试，或到机关现场提交。');
  const calendar = await currentCalendar(ctx.db);
  try {
    const app = await ctx.db.transaction().execute(async (trx) => {
      const a = await createCase(ctx, trx, calendar, {
        agencyId,
        applicant: checked.value!,
        channel: 'online',
        token,
        submittedOn: chinaDate(ctx.now()),
        receivedOn: null,
        submittedBy: 'public',
      });
      await trx.insertInto('public_attempts').values({ kind: 'apply', ip, at: ctx.now().toISOString() }).execute();
      return a;
    });
    return { app, duplicate: false };
  } catch (e) {
    // Two submits of one form at the same moment: the loser of the unique key finds the winner's case.
    const again = await ctx.db.selectFrom('applications').selectAll().where('submission_token', '=', token).executeTakeFirst();
    if (again) return { app: again, duplicate: true };
    throw e;
  }
}

/**
 * Staff register an application that came in person, by post, fax or e-mail, or orally (条例
 * 第二十九条), with the receipt date by 第三十一条: handed in or signed for on a day staff enter;
 * for ordinary letters, fax and e-mail the day both sides confirmed, which may be left open.
 */
export async function registerApplication(ctx: Ctx, agencyId: number, raw: Raw): Promise<Application> {
  await requireAgency(ctx, 'intake', agencyId);
  await openAgency(ctx, agencyId);
  const today = chinaDate(ctx.now());
  const errors: Record<string, string> = {};
  const channel = str(raw.channel) as ApplicationChannel;
  if (!applicationChannels.includes(channel) || channel === 'online') errors.channel = '请选择申请的提交方式';
  const receivedOn = pastDate(raw.receivedOn, '收到申请之日', today, errors, 'receivedOn');
  const rule = applicationChannels.includes(channel) ? receiptRules[channel] : null;
  if (rule && rule !== 'confirmed' && !receivedOn && !errors.receivedOn)
    errors.receivedOn = rule === 'handedIn' ? '请填写申请提交之日（即收到申请之日）' : '请填写签收之日（即收到申请之日）';
  const note = opt(raw.note, 1000);
  if (channel === 'oral') {
    if (!note) errors.note = '口头申请请记录申请人口述的内容和代为填写的情况';
    if (raw.oralConfirmed !== '1' && raw.oralConfirmed !== 'on') errors.oralConfirmed = '请向申请人宣读代为填写的申请并经其确认';
  }
  const checked = checkApplicant(raw);
  Object.assign(errors, checked.errors);
  const token = str(raw.formToken, 100);
  if (token && !TOKEN.test(token)) errors._form = '表单已失效，请刷新页面后重新提交';
  if (Object.keys(errors).length) throw new InputError(errors);
  if (token) {
    const existing = await ctx.db.selectFrom('applications').selectAll().where('submission_token', '=', token).executeTakeFirst();
    if (existing) return existing;
  }
  const calendar = await currentCalendar(ctx.db);
  return ctx.db.transaction().execute((trx) =>
    createCase(ctx, trx, calendar, {
      agencyId,
      applicant: checked.value!,
      channel,
      token: token || null,
      submittedOn: receivedOn ?? today,
      receivedOn,
      submittedBy: 'staff',
      note,
    }),
  );
}

// ───────────── working a case ─────────────

async function caseFor(ctx: Ctx, id: number, capability: 'handle' | 'approve' | 'read') {
  const app = await ctx.db.selectFrom('applications').select(['id', 'agency_id']).where('id', '=', id).executeTakeFirst();
  if (!app) throw new InputError({ _form: '找不到该申请' });
  await requireAgency(ctx, capability, app.agency_id);
  return app;
}

/** Runs an action of a handler (or approver) on a case: access first, then the change under the case's lock. */
async function act<R>(ctx: Ctx, id: number, capability: 'handle' | 'approve', fn: (m: Mutation) => Promise<R>): Promise<R> {
  await caseFor(ctx, id, capability);
  return mutate(ctx, id, fn);
}

const refuse = (field: string, problem: string | null) => {
  if (problem) throw new InputError({ [field]: problem });
};

/** 第三十一条: staff confirm an online (or unconfirmed) application; that day both sides confirmed is the receipt date. */
export async function confirmReceipt(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    if (m.clock.receivedOn) throw new InputError({ receivedOn: `已确认收到申请，收到申请之日为${m.clock.receivedOn}` });
    if (m.clock.closed) throw new InputError({ receivedOn: '本申请已办结' });
    const errors: Record<string, string> = {};
    const on = pastDate(raw.receivedOn, '收到申请之日', m.today, errors, 'receivedOn') ?? (errors.receivedOn ? null : m.today);
    const submitted = m.events.find((e) => e.type === 'submitted')?.on ?? m.today;
    if (on && on < submitted) errors.receivedOn = `收到申请之日不能早于申请提交之日（${submitted}）`;
    if (Object.keys(errors).length) throw new InputError(errors);
    await receive(m, on!);
  });
}

/** 第三十条: one correction notice, within 7 working days of receipt, with a reasonable period. */
export async function requestCorrection(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const items = str(raw.correctionItems, 2000);
    const periodText = str(raw.correctionPeriod, 10);
    const period = periodText === '' ? DEFAULT_CORRECTION_WORKDAYS : Number(periodText);
    const errors: Record<string, string> = {};
    if (!items) errors.correctionItems = '请逐项写明需要补正的内容（《条例》第三十条要求一次性告知）';
    if (!Number.isInteger(period) || period < 1 || period > 60) errors.correctionPeriod = '补正期限应为1至60个工作日';
    const problem = errors.correctionPeriod ? null : correctionNoticeProblem(m.clock, m.today, period);
    if (problem) errors.correctionItems = problem;
    if (Object.keys(errors).length) throw new InputError(errors);
    await m.append('correctionRequested', m.today, { periodWorkdays: period, items });
    await issueLetter(m, 'correction', { 补正事项: items, 补正期限: chineseDate(m.clock.correction!.dueBy.due) });
  });
}

/** The applicant's correction, on the tracking page (public) or as staff received it. */
export async function recordCorrection(ctx: Ctx, id: number, raw: Raw, via: 'public' | 'staff') {
  const run = async (m: Mutation) => {
    const text = str(raw.correctionText, 4000);
    if (!text) throw new InputError({ correctionText: '请填写补正内容' });
    if (text.length > 2000) throw new InputError({ correctionText: '补正内容不能超过2000个字' });
    refuse('correctionText', correctionProblem(m.clock, m.today));
    await m.append('corrected', m.today, { text, via });
  };
  if (via === 'public') return mutate(ctx, id, run);
  return act(ctx, id, 'handle', run);
}

/** 第三十二条、第三十四条: a written consultation of a third party or another agency. */
export async function sendConsultation(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const errors: Record<string, string> = {};
    const party = str(raw.consultParty, 100);
    const kind = str(raw.consultKind);
    const matter = str(raw.consultMatter, 1000);
    if (!party) errors.consultParty = '请填写被征求意见的第三方或机关名称';
    if (kind !== 'thirdParty' && kind !== 'agency') errors.consultKind = '请选择被征求方是第三方还是其他机关';
    if (!matter) errors.consultMatter = '请写明征求意见的事项';
    if (!m.clock.reply || m.clock.closed || m.clock.stage === 'awaitingFee') errors.consultParty = '当前不能征求意见：答复期限未在计算中';
    if (Object.keys(errors).length) throw new InputError(errors);
    const ref = `c${m.events.length + 1}`;
    await m.append('consultationSent', m.today, { ref, party, kind, matter });
    const c = m.clock.consultations.find((x) => x.ref === ref)!;
    await issueLetter(m, 'consultation', { 被征求方: party, 征求事项: matter, 征求答复期限: chineseDate(c.window.due) }, party);
  });
}

export async function recordConsultationAnswer(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const ref = str(raw.consultRef, 20);
    const open = m.clock.consultations.find((c) => c.ref === ref && c.answeredOn === null);
    if (!open) throw new InputError({ consultRef: '请选择尚未答复的征求意见' });
    const opinion = str(raw.consultOpinion);
    if (!['agree', 'object', 'partly'].includes(opinion)) throw new InputError({ consultOpinion: '请选择被征求方的意见' });
    await m.append('consultationAnswered', m.today, {
      ref,
      opinion,
      note: opt(raw.consultNote, 1000),
      lapsed: open.lapsed,
    });
  });
}

/** 第三十三条第二款: a handler asks; an approver (the 工作机构's head) decides. */
export async function requestExtension(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const workdays = Number(str(raw.extensionWorkdays, 4) || 'NaN');
    const reason = str(raw.extensionReason, 500);
    const errors: Record<string, string> = {};
    const problem = extensionProblem(m.clock, m.today, Number.isNaN(workdays) ? 0 : workdays);
    if (problem) errors.extensionWorkdays = problem;
    if (!reason) errors.extensionReason = '请写明需要延长答复期限的理由';
    if (pendingExtension(m)) errors.extensionWorkdays = '已有待审批的延期申请';
    if (Object.keys(errors).length) throw new InputError(errors);
    await m.append('extensionRequested', m.today, { workdays, reason });
    const approvers = await m.trx
      .selectFrom('grants')
      .innerJoin('users', 'users.id', 'grants.user_id')
      .select(['users.email'])
      .where('grants.agency_id', '=', m.app.agency_id)
      .where('grants.role', '=', 'approver')
      .where('users.disabled_at', 'is', null)
      .execute();
    for (const a of approvers) {
      if (!a.email) continue;
      await enqueueMail(m.trx, m.now, {
        to: a.email,
        subject: `延期审批：政府信息公开申请 ${m.app.tracking_code}`,
        body: `${m.app.applicant_name}的政府信息公开申请（查询码 ${m.app.tracking_code}）申请延长答复期限${workdays}个工作日，理由：${reason}。请登录平台审批。`,
        applicationId: m.app.id,
        agencyId: m.app.agency_id,
        kind: 'extension.request',
      });
    }
  });
}

function pendingExtension(m: Mutation) {
  let pending: { seq: number; workdays: number; reason: string; actorId: number | null } | null = null;
  for (const e of m.events) {
    if (e.type === 'extensionRequested')
      pending = { seq: e.seq, workdays: e.data.workdays as number, reason: e.data.reason as string, actorId: e.actorId };
    if (e.type === 'extensionApproved' || e.type === 'extensionRefused') pending = null;
  }
  return pending;
}

export async function decideExtension(ctx: Ctx, id: number, raw: Raw) {
  const me = requireUser(ctx);
  return act(ctx, id, 'approve', async (m) => {
    const pending = pendingExtension(m);
    if (!pending) throw new InputError({ extensionDecision: '没有待审批的延期申请' });
    if (pending.actorId === me.id) throw new ForbiddenError('不能审批自己提出的延期申请');
    const decision = str(raw.extensionDecision);
    if (decision !== 'approve' && decision !== 'refuse') throw new InputError({ extensionDecision: '请选择同意或不同意延期' });
    const note = opt(raw.extensionNote, 500);
    if (decision === 'refuse') {
      await m.append('extensionRefused', m.today, { note, requestSeq: pending.seq });
      return;
    }
    refuse('extensionDecision', extensionProblem(m.clock, m.today, pending.workdays));
    await m.append('extensionApproved', m.today, { workdays: pending.workdays, reason: pending.reason, note, requestSeq: pending.seq });
    await issueLetter(m, 'extension', {
      延期天数: String(pending.workdays),
      延期后期限: chineseDate(m.clock.reply!.due!),
      延期理由: pending.reason,
    });
  });
}

/** The applicant's position among this agency's applications by the same applicant this natural month (按件计收). */
export async function monthOrdinal(db: Ctx['db'] | Tx, app: Pick<Application, 'id' | 'agency_id' | 'id_number' | 'received_on'>) {
  const day = app.received_on ?? chinaDate(new Date());
  const [y, mo] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const first = `${day.slice(0, 7)}-01`;
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'received_on'])
    .where('agency_id', '=', app.agency_id)
    .where('id_number', '=', app.id_number)
    .where('received_on', '>=', first)
    .where('received_on', '<', next)
    .execute();
  const before = rows.filter((r) => r.received_on! < day || (r.received_on === day && r.id <= app.id));
  return { ordinal: Math.max(before.length, 1), total: rows.length };
}

/** 第四十二条: one fee notice, by one method, within the handling period; the clock pauses until payment. */
export async function notifyFee(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const methods = Array.isArray(raw.feeMethod) ? raw.feeMethod : [raw.feeMethod];
    const method = str(methods[0]);
    const pagesText = str(raw.feePages, 8);
    const pages = pagesText === '' ? undefined : Number(pagesText);
    const both = methods.filter((x) => x === 'perPiece' || x === 'perVolume').length > 1 || (method === 'perPiece' && pagesText !== '');
    refuse('feeMethod', feeInputProblem({ method, pages, both }));
    const fee = method === 'perPiece' ? perPieceFee((await monthOrdinal(m.trx, m.app)).ordinal) : perVolumeFee(pages!);
    refuse('feeMethod', feeNoticeProblem(m.clock, m.today, fee.amount));
    await m.append('feeNotified', m.today, { method, amount: fee.amount, pages: pages ?? null, lines: fee.lines });
    await issueLetter(m, 'fee', {
      法律依据: FEE_BASIS,
      收费方式: feeMethodLabels[fee.method],
      收费标准: fee.rateText,
      收费明细: fee.lines
        .map((l) => `${l.label}${l.units > 1 ? ` ${l.units}页` : ''}，每${method === 'perPiece' ? '件' : '页'}${l.rate}元，计${l.amount}元`)
        .join('；'),
      收费金额: String(fee.amount),
      缴费期限: chineseDate(m.clock.fee!.payBy.due),
    });
  });
}

export async function recordPayment(ctx: Ctx, id: number) {
  return act(ctx, id, 'handle', async (m) => {
    if (!m.clock.fee || m.clock.fee.paidOn) throw new InputError({ _form: '没有待缴的信息处理费' });
    if (m.clock.closed) throw new InputError({ _form: `缴费期限已于${m.clock.fee.payBy.due}届满，本申请已终止处理` });
    await m.append('feePaid', m.today, { amount: m.clock.fee.amount });
  });
}

export interface WithheldPart {
  part: string;
  reason: string;
}

/** "不予公开的部分：理由" per line (第三十七条: reasons for each part withheld). */
export function parseWithheld(text: string): { parts: WithheldPart[]; problem: string | null } {
  const parts: WithheldPart[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = line.match(/^(.+?)[：:](.+)$/);
    if (!m || !m[1]!.trim() || !m[2]!.trim()) return { parts, problem: `第${i + 1}行应写成“不予公开的部分：理由”` };
    parts.push({ part: m[1]!.trim(), reason: m[2]!.trim() });
  }
  return { parts, problem: parts.length ? null : '部分公开的，请逐项写明不予公开的部分及其理由（每行“部分：理由”）' };
}

/**
 * 第三十六条至第三十九条: exactly one outcome from the taxonomy, with its legal basis and the
 * reasons it needs; 部分公开 with each withheld part and its reason; 三(四)1 naming the right agency
 * when known; released documents reach the applicant.
 */
export async function reply(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const chosen = (Array.isArray(raw.outcome) ? raw.outcome : raw.outcome == null || raw.outcome === '' ? [] : [raw.outcome]).map(String);
    if (chosen.length === 0) throw new InputError({ outcome: '请选择一种答复结果' });
    if (chosen.length > 1) throw new InputError({ outcome: '每件申请只能有一种答复结果，请只选择一项' });
    const outcome = chosen[0]!;
    if (!isOutcome(outcome) || !replyOutcomes.includes(outcome)) throw new InputError({ outcome: '答复结果无效，请从列表中选择' });
    refuse('outcome', replyProblem(m.clock, m.today));
    const d = outcomeDefs[outcome];
    const errors: Record<string, string> = {};
    const reasons = str(raw.reasons, 4000);
    const withheldText = str(raw.withheld, 4000);
    const access = str(raw.access, 1000);
    const rightAgency = str(raw.rightAgency, 300);
    let withheld: WithheldPart[] = [];
    if (outcome === 'partial') {
      const w = parseWithheld(withheldText);
      if (w.problem) errors.withheld = w.problem;
      withheld = w.parts;
    } else if (d.needsReasons && !reasons) errors.reasons = `“${d.shortLabel}”须说明理由（${d.basis ?? '《条例》'}）`;
    const fileIds = (Array.isArray(raw.release) ? raw.release : raw.release ? [raw.release] : []).map((v) => Number(v));
    const files = await m.trx.selectFrom('application_files').select(['id', 'name']).where('application_id', '=', m.app.id).execute();
    const released = files.filter((f) => fileIds.includes(f.id));
    if (released.length !== fileIds.length) errors.release = '所选的附件不属于本申请';
    if ((outcome === 'granted' || outcome === 'partial') && released.length === 0 && !access)
      errors.access = '予以公开或部分公开的，请上传并勾选提供的政府信息，或写明获取信息的方式、途径和时间（《条例》第三十六条第（二）项）';
    if (Object.keys(errors).length) throw new InputError(errors);
    await m.append('replied', m.today, {
      outcome,
      basis: d.basis,
      reasons: reasons || null,
      withheld,
      access: access || null,
      rightAgency: rightAgency || null,
      released: released.map((f) => f.id),
    });
    if (released.length)
      await m.trx
        .updateTable('application_files')
        .set({ released: 1 })
        .where(
          'id',
          'in',
          released.map((f) => f.id),
        )
        .execute();
    await issueReply(m, outcome, {
      理由: reasons || null,
      不予公开部分: withheld.map((w, i) => `${i + 1}. ${w.part}：${w.reason}`).join('\n') || null,
      获取方式:
        [access, released.length ? `随本答复提供：${released.map((f) => f.name).join('、')}（可在查询页面下载）` : '']
          .filter(Boolean)
          .join('；') || deliveryMethodLabels[m.app.delivery as DeliveryMethod],
      相关机关: rightAgency ? `该政府信息由${rightAgency}负责公开，您可以向其申请。` : null,
    });
  });
}

async function issueReply(m: Mutation, outcome: Outcome, values: Record<string, string | null>) {
  const d = outcomeDefs[outcome];
  return issueLetter(m, replyLetterKind(d.group), {
    答复结果: d.label,
    法律依据: d.basis ?? '《中华人民共和国政府信息公开条例》',
    ...values,
  });
}

/**
 * 第三十六条第（五）项: not this agency's to disclose, and the right agency is on the platform: the
 * sender's case ends with a reply 三(四)1 naming it, and the receiver gets a case of its own with
 * the same applicant and request, received the day of the transfer, linked both ways.
 */
export async function transfer(ctx: Ctx, id: number, raw: Raw) {
  const target = Number(str(raw.toAgencyId));
  return act(ctx, id, 'handle', async (m) => {
    refuse('toAgencyId', replyProblem(m.clock, m.today));
    const to = Number.isInteger(target) && target > 0 ? await findAgency(m.trx, target) : undefined;
    if (!to) throw new InputError({ toAgencyId: '请选择负责公开该信息的机关' });
    if (to.id === m.app.agency_id) throw new InputError({ toAgencyId: '不能转给本机关' });
    if (to.dissolved_on) throw new InputError({ toAgencyId: `${to.name}已撤销` });
    const [rootFrom, rootTo] = await Promise.all([ancestorIds(m.trx, m.app.agency_id), ancestorIds(m.trx, to.id)]);
    if (rootFrom[rootFrom.length - 1] !== rootTo[rootTo.length - 1])
      throw new InputError({ toAgencyId: '只能转给本平台同一机关树内的机关' });
    const reasons = str(raw.transferReasons, 2000) || `经查，您申请的政府信息不属于本机关公开，由${to.name}负责公开。`;
    const from = await findAgency(m.trx, m.app.agency_id);
    const a = m.app;
    const received = await createCase(ctx, m.trx, m.calendar, {
      agencyId: to.id,
      applicant: {
        applicantType: a.applicant_type as ApplicantType,
        name: a.applicant_name,
        contactPerson: a.contact_person,
        idType: a.id_type,
        idNumber: a.id_number,
        phone: a.phone,
        email: a.email,
        address: a.address,
        description: (m.events.findLast((e) => e.type === 'corrected')?.data.text as string | undefined) ?? a.description,
        docRef: a.doc_ref,
        wantedForm: a.wanted_form,
        delivery: a.delivery as DeliveryMethod,
      },
      channel: a.channel as ApplicationChannel,
      token: null,
      submittedOn: m.today,
      receivedOn: m.today,
      submittedBy: 'transfer',
      transferredFrom: { id: a.id, agencyId: a.agency_id, agencyName: from!.name, trackingCode: a.tracking_code },
    });
    await m.append('replied', m.today, {
      outcome: 'notHeld',
      basis: '《条例》第三十六条第（五）项',
      reasons,
      rightAgency: to.name,
      transferredTo: { id: received.id, agencyId: to.id, agencyName: to.name, trackingCode: received.tracking_code },
    });
    await issueReply(m, 'notHeld', {
      法律依据: '《中华人民共和国政府信息公开条例》第三十六条第（五）项',
      理由: reasons,
      相关机关: `本机关已将您的申请转交${to.name}办理，新的查询码为${received.tracking_code}，可凭原联系方式查询。`,
    });
    return received;
  });
}

/** The applicant withdraws (public, on the tracking page; or staff record a withdrawal received otherwise): 三(六)3. */
export async function withdraw(ctx: Ctx, id: number, raw: Raw, via: 'public' | 'staff') {
  const run = async (m: Mutation) => {
    if (m.clock.closed) throw new InputError({ withdrawReason: '本申请已办结，不能撤回' });
    const reason = opt(raw.withdrawReason, 500);
    await m.append('withdrawn', m.today, { reason, via });
    await issueReply(m, 'otherReason', {
      答复结果: '申请人撤回申请，本机关终止办理',
      法律依据: '《中华人民共和国政府信息公开条例》',
      理由: `您于${chineseDate(m.today)}撤回了该政府信息公开申请${reason ? `（理由：${reason}）` : ''}。`,
    });
  };
  if (via === 'public') return mutate(ctx, id, run);
  return act(ctx, id, 'handle', run);
}

/** The sweep and any reader may record a closure the clock has reached (三(六)1, 三(六)2). */
export async function recordClockClosure(ctx: Ctx, id: number): Promise<boolean> {
  return mutate(ctx, id, async (m) => {
    const c = m.clock.closed;
    if (!c || c.recorded || !c.byClock) return false;
    await m.append('closedByClock', c.on, { outcome: c.outcome });
    const why =
      c.outcome === 'noCorrection'
        ? `本机关于${chineseDate(m.clock.correction!.requestedOn)}告知您补正，补正期限至${chineseDate(m.clock.correction!.dueBy.due)}，您未在期限内补正，视为放弃申请。`
        : `本机关于${chineseDate(m.clock.fee!.notifiedOn)}发出收费通知，缴费期限至${chineseDate(m.clock.fee!.payBy.due)}，您未在期限内缴纳，视为放弃申请。`;
    await issueReply(m, c.outcome, { 理由: `${why}本机关不再处理该政府信息公开申请。` });
    return true;
  });
}

// ───────────── who works the case ─────────────

async function handlersOf(db: Ctx['db'] | Tx, agencyId: number) {
  return db
    .selectFrom('grants')
    .innerJoin('users', 'users.id', 'grants.user_id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .where('grants.agency_id', '=', agencyId)
    .where('grants.role', '=', 'handler')
    .where('users.disabled_at', 'is', null)
    .orderBy('users.display_name')
    .execute();
}

export { handlersOf };

export async function assign(ctx: Ctx, id: number, raw: Raw) {
  return act(ctx, id, 'handle', async (m) => {
    const handlerId = Number(str(raw.handlerId));
    const handler = (await handlersOf(m.trx, m.app.agency_id)).find((h) => h.id === handlerId);
    if (!handler) throw new InputError({ handlerId: '请选择本机关的依申请办理人' });
    if (m.app.handler_id === handler.id) throw new InputError({ handlerId: `本申请已由${handler.display_name}办理` });
    await m.append('assigned', null, { handlerId: handler.id, handlerName: handler.display_name, previous: m.app.handler_id });
  });
}

/** A handler takes an unassigned case from the agency's queue. */
export async function claim(ctx: Ctx, id: number) {
  const me = requireUser(ctx);
  return act(ctx, id, 'handle', async (m) => {
    if (m.app.handler_id !== null) {
      const who = await m.trx.selectFrom('users').select('display_name').where('id', '=', m.app.handler_id).executeTakeFirst();
      throw new InputError({ _form: `本申请已由${who?.display_name ?? '他人'}认领` });
    }
    if (!(await handlersOf(m.trx, m.app.agency_id)).some((h) => h.id === me.id))
      throw new ForbiddenError('只有本机关的依申请办理人可以认领申请');
    await m.append('assigned', null, { handlerId: me.id, handlerName: me.displayName, previous: null, claimed: true });
  });
}

/** A document kept with the case; a reply may release it to the applicant. */
export async function addFile(ctx: Ctx, id: number, file: { filename: string; data: Buffer; truncated?: boolean }) {
  return act(ctx, id, 'handle', async (m) => {
    if (m.clock.closed) throw new InputError({ file: '本申请已办结，不能再添加附件' });
    if (file.truncated) throw new InputError({ file: '附件过大' });
    const name = file.filename.replace(/[\\/\0]/g, '_').slice(-120) || '附件';
    const checked = checkAttachment(name, file.data);
    if (typeof checked === 'string') throw new InputError({ file: checked });
    const sha256 = await storeBlob(m.trx, file.data, m.now);
    const f = await m.trx
      .insertInto('application_files')
      .values({
        application_id: m.app.id,
        name,
        mime: checked.mime,
        size: file.data.length,
        sha256,
        released: 0,
        created_at: m.now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await m.append('fileAdded', null, { fileId: f.id, name, size: file.data.length, sha256 });
  });
}

export async function canOn(ctx: Ctx, agencyId: number) {
  const [handle, approve, intake] = await Promise.all([
    can(ctx, 'handle', agencyId),
    can(ctx, 'approve', agencyId),
    can(ctx, 'intake', agencyId),
  ]);
  return { handle, approve, intake };
}

export { CONSULTATION_WORKDAYS };
