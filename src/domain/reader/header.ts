// Who published a report and for which year, the text fields above its tables, and whether it
// says that its blank cells mean zero.

import { headerFieldDefs } from '../report/readerFigures.js';
import type { Collector } from './collect.js';
import { compactWithColumns, spanAt } from './text.js';
import type { ReportReading, SourceSpan } from './types.js';

const TITLE = /((?:19|20)\d{2})年(?:度)?(?:的)?(?:政府)?(?:信息公开|政务公开|政府信息公开)(?:工作)?(?:年度)?(?:报告|年报)/;
const PERIOD = /((?:19|20)\d{2})年1月1日(?:起)?(?:至|~|-|到)(?:((?:19|20)\d{2})年)?12月31日/;
const DATE_LINE = /^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$/;
const AGENCY_END =
  /(?:人民政府|政府|办公厅|办公室|委员会|管理委员会|管委会|街道办事处|街道|管理局|监督局|局|委|办|厅|部|署|院|中心|站|所|处|镇|乡|市|县|区|州|盟|旗)$/;

/** A compact line with the way back to the working line's columns. */
function compactLine(c: Collector, i: number) {
  return compactWithColumns(c.doc.lines[i]!);
}

function spanOfCompact(c: Collector, i: number, columns: number[], from: number, to: number): SourceSpan {
  const a = columns[from]!;
  const b = columns[to - 1]!;
  return spanAt(c.doc, i, a, b + 1 - a);
}

/** An agency name before the year in a title: what follows the last verb or punctuation. */
function agencyBefore(text: string): { name: string; at: number } | null {
  const cut = Math.max(
    ...['公布', '发布', '印发', '现将', ':', ',', '。', '》', ')', ']'].map((w) =>
      text.lastIndexOf(w) >= 0 ? text.lastIndexOf(w) + w.length : 0,
    ),
  );
  const name = text.slice(cut).replace(/的$/, '');
  if (name.length < 2 || name.length > 40 || !AGENCY_END.test(name) || /\d/.test(name)) return null;
  return { name, at: cut };
}

export function readHeader(c: Collector): Pick<ReportReading, 'agency' | 'year' | 'blanksMeanZero'> {
  const lines = c.doc.lines;
  let agency: ReportReading['agency'] = null;
  let year: ReportReading['year'] = null;
  let seen = 0;
  let prev: { i: number; text: string; columns: number[] } | null = null;
  for (let i = 0; i < lines.length && seen < 15; i++) {
    const { text, columns } = compactLine(c, i);
    if (text === '') continue;
    seen++;
    const m = TITLE.exec(text);
    if (m) {
      year = { value: Number(m[1]), source: spanOfCompact(c, i, columns, m.index, m.index + m[1]!.length), basis: '标题' };
      const before = agencyBefore(text.slice(0, m.index).replace(/^标题:?/, ''));
      if (before) {
        const at = text.indexOf(before.name, m.index - before.name.length - 1);
        agency = { name: before.name, source: spanOfCompact(c, i, columns, at, at + before.name.length), basis: '标题' };
      } else if (m.index === 0 && prev && prev.text.length <= 30 && AGENCY_END.test(prev.text) && !/\d/.test(prev.text)) {
        agency = { name: prev.text, source: spanOfCompact(c, prev.i, prev.columns, 0, prev.text.length), basis: '标题' };
      }
      break;
    }
    prev = { i, text, columns };
  }
  if (!year) year = periodYear(c) ?? signedYear(c);
  return { agency, year, blanksMeanZero: blanksMeanZero(c) };
}

/** 统计期限自2023年1月1日起至2023年12月31日止. */
function periodYear(c: Collector): ReportReading['year'] {
  for (let i = 0; i < Math.min(c.doc.lines.length, 60); i++) {
    const { text, columns } = compactLine(c, i);
    const m = PERIOD.exec(text);
    if (m && (!m[2] || m[2] === m[1]))
      return { value: Number(m[1]), source: spanOfCompact(c, i, columns, m.index, m.index + 4), basis: '统计期限' };
  }
  return null;
}

/**
 * A report dated January to March of year Y is the report for Y−1: reports are due by 31 March of
 * the following year (2007 条例 第三十一条; 2019 条例 第四十九条 moves departments to 31 January).
 */
function signedYear(c: Collector): ReportReading['year'] {
  for (let i = c.doc.lines.length - 1, seen = 0; i >= 0 && seen < 5; i--) {
    const { text, columns } = compactLine(c, i);
    if (text === '') continue;
    seen++;
    const m = DATE_LINE.exec(text);
    if (!m) continue;
    if (Number(m[2]) > 3) return null;
    return {
      value: Number(m[1]) - 1,
      source: spanOfCompact(c, i, columns, 0, text.length),
      basis: `落款日期${m[1]}年${m[2]}月${m[3]}日：年度报告于次年3月31日前公布（条例第四十九条，2007年条例第三十一条）`,
    };
  }
  return null;
}

/** "表中空白处为0" and the like. */
function blanksMeanZero(c: Collector): SourceSpan | null {
  const re = /(?:空白|空格|空栏|未填(?:写)?)(?:处|栏|项|单元格|的)?(?:均)?(?:表示|为|视为|即为|代表|按|填)+(?:0|零|无)/;
  for (let i = 0; i < c.doc.lines.length; i++) {
    const line = c.doc.lines[i]!;
    if (!line.includes('空') && !line.includes('未填')) continue;
    const { text, columns } = compactLine(c, i);
    const m = re.exec(text);
    if (m) return spanOfCompact(c, i, columns, m.index, m.index + m[0].length);
  }
  return null;
}

/**
 * The text fields printed as "label: value" (the coded table's 单位名称, 报出日期 …; a portal page's
 * 索引号, 发布机构 …), each value running to the next label, a bar or the end of the line.
 */
const FIELD_LABELS = headerFieldDefs.flatMap((d) => [d.label, ...(d.aliases ?? [])].map((label) => ({ d, label })));
// Longest first, so that 主管单位名称 is not taken for 单位名称; a label may be spread out
// ("填 报 人"), led by its code ("01单位名称") and followed by "(盖章)".
FIELD_LABELS.sort((a, b) => b.label.length - a.label.length);
const FIELD_RE = new RegExp(
  `(?:(?<!\\d)\\d{2})?(${FIELD_LABELS.map((l) => [...l.label].join('\\s*')).join('|')})(?:\\s*\\(\\s*盖\\s*章\\s*\\))?\\s*[:|]`,
  'g',
);
const fieldOf = new Map(FIELD_LABELS.map((l) => [l.label, l.d]));

export function readFields(c: Collector): void {
  for (let i = 0; i < c.doc.lines.length; i++) {
    const line = c.doc.lines[i]!;
    if (!/[:|]/.test(line)) continue;
    const hits: { start: number; end: number; key: string; label: string }[] = [];
    for (const m of line.matchAll(FIELD_RE)) {
      const d = fieldOf.get(m[1]!.replace(/\s+/g, ''))!;
      hits.push({ start: m.index, end: m.index + m[0].length, key: d.key, label: d.label });
    }
    hits.sort((a, b) => a.start - b.start);
    hits.forEach((h, k) => {
      const stop = hits[k + 1]?.start ?? line.length;
      let raw = line.slice(h.end, stop);
      const bar = raw.indexOf('|');
      if (bar >= 0 && raw.slice(0, bar).trim() !== '') raw = raw.slice(0, bar);
      else if (bar >= 0) {
        // "索引号: | 1133…/2022-56162 | …": the value is the next cell, unless that is another label.
        const rest = raw.slice(bar + 1);
        const next = rest.indexOf('|');
        const cell = next >= 0 ? rest.slice(0, next) : rest;
        raw = ' '.repeat(bar + 1) + (/:\s*$/.test(cell) ? '' : cell);
      }
      // A value ends where the next "label:" starts (来源:b after 发布时间:2013-03-28).
      const more = /\s+\S{1,8}:/.exec(raw.trimStart());
      if (more) raw = raw.slice(0, raw.length - raw.trimStart().length + more.index);
      const lead = raw.length - raw.trimStart().length;
      const printed = raw.trim();
      const value = printed.replace(/\s+/g, ' ');
      const empty = value === '' || /^□+$/.test(value.replace(/\s/g, ''));
      const source = empty ? spanAt(c.doc, i, h.start, h.end - h.start) : spanAt(c.doc, i, h.end + lead, printed.length);
      c.field({ key: h.key, label: h.label, value: empty ? null : value, source });
    });
  }
}
