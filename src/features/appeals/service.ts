import { normalizeTrackingCode } from '../../domain/application.js';
import { type ConsultationChannel, consultationChannels } from '../../domain/applicationChannels.js';
import { type AppealGroup, appealGroups } from '../../domain/report/formats.js';
import { chinaDate } from '../../domain/time.js';
import { InputError, NotFoundError } from '../../errors.js';
import { pastDate } from '../../validate.js';
import { requireAgency } from '../access.js';
import { audit } from '../audit/service.js';
import type { Ctx } from '../context.js';

// 咨询 by channel (legacy report codes 15–18), and 行政复议 / 行政诉讼 about disclosure with their
// results (report table 四), linked to the application when it is known. The rows are the truth
// here: each change is one row written with its audit entry.

type Raw = Record<string, unknown>;
const str = (v: unknown, max = 500) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export async function recordConsultation(ctx: Ctx, agencyId: number, raw: Raw) {
  await requireAgency(ctx, 'intake', agencyId);
  const errors: Record<string, string> = {};
  const channel = str(raw.channel) as ConsultationChannel;
  if (!consultationChannels.includes(channel)) errors.channel = '请选择咨询方式：现场、网上或电话';
  const occurredOn = pastDate(raw.occurredOn, '咨询日期', chinaDate(ctx.now()), errors, 'occurredOn', true);
  const topic = str(raw.topic, 300);
  if (topic.length > 200) errors.topic = '咨询事项不能超过200个字';
  if (Object.keys(errors).length) throw new InputError(errors);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await trx
      .insertInto('consultations')
      .values({
        agency_id: agencyId,
        channel,
        occurred_on: occurredOn!,
        topic: topic || null,
        note: str(raw.note, 1000) || null,
        created_by: ctx.actor.id,
        created_at: ctx.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      { action: 'consultation.record', objectType: 'consultation', objectId: c.id, agencyId, details: { channel, occurredOn } },
      ctx.now(),
    );
    return c;
  });
}

export async function listConsultations(ctx: Ctx, agencyId: number, year: number) {
  await requireAgency(ctx, 'read', agencyId);
  const [rows, counts] = await Promise.all([
    ctx.db
      .selectFrom('consultations')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .orderBy('occurred_on', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute(),
    ctx.db
      .selectFrom('consultations')
      .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
      .where('agency_id', '=', agencyId)
      .where('occurred_on', '>=', `${year}-01-01`)
      .where('occurred_on', '<=', `${year}-12-31`)
      .groupBy('channel')
      .execute(),
  ]);
  return { rows, counts: new Map(counts.map((c) => [c.channel, Number(c.n)])) };
}

export async function recordAppeal(ctx: Ctx, agencyId: number, raw: Raw) {
  await requireAgency(ctx, 'handle', agencyId);
  const errors: Record<string, string> = {};
  const kind = str(raw.kind) as AppealGroup;
  if (!appealGroups.includes(kind)) errors.kind = '请选择类型：行政复议、未经复议直接起诉或复议后起诉';
  const filedOn = pastDate(raw.filedOn, '申请复议或起诉之日', chinaDate(ctx.now()), errors, 'filedOn', true);
  let applicationId: number | null = null;
  const code = str(raw.trackingCode, 30);
  if (code) {
    const normalized = normalizeTrackingCode(code);
    const a = normalized
      ? await ctx.db.selectFrom('applications').select(['id', 'agency_id']).where('tracking_code', '=', normalized).executeTakeFirst()
      : undefined;
    if (!a || a.agency_id !== agencyId) errors.trackingCode = '本机关没有该查询码的申请';
    else applicationId = a.id;
  }
  if (Object.keys(errors).length) throw new InputError(errors);
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const a = await trx
      .insertInto('appeals')
      .values({
        agency_id: agencyId,
        application_id: applicationId,
        kind,
        filed_on: filedOn!,
        result: null,
        decided_on: null,
        case_no: str(raw.caseNo, 100) || null,
        body: str(raw.body, 100) || null,
        note: str(raw.note, 1000) || null,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      { action: 'appeal.record', objectType: 'appeal', objectId: a.id, agencyId, details: { kind, filedOn, applicationId } },
      ctx.now(),
    );
    return a;
  });
}

export const appealAgencyId = async (ctx: Ctx, id: number) => {
  const a = await ctx.db.selectFrom('appeals').select('agency_id').where('id', '=', id).executeTakeFirst();
  if (!a) throw new NotFoundError('找不到该复议或诉讼');
  return a.agency_id;
};

/** The decision: 维持, 纠正 or 其他, on a day not before filing. Recorded once. */
export async function decideAppeal(ctx: Ctx, appealId: number, raw: Raw) {
  const a = await ctx.db.selectFrom('appeals').selectAll().where('id', '=', appealId).executeTakeFirst();
  if (!a) throw new NotFoundError('找不到该复议或诉讼');
  await requireAgency(ctx, 'handle', a.agency_id);
  const errors: Record<string, string> = {};
  if (a.result) errors.result = `已于${a.decided_on}审结，不能再次登记结果`;
  const result = str(raw.result);
  if (!['upheld', 'corrected', 'other'].includes(result)) errors.result = errors.result ?? '请选择结果：维持、纠正或其他';
  const decidedOn = pastDate(raw.decidedOn, '审结日期', chinaDate(ctx.now()), errors, 'decidedOn', true);
  if (decidedOn && decidedOn < a.filed_on) errors.decidedOn = `审结日期不能早于申请复议或起诉之日（${a.filed_on}）`;
  if (Object.keys(errors).length) throw new InputError(errors);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('appeals')
      .set({ result, decided_on: decidedOn, updated_at: ctx.now().toISOString() })
      .where('id', '=', appealId)
      .execute();
    await audit(
      trx,
      ctx.actor,
      { action: 'appeal.decide', objectType: 'appeal', objectId: appealId, agencyId: a.agency_id, details: { result, decidedOn } },
      ctx.now(),
    );
  });
}

export async function listAppeals(ctx: Ctx, agencyId: number) {
  await requireAgency(ctx, 'read', agencyId);
  return ctx.db
    .selectFrom('appeals')
    .leftJoin('applications', 'applications.id', 'appeals.application_id')
    .selectAll('appeals')
    .select('applications.tracking_code')
    .where('appeals.agency_id', '=', agencyId)
    .orderBy('appeals.filed_on', 'desc')
    .orderBy('appeals.id', 'desc')
    .limit(500)
    .execute();
}
