import { applicantTypeLabels, organisationTypes } from '../../domain/applicants.js';
import {
  appealGroupLabels,
  appealResultLabels,
  litigationSubLabels,
  ORGANISATION_GROUP_LABEL,
  type ReportFormat,
  TABLE3_BALANCE_NOTE,
  TABLE3_COLUMN_CAPTION,
  t2Key,
  t3Key,
  t4Key,
  table2Sections,
  table3Columns,
  table3Lines,
  table4Columns,
} from '../../domain/report/formats.js';
import { legacyIndicators, legacyKey } from '../../domain/report/legacy.js';
import { sectionHeadings } from '../../domain/report/narrative.js';

// The printed layout of each table as a grid of cells with their spans, as the national format
// prints them (spec §2.1–§2.4, §3.1): one description that the HTML page, the Word document and
// the spreadsheet all render, so their merged header cells cannot disagree.

export interface GridCell {
  /** A label, or nothing for a figure cell. */
  text?: string;
  /** A figure cell: the figure's key. */
  key?: string;
  colSpan?: number;
  rowSpan?: number;
  header?: boolean;
  scope?: 'col' | 'colgroup' | 'row' | 'rowgroup';
  /** Where the cell starts, counting rows and columns from 0 (filled in by `grid`). */
  row: number;
  col: number;
}

export interface Grid {
  title: string;
  /** Rows of the header (thead); the rest is the body. */
  headRows: number;
  columns: number;
  rows: GridCell[][];
}

type Spec = Omit<GridCell, 'row' | 'col'>;

/** Places cells on the grid, skipping the positions that cells above still cover. */
function grid(title: string, headRows: number, columns: number, rows: Spec[][]): Grid {
  const covered = new Set<string>();
  const out: GridCell[][] = rows.map((cells, r) => {
    let c = 0;
    return cells.map((cell) => {
      while (covered.has(`${r}:${c}`)) c++;
      const placed = { ...cell, row: r, col: c };
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) covered.add(`${r + dr}:${c + dc}`);
      c += cell.colSpan ?? 1;
      return placed;
    });
  });
  return { title, headRows, columns, rows: out };
}

const h = (text: string, more: Partial<Spec> = {}): Spec => ({ text, header: true, scope: 'col', ...more });
const rowHead = (text: string, more: Partial<Spec> = {}): Spec => ({ text, header: true, scope: 'row', ...more });
const figure = (key: string): Spec => ({ key });

/** Table 二: one grid per 第二十条 item. */
export function table2Grids(format: 'national2021' | 'national2019'): Grid[] {
  return table2Sections(format).map((s) =>
    grid(s.heading, 2, s.columns.length + 1, [
      [h(s.heading, { colSpan: s.columns.length + 1, scope: 'colgroup' })],
      [h('信息内容'), ...s.columns.map((c) => h(c.label))],
      ...s.rows.map((r) => [rowHead(r.label), ...s.columns.map((c) => figure(t2Key(r.key, c.key)))]),
    ]),
  );
}

/** Table 三: three label columns on the left, the applicant columns under their two-level head. */
export function table3Grid(format: 'national2021' | 'national2019'): Grid {
  const lines = table3Lines(format);
  const people = table3Columns.filter((c) => c !== 'total');
  const rows: Spec[][] = [
    [h(TABLE3_BALANCE_NOTE, { colSpan: 3, rowSpan: 3, scope: undefined }), h(TABLE3_COLUMN_CAPTION, { colSpan: 7, scope: 'colgroup' })],
    [
      h(applicantTypeLabels.natural, { rowSpan: 2 }),
      h(ORGANISATION_GROUP_LABEL, { colSpan: 5, scope: 'colgroup' }),
      h('总计', { rowSpan: 2 }),
    ],
    organisationTypes.map((t) => h(applicantTypeLabels[t])),
  ];
  const figures = (key: string) => [...people, 'total' as const].map((c) => figure(t3Key(key as never, c)));
  let pendingResults: Spec | null = null;
  let pendingGroup: Spec | null = null;
  lines.forEach((line, i) => {
    if (line.key === null) {
      // A header line: it spans the data lines below it that belong to it.
      let span = 0;
      for (const next of lines.slice(i + 1)) {
        if (line.depth === 0 ? next.depth === 0 : next.depth < 2) break;
        if (next.key) span++;
      }
      const cell = rowHead(line.label, { rowSpan: span, scope: 'rowgroup' });
      if (line.depth === 0) pendingResults = cell;
      else pendingGroup = cell;
      return;
    }
    const row: Spec[] = [];
    if (pendingResults && line.depth > 0) {
      row.push(pendingResults);
      pendingResults = null;
    }
    if (line.depth === 0) row.push(rowHead(line.label, { colSpan: 3 }));
    else if (line.depth === 1) row.push(rowHead(line.label, { colSpan: 2 }));
    else {
      if (pendingGroup) {
        row.push(pendingGroup);
        pendingGroup = null;
      }
      row.push(rowHead(line.label));
    }
    rows.push([...row, ...figures(line.key)]);
  });
  return grid(sectionHeadings(format).table3 ?? '', 3, 10, rows);
}

/** Table 四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row of figures. */
export function table4Grid(): Grid {
  const results = table4Columns.map((c) => h(appealResultLabels[c]));
  return grid(sectionHeadings('national2021').table4 ?? '', 3, 15, [
    [
      h(appealGroupLabels.reconsideration, { colSpan: 5, rowSpan: 2, scope: 'colgroup' }),
      h('行政诉讼', { colSpan: 10, scope: 'colgroup' }),
    ],
    [
      h(litigationSubLabels.litigationDirect, { colSpan: 5, scope: 'colgroup' }),
      h(litigationSubLabels.litigationAfter, { colSpan: 5, scope: 'colgroup' }),
    ],
    [...results, ...results, ...results],
    (['reconsideration', 'litigationDirect', 'litigationAfter'] as const).flatMap((g) => table4Columns.map((c) => figure(t4Key(g, c)))),
  ]);
}

/** The legacy 政府信息公开情况统计报表: 指标名称 | 计量单位 | 代码 | 本年数. */
export function legacyGrid(): Grid {
  return grid('政府信息公开情况统计报表', 1, 4, [
    [h('指标名称'), h('计量单位'), h('代码'), h('本年数')],
    ...legacyIndicators.map((i) => [
      rowHead(`${i.partOf ? '　其中：' : ''}${i.label}${i.halfYearly ? ' *' : ''}`),
      { text: i.unit },
      { text: i.code },
      figure(legacyKey(i.code)),
    ]),
  ]);
}

/** Every table of a format, in printed order, with the heading it sits under. */
export function gridsOf(format: ReportFormat): { heading: string; grids: Grid[] }[] {
  const hd = sectionHeadings(format);
  if (format === 'legacy') return [{ heading: hd.tables ?? '', grids: [legacyGrid()] }];
  return [
    { heading: hd.table2 ?? '', grids: table2Grids(format) },
    { heading: hd.table3 ?? '', grids: [table3Grid(format)] },
    { heading: hd.table4 ?? '', grids: [table4Grid()] },
  ];
}

/** A figure as printed: blank for a blank cell, decimals only where there are some. */
export function formatFigure(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
}
