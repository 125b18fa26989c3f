// The report's prose: its section headings, a first draft of 一 总体情况 written from the figures,
// and the statement of fees actually charged that opens 六 (条例 第五十条; the 2021 format asks
// 六 to report the 信息处理费 charged). Pure functions.

import { outcomeGroupDefs, outcomeGroups, outcomesOf } from '../outcomes.js';
import { type ReportFormat, t2Key, t3Key, t4Key, table3RowOf } from './formats.js';
import { legacyKey } from './legacy.js';

export const narrativeSections = ['overview', 'problems', 'other'] as const;
export type NarrativeSection = (typeof narrativeSections)[number];

/** The report's headings in order, with the tables in between (spec §2: 一 … 六). */
export function sectionHeadings(format: ReportFormat) {
  if (format === 'legacy')
    return {
      overview: '一、概述',
      tables: '二、政府信息公开情况统计报表',
      problems: '三、存在的主要问题及改进措施',
      other: '四、其他需要报告的事项',
    };
  return {
    overview: '一、总体情况',
    table2: '二、主动公开政府信息情况',
    table3: '三、收到和处理政府信息公开申请情况',
    table4: '四、政府信息公开行政复议、行政诉讼情况',
    problems: '五、存在的主要问题及改进情况',
    other: '六、其他需要报告的事项',
  };
}

export interface NarrativeFacts {
  year: number;
  format: ReportFormat;
  /** Who the report speaks for: 本机关, 全市, 全县, 本系统 … */
  subject: string;
  /** A figure of the report, undefined when blank. */
  figure: (key: string) => number | undefined;
  /** Items disclosed proactively in the year. */
  proactivePublished: number;
  /** Applications answered in the year, and of them those answered within 20 working days of receipt. */
  replied: number;
  repliedWithin20: number;
  /** 信息处理费 paid in the year (条例 第四十二条): how many applications, how many 元. */
  fees: { count: number; amount: number };
}

const n = (v: number | undefined) => (v === undefined ? '（未填报）' : String(v));
const percent = (part: number, whole: number) => `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
const yuan = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** Who a report speaks for: the agency alone, or a government with everything below it. */
export function subjectOf(agency: { kind: string; level: string }, coversOthers: boolean): string {
  if (!coversOthers) return '本机关';
  if (agency.kind === 'government')
    return { province: '全省', city: '全市', county: '全县（市、区）', township: '全镇（乡）' }[agency.level] ?? '本地区';
  if (agency.kind === 'subdistrict') return '本街道';
  return '本系统';
}

/** A first draft of 一: every sentence from the figures; what only people know is left as a 【请补充】. */
export function overviewDraft(f: NarrativeFacts): string {
  const { year, subject, figure: v } = f;
  if (f.format === 'legacy') {
    return [
      `${year}年，${subject}主动公开政府信息${f.proactivePublished}条，新增规范性文件${n(v(legacyKey('09')))}件；` +
        `接待政府信息公开咨询${n(v(legacyKey('15')))}人次；受理政府信息公开申请${n(v(legacyKey('19')))}件，` +
        `答复${n(v(legacyKey('25')))}件，其中同意公开${n(v(legacyKey('26')))}件、同意部分公开${n(v(legacyKey('27')))}件、` +
        `否决公开${n(v(legacyKey('28')))}件；因政府信息公开被申请行政复议${n(v(legacyKey('40')))}件、提起行政诉讼${n(v(legacyKey('41')))}件。`,
      '【请补充：政府信息公开工作的组织领导、制度建设和保障情况。】',
    ].join('\n');
  }
  const t3 = (row: string) => v(t3Key(row as never, 'total'));
  const groupTotal = (g: (typeof outcomeGroups)[number]) => {
    const rows = new Set(outcomesOf(g).map((o) => table3RowOf(f.format as 'national2021', o)));
    let sum = 0;
    for (const r of rows) sum += t3(r) ?? 0;
    return sum;
  };
  const outcomesText = outcomeGroups.map((g) => `${outcomeGroupDefs[g].label.replace(/（.*$/, '')}${groupTotal(g)}件`).join('、');
  const total = t3('total') ?? 0;
  const timely =
    f.replied > 0
      ? `本年答复的申请中，在收到申请之日起20个工作日内答复${f.repliedWithin20}件，占${percent(f.repliedWithin20, f.replied)}。`
      : '';
  const rules =
    f.format === 'national2021'
      ? `其中本年制发规章${n(v(t2Key('rule', 'issued')))}件、行政规范性文件${n(v(t2Key('normativeDoc', 'issued')))}件，` +
        `现行有效规章${n(v(t2Key('rule', 'inForce')))}件、行政规范性文件${n(v(t2Key('normativeDoc', 'inForce')))}件。`
      : `其中本年新制作规章${n(v(t2Key('rule', 'made')))}件、规范性文件${n(v(t2Key('normativeDoc', 'made')))}件。`;
  const appeals =
    `因政府信息公开被申请行政复议${n(v(t4Key('reconsideration', 'total')))}件，` +
    `被提起行政诉讼${(v(t4Key('litigationDirect', 'total')) ?? 0) + (v(t4Key('litigationAfter', 'total')) ?? 0)}件。`;
  return [
    `（一）主动公开情况。${year}年，${subject}主动公开政府信息${f.proactivePublished}条，${rules}`,
    `（二）依申请公开情况。${year}年，${subject}新收政府信息公开申请${n(t3('received'))}件，上年结转${n(t3('carriedIn'))}件；` +
      `本年办结${total}件，其中${outcomesText}；结转下年度继续办理${n(t3('carriedOut'))}件。${timely}${appeals}`,
    '（三）政府信息管理情况。【请补充：公开属性认定、保密审查、政策文件清理等情况。】',
    '（四）政府信息公开平台建设情况。【请补充：政府网站、政务新媒体、政府公报等平台建设情况。】',
    '（五）监督保障情况。【请补充：组织领导、培训、考核、社会评议和责任追究结果情况。】',
  ].join('\n');
}

/** The opening of 六: the fees actually charged, from the records, never typed by hand. */
export function feesStatement(f: Pick<NarrativeFacts, 'year' | 'format' | 'subject' | 'figure' | 'fees'>): string {
  if (f.format === 'legacy') {
    const charged = f.figure(legacyKey('44'));
    return charged === undefined
      ? `${f.year}年，${subject(f)}未填报提供政府信息收取费用的情况。`
      : charged === 0
        ? `${f.year}年，${subject(f)}提供政府信息未收取费用。`
        : `${f.year}年，${subject(f)}提供政府信息收取费用${yuan(charged)}元。`;
  }
  return f.fees.count === 0
    ? `${f.year}年，${subject(f)}未收取政府信息公开信息处理费。`
    : `${f.year}年，${subject(f)}依据《政府信息公开信息处理费管理办法》对${f.fees.count}件申请收取信息处理费，共计${yuan(f.fees.amount)}元。`;
}

const subject = (f: { subject: string }) => f.subject;
