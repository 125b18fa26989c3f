// Many reports side by side: the table agency × year × figure (CSV and JSON), the reports whose
// sums fail — within a report, and across two years of one agency (this year's 二 against last
// year's 四) — and one quantity followed across formats for trends. The same shapes serve a folder
// read by the command line, a batch uploaded on the reader page, and the historic figures stored
// for an agency.

import { figureDef } from '../../domain/reader/collect.js';
import type { DetectedFormat, FigureKind } from '../../domain/reader/types.js';
import { checkAcrossYears, type Reading } from '../../domain/report/checks.js';
import { type ReportFormat, reportFormatLabels } from '../../domain/report/formats.js';
import type { TrendMeasure } from '../../domain/report/readerFigures.js';
import type { ReadResult } from './reading.js';

export interface FigureLite {
  value: number | null;
  kind: FigureKind;
  unit: string;
  line: number | null;
  column: number | null;
  from: 'table' | 'prose';
}

export interface FailedCheck {
  id: string;
  description: string;
  left: number | null;
  right: number | null;
  difference: number | null;
  /** Fails only when blank cells are taken as 0. */
  ifBlanksZero?: true;
}

export interface ReportSummary {
  /** The stored reading's id, for historic figures. */
  id?: number;
  /** Where to see the report: a stored reading's page, or a report published on the platform. */
  href?: string;
  file: string;
  agency: string;
  year: number | null;
  format: DetectedFormat;
  figures: Map<string, FigureLite>;
  failed: FailedCheck[];
  checked: number;
}

export function summarize(r: ReadResult): ReportSummary {
  const figures = new Map<string, FigureLite>();
  for (const f of r.reading.figures)
    figures.set(f.key, { value: f.value, kind: f.kind, unit: f.unit, line: f.source.line, column: f.source.column, from: f.from });
  const failed: FailedCheck[] = [];
  for (const c of r.reading.checks) {
    const res = c.result.status === 'fails' ? c.result : c.ifBlanksZero?.status === 'fails' ? c.ifBlanksZero : null;
    if (!res) continue;
    failed.push({
      id: c.identity.id,
      description: c.identity.description,
      left: res.left,
      right: res.right,
      difference: res.difference,
      ...(res === c.result ? {} : { ifBlanksZero: true as const }),
    });
  }
  return {
    file: r.name,
    agency: r.reading.agency?.name ?? '（未识别机关）',
    year: r.reading.year?.value ?? null,
    format: r.reading.format,
    figures,
    failed,
    checked: r.reading.checks.length,
  };
}

const readingOf = (f: FigureLite | undefined): Reading | undefined =>
  f === undefined ? undefined : f.kind === 'blank' ? { kind: 'blank' } : { kind: f.kind, value: f.value! };

/** Adds to each report the carry check against the same agency's report of the year before, where both exist. */
export function addCarryChecks(list: ReportSummary[]): void {
  const byAgencyYear = new Map(list.filter((r) => r.year !== null).map((r) => [`${r.agency}|${r.year}`, r]));
  for (const r of list) {
    if (r.year === null || r.format === 'legacy' || r.format === 'unknown') continue;
    const last = byAgencyYear.get(`${r.agency}|${r.year - 1}`);
    if (!last || last.format === 'legacy' || last.format === 'unknown') continue;
    for (const res of checkAcrossYears(
      (k) => readingOf(r.figures.get(k)),
      (k) => readingOf(last.figures.get(k)),
    )) {
      if (res.status !== 'fails') continue;
      r.failed.push({
        id: res.identity.id,
        description: `${res.identity.description}（${r.year - 1}年报告：${last.file}）`,
        left: res.left,
        right: res.right,
        difference: res.difference,
      });
    }
  }
}

/** A measure's value in one report: its first source whose figures are all there and not blank. */
export function measureValue(r: ReportSummary, m: TrendMeasure): { value: number; kind: 'exact' | 'atLeast' } | null {
  for (const keys of m.sources) {
    const figs = keys.map((k) => r.figures.get(k));
    if (figs.some((f) => !f || f.kind === 'blank')) continue;
    return { value: figs.reduce((a, f) => a + f!.value!, 0), kind: figs.some((f) => f!.kind === 'atLeast') ? 'atLeast' : 'exact' };
  }
  return null;
}

/** Agencies × years for one figure key (or measure), with the report behind each cell. */
export function pivot(list: ReportSummary[], value: (r: ReportSummary) => { value: number | null; kind: FigureKind } | null) {
  const agencies = [...new Set(list.map((r) => r.agency))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const years = [...new Set(list.flatMap((r) => (r.year === null ? [] : [r.year])))].sort((a, b) => a - b);
  const cells = new Map<string, { report: ReportSummary; v: { value: number | null; kind: FigureKind } | null }>();
  for (const r of list) if (r.year !== null) cells.set(`${r.agency}|${r.year}`, { report: r, v: value(r) });
  return { agencies, years, cell: (agency: string, year: number) => cells.get(`${agency}|${year}`) };
}

// ---------------------------------------------------------------------------------------------
// CSV and JSON

const CSV_HEAD = [
  'file',
  'agency',
  'year',
  'format',
  'key',
  'label',
  'unit',
  'kind',
  'value',
  'line',
  'column',
  'from',
  'report_failed_checks',
];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The long table: one line per report and figure, with a BOM so that Excel and WPS open it as UTF-8. */
export function compareCsv(list: ReportSummary[]): string {
  const lines = [CSV_HEAD.join(',')];
  for (const r of list)
    for (const [key, f] of r.figures)
      lines.push(
        [r.file, r.agency, r.year, r.format, key, figureDef(key).label, f.unit, f.kind, f.value, f.line, f.column, f.from, r.failed.length]
          .map(csvCell)
          .join(','),
      );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function compareJson(list: ReportSummary[], unreadable: { file: string; reason: string }[]) {
  return {
    reports: list.map((r) => ({
      file: r.file,
      agency: r.agency,
      year: r.year,
      format: r.format,
      formatLabel: r.format === 'unknown' ? '未识别' : reportFormatLabels[r.format as ReportFormat],
      checked: r.checked,
      failed: r.failed,
      figures: Object.fromEntries(r.figures),
    })),
    unreadable,
  };
}
