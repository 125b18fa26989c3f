import { z } from 'zod';
import type { AnnualReportTable } from '../../db/schema.js';
import type { AgencyKind, AgencyLevel } from '../../domain/agency.js';
import { publicationDeadline, type TimelinessResult, timeliness } from '../../domain/report/deadlines.js';
import { figureDef, figureDefsFor, parseFigure } from '../../domain/report/figures.js';
import { formatForYear, type ReportFormat } from '../../domain/report/formats.js';
import { legacyKey } from '../../domain/report/legacy.js';
import { chinaDate } from '../../domain/time.js';
import { ConflictError, InputError, NotFoundError } from '../../errors.js';
import { parseInput } from '../../validate.js';
import { can, requireAgency } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { audit, type Tx } from '../audit/service.js';
import { CsvParser } from '../catalog/import.js';
import type { Ctx } from '../context.js';
import { type Computation, compute, coveredAgencies, figuresOf, type Scope, subtreeOf } from './compute.js';
import { buildDocument, type ReportDocument, type ReportState, type Revision, unexplainedFailures } from './document.js';

type Row = Omit<AnnualReportTable, 'id'> & { id: number };

/** The first report year: the 2007 条例 took effect on 2008-05-01. */
export const FIRST_REPORT_YEAR = 2008;
const MAX_TEXT = 20_000;

const today = (ctx: Ctx) => chinaDate(ctx.now());

/** A report year from a URL or the command line: a whole year, not in the future. */
export function parseYear(ctx: Ctx, raw: unknown): number {
  const s = String(raw ?? '').trim();
  if (!/^\d{4}$/.test(s)) throw new InputError({ year: `报告年度应为四位数的年份，如2025，现为“${s.slice(0, 10)}”` });
  const year = Number(s);
  const current = Number(today(ctx).slice(0, 4));
  if (year > current) throw new InputError({ year: `${year}年尚未到来，不能编制该年度的年度报告（当前为${current}年）` });
  if (year < FIRST_REPORT_YEAR)
    throw new InputError({ year: `政府信息公开工作年度报告自${FIRST_REPORT_YEAR}年度起编制（2007年《条例》2008年5月1日起施行）` });
  return year;
}

/** A government's report covers everything below it; a department's only itself unless chosen otherwise. */
export const defaultScope = (agency: { kind: string }): Scope => (agency.kind === 'department' ? 'own' : 'tree');

export async function findReport(ctx: Pick<Ctx, 'db'> | { db: Tx }, agencyId: number, year: number): Promise<Row | undefined> {
  return ctx.db.selectFrom('annual_reports').selectAll().where('agency_id', '=', agencyId).where('year', '=', year).executeTakeFirst();
}

async function revisionsOf(ctx: Pick<Ctx, 'db'>, reportId: number | undefined): Promise<Revision[]> {
  if (reportId === undefined) return [];
  const rows = await ctx.db
    .selectFrom('report_publications')
    .select(['revision', 'published_at', 'published_by', 'reopened_at', 'reopened_by', 'reopen_reason'])
    .where('report_id', '=', reportId)
    .orderBy('revision')
    .execute();
  return rows.map((r) => ({
    revision: r.revision,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    reopenedAt: r.reopened_at,
    reopenedBy: r.reopened_by,
    reopenReason: r.reopen_reason,
  }));
}

const stateOf = (row: Row | undefined): ReportState | null =>
  row
    ? {
        status: row.status as ReportState['status'],
        overview: row.overview,
        problems: row.problems,
        other: row.other,
        overrides: JSON.parse(row.overrides) as ReportState['overrides'],
      }
    : null;

/** The latest published document of a report, if it was ever published. */
export async function latestPublication(ctx: Pick<Ctx, 'db'>, agencyId: number, year: number): Promise<ReportDocument | null> {
  const r = await ctx.db
    .selectFrom('report_publications')
    .innerJoin('annual_reports', 'annual_reports.id', 'report_publications.report_id')
    .select(['report_publications.document', 'annual_reports.id'])
    .where('annual_reports.agency_id', '=', agencyId)
    .where('annual_reports.year', '=', year)
    .orderBy('report_publications.revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  const doc = JSON.parse(r.document) as ReportDocument;
  // The list of revisions grows after a document is frozen: always show the current one.
  return { ...doc, revisions: await revisionsOf(ctx, r.id) };
}

export interface LiveReport {
  row: Row | undefined;
  format: ReportFormat;
  scope: Scope;
  computation: Computation;
  document: ReportDocument;
}

/** The report as it stands now, computed from the records (what a draft shows and publishing freezes). */
export async function liveReport(ctx: Ctx, agencyId: number, year: number): Promise<LiveReport> {
  const agency = await findAgency(ctx.db, agencyId);
  if (!agency) throw new NotFoundError('找不到该机关');
  const row = await findReport(ctx, agencyId, year);
  const format = (row?.format as ReportFormat | undefined) ?? formatForYear(year);
  const scope = (row?.scope as Scope | undefined) ?? defaultScope(agency);
  const [computation, revisions, last] = await Promise.all([
    compute(ctx.db, agencyId, year, scope, format),
    revisionsOf(ctx, row?.id),
    latestPublication(ctx, agencyId, year - 1),
  ]);
  if (computation.agencies.length === 0) throw new NotFoundError(`该机关在${year}年底尚未设立，没有该年度的报告`);
  const document = buildDocument({
    computation,
    scope,
    state: stateOf(row),
    revisions,
    lastYear: last?.figures ?? null,
    now: ctx.now(),
    today: today(ctx),
  });
  return { row, format, scope, computation, document };
}

/** What the back office shows: the live report, or the published one while it is locked. */
export async function getReport(ctx: Ctx, agencyId: number, rawYear: unknown) {
  await requireAgency(ctx, 'read', agencyId);
  const year = parseYear(ctx, rawYear);
  const live = await liveReport(ctx, agencyId, year);
  const published = live.row && live.row.revision > 0 ? await latestPublication(ctx, agencyId, year) : null;
  const [canEdit, canApprove] = await Promise.all([can(ctx, 'draft', agencyId), can(ctx, 'approve', agencyId)]);
  return { year, live, published, locked: live.row?.status === 'published', canEdit, canApprove };
}

/** The document an export hands out: the published one when there is one and it is not being revised, else the live draft. */
export async function exportDocument(ctx: Ctx, agencyId: number, rawYear: unknown): Promise<ReportDocument> {
  await requireAgency(ctx, 'read', agencyId);
  const year = parseYear(ctx, rawYear);
  const row = await findReport(ctx, agencyId, year);
  if (row?.status === 'published') {
    const doc = await latestPublication(ctx, agencyId, year);
    if (doc) return doc;
  }
  return (await liveReport(ctx, agencyId, year)).document;
}

// ---------- editing (only while not published) ----------

/** The report row, created on first save; refuses when it is published (locked). */
async function editableRow(trx: Tx, ctx: Ctx, agencyId: number, year: number): Promise<Row> {
  let row = await findReport({ db: trx }, agencyId, year);
  if (!row) {
    const agency = (await findAgency(trx, agencyId))!;
    const now = ctx.now().toISOString();
    await trx
      .insertInto('annual_reports')
      .values({
        agency_id: agencyId,
        year,
        format: formatForYear(year),
        scope: defaultScope(agency),
        status: 'draft',
        overview: null,
        problems: null,
        other: null,
        overrides: '{}',
        revision: 0,
        first_published_on: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing())
      .execute();
    row = (await findReport({ db: trx }, agencyId, year))!;
  }
  if (row.status === 'published')
    throw new ConflictError(`${year}年度报告已发布并锁定，不能修改。如需更正，请由审批人先“重新打开”报告（将记入审计日志）`);
  return row;
}

export interface FigureEntry {
  key: string;
  value: number | null;
  note: string;
}

/**
 * Form fields `v:<key>` (the figure) and `n:<key>` (its source) for each figure; an empty value
 * removes the entry. Every figure needs a source note (数据来源).
 */
export function parseFigureForm(format: ReportFormat, raw: Record<string, unknown>): FigureEntry[] {
  const errors: Record<string, string> = {};
  const out: FigureEntry[] = [];
  const keys = new Set(figureDefsFor(format).map((d) => d.key));
  for (const [field, v] of Object.entries(raw)) {
    if (!field.startsWith('v:')) continue;
    const key = field.slice(2);
    const def = figureDef(key);
    if (!def || !keys.has(key)) {
      errors[field] = `“${key.slice(0, 40)}”不是${format === 'legacy' ? '统计报表' : '本年度报告格式'}中的指标`;
      continue;
    }
    const parsed = parseFigure(def, Array.isArray(v) ? v[0] : v);
    const noteRaw = raw[`n:${key}`];
    const note = (typeof noteRaw === 'string' ? noteRaw : '').trim();
    if (!parsed.ok) {
      errors[field] = `${def.label}：${parsed.reason}`;
      continue;
    }
    if (parsed.value !== null && note === '') {
      errors[`n:${key}`] = `${def.label}：请注明数据来源（如“行政审批局审批系统导出”）`;
      continue;
    }
    if (note.length > 200) {
      errors[`n:${key}`] = `${def.label}：数据来源不能超过200个字`;
      continue;
    }
    out.push({ key, value: parsed.value, note });
  }
  if (Object.keys(errors).length) throw new InputError(errors);
  return out;
}

async function storeFigures(ctx: Ctx, agencyId: number, year: number, entries: FigureEntry[], via: 'form' | 'csv') {
  await ctx.db.transaction().execute(async (trx) => {
    await editableRow(trx, ctx, agencyId, year);
    const existing = new Map(
      (await trx.selectFrom('report_figures').selectAll().where('agency_id', '=', agencyId).where('year', '=', year).execute()).map((r) => [
        r.key,
        r,
      ]),
    );
    const changes: Record<string, { from: string | null; to: string | null; note: string }> = {};
    const now = ctx.now().toISOString();
    for (const e of entries) {
      const had = existing.get(e.key);
      const value = e.value === null ? null : String(e.value);
      if ((had?.value ?? null) === value && (value === null || had?.note === e.note)) continue;
      if (value === null) {
        await trx
          .deleteFrom('report_figures')
          .where('agency_id', '=', agencyId)
          .where('year', '=', year)
          .where('key', '=', e.key)
          .execute();
      } else {
        const row = { value, note: e.note, updated_at: now, updated_by: ctx.actor.label };
        await trx
          .insertInto('report_figures')
          .values({ agency_id: agencyId, year, key: e.key, ...row })
          .onConflict((oc) => oc.columns(['agency_id', 'year', 'key']).doUpdateSet(row))
          .execute();
      }
      changes[e.key] = { from: had?.value ?? null, to: value, note: e.note };
    }
    if (Object.keys(changes).length === 0) return;
    await trx.updateTable('annual_reports').set({ updated_at: now }).where('agency_id', '=', agencyId).where('year', '=', year).execute();
    await audit(
      trx,
      ctx.actor,
      { action: 'report.figures', objectType: 'annual_report', objectId: `${agencyId}:${year}`, agencyId, details: { year, via, changes } },
      ctx.now(),
    );
  });
}

export async function saveFigures(ctx: Ctx, agencyId: number, rawYear: unknown, raw: Record<string, unknown>): Promise<number> {
  await requireAgency(ctx, 'draft', agencyId);
  const year = parseYear(ctx, rawYear);
  const row = await findReport(ctx, agencyId, year);
  const entries = parseFigureForm((row?.format as ReportFormat) ?? formatForYear(year), raw);
  await storeFigures(ctx, agencyId, year, entries, 'form');
  return entries.length;
}

const headerAliases: Record<string, 'key' | 'value' | 'note'> = {
  key: 'key',
  指标: 'key',
  代码: 'key',
  指标代码: 'key',
  value: 'value',
  数值: 'value',
  数量: 'value',
  note: 'note',
  数据来源: 'note',
  来源: 'note',
};

/**
 * Figures from a CSV file with a header row: a key column (the figure key such as
 * `t2.license.decisions`, a legacy code such as `44`, or the figure's full label), a value column
 * and a source column. All rows are checked first; nothing is saved unless every row is right.
 */
export function parseFigureCsv(format: ReportFormat, text: string): FigureEntry[] {
  const records: { fields: string[]; line: number; malformed: boolean }[] = [];
  const parser = new CsvParser((fields, line, malformed) => records.push({ fields, line, malformed }));
  parser.push(text.replace(/^\uFEFF/, ''));
  parser.end();
  const header = records.shift();
  if (!header) throw new InputError({ file: '文件是空的（第一行应为表头：指标,数值,数据来源）' });
  const cols = header.fields.map((h) => headerAliases[h.trim().toLowerCase()] ?? headerAliases[h.trim()]);
  const at = (k: 'key' | 'value' | 'note') => cols.indexOf(k);
  if (at('key') < 0 || at('value') < 0)
    throw new InputError({ file: '表头应包含“指标”（或 key、代码）和“数值”（或 value）两列，可另有“数据来源”（或 note）列' });
  const defs = figureDefsFor(format);
  const byKey = new Map(defs.map((d) => [d.key, d.key]));
  for (const d of defs) byKey.set(d.label, d.key);
  // The label without its table number and 条例 item (行政处罚 本年处理决定数量), where that is unambiguous.
  const short = new Map<string, string | null>();
  for (const d of defs) {
    const s = d.label.replace(/^[二三四]、(第二十条第（.+?）项 )?/, '');
    short.set(s, short.has(s) ? null : d.key);
  }
  for (const [s, key] of short) if (key && !byKey.has(s)) byKey.set(s, key);
  if (format === 'legacy') for (const d of defs) byKey.set(d.key.slice('legacy.'.length), d.key);
  const problems: string[] = [];
  const form: Record<string, unknown> = {};
  const lineOf = new Map<string, number>();
  for (const r of records) {
    if (r.malformed) {
      problems.push(`第${r.line}行：CSV 格式错误`);
      continue;
    }
    const rawKey = (r.fields[at('key')] ?? '').trim();
    const key = byKey.get(rawKey) ?? (format === 'legacy' && /^\d$/.test(rawKey) ? legacyKey(`0${rawKey}`) : undefined);
    if (!key) {
      problems.push(`第${r.line}行：“${rawKey.slice(0, 40)}”不是本报告格式中的指标`);
      continue;
    }
    if (lineOf.has(key)) {
      problems.push(`第${r.line}行：指标“${rawKey}”与第${lineOf.get(key)}行重复`);
      continue;
    }
    lineOf.set(key, r.line);
    form[`v:${key}`] = r.fields[at('value')] ?? '';
    form[`n:${key}`] = at('note') >= 0 ? (r.fields[at('note')] ?? '') : '';
  }
  try {
    const entries = parseFigureForm(format, form);
    if (problems.length === 0) return entries;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const [field, msg] of Object.entries(e.fields)) problems.push(`第${lineOf.get(field.slice(2))}行：${msg}`);
  }
  problems.sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]));
  throw new InputError({ file: problems.slice(0, 20).join('；') + (problems.length > 20 ? `；另有${problems.length - 20}处错误` : '') });
}

export async function importFigures(ctx: Ctx, agencyId: number, rawYear: unknown, text: string): Promise<number> {
  await requireAgency(ctx, 'draft', agencyId);
  const year = parseYear(ctx, rawYear);
  const row = await findReport(ctx, agencyId, year);
  const entries = parseFigureCsv((row?.format as ReportFormat) ?? formatForYear(year), text);
  await storeFigures(ctx, agencyId, year, entries, 'csv');
  return entries.length;
}

const longText = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.replace(/\r\n/g, '\n').trim()) : (v ?? null)),
    z.string().max(MAX_TEXT, `${label}不能超过${MAX_TEXT}个字`).nullable(),
  );
const narrativeSchema = z.object({
  overview: longText('总体情况'),
  problems: longText('存在的主要问题及改进情况'),
  other: longText('其他需要报告的事项'),
  scope: z.enum(['tree', 'own'], { error: '请选择统计范围' }).optional(),
});

/** Saves the prose (一、五、六) and the scope. An emptied 总体情况 goes back to the generated draft. */
export async function saveNarrative(ctx: Ctx, agencyId: number, rawYear: unknown, raw: unknown): Promise<void> {
  await requireAgency(ctx, 'draft', agencyId);
  const year = parseYear(ctx, rawYear);
  const p = parseInput(narrativeSchema, raw);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await editableRow(trx, ctx, agencyId, year);
    const set = { overview: p.overview, problems: p.problems, other: p.other, ...(p.scope ? { scope: p.scope } : {}) };
    await trx
      .updateTable('annual_reports')
      .set({ ...set, updated_at: ctx.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'report.narrative',
        objectType: 'annual_report',
        objectId: row.id,
        agencyId,
        details: {
          year,
          scope: p.scope ?? row.scope,
          lengths: { overview: p.overview?.length ?? 0, problems: p.problems?.length ?? 0, other: p.other?.length ?? 0 },
        },
      },
      ctx.now(),
    );
  });
}

// ---------- publishing, re-opening ----------

/**
 * Publishes: computes the report afresh, requires a reason for every failing check (fields
 * `reason:<checkId>`, kept with the report and printed in it), and freezes the whole document as a
 * new revision. Later changes to the records never alter it.
 */
export async function publishReport(ctx: Ctx, agencyId: number, rawYear: unknown, raw: Record<string, unknown>): Promise<ReportDocument> {
  await requireAgency(ctx, 'approve', agencyId);
  const year = parseYear(ctx, rawYear);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await editableRow(trx, ctx, agencyId, year);
    const tctx: Ctx = { ...ctx, db: trx as unknown as Ctx['db'] };
    const live = await liveReport(tctx, agencyId, year);
    const at = ctx.now().toISOString();
    const overrides = JSON.parse(row.overrides) as ReportState['overrides'];
    const errors: Record<string, string> = {};
    for (const ch of live.document.checks) {
      if (ch.status !== 'fails') continue;
      const given = raw[`reason:${ch.id}`];
      const reason = typeof given === 'string' ? given.trim() : '';
      if (reason.length > 500) errors[`reason:${ch.id}`] = `说明不能超过500个字：${ch.description}`;
      else if (reason) overrides[ch.id] = { reason, by: ctx.actor.label, at };
      else if (!overrides[ch.id]) errors[`reason:${ch.id}`] = `校验未通过，须填写发布理由：${ch.description}`;
    }
    if (Object.keys(errors).length) throw new InputError(errors);
    const state: ReportState = { ...stateOf(row)!, overrides };
    const revision = row.revision + 1;
    const revisions = await revisionsOf(tctx, row.id);
    const published: Revision = {
      revision,
      publishedAt: at,
      publishedBy: ctx.actor.label,
      reopenedAt: null,
      reopenedBy: null,
      reopenReason: null,
    };
    const document: ReportDocument = {
      ...buildDocument({
        computation: live.computation,
        scope: live.scope,
        state: { ...state, status: 'published' },
        revisions: [...revisions, published],
        lastYear: (await latestPublication(tctx, agencyId, year - 1))?.figures ?? null,
        now: ctx.now(),
        today: today(ctx),
      }),
    };
    if (unexplainedFailures(document).length) throw new ConflictError('数据在发布过程中发生变化，请刷新后重新发布');
    await trx
      .insertInto('report_publications')
      .values({ report_id: row.id, revision, document: JSON.stringify(document), published_at: at, published_by: ctx.actor.label })
      .execute();
    await trx
      .updateTable('annual_reports')
      .set({
        status: 'published',
        revision,
        overrides: JSON.stringify(overrides),
        first_published_on: row.first_published_on ?? chinaDate(ctx.now()),
        updated_at: at,
      })
      .where('id', '=', row.id)
      .execute();
    const overridden = document.checks.filter((c) => c.override).map((c) => ({ id: c.id, reason: c.override!.reason }));
    await audit(
      trx,
      ctx.actor,
      { action: 'report.publish', objectType: 'annual_report', objectId: row.id, agencyId, details: { year, revision, overridden } },
      ctx.now(),
    );
    return document;
  });
}

const reopenSchema = z.object({
  reason: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: '请填写重新打开的原因' })
      .min(1, '请填写重新打开的原因（将记入审计日志并在修订后的报告中显示）')
      .max(500, '原因不能超过500个字'),
  ),
});

/** An approver re-opens a published report to correct it; the reason goes into the audit log and the revised report. */
export async function reopenReport(ctx: Ctx, agencyId: number, rawYear: unknown, raw: unknown): Promise<void> {
  await requireAgency(ctx, 'approve', agencyId);
  const year = parseYear(ctx, rawYear);
  const { reason } = parseInput(reopenSchema, raw);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findReport({ db: trx }, agencyId, year);
    if (row?.status !== 'published') throw new ConflictError(`${year}年度报告尚未发布，无需重新打开`);
    const at = ctx.now().toISOString();
    await trx.updateTable('annual_reports').set({ status: 'draft', updated_at: at }).where('id', '=', row.id).execute();
    await trx
      .updateTable('report_publications')
      .set({ reopened_at: at, reopened_by: ctx.actor.label, reopen_reason: reason })
      .where('report_id', '=', row.id)
      .where('revision', '=', row.revision)
      .execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'report.reopen',
        objectType: 'annual_report',
        objectId: row.id,
        agencyId,
        details: { year, revision: row.revision, reason },
      },
      ctx.now(),
    );
  });
}

// ---------- supervision ----------

/** Status, revision and first publication of the given agencies' reports for a year. */
const reportStates = (ctx: Ctx, year: number, agencyIds: number[]) =>
  ctx.db
    .selectFrom('annual_reports')
    .select(['agency_id', 'status', 'revision', 'first_published_on'])
    .where('year', '=', year)
    .where('agency_id', 'in', agencyIds)
    .execute();

export interface ChildColumn {
  agencyId: number;
  name: string;
  figures: Map<string, number>;
  report: { status: string; revision: number; firstPublishedOn: string | null } | null;
}

/** Each direct child's figures (its whole subtree) side by side, with the parent's total. */
export async function childrenComparison(ctx: Ctx, agencyId: number, rawYear: unknown) {
  await requireAgency(ctx, 'read', agencyId);
  const year = parseYear(ctx, rawYear);
  const c = await compute(ctx.db, agencyId, year, 'tree');
  if (c.agencies.length === 0) throw new NotFoundError(`该机关在${year}年底尚未设立`);
  const children = c.agencies.filter((a) => a.parentId === agencyId);
  const rows = await reportStates(ctx, year, [agencyId, ...children.map((a) => a.id)]);
  const reportOf = new Map(
    rows.map((r) => [r.agency_id, { status: r.status, revision: r.revision, firstPublishedOn: r.first_published_on }]),
  );
  const columns: ChildColumn[] = [
    { agencyId, name: `${c.root.shortName}（本级）`, figures: figuresOf(c, [agencyId]), report: null },
    ...children.map((a) => ({
      agencyId: a.id,
      name: a.shortName,
      figures: figuresOf(c, subtreeOf(c, a.id)),
      report: reportOf.get(a.id) ?? null,
    })),
  ];
  const total = figuresOf(
    c,
    c.agencies.map((a) => a.id),
  );
  return { year, format: c.format, root: c.root, columns, total, covered: c.agencies.length };
}

export interface AgencyTimeliness {
  agencyId: number;
  name: string;
  depth: number;
  deadline: string;
  basis: string;
  status: string;
  revision: number;
  firstPublishedOn: string | null;
  timeliness: TimelinessResult;
}

/** Every agency of the subtree with its deadline for the year's report and whether it is late. */
export async function reportTimeliness(
  ctx: Ctx,
  agencyId: number,
  rawYear: unknown,
): Promise<{ year: number; agencies: AgencyTimeliness[] }> {
  await requireAgency(ctx, 'read', agencyId);
  const year = parseYear(ctx, rawYear);
  const agencies = await coveredAgencies(ctx.db, agencyId, year, 'tree');
  if (agencies.length === 0) throw new NotFoundError(`该机关在${year}年底尚未设立`);
  const rows = await reportStates(
    ctx,
    year,
    agencies.map((a) => a.id),
  );
  const by = new Map(rows.map((r) => [r.agency_id, r]));
  const day = today(ctx);
  return {
    year,
    agencies: agencies.map((a) => {
      const d = publicationDeadline(year, a);
      const r = by.get(a.id);
      return {
        agencyId: a.id,
        name: a.name,
        depth: a.depth,
        deadline: d.date,
        basis: d.basis,
        status: r?.status ?? 'none',
        revision: r?.revision ?? 0,
        firstPublishedOn: r?.first_published_on ?? null,
        timeliness: timeliness(d, r?.first_published_on ?? null, day),
      };
    }),
  };
}

/** An agency's reports: this year's (in progress) and the five before it, and any other year that has a report. */
export async function reportYears(ctx: Ctx, agencyId: number) {
  await requireAgency(ctx, 'read', agencyId);
  const agency = (await findAgency(ctx.db, agencyId))!;
  const rows = await ctx.db.selectFrom('annual_reports').selectAll().where('agency_id', '=', agencyId).execute();
  const by = new Map(rows.map((r) => [r.year, r]));
  const day = today(ctx);
  const current = Number(day.slice(0, 4));
  const years = new Set([...Array.from({ length: 6 }, (_, i) => current - i), ...by.keys()]);
  const shape = { kind: agency.kind as AgencyKind, level: agency.level as AgencyLevel };
  return {
    agency,
    years: [...years]
      .filter((y) => y >= FIRST_REPORT_YEAR)
      .sort((a, b) => b - a)
      .map((year) => {
        const r = by.get(year);
        const deadline = publicationDeadline(year, shape);
        return {
          year,
          format: (r?.format as ReportFormat) ?? formatForYear(year),
          row: r ?? null,
          deadline,
          timeliness: timeliness(deadline, r?.first_published_on ?? null, day),
        };
      }),
  };
}

// ---------- public ----------

/** Published reports, newest first (the portal's 公开年报 column): one agency's, or every agency's. */
export async function publishedReports(ctx: Pick<Ctx, 'db'>, agencyId?: number, limit = 100) {
  let q = ctx.db
    .selectFrom('annual_reports')
    .innerJoin('agencies', 'agencies.id', 'annual_reports.agency_id')
    .select([
      'annual_reports.agency_id',
      'annual_reports.year',
      'annual_reports.revision',
      'annual_reports.first_published_on',
      'annual_reports.updated_at',
      'agencies.name',
    ])
    .where('annual_reports.revision', '>', 0);
  if (agencyId !== undefined) q = q.where('annual_reports.agency_id', '=', agencyId);
  return q
    .orderBy('annual_reports.year', 'desc')
    .orderBy('annual_reports.first_published_on', 'desc')
    .orderBy('annual_reports.agency_id')
    .limit(limit)
    .execute();
}

/** The published report for the public: the latest publication, or 404. */
export async function publicReport(ctx: Pick<Ctx, 'db'>, agencyId: number, rawYear: unknown): Promise<ReportDocument> {
  const s = String(rawYear ?? '');
  if (!/^\d{4}$/.test(s)) throw new NotFoundError('找不到该年度报告');
  const doc = await latestPublication(ctx, agencyId, Number(s));
  if (!doc) throw new NotFoundError('该年度报告尚未发布');
  return doc;
}
