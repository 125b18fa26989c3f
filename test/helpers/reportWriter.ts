// Annual reports with known figures, written the ways agencies publish them: the 2019 and 2021
// national formats and the two legacy tables; plain text aligned by spaces (as a PDF extraction
// leaves it), with "|" separators, or one header word per line; an HTML page as saved from a
// portal; a DOCX document; simplified or traditional characters; UTF-8 or GB18030. Faults can be
// put in on purpose: a sum that does not add up, blank cells, page numbers between rows, labels
// wrapped around their numbers, prose that contradicts the table.
//
// Used by the reader tests (every generated report must read back to exactly its figures) and by
// bench/reader.ts. Deterministic for a given seed.

import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { rng } from '../../bench/corpus.js';
import { type ApplicantType, applicantTypes } from '../../src/domain/applicants.js';
import {
  appealGroups,
  appealResults,
  type ReportFormat,
  type Table3RowKey,
  t2Key,
  t3Key,
  t4Key,
  table2Sections,
  table3Columns,
  table3Lines,
  table3OutcomeRows,
  table4Columns,
} from '../../src/domain/report/formats.js';
import { legacyIndicators, legacyKey, legacySums } from '../../src/domain/report/legacy.js';
import { LEGACY_EMAIL, legacyUncodedLines } from '../../src/domain/report/readerFigures.js';
import { toTraditional } from '../../src/domain/text.js';
import type { Expected } from './reader.js';

export type Layout = 'spaces' | 'pipes' | 'raw' | 'html' | 'docx';
export type Fault = 'brokenSum' | 'blanks' | 'pageBreaks' | 'wrapped' | 'proseMismatch';

export interface ReportSpec {
  agency: string;
  year: number;
  /** legacy: the coded table (seed 004) or, with `uncoded`, the 指标|单位|数量 tables (seed 000). */
  format: ReportFormat;
  uncoded?: boolean;
  layout: Layout;
  traditional?: boolean;
  gbk?: boolean;
  faults?: Fault[];
  /** No tables at all: the figures only in prose. */
  proseOnly?: boolean;
  seed: number;
}

export interface WrittenReport {
  name: string;
  bytes: Uint8Array;
  /** Every figure the reader must find, as printed. */
  expected: Record<string, Expected>;
  /** Identity ids that must fail. */
  failing: string[];
}

// ---------------------------------------------------------------------------------------------
// Figures that add up

type Values = Map<string, number | null>;

function nationalValues(format: 'national2021' | 'national2019', rand: () => number): Values {
  const v: Values = new Map();
  const n = (max: number) => Math.floor(rand() * (max + 1));
  for (const s of table2Sections(format))
    for (const r of s.rows)
      for (const c of s.columns) v.set(t2Key(r.key, c.key), c.decimal ? Math.round(rand() * 1e6) / 100 : c.signed ? n(20) - 10 : n(3000));
  const outcomeRows = table3OutcomeRows(format);
  for (const col of applicantTypes) {
    const big = col === 'natural' ? 80 : col === 'business' ? 10 : 2;
    let closed = 0;
    for (const row of outcomeRows) {
      const x = rand() < 0.5 ? 0 : n(big);
      v.set(t3Key(row, col), x);
      closed += x;
    }
    const carriedIn = n(Math.ceil(big / 4));
    const carriedOut = n(Math.ceil(big / 4));
    v.set(t3Key('total', col), closed);
    v.set(t3Key('carriedIn', col), carriedIn);
    v.set(t3Key('carriedOut', col), carriedOut);
    // 一 + 二 = 三（七） + 四, with 一 never negative.
    const received = Math.max(0, closed + carriedOut - carriedIn);
    v.set(t3Key('received', col), received);
    v.set(t3Key('carriedIn', col), closed + carriedOut - received);
  }
  for (const row of [...outcomeRows, 'received', 'carriedIn', 'total', 'carriedOut'] as Table3RowKey[])
    v.set(
      t3Key(row, 'total'),
      applicantTypes.reduce((a, c: ApplicantType) => a + v.get(t3Key(row, c))!, 0),
    );
  for (const g of appealGroups) {
    let total = 0;
    for (const r of appealResults) {
      const x = n(5);
      v.set(t4Key(g, r), x);
      total += x;
    }
    v.set(t4Key(g, 'total'), total);
  }
  return v;
}

function legacyValues(uncoded: boolean, rand: () => number): Values {
  const v: Values = new Map();
  const n = (max: number) => Math.floor(rand() * (max + 1));
  const codes = uncoded ? legacyUncodedLines.map((l) => l.key) : legacyIndicators.map((i) => legacyKey(i.code));
  for (const k of codes) v.set(k, n(60));
  // Wholes are the sums of their parts (where the table prints both).
  const sums = legacySums.map((s) => ({ whole: legacyKey(s.whole), parts: s.parts.map(legacyKey) }));
  if (uncoded) sums.find((s) => s.whole === legacyKey('19'))!.parts.push(LEGACY_EMAIL);
  for (const s of [...sums].reverse()) {
    if (!v.has(s.whole) || !s.parts.every((p) => v.has(p))) continue;
    v.set(
      s.whole,
      s.parts.reduce((a, p) => a + (v.get(p) ?? 0), 0),
    );
  }
  // 43 is a part of 42; 01 is at least each channel (the channels may overlap).
  if (v.has(legacyKey('43'))) v.set(legacyKey('43'), Math.min(v.get(legacyKey('43'))!, v.get(legacyKey('42'))!));
  const k01 = legacyKey('01');
  v.set(
    k01,
    Math.max(...[...v.entries()].filter(([k]) => /^legacy\.0[2-8]$|^legacy\.fullText$/.test(k)).map(([, x]) => x ?? 0), 0) + n(50),
  );
  if (!uncoded) for (const c of ['55', '56', '57']) v.set(legacyKey(c), Math.round(rand() * 1000) / 100);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Writing

const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));

interface Row {
  /** Group label (三、本年度办理结果 / （三）不予公开) printed before the row's own label, if any. */
  group?: string;
  label: string;
  key: Table3RowKey | null;
}

function table3Rows(format: 'national2021' | 'national2019'): Row[] {
  const rows: Row[] = [];
  let group: string | undefined;
  for (const l of table3Lines(format)) {
    if (l.key === null) {
      group = l.label.startsWith('三、') ? undefined : l.label;
      continue;
    }
    rows.push({ ...(l.depth === 2 && group ? { group } : {}), label: l.label, key: l.key });
    if (l.depth === 1) group = undefined;
  }
  return rows;
}

/** The text of a report in a text layout (spaces, pipes, raw). */
function textReport(spec: ReportSpec, v: Values, rand: () => number): string {
  const out: string[] = [];
  const faults = new Set(spec.faults ?? []);
  let page = 1;
  const pageBreak = () => {
    if (faults.has('pageBreaks') && rand() < 0.15) out.push('', `                                   - ${page++} -`, '');
  };
  const row = (label: string, cells: string[], indent = '') => {
    if (spec.layout === 'pipes') return `${label} | ${cells.join(' | ')} |`;
    if (spec.layout === 'raw') return `${label} ${cells.join(' ')}`;
    return `${indent}${label}${' '.repeat(Math.max(2, 34 - label.length * 2))}${cells.map((c) => c.padStart(6)).join('  ')}`;
  };
  out.push(`${spec.agency}`, `${spec.year}年政府信息公开工作年度报告`, '');
  out.push(
    `本报告由${spec.agency}办公室根据《中华人民共和国政府信息公开条例》编制。报告中所列数据统计期限自${spec.year}年1月1日起至${spec.year}年12月31日止。`,
  );
  out.push('一、总体情况', ...prose(spec, v));
  if (spec.proseOnly) return out.join('\n');
  if (spec.format === 'legacy') {
    out.push('附件：政府信息公开情况统计报表', ...legacyTable(spec, v));
    return out.join('\n');
  }
  const format = spec.format;
  out.push('二、主动公开政府信息情况');
  for (const s of table2Sections(format)) {
    out.push(
      s.heading,
      row(
        '信息内容',
        s.columns.map((c) => c.label),
      ),
    );
    for (const r of s.rows)
      out.push(
        row(
          r.label,
          s.columns.map((c) => num(v.get(t2Key(r.key, c.key)))),
        ),
      );
    pageBreak();
  }
  out.push('三、收到和处理政府信息公开申请情况');
  if (spec.layout === 'raw')
    out.push(
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
      '申请人情况',
      '自然人',
      '法人或其他组织',
      '总计',
      '商业',
      '企业',
      '科研',
      '机构',
      '社会',
      '公益',
      '组织',
      '法律',
      '服务',
      '机构',
      '其他',
    );
  else {
    out.push('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）          申请人情况');
    out.push(row('', ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']));
  }
  for (const r of table3Rows(format)) {
    const cells = table3Columns.map((c) => num(v.get(t3Key(r.key!, c))));
    const label = r.label;
    if (r.group && r.label.startsWith('1.')) out.push(spec.layout === 'pipes' ? `${r.group} |` : `      ${r.group}`);
    if (faults.has('wrapped') && label.length > 14 && spec.layout !== 'pipes') {
      // The label wraps: first half above the numbers, the rest below (as in 淮安 2024).
      const cut = Math.floor(label.length / 2);
      out.push(`        ${label.slice(0, cut)}`, row('', cells, '        '), `        ${label.slice(cut)}`);
    } else out.push(row(label, cells, r.group ? '        ' : ''));
    pageBreak();
  }
  out.push('四、政府信息公开行政复议、行政诉讼情况');
  out.push('行政复议                          行政诉讼', '                    未经复议直接起诉          复议后起诉');
  out.push(
    row(
      '',
      [...appealResults.map(() => ''), ''].map((_, i) => ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'][i]!),
    ),
  );
  const t4 = appealGroups.flatMap((g) => table4Columns.map((c) => num(v.get(t4Key(g, c)))));
  out.push(spec.layout === 'pipes' ? `| ${t4.join(' | ')} |` : t4.join(spec.layout === 'raw' ? ' ' : '    '));
  out.push('五、存在的主要问题及改进情况', '政府信息公开工作仍存在一些不足，下一步将继续改进。', '六、其他需要报告的事项', '无。');
  return out.join('\n');
}

/** The legacy table as rows of cells, for HTML and DOCX. */
function legacyRows(spec: ReportSpec, v: Values): string[][] {
  if (spec.uncoded)
    return [
      ['指 标', '单位', '数 量'],
      ...legacyUncodedLines.map((l) => [l.ordinal ? `${l.ordinal}${l.label}` : l.label, l.unit, num(v.get(l.key))]),
    ];
  return [
    ['指标名称', '计量单位', '代码', '本月实际数', '到本月累计数'],
    ...legacyIndicators.map((i) => [`${i.partOf ? '其中：' : ''}${i.label}`, i.unit, i.code, num(v.get(legacyKey(i.code))), '']),
  ];
}

function legacyTable(spec: ReportSpec, v: Values): string[] {
  const out: string[] = [];
  if (spec.uncoded) {
    // Seed 000's shape: one cell per line, the bars on lines of their own.
    out.push('指 标', '|', '单位', '|', '数 量', '|');
    for (const l of legacyUncodedLines) {
      const label = l.ordinal ? `${l.ordinal}${l.label}` : l.label;
      const x = v.get(l.key);
      out.push(label, '|', l.unit, '|');
      if (x !== null && x !== undefined) out.push(String(x), '|');
      else out.push('|');
    }
    return out;
  }
  out.push('指标名称 | 计量单位 | 代码 | 本月实际数 | 到本月累计数 |');
  for (const i of legacyIndicators) {
    const lead = i.partOf ? '其中：' : '';
    out.push(`${lead}${i.label} | ${i.unit} | ${i.code} | ${num(v.get(legacyKey(i.code)))} | |`);
  }
  out.push('注：* 为半年度统计指标。');
  return out;
}

/** What the report says in prose: a few figures in the words reports use. */
function prose(spec: ReportSpec, v: Values): string[] {
  const y = spec.year;
  if (spec.format === 'legacy') {
    const k = (c: string) => v.get(legacyKey(c)) ?? 0;
    return [
      `${y}年，本机关共主动公开政府信息${k('01')}条。`,
      `${y}年，共收到政府信息公开申请${k('19')}件。`,
      `${y}年，因政府信息公开被申请行政复议${k('40')}件，被提起行政诉讼${k('41')}件。`,
    ];
  }
  const received = v.get(t3Key('received', 'total'))!;
  const said = (spec.faults ?? []).includes('proseMismatch') ? received + 7 : received;
  return [
    `（一）主动公开情况。${y}年，我单位在政府网站主动公开政府信息${v.get('prose.proactive.total') ?? 0}条。`,
    `（二）依申请公开情况。${y}年，全年共受理政府信息公开申请${said}件，均在法定期限内答复。`,
    `政府信息公开行政复议${v.get(t4Key('reconsideration', 'total'))}件。`,
  ];
}

function htmlReport(spec: ReportSpec, v: Values): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const td = (s: string, attrs = '') => `<td${attrs}>${esc(s)}</td>`;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title><style>td{border:1px solid}</style><script>var a=1;</script></head><body>',
    '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>',
    `<h1>${esc(spec.agency)}${spec.year}年政府信息公开工作年度报告</h1>`,
    `<p>发布日期：${spec.year + 1}-01-20</p>`,
    ...prose(spec, v).map((p) => `<p>${esc(p)}</p>`),
  );
  if (!spec.proseOnly && spec.format === 'legacy') {
    parts.push('<h2>附件：政府信息公开情况统计报表</h2><table>');
    for (const r of legacyRows(spec, v)) parts.push(`<tr>${r.map((x) => td(x)).join('')}</tr>`);
    parts.push('</table>');
  }
  if (!spec.proseOnly && spec.format !== 'legacy') {
    parts.push('<h2>二、主动公开政府信息情况</h2>');
    for (const s of table2Sections(spec.format)) {
      parts.push(
        `<table><tr><td colspan="${s.columns.length + 1}">${esc(s.heading)}</td></tr><tr>${td('信息内容')}${s.columns.map((c) => td(c.label)).join('')}</tr>`,
      );
      for (const r of s.rows) parts.push(`<tr>${td(r.label)}${s.columns.map((c) => td(num(v.get(t2Key(r.key, c.key))))).join('')}</tr>`);
      parts.push('</table>');
    }
    parts.push('<h2>三、收到和处理政府信息公开申请情况</h2><table>');
    parts.push(
      `<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>`,
      `<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>`,
      `<tr>${['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((x) => td(x)).join('')}</tr>`,
    );
    const rows = table3Rows(spec.format);
    const groupSize = new Map<string, number>();
    for (const r of rows) if (r.group) groupSize.set(r.group, (groupSize.get(r.group) ?? 0) + 1);
    let resultsOpen = false;
    for (const r of rows) {
      const cells = table3Columns.map((c) => td(num(v.get(t3Key(r.key!, c))))).join('');
      const top = r.key === 'received' || r.key === 'carriedIn' || r.key === 'carriedOut';
      let lead = '';
      if (!top && !resultsOpen) {
        lead += `<td rowspan="${rows.filter((x) => !['received', 'carriedIn', 'carriedOut'].includes(x.key!)).length}">三、本年度办理结果</td>`;
        resultsOpen = true;
      }
      if (top) lead += `<td colspan="3">${esc(r.label)}</td>`;
      else if (r.group && r.label.startsWith('1.')) lead += `<td rowspan="${groupSize.get(r.group)}">${esc(r.group)}</td>${td(r.label)}`;
      else if (r.group) lead += td(r.label);
      else lead += `<td colspan="2">${esc(r.label)}</td>`;
      parts.push(`<tr>${lead}${cells}</tr>`);
    }
    parts.push('</table><h2>四、政府信息公开行政复议、行政诉讼情况</h2><table>');
    parts.push(
      '<tr><td colspan="5" rowspan="2">行政复议</td><td colspan="10">行政诉讼</td></tr>',
      '<tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
      `<tr>${appealGroups.flatMap(() => ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((x) => td(x))).join('')}</tr>`,
      `<tr>${appealGroups.flatMap((g) => table4Columns.map((c) => td(num(v.get(t4Key(g, c)))))).join('')}</tr>`,
      '</table>',
    );
  }
  parts.push('<h2>五、存在的主要问题及改进情况</h2><p>继续改进。</p><div class="footer">扫一扫在手机打开当前页</div></body></html>');
  return parts.join('\n');
}

async function docxReport(spec: ReportSpec, v: Values): Promise<Uint8Array> {
  const font = { eastAsia: 'SimSun', ascii: 'Times New Roman' };
  const t = spec.traditional ? toTraditional : (x: string) => x;
  const p = (text: string) => new Paragraph({ children: [new TextRun({ text: t(text), font })] });
  const cell = (text: string) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: t(text), font })] })] });
  const table = (rows: string[][]) =>
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });
  const children: (Paragraph | Table)[] = [p(spec.agency), p(`${spec.year}年政府信息公开工作年度报告`), ...prose(spec, v).map(p)];
  if (!spec.proseOnly && spec.format === 'legacy') children.push(p('附件：政府信息公开情况统计报表'), table(legacyRows(spec, v)));
  if (!spec.proseOnly && spec.format !== 'legacy') {
    children.push(p('二、主动公开政府信息情况'));
    for (const s of table2Sections(spec.format)) {
      children.push(p(s.heading));
      children.push(
        table([
          ['信息内容', ...s.columns.map((c) => c.label)],
          ...s.rows.map((r) => [r.label, ...s.columns.map((c) => num(v.get(t2Key(r.key, c.key))))]),
        ]),
      );
    }
    children.push(p('三、收到和处理政府信息公开申请情况'));
    const head = [
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
      '',
      '自然人',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
      '总计',
    ];
    const rows = table3Rows(spec.format).map((r) => [
      r.group && r.label.startsWith('1.') ? r.group : '',
      r.label,
      ...table3Columns.map((c) => num(v.get(t3Key(r.key!, c)))),
    ]);
    children.push(table([head, ...rows]));
    children.push(p('四、政府信息公开行政复议、行政诉讼情况'));
    children.push(
      table([
        ['行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', ''],
        appealGroups.flatMap(() => ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']),
        appealGroups.flatMap((g) => table4Columns.map((c) => num(v.get(t4Key(g, c))))),
      ]),
    );
  }
  children.push(p('五、存在的主要问题及改进情况'), p('继续改进。'));
  const doc = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

// ---------------------------------------------------------------------------------------------

export async function writeReport(spec: ReportSpec): Promise<WrittenReport> {
  const rand = rng(spec.seed);
  const faults = new Set(spec.faults ?? []);
  const v: Values = spec.format === 'legacy' ? legacyValues(!!spec.uncoded, rand) : nationalValues(spec.format, rand);
  if (spec.format !== 'legacy') v.set('prose.proactive.total', Math.floor(rand() * 5000));
  const failing: string[] = [];
  if (faults.has('brokenSum')) {
    if (spec.format === 'legacy') {
      v.set(legacyKey('19'), (v.get(legacyKey('19')) ?? 0) + 3);
      failing.push('legacy.19');
    } else {
      v.set(t3Key('total', 'natural'), v.get(t3Key('total', 'natural'))! + 1);
      v.set(t3Key('total', 'total'), v.get(t3Key('total', 'total'))! + 1);
      failing.push('t3.balance.natural', 't3.outcomes.natural', 't3.balance.total', 't3.outcomes.total');
    }
  }
  const blankable = spec.layout === 'pipes' || spec.layout === 'html' || spec.layout === 'docx' || spec.uncoded;
  if (faults.has('blanks') && blankable) {
    // Blank a few cells whose identities then cannot fail.
    for (const k of spec.format === 'legacy'
      ? [legacyKey('45'), legacyKey('46')]
      : [t3Key('publication', 'research'), t3Key('repeat', 'research')])
      if (v.has(k)) v.set(k, null);
  }

  let text: string | null = null;
  let bytes: Uint8Array;
  if (spec.layout === 'html') text = htmlReport(spec, v);
  else if (spec.layout !== 'docx') text = textReport(spec, v, rand);
  if (text !== null) {
    if (spec.traditional) text = toTraditional(text);
    bytes = spec.gbk ? encodeGb18030(text) : new TextEncoder().encode(text);
  } else {
    bytes = await docxReport(spec, v);
  }

  // What the reader must find: the tables' figures, and the prose figures the writer put in.
  const expected: Record<string, Expected> = {};
  if (!spec.proseOnly) for (const [k, x] of v) if (/^(t[234]|legacy)\./.test(k)) expected[k] = x;
  if (spec.format === 'legacy') {
    expected['prose.proactive.total'] = v.get(legacyKey('01')) ?? 0;
    expected['prose.applications.received'] = v.get(legacyKey('19')) ?? 0;
    expected['prose.reconsideration.total'] = v.get(legacyKey('40')) ?? 0;
    expected['prose.litigation.total'] = v.get(legacyKey('41')) ?? 0;
  } else {
    expected['prose.proactive.total'] = v.get('prose.proactive.total')!;
    const received = v.get(t3Key('received', 'total'))!;
    expected['prose.applications.received'] = faults.has('proseMismatch') ? received + 7 : received;
    expected['prose.reconsideration.total'] = v.get(t4Key('reconsideration', 'total'))!;
    if (faults.has('proseMismatch')) failing.push('prose.received');
  }
  const ext = spec.layout === 'html' ? 'html' : spec.layout === 'docx' ? 'docx' : 'txt';
  const name = `${spec.agency}-${spec.year}-${spec.format}${spec.uncoded ? '-uncoded' : ''}-${spec.layout}${spec.traditional ? '-tw' : ''}${spec.gbk ? '-gbk' : ''}${spec.proseOnly ? '-prose' : ''}-${spec.seed}.${ext}`;
  return { name, bytes, expected, failing };
}

// ---------------------------------------------------------------------------------------------
// GB18030 bytes, from the decoder's own table (Node has a GB18030 decoder but no encoder)

let gbTable: Map<string, number[]> | undefined;

export function encodeGb18030(text: string): Uint8Array {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = gbTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Uint8Array.from(out);
}
