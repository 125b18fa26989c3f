import { sql } from 'kysely';
import { z } from 'zod';
import { isUniqueViolation } from '../../db/errors.js';
import type { Agency, Item } from '../../db/schema.js';
import { checkDate } from '../../domain/calendar/index.js';
import {
  type Channel,
  channels,
  defaultCategories,
  disclosureModes,
  disclosurePeriods,
  docTypes,
  PUBLICATION_WORKDAYS,
  validities,
} from '../../domain/catalog.js';
import { DEFAULT_INDEX_SCHEME, formatIndexNo, serialScope, validateScheme } from '../../domain/indexNo.js';
import type { Capability } from '../../domain/roles.js';
import { type Hit, scanSensitive } from '../../domain/scan.js';
import { indexTokens } from '../../domain/text.js';
import { chinaDate } from '../../domain/time.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../errors.js';
import { optionalText, parseInput, text } from '../../validate.js';
import { can, requireAgency, requireUser } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { audit, type Tx } from '../audit/service.js';
import { currentCalendar } from '../calendar/service.js';
import type { Ctx } from '../context.js';
import { publicCategoryTree } from '../portal/store.js';
import { attachmentText } from './attachments.js';
import { activeContentProblem, sanitizeBody, textOf, textOfSanitized } from './html.js';

type Q = Ctx['db'] | Tx;

// ---------- settings: 公开指南 fields, 索引号 scheme, review chain ----------

export interface ReviewStep {
  name: string;
  role: 'reviewer' | 'approver';
}

/** 科室负责人 → 分管领导 unless the agency sets its own chain. */
export const DEFAULT_REVIEW_CHAIN: ReviewStep[] = [
  { name: '科室负责人审核', role: 'reviewer' },
  { name: '分管领导审批', role: 'approver' },
];

export interface Settings {
  officeName: string | null;
  address: string | null;
  officeHours: string | null;
  phone: string | null;
  fax: string | null;
  internetContact: string | null;
  howToApply: string | null;
  catalogArrangement: string | null;
  indexScheme: string;
  reviewChain: ReviewStep[];
}

export async function loadSettings(db: Q, agencyId: number): Promise<Settings> {
  const r = await db.selectFrom('agency_settings').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
  const chain = r ? (JSON.parse(r.review_chain) as ReviewStep[]) : [];
  return {
    officeName: r?.office_name ?? null,
    address: r?.address ?? null,
    officeHours: r?.office_hours ?? null,
    phone: r?.phone ?? null,
    fax: r?.fax ?? null,
    internetContact: r?.internet_contact ?? null,
    howToApply: r?.how_to_apply ?? null,
    catalogArrangement: r?.catalog_arrangement ?? null,
    indexScheme: r?.index_scheme ?? DEFAULT_INDEX_SCHEME,
    reviewChain: chain.length ? chain : DEFAULT_REVIEW_CHAIN,
  };
}

const settingsSchema = z.object({
  officeName: optionalText(100),
  address: optionalText(200),
  officeHours: optionalText(200),
  phone: optionalText(100),
  fax: optionalText(100),
  internetContact: optionalText(200),
  howToApply: optionalText(2000, '不能超过2000个字'),
  catalogArrangement: optionalText(2000, '不能超过2000个字'),
  indexScheme: optionalText(100),
  reviewChain: optionalText(1000),
});

/**
 * Review chain as the admin types it, one step per line: "科室负责人审核（审核人）" or
 * "分管领导审批（审批人）". A step without a role in brackets is a reviewer step.
 */
export function parseReviewChain(s: string | null): ReviewStep[] | string {
  if (!s) return DEFAULT_REVIEW_CHAIN;
  const steps: ReviewStep[] = [];
  for (const [i, raw] of s.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = line.match(/^(.+?)\s*(?:[（(](审核人|审批人)[）)])?$/);
    if (!m || m[1]!.length > 30) return `第${i + 1}步的名称应在30字以内`;
    steps.push({ name: m[1]!, role: m[2] === '审批人' ? 'approver' : 'reviewer' });
  }
  if (steps.length === 0) return '保密审查至少需要一个步骤';
  if (steps.length > 6) return '保密审查最多设六个步骤';
  return steps;
}

export const formatReviewChain = (chain: ReviewStep[]) =>
  chain.map((s) => `${s.name}（${s.role === 'approver' ? '审批人' : '审核人'}）`).join('\n');

export async function saveSettings(ctx: Ctx, agencyId: number, raw: unknown): Promise<void> {
  await requireAgency(ctx, 'manage', agencyId);
  const p = parseInput(settingsSchema, raw);
  const scheme = p.indexScheme ?? DEFAULT_INDEX_SCHEME;
  const sc = validateScheme(scheme);
  if (!sc.ok) throw new InputError({ indexScheme: sc.reason });
  const chain = parseReviewChain(p.reviewChain);
  if (typeof chain === 'string') throw new InputError({ reviewChain: chain });
  const row = {
    office_name: p.officeName,
    address: p.address,
    office_hours: p.officeHours,
    phone: p.phone,
    fax: p.fax,
    internet_contact: p.internetContact,
    how_to_apply: p.howToApply,
    catalog_arrangement: p.catalogArrangement,
    index_scheme: scheme,
    review_chain: JSON.stringify(chain),
    updated_at: ctx.now().toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agency_settings')
      .values({ agency_id: agencyId, ...row })
      .onConflict((oc) => oc.column('agency_id').doUpdateSet(row))
      .execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'settings.update',
        objectType: 'agency',
        objectId: agencyId,
        agencyId,
        details: { indexScheme: scheme, reviewChain: chain },
      },
      ctx.now(),
    );
  });
}

// ---------- the catalog tree ----------

/** Creates the default tree (条例 第二十条, 第二十一条 by level) the first time an agency uses its catalog. */
export async function ensureCategories(trx: Tx, agency: Agency, now: Date): Promise<void> {
  const any = await trx.selectFrom('categories').select('id').where('agency_id', '=', agency.id).limit(1).executeTakeFirst();
  if (any) return;
  const at = now.toISOString();
  let sort = 0;
  for (const top of defaultCategories(agency.level as 'city')) {
    const parent = await trx
      .insertInto('categories')
      .values({
        agency_id: agency.id,
        parent_id: null,
        name: top.name,
        basis: top.basis,
        default_key: top.key,
        sort: sort++,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const c of top.children ?? []) {
      await trx
        .insertInto('categories')
        .values({
          agency_id: agency.id,
          parent_id: parent.id,
          name: c.name,
          basis: c.basis,
          default_key: c.key,
          sort: sort++,
          created_at: at,
        })
        .execute();
    }
  }
}

export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  basis: string | null;
  depth: number;
  /** Published items shown on the portal, in this category and below. */
  count: number;
}

/** The agency's catalog tree in display order with published counts (the default tree is made on first use). */
export async function categoryTree(ctx: Ctx, agencyId: number): Promise<CategoryNode[]> {
  const agency = await findAgency(ctx.db, agencyId);
  if (!agency) throw new NotFoundError('找不到该机关');
  await ctx.db.transaction().execute((trx) => ensureCategories(trx, agency, ctx.now()));
  // The counts are what the portal shows: one definition of "public" (portal/store isPublic).
  const tree = await publicCategoryTree(ctx.db, agency, chinaDate(ctx.now()));
  return tree.map((c) => ({ ...c, id: c.id! }));
}

const categorySchema = z.object({
  name: text('请填写栏目名称', 50, '栏目名称不能超过50个字'),
  parentId: z.preprocess(
    (v) => (v === '' || v == null ? null : Number(v)),
    z.number({ error: '上级栏目无效' }).int().positive().nullable(),
  ),
});

export async function createCategory(ctx: Ctx, agencyId: number, raw: unknown) {
  await requireAgency(ctx, 'manage', agencyId);
  const p = parseInput(categorySchema, raw);
  return ctx.db.transaction().execute(async (trx) => {
    if (p.parentId !== null) {
      const parent = await trx.selectFrom('categories').select('agency_id').where('id', '=', p.parentId).executeTakeFirst();
      if (!parent || parent.agency_id !== agencyId) throw new InputError({ parentId: '上级栏目不存在' });
    }
    const max = await trx
      .selectFrom('categories')
      .select((eb) => eb.fn.max('sort').as('m'))
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    const c = await trx
      .insertInto('categories')
      .values({
        agency_id: agencyId,
        parent_id: p.parentId,
        name: p.name,
        basis: null,
        default_key: null,
        sort: Number(max?.m ?? 0) + 1,
        created_at: ctx.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      { action: 'category.create', objectType: 'category', objectId: c.id, agencyId, details: { name: c.name, parentId: c.parent_id } },
      ctx.now(),
    );
    return c;
  });
}

export async function renameCategory(ctx: Ctx, categoryId: number, raw: unknown) {
  const c = await ctx.db.selectFrom('categories').selectAll().where('id', '=', categoryId).executeTakeFirst();
  if (!c) throw new NotFoundError('找不到该栏目');
  await requireAgency(ctx, 'manage', c.agency_id);
  const p = parseInput(z.object({ name: categorySchema.shape.name }), raw);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('categories').set({ name: p.name }).where('id', '=', categoryId).execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'category.rename',
        objectType: 'category',
        objectId: categoryId,
        agencyId: c.agency_id,
        details: { from: c.name, to: p.name },
      },
      ctx.now(),
    );
  });
}

export async function deleteCategory(ctx: Ctx, categoryId: number) {
  const c = await ctx.db.selectFrom('categories').selectAll().where('id', '=', categoryId).executeTakeFirst();
  if (!c) throw new NotFoundError('找不到该栏目');
  await requireAgency(ctx, 'manage', c.agency_id);
  await ctx.db.transaction().execute(async (trx) => {
    const child = await trx.selectFrom('categories').select('id').where('parent_id', '=', categoryId).limit(1).executeTakeFirst();
    if (child) throw new InputError({ _form: `栏目“${c.name}”下还有子栏目，请先删除或移走子栏目` });
    const item = await trx.selectFrom('items').select('id').where('category_id', '=', categoryId).limit(1).executeTakeFirst();
    if (item) throw new InputError({ _form: `栏目“${c.name}”下还有政府信息，不能删除` });
    await trx.deleteFrom('categories').where('id', '=', categoryId).execute();
    await audit(
      trx,
      ctx.actor,
      { action: 'category.delete', objectType: 'category', objectId: categoryId, agencyId: c.agency_id, details: { name: c.name } },
      ctx.now(),
    );
  });
}

export const categoryAgencyId = async (ctx: Ctx, id: number) => {
  const c = await ctx.db.selectFrom('categories').select('agency_id').where('id', '=', id).executeTakeFirst();
  if (!c) throw new NotFoundError('找不到该栏目');
  return c.agency_id;
};

// ---------- items ----------

const dateField = (label: string, required: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z.string().superRefine((v, c) => {
      if (v === '') {
        if (required) c.addIssue({ code: 'custom', message: `请填写${label}` });
        return;
      }
      const r = checkDate(v);
      if (!r.ok) c.addIssue({ code: 'custom', message: `${label}：${r.reason}` });
    }),
  );

const itemSchema = z.object({
  title: text('请填写标题', 300, '标题不能超过300个字'),
  docNo: optionalText(100, '文号不能超过100个字'),
  issuer: text('请填写发布机构', 100, '发布机构不能超过100个字'),
  writtenOn: dateField('成文日期', true),
  categoryId: z.preprocess(
    (v) => (v === '' || v == null ? undefined : Number(v)),
    z.number({ error: '请选择所属栏目' }).int('请选择所属栏目').positive('请选择所属栏目'),
  ),
  topic: optionalText(100, '主题分类不能超过100个字'),
  disclosureMode: z.enum(disclosureModes, { error: '请选择公开形式' }),
  period: z.enum(disclosurePeriods, { error: '请选择公开时限' }),
  periodUntil: dateField('限时公开截止日期', false),
  docType: z.enum(docTypes, { error: '请选择文件类型' }),
  validity: z.preprocess((v) => (v === '' || v == null ? null : v), z.enum(validities, { error: '请选择有效性' }).nullable()),
  validityOn: dateField('有效性变化日期', false),
  summary: optionalText(500, '内容概述不能超过500个字'),
  body: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(2_000_000, '正文过长（不能超过200万字）')),
  channels: z.preprocess(
    (v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(channels, { error: '公开渠道无效' })).max(channels.length),
  ),
});

export type ItemInput = z.input<typeof itemSchema>;

async function checkItem(ctx: Ctx, db: Q, agencyId: number, raw: unknown) {
  const p = parseInput(itemSchema, raw);
  const errors: Record<string, string> = {};
  const today = chinaDate(ctx.now());
  if (p.writtenOn > today) errors.writtenOn = '成文日期不能晚于今天';
  if (p.period === 'limited') {
    if (!p.periodUntil) errors.periodUntil = '限时公开请填写截止日期';
    else if (p.periodUntil < p.writtenOn) errors.periodUntil = '限时公开截止日期不能早于成文日期';
    else if (p.periodUntil < today) errors.periodUntil = '限时公开截止日期已过：这样的信息发布后不会出现在门户网站上';
  }
  const tracked = p.docType === 'rule' || p.docType === 'normativeDoc';
  if (!tracked && p.validity) errors.validity = '只有规章和行政规范性文件需要填写有效性';
  if (tracked && p.validity && p.validity !== 'valid' && !p.validityOn) errors.validityOn = '废止或失效的文件请填写废止（失效）日期';
  else if (tracked && p.validity && p.validity !== 'valid' && p.validityOn && p.validityOn < p.writtenOn)
    errors.validityOn = '废止（失效）日期不能早于成文日期';
  const problem = activeContentProblem(p.body);
  if (problem) errors.body = problem;
  const cat = await db.selectFrom('categories').select(['agency_id']).where('id', '=', p.categoryId).executeTakeFirst();
  if (!cat || cat.agency_id !== agencyId) errors.categoryId = '所选栏目不存在或不属于本机关';
  if (Object.keys(errors).length) throw new InputError(errors);
  const bodyHtml = sanitizeBody(p.body);
  return {
    title: p.title,
    doc_no: p.docNo,
    issuer: p.issuer,
    written_on: p.writtenOn,
    category_id: p.categoryId,
    topic: p.topic,
    disclosure_mode: p.disclosureMode,
    period: p.period,
    period_until: p.period === 'limited' ? p.periodUntil || null : null,
    doc_type: p.docType,
    validity: tracked ? (p.validity ?? 'valid') : null,
    validity_on: tracked && p.validity && p.validity !== 'valid' ? p.validityOn || null : null,
    summary: p.summary,
    body_html: bodyHtml,
    channels: JSON.stringify([...new Set(p.channels)] as Channel[]),
    search_tokens: searchTokensOf(p.title, p.docNo, p.summary, bodyHtml),
  };
}

/** What the search index holds for an item: the title first, then 文号, summary and body (as sanitizeBody returned it). */
export function searchTokensOf(title: string, docNo: string | null, summary: string | null, bodyHtml: string): string {
  const tokens = [
    ...indexTokens(title),
    ...indexTokens(docNo ?? ''),
    ...indexTokens(summary ?? ''),
    ...indexTokens(textOfSanitized(bodyHtml)),
  ];
  // PostgreSQL keeps token positions only up to 16,383; stopping both databases at the same token
  // keeps phrase matches identical on both (bodies longer than ~16,000 characters lose their tail).
  if (tokens.length > MAX_INDEXED_TOKENS) tokens.length = MAX_INDEXED_TOKENS;
  return tokens.join(' ');
}

export const MAX_INDEXED_TOKENS = 16_000;

async function requireItem(ctx: Ctx, itemId: number, capability: Capability): Promise<Item> {
  const item = await ctx.db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw new NotFoundError('找不到该政府信息');
  await requireAgency(ctx, capability, item.agency_id);
  return item;
}

export const itemAgencyId = async (ctx: Ctx, id: number) => {
  const i = await ctx.db.selectFrom('items').select('agency_id').where('id', '=', id).executeTakeFirst();
  if (!i) throw new NotFoundError('找不到该政府信息');
  return i.agency_id;
};

/** The new-item form's one-time token (migration 0014), when it carries a well-formed one. */
function formTokenOf(raw: unknown): string | null {
  const t = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).formToken : undefined;
  return typeof t === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(t) ? t : null;
}

/**
 * Saves a new draft. A form sent again with the same token (a double click on 保存草稿, a resend
 * after a slow answer) gives back the draft the first sending made instead of a second one; the
 * unique index on (created_by, form_token) decides between two that arrive together.
 */
export async function createItem(ctx: Ctx, agencyId: number, raw: unknown): Promise<Item> {
  await requireAgency(ctx, 'draft', agencyId);
  const agency = (await findAgency(ctx.db, agencyId))!;
  const formToken = formTokenOf(raw);
  const madeBefore = () =>
    formToken === null
      ? undefined
      : ctx.db
          .selectFrom('items')
          .selectAll()
          .where('created_by', '=', ctx.actor.id)
          .where('form_token', '=', formToken)
          .where('agency_id', '=', agencyId)
          .executeTakeFirst();
  const again = await madeBefore();
  if (again) return again;
  await ctx.db.transaction().execute((trx) => ensureCategories(trx, agency, ctx.now()));
  const row = await checkItem(ctx, ctx.db, agencyId, raw);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.now().toISOString();
      const item = await trx
        .insertInto('items')
        .values({
          ...row,
          agency_id: agencyId,
          index_no: null,
          index_imported: 0,
          published_on: null,
          status: 'draft',
          review_round: 0,
          form_token: formToken,
          created_by: ctx.actor.id,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(
        trx,
        ctx.actor,
        { action: 'item.create', objectType: 'item', objectId: item.id, agencyId, details: { title: item.title } },
        ctx.now(),
      );
      return item;
    });
  } catch (e) {
    if (formToken === null || !isUniqueViolation(e)) throw e;
    // The same form, sent at the same moment, made its draft first. (A token already used for
    // another agency's draft can only come from an edited form.)
    const first = await madeBefore();
    if (!first) throw new ConflictError('该表单已用于保存另一条草稿，请重新打开“新建”页面');
    return first;
  }
}

/** The draft changed since the form was opened (409); `current` is the version to save over it. */
export class StaleEditError extends ConflictError {
  constructor(readonly current: string) {
    super(
      '这条信息在您打开编辑页面之后已被修改并保存过（可能在另一个窗口或由其他同事）。您填写的内容仍在下面；请先查看信息页面上的现有内容，确认后再保存，保存将覆盖那次修改',
    );
  }
}

export async function updateItem(ctx: Ctx, itemId: number, raw: unknown): Promise<Item> {
  const before = await requireItem(ctx, itemId, 'draft');
  if (!['draft', 'returned'].includes(before.status))
    throw new InputError({ _form: '只有草稿或被退回的信息可以修改；审查中或已发布的信息不能直接修改' });
  // The edit form carries the version (updated_at) it was opened at: a save from a second tab or
  // by a colleague in between must not silently overwrite the other.
  const version = (raw as Record<string, unknown> | null)?.version;
  if (typeof version === 'string' && version !== '' && version !== before.updated_at) throw new StaleEditError(before.updated_at);
  const row = await checkItem(ctx, ctx.db, before.agency_id, raw);
  return ctx.db.transaction().execute(async (trx) => {
    const item = await trx
      .updateTable('items')
      .set({ ...row, updated_at: ctx.now().toISOString() })
      .where('id', '=', itemId)
      .where('status', 'in', ['draft', 'returned'])
      .where('updated_at', '=', before.updated_at)
      .returningAll()
      .executeTakeFirst();
    if (!item) throw new StaleEditError(before.updated_at);
    const changed = (Object.keys(row) as (keyof typeof row)[]).filter((k) => k !== 'search_tokens' && before[k] !== row[k]);
    await audit(
      trx,
      ctx.actor,
      { action: 'item.update', objectType: 'item', objectId: itemId, agencyId: item.agency_id, details: { changed } },
      ctx.now(),
    );
    return item;
  });
}

const validityChangeSchema = z.object({
  validity: z.enum(validities, { error: '请选择有效性' }),
  validityOn: dateField('废止（失效）日期', false),
  reason: text('请写明变更依据（如废止决定的文号）', 500, '变更依据不能超过500个字'),
});

/**
 * A published 规章 or 行政规范性文件 is repealed (废止) or expires (失效), or such a change is
 * corrected: recorded on the item without a new review (its content does not change), with the
 * reason in the audit log. The portal shows it at once; the annual report's table 二 counts from it
 * (reports already published stay as they were).
 */
export async function changeValidity(ctx: Ctx, itemId: number, raw: unknown): Promise<void> {
  const item = await requireItem(ctx, itemId, 'draft');
  if (item.status !== 'published') throw new ConflictError('只有已发布的信息可以在这里变更有效性；草稿请直接修改');
  if (item.doc_type !== 'rule' && item.doc_type !== 'normativeDoc')
    throw new InputError({ validity: '只有规章和行政规范性文件需要记录有效性' });
  const p = parseInput(validityChangeSchema, raw);
  const today = chinaDate(ctx.now());
  const errors: Record<string, string> = {};
  if (p.validity !== 'valid') {
    if (!p.validityOn) errors.validityOn = '废止或失效的文件请填写废止（失效）日期';
    else if (p.validityOn < item.written_on) errors.validityOn = '废止（失效）日期不能早于成文日期';
    else if (p.validityOn > today) errors.validityOn = '废止（失效）日期不能晚于今天：到了那一天再登记';
  }
  if (Object.keys(errors).length) throw new InputError(errors);
  const validityOn = p.validity === 'valid' ? null : p.validityOn;
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    await trx
      .updateTable('items')
      .set({ validity: p.validity, validity_on: validityOn, updated_at: now.toISOString() })
      .where('id', '=', itemId)
      .execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'item.validity',
        objectType: 'item',
        objectId: itemId,
        agencyId: item.agency_id,
        details: {
          from: { validity: item.validity, on: item.validity_on },
          to: { validity: p.validity, on: validityOn },
          reason: p.reason,
        },
      },
      now,
    );
  });
}

const withdrawSchema = z.object({ withdrawReason: text('请写明撤回原因', 500, '撤回原因不能超过500个字') });

/**
 * Takes a published item off the portal (撤回): something that must not be public was found after
 * publication, or it was published by mistake. An approver of the agency decides, with a reason; the
 * item leaves the portal, search, feeds and the API at once, keeps its 索引号 (never reused), and no
 * longer counts as published in annual reports not yet published.
 */
export async function withdrawItem(ctx: Ctx, itemId: number, raw: unknown): Promise<void> {
  const item = await requireItem(ctx, itemId, 'approve');
  const p = parseInput(withdrawSchema, raw);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const r = await trx
      .updateTable('items')
      .set({ status: 'withdrawn', updated_at: now.toISOString() })
      .where('id', '=', itemId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new ConflictError('只有已发布的信息可以撤回');
    await audit(
      trx,
      ctx.actor,
      {
        action: 'item.withdraw',
        objectType: 'item',
        objectId: itemId,
        agencyId: item.agency_id,
        details: { indexNo: item.index_no, reason: p.withdrawReason },
      },
      now,
    );
  });
}

/**
 * Deletes a draft that was never submitted for review — one made by mistake, or twice. Its
 * attachment records and 政策解读 links go with it (the stored files stay: they are shared by
 * content hash). Once submitted, an item keeps its confidentiality-review record and cannot be
 * deleted, only revised; the audit log keeps the deleted draft's title.
 */
export async function deleteDraft(ctx: Ctx, itemId: number): Promise<{ agencyId: number; title: string }> {
  const item = await requireItem(ctx, itemId, 'draft');
  const refusal = '只能删除从未提交审查的草稿；提交过审查的信息保留审查记录，请修改后重新提交';
  if (item.status !== 'draft' || item.review_round > 0) throw new ConflictError(refusal);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('item_links')
      .where((eb) => eb.or([eb('item_id', '=', itemId), eb('related_id', '=', itemId)]))
      .execute();
    await trx.deleteFrom('item_attachments').where('item_id', '=', itemId).execute();
    // Conditional on what was read, so that a submission meanwhile wins and nothing is deleted.
    const r = await trx
      .deleteFrom('items')
      .where('id', '=', itemId)
      .where('status', '=', 'draft')
      .where('review_round', '=', 0)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new ConflictError(refusal);
    await audit(
      trx,
      ctx.actor,
      { action: 'item.delete', objectType: 'item', objectId: itemId, agencyId: item.agency_id, details: { title: item.title } },
      ctx.now(),
    );
  });
  return { agencyId: item.agency_id, title: item.title };
}

/**
 * The pre-review scan over everything that would be published: title, 文号, summary and body, each
 * hit with the field it is in and, in the body, its line there. The fields are scanned as one
 * text, one per line (a hit's offset in it is its flag's id, which acknowledgements refer to).
 */
export function scanItem(item: Pick<Item, 'title' | 'doc_no' | 'summary' | 'body_html'>): (Hit & { field: string; fieldLine: number })[] {
  const fields: [string, string][] = [
    ['标题', item.title],
    ['文号', item.doc_no ?? ''],
    ['内容概述', item.summary ?? ''],
    ['正文', textOf(item.body_html)],
  ];
  const text = fields.map(([, v]) => v).join('\n');
  // Where each field starts: its offset in the text and the line it begins on (1-based).
  const starts: { field: string; offset: number; line: number }[] = [];
  let offset = 0;
  let line = 1;
  for (const [field, v] of fields) {
    starts.push({ field, offset, line });
    offset += v.length + 1;
    line += (v.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  }
  return scanSensitive(text).map((h) => {
    const at = starts.findLast((f) => f.offset <= h.start)!;
    return { ...h, field: at.field, fieldLine: h.line - at.line + 1 };
  });
}

export const flagId = (h: Hit) => `${h.kind}:${h.start}`;

/** What the reviewer must acknowledge: a scan hit, or an attachment the scan could not read. */
export interface ItemFlag {
  id: string;
  /** Where: 标题, 文号, 内容概述, 正文, or 附件“name”. */
  source: string;
  message: string;
  line: number | null;
  context: Hit['context'] | null;
}

// Attachment texts scanned, by content hash: the item page is viewed often while in review, and a
// DOCX of several MB takes milliseconds to read.
const attachmentHits = new Map<string, Hit[] | null>();
const ATTACHMENT_SCAN_CACHE = 200;

/**
 * Every flag of an item: the scan of its text, of each attachment's name and readable content,
 * and one flag for each attachment the scan cannot read (PDF, images …), which the reviewer has
 * to open and acknowledge like any other.
 */
export async function itemFlags(db: Q, item: Item): Promise<ItemFlag[]> {
  const flags: ItemFlag[] = scanItem(item).map((h) => ({
    id: flagId(h),
    source: h.field,
    message: h.message,
    // A line number only where there are lines: in the body.
    line: h.field === '正文' ? h.fieldLine : null,
    context: h.context,
  }));
  const atts = await db
    .selectFrom('item_attachments')
    .select(['id', 'name', 'sha256'])
    .where('item_id', '=', item.id)
    .orderBy('id')
    .execute();
  for (const a of atts) {
    const source = `附件“${a.name}”`;
    for (const h of scanSensitive(a.name))
      flags.push({ id: `n${a.id}-${flagId(h)}`, source: `${source}的文件名`, message: h.message, line: null, context: h.context });
    if (!attachmentHits.has(a.sha256)) {
      const blob = await db.selectFrom('blobs').select('data').where('sha256', '=', a.sha256).executeTakeFirst();
      const ext = a.name.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1] ?? '';
      const text = blob ? attachmentText(ext, Buffer.from(blob.data)) : null;
      if (attachmentHits.size >= ATTACHMENT_SCAN_CACHE) attachmentHits.delete(attachmentHits.keys().next().value!);
      attachmentHits.set(a.sha256, text === null ? null : scanSensitive(text));
    }
    const hits = attachmentHits.get(a.sha256);
    if (hits === null || hits === undefined)
      flags.push({ id: `u${a.id}`, source, message: '该类型附件的内容未能自动检查，请打开附件逐页核对', line: null, context: null });
    else for (const h of hits) flags.push({ id: `a${a.id}-${flagId(h)}`, source, message: h.message, line: h.line, context: h.context });
  }
  return flags;
}

export async function submitItem(ctx: Ctx, itemId: number): Promise<void> {
  const item = await requireItem(ctx, itemId, 'draft');
  if (!['draft', 'returned'].includes(item.status)) throw new InputError({ _form: '该信息已在审查中或已发布' });
  await ctx.db.transaction().execute(async (trx) => {
    const { reviewChain } = await loadSettings(trx, item.agency_id);
    // Conditional on the state read above, so that a double click submits once. The chain is
    // fixed for the round (migration 0013).
    const r = await trx
      .updateTable('items')
      .set({
        status: 'in_review',
        review_round: item.review_round + 1,
        review_chain: JSON.stringify(reviewChain),
        updated_at: ctx.now().toISOString(),
      })
      .where('id', '=', itemId)
      .where('status', 'in', ['draft', 'returned'])
      .where('review_round', '=', item.review_round)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new ConflictError('该信息已提交审查，请刷新页面查看');
    await audit(
      trx,
      ctx.actor,
      {
        action: 'item.submit',
        objectType: 'item',
        objectId: itemId,
        agencyId: item.agency_id,
        details: { round: item.review_round + 1, flags: (await itemFlags(trx, item)).length, chain: reviewChain.map((st) => st.name) },
      },
      ctx.now(),
    );
  });
}

export interface ReviewState {
  chain: ReviewStep[];
  /** Index of the step waiting for a decision, or null when not in review. */
  current: number | null;
  history: {
    round: number;
    step: number;
    step_name: string;
    decision: string;
    comment: string | null;
    reviewer: string;
    reviewer_id: number;
    at: string;
  }[];
}

export async function reviewState(db: Q, item: Item): Promise<ReviewState> {
  // The chain fixed at submission; items submitted before migration 0013 follow the current one.
  const chain = item.review_chain ? (JSON.parse(item.review_chain) as ReviewStep[]) : (await loadSettings(db, item.agency_id)).reviewChain;
  const history = await db
    .selectFrom('item_reviews')
    .innerJoin('users', 'users.id', 'item_reviews.reviewer_id')
    .select([
      'item_reviews.round',
      'item_reviews.step',
      'item_reviews.step_name',
      'item_reviews.decision',
      'item_reviews.comment',
      'item_reviews.at',
      'item_reviews.reviewer_id',
      'users.display_name as reviewer',
    ])
    .where('item_reviews.item_id', '=', item.id)
    .orderBy('item_reviews.id')
    .execute();
  const approvedThisRound = history.filter((h) => h.round === item.review_round && h.decision === 'approved').length;
  return { chain, current: item.status === 'in_review' ? approvedThisRound : null, history };
}

/** A whole number the form sends back as it was given (hidden fields); absent means not sent. */
const formNumber = (message: string) =>
  z.preprocess((v) => (v == null || v === '' ? null : v), z.coerce.number({ error: message }).int(message).nullable());

const reviewSchema = z.object({
  decision: z.enum(['approved', 'returned'], { error: '请选择审查意见：同意或退回' }),
  comment: optionalText(1000, '意见不能超过1000个字'),
  acknowledged: z.preprocess((v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(1000)),
  /** The round the reviewer's page showed (the form sends it): a form opened before a resubmission
   *  must not approve content its reviewer never saw. */
  round: formNumber('审查表的轮次无效，请刷新页面后再审查'),
  /** The step it showed: a decision meant for one step is never recorded for the next. */
  step: formNumber('审查表的步骤无效，请刷新页面后再审查'),
});

const REVIEW_CHANGED = '审查状态已经变化（可能已有他人审查了这一步，或起草人已修改后重新提交），请刷新页面后再审查';

/** Whether the user wrote any of the item's content: created it, edited it, attached or removed a file, linked or unlinked an interpretation (from the audit log). */
async function hasDrafted(db: Q, itemId: number, userId: number): Promise<boolean> {
  return !!(await db
    .selectFrom('audit_log')
    .select('seq')
    .where('object_type', '=', 'item')
    .where('object_id', '=', String(itemId))
    .where('actor_id', '=', userId)
    .where('action', 'in', ['item.create', 'item.update', 'item.attach', 'item.detach', 'item.link', 'item.unlink', 'item.import'])
    .executeTakeFirst());
}

/**
 * One step of the confidentiality review (保密审查, 条例 第十七条). The step's role decides who may act;
 * nobody reviews their own draft or acts twice in a round. Approval needs every scan flag
 * acknowledged; returning needs a comment. The last approval publishes the item with its 索引号.
 */
export async function reviewItem(ctx: Ctx, itemId: number, raw: unknown): Promise<{ published: boolean; returned: boolean }> {
  const me = requireUser(ctx);
  const item = await requireItem(ctx, itemId, 'read');
  if (item.status !== 'in_review') throw new ConflictError('该信息已不在审查中（可能已发布或已退回），请刷新页面查看');
  const p = parseInput(reviewSchema, raw);
  if (p.round !== null && p.round !== item.review_round) throw new ConflictError(REVIEW_CHANGED);
  const state = await reviewState(ctx.db, item);
  const step = state.chain[state.current!];
  if (!step || (p.step !== null && p.step !== state.current)) throw new ConflictError(REVIEW_CHANGED);
  const capability: Capability = step.role === 'approver' ? 'approve' : 'review';
  if (!(await can(ctx, capability, item.agency_id)) || (me.isPlatformAdmin && !(await hasRole(ctx, step.role, item.agency_id))))
    throw new ForbiddenError(`“${step.name}”需要本机关的${step.role === 'approver' ? '审批人' : '审核人'}角色`);
  if (item.created_by === me.id || (await hasDrafted(ctx.db, itemId, me.id))) throw new ForbiddenError('不能审查自己起草或修改过的信息');
  const mine = state.history.some((h) => h.round === item.review_round && h.reviewer_id === me.id);
  if (mine) throw new ForbiddenError('同一轮审查中，每人只能审查一个步骤');
  if (p.decision === 'returned' && !p.comment) throw new InputError({ comment: '退回时请写明意见，供起草人修改' });
  const flags = (await itemFlags(ctx.db, item)).map((f) => f.id);
  const missing = flags.filter((f) => !p.acknowledged.includes(f));
  if (p.decision === 'approved' && missing.length)
    throw new InputError({ acknowledged: `还有 ${missing.length} 处自动检查提示未确认，请逐条核对并勾选` });

  const last = state.current === state.chain.length - 1;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.now();
      // The checks above read the item outside this transaction. This update holds the item's row
      // (PostgreSQL: a concurrent decision waits here, then finds what this one changed; SQLite:
      // one writer at a time) and confirms the round; the step is then confirmed from the history
      // as it is now. The unique indexes of migration 0013 are the last line.
      const held = await trx
        .updateTable('items')
        .set({ updated_at: now.toISOString() })
        .where('id', '=', itemId)
        .where('status', '=', 'in_review')
        .where('review_round', '=', item.review_round)
        .executeTakeFirst();
      if (Number(held.numUpdatedRows) === 0) throw new ConflictError(REVIEW_CHANGED);
      const fresh = await reviewState(trx, item);
      if (fresh.current !== state.current || fresh.history.some((h) => h.round === item.review_round && h.reviewer_id === me.id))
        throw new ConflictError(REVIEW_CHANGED);
      await trx
        .insertInto('item_reviews')
        .values({
          item_id: itemId,
          round: item.review_round,
          step: state.current!,
          step_name: step.name,
          decision: p.decision,
          comment: p.comment,
          flags_acknowledged: JSON.stringify(p.decision === 'approved' ? flags : []),
          reviewer_id: me.id,
          at: now.toISOString(),
        })
        .execute();
      await audit(
        trx,
        ctx.actor,
        {
          action: p.decision === 'approved' ? 'item.approve' : 'item.return',
          objectType: 'item',
          objectId: itemId,
          agencyId: item.agency_id,
          details: { round: item.review_round, step: step.name, comment: p.comment },
        },
        now,
      );
      if (p.decision === 'returned') {
        await trx.updateTable('items').set({ status: 'returned', updated_at: now.toISOString() }).where('id', '=', itemId).execute();
        return { published: false, returned: true };
      }
      if (!last) return { published: false, returned: false };
      await publish(trx, ctx, item, now);
      return { published: true, returned: false };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConflictError(REVIEW_CHANGED);
    throw e;
  }
}

async function hasRole(ctx: Ctx, role: string, agencyId: number): Promise<boolean> {
  const me = requireUser(ctx);
  return !!(await ctx.db
    .selectFrom('grants')
    .select('id')
    .where('user_id', '=', me.id)
    .where('agency_id', '=', agencyId)
    .where('role', '=', role)
    .executeTakeFirst());
}

/** Publication: the 发布日期 is today in China, and the item gets its 索引号, never reused or changed. */
async function publish(trx: Tx, ctx: Ctx, item: Item, now: Date) {
  const publishedOn = chinaDate(now);
  const indexNo = item.index_no ?? (await nextIndexNo(trx, item.agency_id, publishedOn));
  await trx
    .updateTable('items')
    .set({ status: 'published', published_on: publishedOn, index_no: indexNo, updated_at: now.toISOString() })
    .where('id', '=', item.id)
    .execute();
  await audit(
    trx,
    ctx.actor,
    { action: 'item.publish', objectType: 'item', objectId: item.id, agencyId: item.agency_id, details: { indexNo, publishedOn } },
    now,
  );
}

/** The next serial in the agency's counter for the scheme's scope; skips numbers held by imported items. */
export async function nextIndexNo(trx: Tx, agencyId: number, date: string): Promise<string> {
  const agency = (await findAgency(trx, agencyId))!;
  const { indexScheme } = await loadSettings(trx, agencyId);
  const scope = serialScope(indexScheme, date);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const r = await trx
      .insertInto('index_counters')
      .values({ agency_id: agencyId, scope, last_serial: 1 })
      .onConflict((oc) =>
        oc.columns(['agency_id', 'scope']).doUpdateSet((eb) => ({ last_serial: eb('index_counters.last_serial', '+', 1) })),
      )
      .returning('last_serial')
      .executeTakeFirstOrThrow();
    const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
    const indexNo = formatIndexNo(indexScheme, {
      code: agency.credit_code ?? agency.org_code ?? undefined,
      year,
      month,
      serial: r.last_serial,
    });
    const taken = await trx.selectFrom('items').select('id').where('index_no', '=', indexNo).executeTakeFirst();
    if (!taken) return indexNo;
  }
  throw new Error('could not find a free index number');
}

/** 条例 第二十六条: the last day to publish, from 成文日期, and whether publication was late. */
export async function timeliness(db: Ctx['db'], item: Pick<Item, 'written_on' | 'published_on'>, today: string) {
  const calendar = await currentCalendar(db);
  const due = calendar.addWorkdaysExplained(item.written_on, PUBLICATION_WORKDAYS);
  const late = item.published_on ? item.published_on > due.due : today > due.due;
  return { due: due.due, provisional: due.provisional, late, published: !!item.published_on };
}

export async function getItem(ctx: Ctx, itemId: number) {
  const item = await requireItem(ctx, itemId, 'read');
  const [review, attachments, links, category] = await Promise.all([
    reviewState(ctx.db, item),
    ctx.db.selectFrom('item_attachments').selectAll().where('item_id', '=', itemId).orderBy('id').execute(),
    itemLinks(ctx.db, itemId),
    item.category_id
      ? ctx.db.selectFrom('categories').select(['id', 'name']).where('id', '=', item.category_id).executeTakeFirst()
      : undefined,
  ]);
  const due = await timeliness(ctx.db, item, chinaDate(ctx.now()));
  return { item, review, attachments, links, category, due, flags: await itemFlags(ctx.db, item) };
}

export async function itemLinks(db: Q, itemId: number) {
  // Both directions in one query (the portal's item page runs this on every view).
  const links = await db
    .selectFrom('item_links')
    .innerJoin('items', 'items.id', 'item_links.related_id')
    .select(['items.id', 'items.title', 'items.status', 'item_links.kind', sql<number>`1`.as('outbound')])
    .where('item_links.item_id', '=', itemId)
    .unionAll(
      db
        .selectFrom('item_links')
        .innerJoin('items', 'items.id', 'item_links.item_id')
        .select(['items.id', 'items.title', 'items.status', 'item_links.kind', sql<number>`0`.as('outbound')])
        .where('item_links.related_id', '=', itemId),
    )
    .execute();
  const pick = (outbound: boolean) =>
    links
      .filter((l) => l.kind === 'interpretation' && !!Number(l.outbound) === outbound)
      .map((l) => ({ id: l.id, title: l.title, status: l.status, kind: l.kind }));
  return { interpretations: pick(true), interprets: pick(false) };
}

/** Links an interpretation (政策解读) to the policy it explains; both in agencies the user drafts for. */
export async function linkInterpretation(ctx: Ctx, policyId: number, raw: unknown) {
  const policy = await requireItem(ctx, policyId, 'draft');
  const p = parseInput(z.object({ interpretation: text('请填写解读文件的编号或索引号', 60) }), raw);
  const ref = p.interpretation;
  const target = await ctx.db
    .selectFrom('items')
    .select(['id', 'agency_id', 'title'])
    .where((eb) => (/^\d+$/.test(ref) ? eb.or([eb('id', '=', Number(ref)), eb('index_no', '=', ref)]) : eb('index_no', '=', ref)))
    .executeTakeFirst();
  if (!target || !(await can(ctx, 'read', target.agency_id)))
    throw new InputError({ interpretation: '找不到该解读文件（请填写信息编号或索引号）' });
  if (target.id === policyId) throw new InputError({ interpretation: '不能把文件链接为自身的解读' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('item_links')
      .values({ item_id: policyId, related_id: target.id, kind: 'interpretation' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit(
      trx,
      ctx.actor,
      { action: 'item.link', objectType: 'item', objectId: policyId, agencyId: policy.agency_id, details: { interpretation: target.id } },
      ctx.now(),
    );
  });
}

/**
 * Undoes a 政策解读 link, from either end: on a policy it removes one of its interpretations, on an
 * interpretation the policy it explains. Like adding one, it is metadata of both items, not their
 * reviewed content, and needs the drafter's role in this item's agency.
 */
export async function unlinkInterpretation(ctx: Ctx, itemId: number, otherId: number): Promise<string> {
  const item = await requireItem(ctx, itemId, 'draft');
  return ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('item_links')
      .where('kind', '=', 'interpretation')
      .where((eb) =>
        eb.or([
          eb.and([eb('item_id', '=', itemId), eb('related_id', '=', otherId)]),
          eb.and([eb('item_id', '=', otherId), eb('related_id', '=', itemId)]),
        ]),
      )
      .returning(['item_id', 'related_id'])
      .execute();
    if (gone.length === 0) throw new ConflictError('该政策解读关联已不存在（可能已被取消），请查看当前的关联');
    const other = await trx.selectFrom('items').select('title').where('id', '=', otherId).executeTakeFirst();
    for (const l of gone)
      await audit(
        trx,
        ctx.actor,
        {
          action: 'item.unlink',
          objectType: 'item',
          objectId: itemId,
          agencyId: item.agency_id,
          details: { policy: l.item_id, interpretation: l.related_id },
        },
        ctx.now(),
      );
    return other?.title ?? String(otherId);
  });
}

export interface StaffListFilter {
  status?: string;
}

export async function listAgencyItems(ctx: Ctx, agencyId: number, f: StaffListFilter = {}) {
  await requireAgency(ctx, 'read', agencyId);
  let q = ctx.db
    .selectFrom('items')
    .select(['id', 'title', 'index_no', 'doc_no', 'status', 'written_on', 'published_on', 'updated_at'])
    .where('agency_id', '=', agencyId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200);
  if (f.status) q = q.where('status', '=', f.status);
  return q.execute();
}

/** Published items of a year and how many were late (第二十六条), for the agency's timeliness figure. */
export async function timelinessCounts(ctx: Ctx, agencyId: number, year: number) {
  await requireAgency(ctx, 'read', agencyId);
  const rows = await ctx.db
    .selectFrom('items')
    .select(['written_on', 'published_on', (eb) => eb.fn.countAll<number>().as('n')])
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'published')
    .where('published_on', '>=', `${year}-01-01`)
    .where('published_on', '<=', `${year}-12-31`)
    .groupBy(['written_on', 'published_on'])
    .execute();
  const calendar = await currentCalendar(ctx.db);
  let total = 0;
  let late = 0;
  for (const r of rows) {
    total += Number(r.n);
    if (r.published_on! > calendar.addWorkdays(r.written_on, PUBLICATION_WORKDAYS)) late += Number(r.n);
  }
  // Not yet published and already past the 第二十六条 deadline: late whatever happens next, and the
  // ones the office can still act on.
  const today = chinaDate(ctx.now());
  const pending = await ctx.db
    .selectFrom('items')
    .select(['written_on', (eb) => eb.fn.countAll<number>().as('n')])
    .where('agency_id', '=', agencyId)
    .where('status', 'in', ['draft', 'in_review', 'returned'])
    .groupBy('written_on')
    .execute();
  let overdue = 0;
  for (const r of pending) if (today > calendar.addWorkdays(r.written_on, PUBLICATION_WORKDAYS)) overdue += Number(r.n);
  return { year, total, late, overdue };
}
