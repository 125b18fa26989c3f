// Historic figures: an agency's published annual reports from before the platform, read and
// stored, audited; and the comparison of the agencies the user may read across the years.

import { createHash } from 'node:crypto';
import { isUniqueViolation } from '../../db/errors.js';
import type { HistoricFigureTable } from '../../db/schema.js';
import type { ReportReading } from '../../domain/reader/types.js';
import { crossYearIdentities } from '../../domain/report/checks.js';
import { figureDef as reportFigureDef } from '../../domain/report/figures.js';
import { trendMeasures } from '../../domain/report/readerFigures.js';
import { normalize } from '../../domain/text.js';
import { chinaDate } from '../../domain/time.js';
import { InputError, NotFoundError } from '../../errors.js';
import { requireAgency, scope } from '../access.js';
import { findAgency, subtreeIds } from '../agencies/store.js';
import { audit } from '../audit/service.js';
import type { Ctx } from '../context.js';
import type { ReportDocument } from '../reports/document.js';
import { addCarryChecks, type FailedCheck, type FigureLite, type ReportSummary, summarize } from './compare.js';
import { type ReadResult, readDocument } from './reading.js';

export interface ImportOptions {
  /** The report year, when the report does not say it (or to confirm it). */
  year?: unknown;
  /** Replace the reading the agency already has for that year. */
  replace?: boolean;
}

export interface Imported {
  id: number;
  year: number;
  result: ReadResult;
  replaced: number | null;
  warnings: string[];
}

const INSERT_ROWS = 500;

function yearOf(v: unknown, now: Date): number | null {
  if (v === undefined || v === null || String(v).trim() === '') return null;
  const s = String(v).trim();
  const max = Number(chinaDate(now).slice(0, 4));
  if (!/^\d{4}$/.test(s) || Number(s) < 2000 || Number(s) > max) throw new InputError({ year: `报告年度应为2000至${max}之间的四位年份` });
  return Number(s);
}

/** Reads one report and stores its figures as the agency's historic figures for its year. */
export async function importReport(
  ctx: Ctx,
  agencyId: number,
  file: { name: string; data: Uint8Array },
  opts: ImportOptions = {},
): Promise<Imported> {
  await requireAgency(ctx, 'manage', agencyId);
  const agency = (await findAgency(ctx.db, agencyId))!;
  const given = yearOf(opts.year, ctx.now());
  const result = await readDocument(file.data, file.name);
  const r = result.reading;
  const printed = r.year?.value ?? null;
  if (given !== null && printed !== null && given !== printed)
    throw new InputError({ year: `报告写明是${printed}年度（据${r.year!.basis}，第${r.year!.source.line}行），与填写的${given}年不一致` });
  const year = given ?? printed;
  if (year === null) throw new InputError({ year: `无法从“${result.name}”中识别报告年度，请填写报告年度` });
  if (r.figures.length === 0) throw new InputError({ file: `“${result.name}”中没有读出任何统计数字，没有可导入的内容` });
  const warnings: string[] = [];
  if (r.agency && !sameAgency(r.agency.name, agency.name))
    warnings.push(`报告中的机关为“${r.agency.name}”，已按您的选择导入到“${agency.name}”`);
  const summary = summarize(result);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const now = ctx.now().toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const had = await trx
        .selectFrom('report_readings')
        .select(['id', 'file_name', 'created_at'])
        .where('agency_id', '=', agencyId)
        .where('year', '=', year)
        .executeTakeFirst();
      if (had && !opts.replace)
        throw new InputError({
          replace: `该机关${year}年度已导入年报“${had.file_name}”（${chinaDate(new Date(had.created_at))}），如需替换请勾选“替换已导入的同年度年报”`,
        });
      if (had) {
        await trx.deleteFrom('historic_figures').where('reading_id', '=', had.id).execute();
        await trx.deleteFrom('report_readings').where('id', '=', had.id).execute();
      }
      await trx
        .insertInto('blobs')
        .values({ sha256, size: file.data.length, data: Buffer.from(file.data), created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const row = await trx
        .insertInto('report_readings')
        .values({
          agency_id: agencyId,
          year,
          format: r.format,
          script: r.script,
          reported_agency: r.agency?.name ?? null,
          file_name: result.name.slice(-200),
          file_kind: result.kind,
          sha256,
          figure_count: r.figures.length,
          failed_checks: summary.failed.length,
          failures: JSON.stringify(summary.failed),
          reading: JSON.stringify({ ...r, kind: result.kind, encoding: result.encoding, positions: result.positions }),
          imported_by: ctx.actor.id,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const figures = r.figures.map((f) => ({
        reading_id: row.id,
        agency_id: agencyId,
        year,
        key: f.key,
        kind: f.kind,
        value: f.value,
        unit: f.unit,
        line: f.source.line,
        col: f.source.column,
        origin: f.from,
      }));
      for (let i = 0; i < figures.length; i += INSERT_ROWS)
        await trx
          .insertInto('historic_figures')
          .values(figures.slice(i, i + INSERT_ROWS))
          .execute();
      await audit(
        trx,
        ctx.actor,
        {
          action: had ? 'report.history.replace' : 'report.history.import',
          objectType: 'report_reading',
          objectId: row.id,
          agencyId,
          details: {
            file: result.name,
            sha256,
            year,
            format: r.format,
            figures: figures.length,
            failedChecks: summary.failed.length,
            replaced: had?.id ?? null,
          },
        },
        ctx.now(),
      );
      return { id: row.id, year, result, replaced: had?.id ?? null, warnings };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new InputError({ replace: `该机关${year}年度的年报刚刚由他人导入，请刷新后再试` });
    throw e;
  }
}

/** The same agency, written with or without its place ("洪泽区人民政府" and "淮安市洪泽区人民政府"). */
function sameAgency(a: string, b: string): boolean {
  const x = normalize(a).replace(/\s/g, '');
  const y = normalize(b).replace(/\s/g, '');
  return x === y || x.endsWith(y) || y.endsWith(x);
}

export async function readingAgencyId(ctx: Ctx, id: number): Promise<number> {
  const r = await ctx.db.selectFrom('report_readings').select('agency_id').where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError('找不到这份导入的年报');
  return r.agency_id;
}

export async function getReading(ctx: Ctx, id: number) {
  const row = await ctx.db
    .selectFrom('report_readings')
    .innerJoin('agencies', 'agencies.id', 'report_readings.agency_id')
    .selectAll('report_readings')
    .select('agencies.name as agency_name')
    .where('report_readings.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('找不到这份导入的年报');
  await requireAgency(ctx, 'read', row.agency_id);
  const reading = JSON.parse(row.reading) as ReportReading & Pick<ReadResult, 'kind' | 'encoding' | 'positions'>;
  return { row, reading };
}

export async function deleteReading(ctx: Ctx, id: number): Promise<{ agencyId: number; year: number; file: string }> {
  const row = await ctx.db
    .selectFrom('report_readings')
    .select(['id', 'agency_id', 'year', 'file_name', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('找不到这份导入的年报');
  await requireAgency(ctx, 'manage', row.agency_id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('historic_figures').where('reading_id', '=', id).execute();
    await trx.deleteFrom('report_readings').where('id', '=', id).execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'report.history.delete',
        objectType: 'report_reading',
        objectId: id,
        agencyId: row.agency_id,
        details: { file: row.file_name, year: row.year, sha256: row.sha256 },
      },
      ctx.now(),
    );
  });
  return { agencyId: row.agency_id, year: row.year, file: row.file_name };
}

type FigureRow = Pick<HistoricFigureTable, 'kind' | 'value' | 'unit' | 'line' | 'col' | 'origin'>;

const lite = (f: FigureRow): FigureLite => ({
  value: f.value === null ? null : Number(f.value),
  kind: f.kind as FigureLite['kind'],
  unit: f.unit,
  line: f.line,
  column: f.col,
  from: f.origin as FigureLite['from'],
});

export interface HistoryRow {
  id: number;
  agencyId: number;
  agency: string;
  year: number;
  format: string;
  file: string;
  figureCount: number;
  failures: FailedCheck[];
  createdAt: string;
}

/**
 * The readings of an agency and of the agencies below it that the user may read, as summaries
 * holding the figures asked for (`keys`), the trend measures' and the carry check's.
 */
export async function history(
  ctx: Ctx,
  agencyId: number,
  keys: string[] = [],
): Promise<{ rows: HistoryRow[]; summaries: ReportSummary[] }> {
  await requireAgency(ctx, 'read', agencyId);
  const readable = await scope(ctx, 'read');
  const ids = (await subtreeIds(ctx.db, [agencyId])).filter((id) => readable === 'all' || readable.has(id));
  const readings = await ctx.db
    .selectFrom('report_readings')
    .innerJoin('agencies', 'agencies.id', 'report_readings.agency_id')
    .select([
      'report_readings.id',
      'report_readings.agency_id',
      'agencies.name as agency',
      'report_readings.year',
      'report_readings.format',
      'report_readings.file_name',
      'report_readings.figure_count',
      'report_readings.failures',
      'report_readings.created_at',
    ])
    .where('report_readings.agency_id', 'in', [0, ...ids])
    .orderBy('agencies.name')
    .orderBy('report_readings.year')
    .execute();
  const rows: HistoryRow[] = readings.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agency: r.agency,
    year: r.year,
    format: r.format,
    file: r.file_name,
    figureCount: r.figure_count,
    failures: JSON.parse(r.failures) as FailedCheck[],
    createdAt: r.created_at,
  }));
  const wanted = [
    ...new Set([
      ...keys,
      ...trendMeasures.flatMap((m) => m.sources.flat()),
      ...crossYearIdentities().flatMap((c) => [c.thisYear, c.lastYear]),
    ]),
  ];
  const byReading = await figuresByReading(
    ctx,
    rows.map((r) => r.id),
    wanted,
  );
  const summaries: ReportSummary[] = rows.map((r) => ({
    id: r.id,
    href: `/admin/report-readings/${r.id}`,
    file: r.file,
    agency: r.agency,
    year: r.year,
    format: r.format as ReportSummary['format'],
    figures: byReading.get(r.id)!,
    failed: [...r.failures],
    checked: 0,
  }));
  const published = await publishedSummaries(ctx, ids);
  // A year the platform published a report for is that report's; the imported one stays listed.
  const onPlatform = new Set(published.map((p) => `${p.agency}|${p.year}`));
  const all = [...summaries.filter((s) => !onPlatform.has(`${s.agency}|${s.year}`)), ...published];
  addCarryChecks(all);
  return { rows, summaries: all };
}

/** The reports the platform published for these agencies (their latest publication), as summaries. */
async function publishedSummaries(ctx: Ctx, ids: number[]): Promise<ReportSummary[]> {
  if (ids.length === 0) return [];
  const pubs = await ctx.db
    .selectFrom('report_publications')
    .innerJoin('annual_reports', 'annual_reports.id', 'report_publications.report_id')
    .innerJoin('agencies', 'agencies.id', 'annual_reports.agency_id')
    .select([
      'annual_reports.id',
      'annual_reports.agency_id',
      'annual_reports.year',
      'agencies.name',
      'report_publications.revision',
      'report_publications.document',
    ])
    .where('annual_reports.agency_id', 'in', ids)
    .orderBy('report_publications.revision')
    .execute();
  const latest = new Map(pubs.map((p) => [p.id, p]));
  return [...latest.values()].map((p) => {
    const doc = JSON.parse(p.document) as ReportDocument;
    const figures = new Map<string, FigureLite>();
    for (const [key, value] of Object.entries(doc.figures))
      figures.set(key, {
        value,
        kind: value === null ? 'blank' : 'exact',
        unit: reportFigureDef(key)?.unit ?? '',
        line: null,
        column: null,
        from: 'table',
      });
    return {
      href: `/admin/agencies/${p.agency_id}/reports/${p.year}`,
      file: `平台发布的${p.year}年度报告（第${p.revision}版）`,
      agency: p.name,
      year: p.year,
      format: doc.format,
      figures,
      failed: doc.checks
        .filter((c) => c.status === 'fails')
        .map((c) => ({ id: c.id, description: c.description, left: c.left, right: c.right, difference: c.difference })),
      checked: doc.checks.length,
    };
  });
}

/** Every historic figure of the agencies in `history`, for the CSV and JSON export. */
export async function exportSummaries(ctx: Ctx, agencyId: number): Promise<ReportSummary[]> {
  const { summaries } = await history(ctx, agencyId);
  const all = await figuresByReading(
    ctx,
    summaries.map((s) => s.id!),
  );
  for (const s of summaries) s.figures = all.get(s.id!)!;
  return summaries;
}

/** The stored figures of readings, by reading, in the order they were read; only `keys` if given. */
async function figuresByReading(ctx: Ctx, ids: number[], keys?: string[]): Promise<Map<number, Map<string, FigureLite>>> {
  const out = new Map<number, Map<string, FigureLite>>(ids.map((id) => [id, new Map()]));
  if (ids.length === 0) return out;
  let q = ctx.db
    .selectFrom('historic_figures')
    .select(['reading_id', 'key', 'kind', 'value', 'unit', 'line', 'col', 'origin'])
    .where('reading_id', 'in', ids)
    .orderBy('id');
  if (keys) q = q.where('key', 'in', keys);
  for (const f of await q.execute()) out.get(f.reading_id)!.set(f.key, lite(f));
  return out;
}
