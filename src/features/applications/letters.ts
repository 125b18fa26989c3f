import type { Application } from '../../db/schema.js';
import {
  carriesRightsNotice,
  defaultTemplates,
  forApplicant,
  formatLetterNo,
  type LetterKind,
  letterKinds,
  letterPrefixProblem,
  letterTitles,
  renderTemplate,
  rightsNotice,
  unknownPlaceholders,
} from '../../domain/letters.js';
import { InputError } from '../../errors.js';
import { requireAgency } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { audit, type Tx } from '../audit/service.js';
import { storeBlob } from '../catalog/attachments.js';
import type { Ctx } from '../context.js';
import type { Mutation } from './cases.js';
import { enqueueMail } from './mail.js';
import { letterDocx, letterHtml } from './render.js';

type Q = Ctx['db'] | Tx;

export interface LetterSettings {
  prefix: string;
  reconsiderationBody: string | null;
  court: string | null;
}

/** The agency's 文号 prefix (default: its short name + 公开) and the bodies named in the rights notice. */
export async function letterSettings(db: Q, agencyId: number): Promise<LetterSettings> {
  const [row, agency] = await Promise.all([
    db.selectFrom('application_settings').selectAll().where('agency_id', '=', agencyId).executeTakeFirst(),
    findAgency(db, agencyId),
  ]);
  const fallback = `${(agency?.short_name ?? '').replace(/[^\p{Script=Han}A-Za-z]/gu, '').slice(0, 8)}公开`;
  return { prefix: row?.letter_prefix ?? fallback, reconsiderationBody: row?.reconsideration_body ?? null, court: row?.court ?? null };
}

export async function templatesOf(db: Q, agencyId: number): Promise<Record<LetterKind, string>> {
  const rows = await db.selectFrom('letter_templates').select(['kind', 'body']).where('agency_id', '=', agencyId).execute();
  const out = { ...defaultTemplates };
  for (const r of rows) if ((letterKinds as readonly string[]).includes(r.kind)) out[r.kind as LetterKind] = r.body;
  return out;
}

/** The next 文号 of the agency in the year: a counter row per agency and year, never reused. */
async function nextLetterNo(trx: Tx, agencyId: number, prefix: string, year: number): Promise<string> {
  const r = await trx
    .insertInto('index_counters')
    .values({ agency_id: agencyId, scope: `letters:${year}`, last_serial: 1 })
    .onConflict((oc) => oc.columns(['agency_id', 'scope']).doUpdateSet((eb) => ({ last_serial: eb('index_counters.last_serial', '+', 1) })))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return formatLetterNo(prefix, year, r.last_serial);
}

export const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * Issues a letter for the event just appended: fills the agency's template, numbers it, renders
 * HTML and DOCX, keeps both with the case, and mails it when it is for the applicant and an
 * address was given. Runs inside the case's transaction.
 */
export async function issueLetter(m: Mutation, kind: LetterKind, values: Record<string, string | null>, recipient?: string) {
  const { trx, app } = m;
  const [agency, settings, templates] = await Promise.all([
    findAgency(trx, app.agency_id),
    letterSettings(trx, app.agency_id),
    templatesOf(trx, app.agency_id),
  ]);
  const docNo = await nextLetterNo(trx, app.agency_id, settings.prefix, Number(m.today.slice(0, 4)));
  const filled = {
    文号: docNo,
    机关名称: agency!.name,
    申请人: app.applicant_name,
    查询码: app.tracking_code,
    提交日期: chineseDate(m.events.find((e) => e.type === 'submitted')?.on ?? m.today),
    收到申请日期: m.clock.receivedOn ? chineseDate(m.clock.receivedOn) : null,
    申请内容: app.description,
    答复期限: m.clock.reply?.due ? chineseDate(m.clock.reply.due) : null,
    日期: chineseDate(m.today),
    复议机关: settings.reconsiderationBody,
    人民法院: settings.court,
    救济途径: carriesRightsNotice(kind) ? rightsNotice(settings.reconsiderationBody, settings.court) : null,
    ...values,
  };
  const body = renderTemplate(templates[kind], filled);
  const content = { title: letterTitles[kind], docNo, body };
  const toApplicant = forApplicant(kind);
  const letter = await trx
    .insertInto('application_letters')
    .values({
      application_id: app.id,
      agency_id: app.agency_id,
      event_seq: m.events[m.events.length - 1]!.seq,
      kind,
      doc_no: docNo,
      title: content.title,
      recipient: recipient ?? app.applicant_name,
      body,
      html: letterHtml(content),
      docx_sha256: null,
      for_applicant: toApplicant ? 1 : 0,
      issued_on: m.today,
      created_at: m.now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (toApplicant && app.email) {
    await enqueueMail(trx, m.now, {
      to: app.email,
      subject: `${content.title}（${docNo}）`,
      body: `${body}\n\n——\n查询码：${app.tracking_code}。您可以在政府信息公开平台的“申请查询”页面，凭查询码和申请时填写的联系方式查看办理进度和全部文书。`,
      letterId: letter.id,
      applicationId: app.id,
      agencyId: app.agency_id,
      kind: `letter.${kind}`,
    });
  }
  return letter;
}

/**
 * A letter's DOCX: made from its stored text the first time it is asked for, then kept by hash so
 * every later download (and the mail) is the same file. Two processes making it at once: the first
 * to record its hash wins and the other serves that one.
 */
export async function letterDocxData(db: Ctx['db'], letterId: number) {
  const l = await db
    .selectFrom('application_letters')
    .select(['title', 'doc_no', 'body', 'docx_sha256'])
    .where('id', '=', letterId)
    .executeTakeFirst();
  if (!l) return null;
  const stored = async (sha: string) =>
    (await db.selectFrom('blobs').select('data').where('sha256', '=', sha).executeTakeFirstOrThrow()).data;
  if (l.docx_sha256) return { title: l.title, docNo: l.doc_no, data: Buffer.from(await stored(l.docx_sha256)) };
  const data = await letterDocx({ title: l.title, docNo: l.doc_no, body: l.body });
  const won = await db.transaction().execute(async (trx) => {
    const sha = await storeBlob(trx, data, new Date());
    const r = await trx
      .updateTable('application_letters')
      .set({ docx_sha256: sha })
      .where('id', '=', letterId)
      .where('docx_sha256', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  });
  if (won) return { title: l.title, docNo: l.doc_no, data };
  const again = await db.selectFrom('application_letters').select('docx_sha256').where('id', '=', letterId).executeTakeFirstOrThrow();
  return { title: l.title, docNo: l.doc_no, data: Buffer.from(await stored(again.docx_sha256!)) };
}

/** The rows of a case's letters, newest last. */
export function lettersOf(db: Q, app: Pick<Application, 'id'>, onlyForApplicant = false) {
  let q = db
    .selectFrom('application_letters')
    .select(['id', 'event_seq', 'kind', 'doc_no', 'title', 'recipient', 'issued_on', 'for_applicant', 'created_at'])
    .where('application_id', '=', app.id)
    .orderBy('id');
  if (onlyForApplicant) q = q.where('for_applicant', '=', 1);
  return q.execute();
}

// ───────────── the template editor ─────────────

export interface TemplatePage {
  settings: LetterSettings;
  templates: Record<LetterKind, string>;
  customized: Set<LetterKind>;
}

export async function templatePage(ctx: Ctx, agencyId: number): Promise<TemplatePage> {
  await requireAgency(ctx, 'manage', agencyId);
  const rows = await ctx.db.selectFrom('letter_templates').select('kind').where('agency_id', '=', agencyId).execute();
  return {
    settings: await letterSettings(ctx.db, agencyId),
    templates: await templatesOf(ctx.db, agencyId),
    customized: new Set(rows.map((r) => r.kind as LetterKind)),
  };
}

const clean = (v: unknown, max: number) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim().slice(0, max) : '');

/**
 * Saves the agency's letter settings and templates. A template may use only the known
 * {{占位符}}; an empty template, or one equal to the default, falls back to the default.
 */
export async function saveTemplates(ctx: Ctx, agencyId: number, raw: Record<string, unknown>): Promise<void> {
  await requireAgency(ctx, 'manage', agencyId);
  const errors: Record<string, string> = {};
  const prefix = clean(raw.letterPrefix, 20);
  if (prefix && letterPrefixProblem(prefix)) errors.letterPrefix = letterPrefixProblem(prefix)!;
  const bodies = new Map<LetterKind, string | null>();
  for (const k of letterKinds) {
    const v = clean(raw[`t_${k}`], 5000);
    const unknown = unknownPlaceholders(v);
    if (unknown.length) errors[`t_${k}`] = `模板中有不认识的占位符：${unknown.map((u) => `{{${u}}}`).join('、')}`;
    bodies.set(k, v === '' || v === defaultTemplates[k] ? null : v);
  }
  if (Object.keys(errors).length) throw new InputError(errors);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = {
      letter_prefix: prefix || null,
      reconsideration_body: clean(raw.reconsiderationBody, 100) || null,
      court: clean(raw.court, 100) || null,
      updated_at: now,
    };
    await trx
      .insertInto('application_settings')
      .values({ agency_id: agencyId, ...row })
      .onConflict((oc) => oc.column('agency_id').doUpdateSet(row))
      .execute();
    const changed: string[] = [];
    for (const [kind, body] of bodies) {
      if (body === null) {
        const r = await trx.deleteFrom('letter_templates').where('agency_id', '=', agencyId).where('kind', '=', kind).executeTakeFirst();
        if (Number(r.numDeletedRows) > 0) changed.push(kind);
      } else {
        await trx
          .insertInto('letter_templates')
          .values({ agency_id: agencyId, kind, body, updated_at: now, updated_by: ctx.actor.id })
          .onConflict((oc) => oc.columns(['agency_id', 'kind']).doUpdateSet({ body, updated_at: now, updated_by: ctx.actor.id }))
          .execute();
        changed.push(kind);
      }
    }
    await audit(
      trx,
      ctx.actor,
      {
        action: 'letters.settings',
        objectType: 'agency',
        objectId: agencyId,
        agencyId,
        details: { prefix: row.letter_prefix, templates: changed },
      },
      ctx.now(),
    );
  });
}
