// The statistical tables of the annual report (年度报告), defined once, each cell with a stable key.
// The report computation, its checks and exports, and the report reader all take their rows,
// columns, labels and keys from here.
//
//   national2021 — 国办公开办函〔2021〕30号, for report years from 2021 (spec §2.1, §2.3, §2.4)
//   national2019 — 国办公开办函〔2019〕60号 (试行), for report years 2019 and 2020 (spec §2.2–§2.4)
//   legacy       — the 2008-era coded statistical table, codes 01–57, before 2019 (spec §3.1; legacy.ts)
//
// Keys: `t2.<row>.<column>` (table 二), `t3.<row>.<applicant column>` (table 三),
// `t4.<group>.<result>` (table 四), `legacy.<code>` (the coded table).

import { type ApplicantType, applicantTypeLabels, applicantTypes, ORGANISATION_GROUP_LABEL } from '../applicants.js';
import { type Outcome, outcomeDefs, outcomeGroupDefs, outcomesOf, printedLabel } from '../outcomes.js';

export const reportFormats = ['national2021', 'national2019', 'legacy'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportFormatLabels: Record<ReportFormat, string> = {
  national2021: '2021年版全国统一格式（国办公开办函〔2021〕30号）',
  national2019: '2019年版全国统一格式（试行，国办公开办函〔2019〕60号）',
  legacy: '2008年版政府信息公开情况统计报表',
};

/** The format a report year is written in: the 2021 format from report year 2021, the 2019 trial
 *  format for 2019 and 2020 (the 2019 条例 took effect on 2019-05-15), the legacy table before. */
export function formatForYear(year: number): ReportFormat {
  if (year >= 2021) return 'national2021';
  if (year >= 2019) return 'national2019';
  return 'legacy';
}

/** One cell of a table: its key, what a person reads as its label, and its unit. */
export interface FigureDef {
  key: string;
  /** Full label in Chinese, enough to find the cell in a printed report. */
  label: string;
  unit: string;
  /** Which formats print this cell. */
  formats: readonly ReportFormat[];
  /** True when the value may be negative (2019's 本年增/减). */
  signed?: boolean;
  /** True when the value may have decimals (amounts in 万元). */
  decimal?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Table 二 主动公开政府信息情况

export interface Table2Column {
  key: string;
  label: string;
  unit: string;
  signed?: boolean;
  decimal?: boolean;
}
export interface Table2Row {
  key: string;
  label: string;
}
/** One sub-table of table 二, headed by the 条例 item it reports on. */
export interface Table2Section {
  heading: string;
  columns: Table2Column[];
  rows: Table2Row[];
}

const count = (key: string, label: string): Table2Column => ({ key, label, unit: '件' });

/** 国办公开办函〔2021〕30号, table 二 (spec §2.1). */
export const table2For2021: Table2Section[] = [
  {
    heading: '第二十条第（一）项',
    columns: [count('issued', '本年制发件数'), count('repealed', '本年废止件数'), count('inForce', '现行有效件数')],
    rows: [
      { key: 'rule', label: '规章' },
      { key: 'normativeDoc', label: '行政规范性文件' },
    ],
  },
  { heading: '第二十条第（五）项', columns: [count('decisions', '本年处理决定数量')], rows: [{ key: 'license', label: '行政许可' }] },
  {
    heading: '第二十条第（六）项',
    columns: [count('decisions', '本年处理决定数量')],
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'enforcement', label: '行政强制' },
    ],
  },
  {
    heading: '第二十条第（八）项',
    columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', unit: '万元', decimal: true }],
    rows: [{ key: 'fee', label: '行政事业性收费' }],
  },
];

const previous = (): Table2Column => count('previous', '上一年项目数量');
const change = (): Table2Column => ({ key: 'change', label: '本年增/减', unit: '件', signed: true });

/** 国办公开办函〔2019〕60号, table 二 (spec §2.2). */
export const table2For2019: Table2Section[] = [
  {
    heading: '第二十条第（一）项',
    columns: [count('made', '本年新制作数量'), count('published', '本年新公开数量'), count('total', '对外公开总数量')],
    rows: [
      { key: 'rule', label: '规章' },
      { key: 'normativeDoc', label: '规范性文件' },
    ],
  },
  {
    heading: '第二十条第（五）项',
    columns: [previous(), change(), count('decisions', '处理决定数量')],
    rows: [
      { key: 'license', label: '行政许可' },
      { key: 'otherService', label: '其他对外管理服务事项' },
    ],
  },
  {
    heading: '第二十条第（六）项',
    columns: [previous(), change(), count('decisions', '处理决定数量')],
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'enforcement', label: '行政强制' },
    ],
  },
  { heading: '第二十条第（八）项', columns: [previous(), change()], rows: [{ key: 'fee', label: '行政事业性收费' }] },
  {
    heading: '第二十条第（九）项',
    // The trial format prints no unit for the amount; reports write it in 万元 or 元 (spec §2.2).
    columns: [
      { key: 'projects', label: '采购项目数量', unit: '个' },
      { key: 'amount', label: '采购总金额', unit: '万元', decimal: true },
    ],
    rows: [{ key: 'procurement', label: '政府集中采购' }],
  },
];

export function table2Sections(format: 'national2021' | 'national2019'): Table2Section[] {
  return format === 'national2021' ? table2For2021 : table2For2019;
}

export const t2Key = (row: string, column: string) => `t2.${row}.${column}`;

// ---------------------------------------------------------------------------------------------
// Table 三 收到和处理政府信息公开申请情况

export const table3Columns = [...applicantTypes, 'total'] as const;
export type Table3Column = (typeof table3Columns)[number];
export const table3ColumnLabels: Record<Table3Column, string> = { ...applicantTypeLabels, total: '总计' };

/** Data rows of table 三: the counts, every outcome, the 2019 format's single （六） row, the total. */
export type Table3RowKey = 'received' | 'carriedIn' | Outcome | 'otherHandling' | 'total' | 'carriedOut';

export interface Table3Line {
  /** null for a header line (三、本年度办理结果 and the groups with sub-rows): it has no cells. */
  key: Table3RowKey | null;
  /** The printed label, with its number. */
  label: string;
  /** 0 for 一、二、三、四; 1 for （一）…（七）; 2 for numbered sub-rows. */
  depth: 0 | 1 | 2;
}

/** The lines of table 三 in printed order (spec §2.3). */
export function table3Lines(format: 'national2021' | 'national2019'): Table3Line[] {
  const lines: Table3Line[] = [
    { key: 'received', label: '一、本年新收政府信息公开申请数量', depth: 0 },
    { key: 'carriedIn', label: '二、上年结转政府信息公开申请数量', depth: 0 },
    { key: null, label: '三、本年度办理结果', depth: 0 },
  ];
  for (const g of Object.values(outcomeGroupDefs)) {
    const subRows = g.hasSubRows && !(format === 'national2019' && g.key === 'otherHandling');
    if (!subRows) {
      const key: Table3RowKey = g.key === 'otherHandling' ? 'otherHandling' : (outcomesOf(g.key)[0] as Outcome);
      lines.push({ key, label: `${g.ordinal}${g.label}`, depth: 1 });
      continue;
    }
    lines.push({ key: null, label: `${g.ordinal}${g.label}`, depth: 1 });
    for (const o of outcomesOf(g.key)) lines.push({ key: o, label: printedLabel(o), depth: 2 });
  }
  lines.push({ key: 'total', label: '（七）总计', depth: 1 });
  lines.push({ key: 'carriedOut', label: '四、结转下年度继续办理', depth: 0 });
  return lines;
}

/** The data rows of table 三 (lines with cells), in printed order. */
export function table3Rows(format: 'national2021' | 'national2019'): Table3RowKey[] {
  return table3Lines(format).flatMap((l) => (l.key ? [l.key] : []));
}

/** The outcome rows that add up to （七）总计 in a format. */
export function table3OutcomeRows(format: 'national2021' | 'national2019'): Table3RowKey[] {
  return table3Rows(format).filter((r) => r !== 'received' && r !== 'carriedIn' && r !== 'total' && r !== 'carriedOut');
}

/** The row of a format that counts an outcome: in 2019 the three （六） outcomes share one row. */
export function table3RowOf(format: 'national2021' | 'national2019', o: Outcome): Table3RowKey {
  return format === 'national2019' && outcomeDefs[o].group === 'otherHandling' ? 'otherHandling' : o;
}

export const t3Key = (row: Table3RowKey, column: Table3Column) => `t3.${row}.${column}`;

/** The note printed in the top-left header cell of table 三 (spec §2.3). */
export const TABLE3_BALANCE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const TABLE3_COLUMN_CAPTION = '申请人情况';
export { ORGANISATION_GROUP_LABEL };

// ---------------------------------------------------------------------------------------------
// Table 四 政府信息公开行政复议、行政诉讼情况 (the same in 2019 and 2021, spec §2.4)

export const appealGroups = ['reconsideration', 'litigationDirect', 'litigationAfter'] as const;
export type AppealGroup = (typeof appealGroups)[number];
export const appealGroupLabels: Record<AppealGroup, string> = {
  reconsideration: '行政复议',
  litigationDirect: '行政诉讼（未经复议直接起诉）',
  litigationAfter: '行政诉讼（复议后起诉）',
};
/** The sub-heads under 行政诉讼 as printed. */
export const litigationSubLabels: Record<'litigationDirect' | 'litigationAfter', string> = {
  litigationDirect: '未经复议直接起诉',
  litigationAfter: '复议后起诉',
};

export const appealResults = ['upheld', 'corrected', 'other', 'pending'] as const;
export type AppealResult = (typeof appealResults)[number];
export const appealResultLabels: Record<AppealResult | 'total', string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};
export const table4Columns = [...appealResults, 'total'] as const;
export type Table4Column = (typeof table4Columns)[number];

export const t4Key = (group: AppealGroup, column: Table4Column) => `t4.${group}.${column}`;

// ---------------------------------------------------------------------------------------------
// Every cell of the national formats, with its label: the one table of keys (docs/report-keys.md
// is generated from it).

function nationalFigures(): FigureDef[] {
  const out = new Map<string, FigureDef>();
  const add = (f: FigureDef) => {
    const had = out.get(f.key);
    out.set(f.key, had ? { ...had, formats: [...had.formats, ...f.formats] } : f);
  };
  for (const format of ['national2021', 'national2019'] as const) {
    for (const s of table2Sections(format)) {
      for (const r of s.rows)
        for (const c of s.columns)
          add({
            key: t2Key(r.key, c.key),
            label: `二、${s.heading} ${r.label} ${c.label}`,
            unit: c.unit,
            formats: [format],
            ...(c.signed ? { signed: true } : {}),
            ...(c.decimal ? { decimal: true } : {}),
          });
    }
    for (const line of table3Lines(format)) {
      if (!line.key) continue;
      for (const col of table3Columns) {
        const colLabel =
          col === 'total'
            ? '总计'
            : col === 'natural'
              ? '自然人'
              : `${ORGANISATION_GROUP_LABEL}·${applicantTypeLabels[col as ApplicantType]}`;
        add({ key: t3Key(line.key, col), label: `三、${line.label} ${colLabel}`, unit: '件', formats: [format] });
      }
    }
    for (const g of appealGroups)
      for (const c of table4Columns)
        add({ key: t4Key(g, c), label: `四、${appealGroupLabels[g]} ${appealResultLabels[c]}`, unit: '件', formats: [format] });
  }
  return [...out.values()];
}

export const nationalFigureDefs: readonly FigureDef[] = nationalFigures();
