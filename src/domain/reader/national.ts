// Tables 二, 三 and 四 of the national formats (spec §2.1–§2.4), read cell by cell from text that
// a PDF extraction or a portal page left behind: columns aligned by spaces or separated by "|",
// rows broken across lines (a label wrapping before or after its numbers), the spanning labels of
// 三、本年度办理结果 and （三）不予公开 cut into pieces between the rows, page numbers in between.
//
// A row is found by its printed number and the first characters of its label (formats.ts); its
// cells are taken only when the line shows exactly as many as the format has columns. Otherwise
// the row is left out with the reason: a number in the wrong column is worse than no number.

import type { Outcome } from '../outcomes.js';
import {
  appealGroups,
  type Table2Section,
  type Table3Column,
  type Table3RowKey,
  t2Key,
  t3Key,
  t4Key,
  table2For2019,
  table2For2021,
  table3Columns,
  table3Lines,
  table3Rows,
  table4Columns,
} from '../report/formats.js';
import { type Cell, type Collector, splitRow } from './collect.js';
import { type CellValue, looksNumeric, type Parsed, parseCell } from './numbers.js';
import { compact, compactWithColumns, normalizeLabel, spanAt } from './text.js';

type NationalFormat = 'national2021' | 'national2019';

export interface NationalResult {
  /** The format the tables are printed in, where they tell. */
  table2Format: NationalFormat | null;
  /** Which way table 三 prints （六）: as sub-rows (2021) or one row (2019). */
  table3Layout: NationalFormat | null;
  found: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Index of the first line at or after `from` whose compact text matches. */
function findLine(bared: string[], re: RegExp, from = 0, to = bared.length): number {
  for (let i = from; i < to; i++) if (re.test(bared[i]!)) return i;
  return -1;
}

const TABLE2_HEAD = /^第二十条第\((一|五|六|八|九)\)项/;
const TABLE3_HEAD = /收到和处理政府信息公开申请情况|本列数据的勾稽关系/;
const TABLE4_HEAD = /^四、.*行政复议.*行政诉讼|^四、.*复议.*诉讼.*情况$|政府信息公开行政复议、?行政诉讼情况/;
const SECTION5 = /^五、/;

const isCell = (t: string) => looksNumeric(t);
/** A line without spaces and bars: a heading in a table cell ("| 第二十条第（一）项 |") reads as the heading. */
const bare = (line: string) => compact(line).replace(/\|/g, '');
/** True for a row of a "|" table whose value cells are all empty (a header row's spanned cells). */
const emptyRow = (p: { piped: boolean; values: Cell[] }) => p.piped && p.values.every((v) => v.text === '');

export function readNational(c: Collector): NationalResult {
  const lines = c.doc.lines;
  const bared = lines.map(bare);
  const t3 = findLine(bared, TABLE3_HEAD);
  const t4 = findLine(bared, TABLE4_HEAD, Math.max(0, t3));
  const t2 = findLine(bared, TABLE2_HEAD);
  const result: NationalResult = { table2Format: null, table3Layout: null, found: false };
  if (t2 >= 0) {
    result.table2Format = readTable2(c, t2, t3 > t2 ? t3 : t4 > t2 ? t4 : lines.length);
    result.found = true;
  }
  if (t3 >= 0) {
    const end = t4 > t3 ? t4 : findEnd(bared, t3);
    const layout = readTable3(c, t3, end);
    if (layout) {
      result.table3Layout = layout;
      result.found = true;
    }
  }
  if (t4 >= 0) {
    if (readTable4(c, t4, findEnd(bared, t4 + 1))) result.found = true;
  }
  return result;
}

function findEnd(bared: string[], from: number): number {
  const i = findLine(bared, SECTION5, from + 1);
  return i < 0 ? bared.length : i;
}

// ---------------------------------------------------------------------------------------------
// Table 二

const SECTIONS: Record<NationalFormat, Table2Section[]> = { national2021: table2For2021, national2019: table2For2019 };

/** Row labels by row key, in either format's wording (a 2021 report may still print 规范性文件). */
const rowLabels = new Map<string, string[]>();
for (const s of [...table2For2021, ...table2For2019])
  for (const r of s.rows) rowLabels.set(r.key, [...new Set([...(rowLabels.get(r.key) ?? []), normalizeLabel(r.label)])]);

function sectionOf(format: NationalFormat, heading: string): Table2Section | undefined {
  return SECTIONS[format].find((s) => normalizeLabel(s.heading) === heading);
}

/** Reads every 第二十条第（X）项 sub-table between `from` and `to`; returns the format its column heads show. */
function readTable2(c: Collector, from: number, to: number): NationalFormat | null {
  const lines = c.doc.lines;
  const heads: { line: number; heading: string }[] = [];
  for (let i = from; i < to; i++) {
    const m = TABLE2_HEAD.exec(bare(lines[i]!));
    if (m) heads.push({ line: i, heading: `第二十条第(${m[1]})项` });
  }
  const votes: Record<NationalFormat, number> = { national2021: 0, national2019: 0 };
  const sections = heads.map((h, k) => ({ ...h, end: heads[k + 1]?.line ?? to }));
  // The column heads say which format a sub-table is in: all of a format's heads must be there.
  for (const s of sections) {
    const text = lines.slice(s.line, s.end).map(compact).join('');
    const fits = (['national2019', 'national2021'] as const).filter((f) => {
      const sec = sectionOf(f, s.heading);
      return sec?.columns.every((col) => text.includes(normalizeLabel(col.label)));
    });
    // 2019's "处理决定数量" is inside 2021's "本年处理决定数量": the format with more heads wins.
    const best = fits.sort((a, b) => (sectionOf(b, s.heading)?.columns.length ?? 0) - (sectionOf(a, s.heading)?.columns.length ?? 0))[0];
    if (best) votes[best]++;
    else if (sectionOf('national2019', s.heading) && !sectionOf('national2021', s.heading)) votes.national2019++;
  }
  const format: NationalFormat | null =
    votes.national2021 > votes.national2019 ? 'national2021' : votes.national2019 > votes.national2021 ? 'national2019' : null;
  if (format)
    c.evidence.push(
      format === 'national2021'
        ? '表二的栏目为2021年版（本年制发件数、本年处理决定数量等）'
        : '表二的栏目为2019年版（本年新制作数量、上一年项目数量等）',
    );
  c.consume(from, to - 1);
  for (const s of sections) {
    const sec = format ? sectionOf(format, s.heading) : undefined;
    if (!sec) {
      c.leave(
        `表二 ${s.heading}`,
        format
          ? `${format === 'national2021' ? '2021' : '2019'}年版格式没有这一项`
          : '无法从栏目判断是2019年版还是2021年版格式，不读取表二',
        spanAt(c.doc, s.line, 0, lines[s.line]!.length),
      );
      continue;
    }
    for (let i = s.line + 1; i < s.end; i++) {
      const parts = splitRow(lines[i]!, isCell);
      const label = compact(lines[i]!.slice(0, parts.values[0]?.col ?? lines[i]!.length)).replace(/\|/g, '');
      const row = sec.rows.find((r) => rowLabels.get(r.key)!.includes(label));
      if (!row) continue;
      let values = parts.values;
      let at = i;
      // The numbers may stand on the next line when the label was printed alone.
      if (values.length === 0) {
        const next = nextNonEmpty(lines, i + 1, s.end);
        if (next >= 0) {
          const p = splitRow(lines[next]!, isCell);
          if (compact(lines[next]!.slice(0, p.values[0]?.col ?? 0)).replace(/\|/g, '') === '' && p.values.length) {
            values = p.values;
            at = next;
          }
        }
      }
      const name = `表二 ${sec.heading} ${row.label}`;
      if (values.length !== sec.columns.length) {
        c.leave(
          name,
          `应有${sec.columns.length}个数字（${sec.columns.map((x) => x.label).join('、')}），找到${values.length}个，无法确定各数字所在的栏`,
          spanAt(c.doc, i, 0, lines[i]!.length),
        );
        continue;
      }
      values.forEach((v, k) => {
        const col = sec.columns[k]!;
        const key = t2Key(row.key, col.key);
        const p = parseCell(v.text, { signed: col.signed ?? false });
        if (!p || p.kind === 'approximate' || (p.kind !== 'blank' && !col.decimal && !Number.isInteger(p.value))) {
          c.leave(`${name} ${col.label}`, `“${v.text}”不是${col.decimal ? '' : '整'}数`, spanAt(c.doc, at, v.col, v.text.length), key);
          return;
        }
        const printedUnit = /万元$/.test(v.text) ? '万元' : /元$/.test(v.text) ? '元' : undefined;
        c.add(
          key,
          p,
          spanAt(c.doc, at, v.col, v.text.length),
          'table',
          printedUnit && printedUnit !== col.unit ? { unit: printedUnit, note: `单位按原文为${printedUnit}` } : {},
        );
      });
    }
  }
  return format;
}

function nextNonEmpty(lines: string[], from: number, to: number): number {
  for (let i = from; i < to && i < from + 3; i++) if (lines[i]!.trim() !== '') return i;
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Table 三

interface Anchor {
  key: Table3RowKey;
  re: RegExp;
  name: string;
}

/**
 * A row is known by its printed number and the first characters of its label (enough to survive a
 * typo later in the label, as in 洪泽 2023's "2.其他法律行政止公开"). "1." may be printed "1、".
 * （六）其他处理 is a row of its own in the 2019 layout and a group head over three rows in 2021.
 */
function anchorsOf(): Anchor[] {
  const out: Anchor[] = [];
  for (const f of ['national2021', 'national2019'] as const) {
    for (const line of table3Lines(f)) {
      if (!line.key || out.some((a) => a.key === line.key)) continue;
      const m = /^([一二三四]、|\([一二三四五六七]\)|\d+\.)(.*)$/.exec(normalizeLabel(line.label));
      if (!m) throw new Error(`table 三 line without a number: ${line.label}`);
      const ordinal = m[1]!;
      const ord = ordinal.endsWith('.')
        ? `${ordinal.slice(0, -1)}[.、]`
        : ordinal.endsWith('、')
          ? `${ordinal.slice(0, -1)}[、.]`
          : escapeRe(ordinal);
      const prefix = line.key === 'carriedOut' ? '结转下(?:一)?年' : escapeRe(m[2]!.slice(0, 4));
      out.push({ key: line.key, re: new RegExp(ord + prefix, 'g'), name: line.label });
    }
  }
  return out;
}

const ANCHORS = anchorsOf();
/** All anchors in one pattern, one group each: one pass over a line instead of one per row. */
const ANCHOR_RE = new RegExp(ANCHORS.map((a) => `(${a.re.source})`).join('|'), 'g');
const COLUMNS = table3Columns.length;

interface RowHit {
  key: Table3RowKey;
  name: string;
  line: number;
  done: boolean;
}

/** Reads table 三 between its heading and table 四; returns how it prints （六）, or null if no row was found. */
function readTable3(c: Collector, from: number, to: number): NationalFormat | null {
  const lines = c.doc.lines;
  const header = lines.slice(from, to).map(compact).join('');
  if (!header.includes('自然人') || !header.includes('总计')) {
    c.leave('表三', '未找到表头“自然人……总计”，无法确认各栏的顺序，不读取表三', spanAt(c.doc, from, 0, lines[from]!.length));
    return null;
  }
  c.consume(from, to - 1);
  const hits: RowHit[] = [];
  const seen = new Map<Table3RowKey, RowHit>();
  let recent: RowHit | null = null;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const parts = splitRow(line, isCell);
    const labelEnd = parts.values[0]?.col ?? line.length;
    const { text } = compactWithColumns(line.slice(0, labelEnd).replace(/\|/g, ' '));
    const found: { at: number; a: Anchor }[] = [];
    for (const m of text.matchAll(ANCHOR_RE)) found.push({ at: m.index, a: ANCHORS[m.findIndex((g, k) => k > 0 && g !== undefined) - 1]! });
    let here: RowHit | null = null;
    for (const { a } of found) {
      const hit: RowHit = { key: a.key, name: a.name, line: i, done: false };
      if (seen.has(a.key)) {
        c.leave(
          `表三 ${a.name}`,
          `该行出现两次（第${seen.get(a.key)!.line + 1}行和第${i + 1}行），不读取`,
          spanAt(c.doc, i, 0, line.length),
        );
        seen.get(a.key)!.done = true;
        hit.done = true;
      }
      seen.set(a.key, hit);
      hits.push(hit);
      here = hit;
    }
    if (here) recent = here;
    if (parts.values.length > 0 && !(emptyRow(parts) && !here)) {
      // The numbers belong to the row named on this line, or to the row named just above (its
      // label printed before its numbers, or wrapped around them).
      const target = here ?? (recent && !recent.done && i - recent.line <= 4 ? recent : null);
      if (!target || target.done) {
        c.leave('表三', `第${i + 1}行的数字找不到所属的行`, spanAt(c.doc, i, parts.values[0]!.col, line.length - parts.values[0]!.col));
      } else {
        target.done = true;
        readRow(c, target, i, parts.values, parts.piped);
      }
    }
  }
  const assigned = new Set(hits.filter((h) => c.has(t3Key(h.key, 'total')) || c.has(t3Key(h.key, 'natural'))).map((h) => h.key));
  const subRows = (['noCorrection', 'unpaidFee', 'otherReason'] as Outcome[]).some((o) => assigned.has(o));
  const single = assigned.has('otherHandling');
  if (assigned.size === 0) {
    c.leave('表三', '未能读出表三的任何一行');
    return null;
  }
  let layout: NationalFormat = subRows || !single ? 'national2021' : 'national2019';
  if (subRows && single) {
    for (const col of table3Columns) c.remove(t3Key('otherHandling', col));
    c.leave('表三 （六）其他处理', '既有“（六）其他处理”一行的数字，又有其分项的数字，不读取“（六）其他处理”一行');
    layout = 'national2021';
  }
  if (single && !subRows) c.evidence.push('表三的“（六）其他处理”只有一行（2019年版的写法）');
  if (subRows) c.evidence.push('表三的“（六）其他处理”分为三项（2021年版的写法）');
  for (const row of table3Rows(layout)) {
    if (!seen.has(row)) {
      const name = table3Lines(layout).find((l) => l.key === row)!.label;
      c.leave(`表三 ${name}`, '表中未找到这一行');
    }
  }
  return layout;
}

function readRow(c: Collector, hit: RowHit, line: number, values: Cell[], piped: boolean) {
  const name = `表三 ${hit.name}`;
  if (values.length !== COLUMNS) {
    const l = c.doc.lines[line]!;
    c.leave(
      name,
      `应有${COLUMNS}个数字（6类申请人和总计），找到${values.length}个${piped ? '' : '（以空格对齐的表格看不出空白单元格）'}，无法确定各数字所在的栏`,
      spanAt(c.doc, line, values[0]!.col, l.length - values[0]!.col),
    );
    return;
  }
  const parsed: { col: Table3Column; p: Parsed; cell: Cell }[] = values.map((cell, k) => ({
    col: table3Columns[k]!,
    p: parseCell(cell.text),
    cell,
  }));
  const bad = parsed.find((x) => !x.p || x.p.kind === 'approximate' || (x.p.kind !== 'blank' && !Number.isInteger(x.p.value)));
  if (bad) {
    c.leave(name, `“${bad.cell.text}”不是件数`, spanAt(c.doc, line, bad.cell.col, bad.cell.text.length));
    return;
  }
  for (const x of parsed) c.add(t3Key(hit.key, x.col), x.p as CellValue, spanAt(c.doc, line, x.cell.col, x.cell.text.length), 'table');
}

// ---------------------------------------------------------------------------------------------
// Table 四

const T4_CELLS = appealGroups.length * table4Columns.length;

function readTable4(c: Collector, from: number, to: number): boolean {
  const lines = c.doc.lines;
  const header = lines.slice(from, to).map(compact).join('');
  if (!header.includes('维持') || !header.includes('审结')) {
    c.leave('表四', '未找到表头“结果维持……尚未审结”，不读取表四', spanAt(c.doc, from, 0, lines[from]!.length));
    return false;
  }
  c.consume(from, to - 1);
  const cells: { line: number; cell: Cell }[] = [];
  for (let i = from + 1; i < to; i++) {
    const parts = splitRow(lines[i]!, isCell);
    if (emptyRow(parts)) continue;
    for (const v of parts.values) cells.push({ line: i, cell: v });
  }
  if (cells.length !== T4_CELLS) {
    const first = cells[0];
    c.leave(
      '表四',
      `应有${T4_CELLS}个数字（行政复议、两类行政诉讼各5栏），找到${cells.length}个，无法确定各数字所在的栏`,
      first ? spanAt(c.doc, first.line, first.cell.col, first.cell.text.length) : undefined,
    );
    return false;
  }
  let k = 0;
  for (const g of appealGroups) {
    for (const col of table4Columns) {
      const { line, cell } = cells[k++]!;
      const key = t4Key(g, col);
      const p = parseCell(cell.text);
      if (!p || p.kind === 'approximate' || (p.kind !== 'blank' && !Number.isInteger(p.value))) {
        c.leave(`表四 ${key}`, `“${cell.text}”不是件数`, spanAt(c.doc, line, cell.col, cell.text.length), key);
        continue;
      }
      c.add(key, p, spanAt(c.doc, line, cell.col, cell.text.length), 'table');
    }
  }
  return true;
}
