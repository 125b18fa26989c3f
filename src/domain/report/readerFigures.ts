// The figures only the report reader knows, with their stable keys — the one registry beside
// formats.ts (tables 二/三/四, t2.* t3.* t4.*) and legacy.ts (the coded table 01–57, legacy.*):
//
//   legacy.fullText, legacy.email — the two lines of the uncoded legacy variant (seed 000, the
//       定西 variant of spec §3.2) that the coded table does not have;
//   prose.*  — figures that reports state in their text (全年主动公开信息数量1075703条,
//       共受理2起信息公开申请, 行政复议申请0件 …);
//   header.* — the fields printed above the coded table (单位名称, 单位法人代码, 报出日期 …) and
//       on portal pages (索引号, 发布机构), which are text, not numbers.
//
// Also here: the layout of the uncoded variant's tables, the identities between what a report
// says in prose and what its tables say, and the measures that follow one quantity across the
// legacy and the national formats (for trends that span 2019). docs/report-keys.md lists every
// key; `npm run docs:report-keys` writes it from these registries.

import { type Identity, identitiesFor } from './checks.js';
import {
  type AppealGroup,
  type AppealResult,
  appealResultLabels,
  appealResults,
  type FigureDef,
  type ReportFormat,
  t3Key,
  t4Key,
} from './formats.js';
import { legacyKey, legacyParts, legacySums } from './legacy.js';

// ---------------------------------------------------------------------------------------------
// The uncoded legacy variant (spec §3.2): four tables 指 标 | 单位 | 数 量, no codes.

export const LEGACY_FULL_TEXT = legacyKey('fullText');
export const LEGACY_EMAIL = legacyKey('email');

/** One printed line of the uncoded variant: the coded indicator it is, or one of the two extra lines. */
export interface UncodedLine {
  key: string;
  /** The label as printed, without its ordinal and without "其中：". */
  label: string;
  /** The ordinal printed before it, when the label alone does not tell the line (the 免予公开范围 lines). */
  ordinal?: string;
  unit: string;
}

const u = (code: string, label: string, unit: string, ordinal?: string): UncodedLine => ({
  key: code.length === 2 ? legacyKey(code) : code,
  label,
  unit,
  ...(ordinal ? { ordinal } : {}),
});

/** The lines in printed order (seed 000 follows the 定西 order, spec §3.2). */
export const legacyUncodedLines: readonly UncodedLine[] = [
  u('01', '主动公开信息数', '条'),
  u(LEGACY_FULL_TEXT, '全文电子化的主动公开信息数', '条'),
  u('09', '新增的行政规范性文件数', '条'),
  u('19', '申请总数', '条'),
  u('20', '当面申请数', '条'),
  u('22', '传真申请数', '条'),
  u(LEGACY_EMAIL, '电子邮件申请数', '条'),
  u('21', '网上申请数', '条'),
  u('23', '信函申请数', '条'),
  u('24', '其他形式申请数', '条'),
  u('25', '对申请的答复总数', '条'),
  u('26', '同意公开答复数', '条'),
  u('27', '同意部分公开答复数', '条'),
  u('28', '否决公开答复总数', '条'),
  u('29', '非《规定》所指政府信息数', '条'),
  u('30', '“信息不存在”数', '条'),
  u('31', '“非本部门掌握”数', '条'),
  u('32', '“申请内容不明确”数', '条'),
  // Seed 000 prints these six cut off after 范围; the ordinal tells them apart.
  ...['33', '34', '35', '36', '37', '38'].map((code, i) => u(code, `“免予公开范围${i + 1}”数`, '条', `(${i + 5})`)),
  u('39', '其它原因', '条'),
  u('13', '提供服务类信息数', '条'),
  u('17', '网上咨询数', '人次'),
  u('16', '现场接待人数', '人次'),
  u('18', '咨询电话接听数', '人次'),
  u('14', '网站专栏页面访问量', '人次'),
  u('40', '行政复议数', '件'),
  u('41', '行政诉讼数', '件'),
  u('42', '行政申诉数', '件'),
  u('43', '对本部门首次处理不满意的行政申诉数', '件'),
];

const uncodedExtraDefs: FigureDef[] = [
  { key: LEGACY_FULL_TEXT, label: '其中：全文电子化的主动公开信息数（无代码表）', unit: '条', formats: ['legacy'] },
  { key: LEGACY_EMAIL, label: '申请总数其中：电子邮件申请数（无代码表）', unit: '条', formats: ['legacy'] },
];

/**
 * The identities of the uncoded variant: those of the coded table, except that its applications
 * have a sixth channel (电子邮件) in 19's split, and 全文电子化 is a part of 01 (spec §3.2).
 */
export function legacyUncodedIdentities(): Identity[] {
  const names: Record<string, string> = { email: '电子邮件申请数', fullText: '全文电子化的主动公开信息数' };
  return identitiesFor('legacy', {
    sums: legacySums.map((s) => (s.whole === '19' ? { ...s, parts: [...s.parts, 'email'] } : s)),
    parts: [...legacyParts, { whole: '01', part: 'fullText' }],
  }).map((i) => ({ ...i, description: i.description.replace(/代码(email|fullText)/g, (_, k: string) => `“${names[k]}”`) }));
}

// ---------------------------------------------------------------------------------------------
// Figures stated in prose

const allFormats: readonly ReportFormat[] = ['legacy', 'national2019', 'national2021'];

const appealProse = (group: 'reconsideration' | 'litigation', name: string): FigureDef[] => [
  { key: `prose.${group}.total`, label: `正文：${name}件数`, unit: '件', formats: [...allFormats] },
  ...appealResults.map((r: AppealResult) => ({
    key: `prose.${group}.${r}`,
    label: `正文：${name}其中${appealResultLabels[r]}`,
    unit: '件',
    formats: [...allFormats],
  })),
];

const prose = (key: string, label: string, unit: string, extra: Partial<FigureDef> = {}): FigureDef => ({
  key: `prose.${key}`,
  label: `正文：${label}`,
  unit,
  formats: [...allFormats],
  ...extra,
});

export const proseFigureDefs: readonly FigureDef[] = [
  prose('proactive.total', '主动公开政府信息数量', '条'),
  prose('proactive.fullTextRate', '主动公开信息全文电子化率', '%', { decimal: true }),
  prose('applications.received', '收到（受理）政府信息公开申请数', '件'),
  prose('applications.replied', '答复政府信息公开申请数', '件'),
  prose('applications.carriedIn', '上年结转的政府信息公开申请数', '件'),
  prose('applications.carriedOut', '结转（顺延）下年度办理的申请数', '件'),
  prose('consultations', '接受政府信息公开咨询人次', '人次'),
  prose('siteVisits', '政府信息公开专栏访问量', '人次'),
  ...appealProse('reconsideration', '因政府信息公开被申请行政复议'),
  ...appealProse('litigation', '因政府信息公开被提起行政诉讼'),
  prose('processingFee', '收取政府信息公开信息处理费', '元', { decimal: true }),
  prose('fees.charged', '政府信息公开收取的费用', '元', { decimal: true }),
  prose('fees.waivers', '政府信息公开减免费用的次数', '次'),
  prose('pressConferences', '召开新闻发布会场数', '场'),
  prose('gazetteIssues', '编印政府公报期数', '期'),
  prose('interpretations', '发布政策解读数', '条'),
];

export const proseKey = (name: string) => `prose.${name}`;

// ---------------------------------------------------------------------------------------------
// Header fields (text)

export interface HeaderFieldDef {
  key: string;
  /** The label as printed (simplified), which the reader looks for. */
  label: string;
  /** Other printed forms of the label. */
  aliases?: string[];
}

export const headerFieldDefs: readonly HeaderFieldDef[] = [
  { key: 'header.unitName', label: '单位名称' },
  { key: 'header.unitHead', label: '单位负责人' },
  { key: 'header.regionCode', label: '地区及部门编号' },
  { key: 'header.unitCode', label: '单位法人代码' },
  { key: 'header.parentName', label: '主管单位名称' },
  { key: 'header.parentCode', label: '主管单位法人代码' },
  { key: 'header.filer', label: '填报人' },
  { key: 'header.phone', label: '联系电话' },
  { key: 'header.reportDate', label: '报出日期' },
  { key: 'header.indexNo', label: '索引号' },
  { key: 'header.issuer', label: '发布机构', aliases: ['发文机关', '发文机构'] },
  { key: 'header.docNo', label: '文号' },
  { key: 'header.publishedOn', label: '发布日期', aliases: ['发文日期', '生成日期', '发布时间'] },
];

/** Every number key only the reader knows. */
export const readerFigureDefs: readonly FigureDef[] = [...uncodedExtraDefs, ...proseFigureDefs];

// ---------------------------------------------------------------------------------------------
// What the prose says against what the tables say (derived: a report should not contradict itself)

const t4Both = (c: AppealResult | 'total') => [t4Key('litigationDirect', c), t4Key('litigationAfter', c)];

function nationalProseIdentities(): Identity[] {
  const same = (id: string, left: string[], right: string[], description: string): Identity => ({
    id: `prose.${id}`,
    kind: 'sum',
    left,
    right,
    basis: 'derived',
    description,
  });
  const out = [
    same('received', [proseKey('applications.received')], [t3Key('received', 'total')], '正文所述收到申请数＝表三“一、本年新收”总计'),
    same('replied', [proseKey('applications.replied')], [t3Key('total', 'total')], '正文所述答复申请数＝表三“（七）总计”'),
    same('carriedIn', [proseKey('applications.carriedIn')], [t3Key('carriedIn', 'total')], '正文所述上年结转数＝表三“二、上年结转”总计'),
    same(
      'carriedOut',
      [proseKey('applications.carriedOut')],
      [t3Key('carriedOut', 'total')],
      '正文所述结转下年度数＝表三“四、结转下年度”总计',
    ),
  ];
  for (const c of [...appealResults, 'total'] as const) {
    const name = appealResultLabels[c];
    out.push(
      same(
        `reconsideration.${c}`,
        [proseKey(`reconsideration.${c}`)],
        [t4Key('reconsideration' as AppealGroup, c)],
        `正文所述行政复议${name}＝表四行政复议${name}`,
      ),
      same(`litigation.${c}`, [proseKey(`litigation.${c}`)], t4Both(c), `正文所述行政诉讼${name}＝表四两类行政诉讼${name}之和`),
    );
  }
  return out;
}

function legacyProseIdentities(): Identity[] {
  const same = (name: string, code: string, what: string): Identity => ({
    id: `prose.${name}`,
    kind: 'sum',
    left: [proseKey(name)],
    right: [legacyKey(code)],
    basis: 'derived',
    description: `正文所述${what}＝统计表代码${code}`,
  });
  return [
    same('proactive.total', '01', '主动公开信息数'),
    same('applications.received', '19', '收到申请数'),
    same('consultations', '15', '咨询人次'),
    same('siteVisits', '14', '专栏访问量'),
    same('reconsideration.total', '40', '行政复议数'),
    same('litigation.total', '41', '行政诉讼数'),
    same('fees.charged', '44', '收取的费用'),
  ];
}

/** The identities between a report's prose figures and its tables. */
export function proseIdentities(format: ReportFormat): Identity[] {
  return format === 'legacy' ? legacyProseIdentities() : nationalProseIdentities();
}

// ---------------------------------------------------------------------------------------------
// One quantity across formats, for trends over years before and after 2019

export interface TrendMeasure {
  id: string;
  label: string;
  unit: string;
  /** Where a report holds it, best first: each entry is a list of keys that add up to it. */
  sources: string[][];
}

export const trendMeasures: readonly TrendMeasure[] = [
  {
    id: 'applications',
    label: '本年新收政府信息公开申请',
    unit: '件',
    sources: [[t3Key('received', 'total')], [legacyKey('19')], [proseKey('applications.received')]],
  },
  { id: 'proactive', label: '主动公开政府信息', unit: '条', sources: [[legacyKey('01')], [proseKey('proactive.total')]] },
  {
    id: 'reconsideration',
    label: '行政复议',
    unit: '件',
    sources: [[t4Key('reconsideration', 'total')], [legacyKey('40')], [proseKey('reconsideration.total')]],
  },
  {
    id: 'litigation',
    label: '行政诉讼',
    unit: '件',
    sources: [t4Both('total'), [legacyKey('41')], [proseKey('litigation.total')]],
  },
];
