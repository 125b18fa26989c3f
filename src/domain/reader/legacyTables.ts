// The 2008-era statistical tables (spec §3): the coded 政府信息公开情况统计报表 with codes 01–57
// (seed 004: one row per line, cells between "|"), and the uncoded variant's 指 标 | 单位 | 数 量
// tables (seed 000: one cell per line, the bars on lines of their own, empty cells as two bars in
// a row). Both are read as a stream of cells, so either layout works for either table.

import { legacyIndicators, legacyKey } from '../report/legacy.js';
import { legacyUncodedLines } from '../report/readerFigures.js';
import { type Cell, type Collector, pipeCells } from './collect.js';
import { type CellValue, parseCell } from './numbers.js';
import { compact, normalizeLabel, spanAt } from './text.js';

export type LegacyVariant = 'coded' | 'uncoded';

const UNITS = new Set(['条', '件', '次', '人次', '人', '元', '万元', '个']);

/** A label with its "其中：" lead-in, its ordinal ("1." "(3)") and a trailing "*" taken off. */
function bareLabel(text: string): { label: string; ordinal: string | null } {
  let t = compact(text).replace(/^其中[:：]?/, '');
  const m = /^(\(\d+\)|\d+[.、])/.exec(t);
  const ordinal = m ? m[1]!.replace('、', '.') : null;
  if (m) t = t.slice(m[0].length);
  return { label: t.replace(/\*+$/, ''), ordinal };
}

/** Bigram overlap (Dice) of two labels, for telling a code's printed label from another's. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.includes(b) || b.includes(a)) return 0.9;
  const grams = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return (2 * common) / Math.max(1, a.length - 1 + b.length - 1);
}

const indicatorByCode = new Map(legacyIndicators.map((i) => [i.code, i]));

// ---------------------------------------------------------------------------------------------
// The coded table

/** Reads the coded table if the report has one (a header row with 代码). */
function readCoded(c: Collector): boolean {
  const lines = c.doc.lines;
  let head = -1;
  let cols: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes('|') || !lines[i]!.includes('代码')) continue;
    const cells = pipeCells(lines[i]!).map((x) => compact(x.text));
    if (cells.includes('代码') && cells.some((x) => x.includes('指标') || x.includes('单位'))) {
      head = i;
      cols = cells;
      break;
    }
  }
  if (head < 0) return false;
  const codeCol = cols.indexOf('代码');
  const unitCol = cols.findIndex((x) => x.includes('单位'));
  const valueNames = cols.slice(codeCol + 1).filter((x) => x !== '');
  c.evidence.push('有带指标代码（01–57）的《政府信息公开情况统计报表》（2008年版）');
  let last = head;
  for (let i = head + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('|')) {
      if (line.trim() === '') continue;
      break;
    }
    last = i;
    const cells = pipeCells(line);
    const code = compact(cells[codeCol]?.text ?? '');
    const ind = indicatorByCode.get(code);
    if (!ind) continue;
    const key = legacyKey(code);
    const printed = bareLabel(cells[0]?.text ?? '').label;
    const name = `代码${code} ${ind.label}`;
    if (similarity(printed, normalizeLabel(ind.label)) < 0.6) {
      c.leave(name, `该行的指标名称“${printed}”与代码${code}的指标不符，不读取`, spanAt(c.doc, i, 0, line.length), key);
      continue;
    }
    const unit = compact(cells[unitCol]?.text ?? '') || ind.unit;
    readValue(c, key, name, i, cells.slice(codeCol + 1), valueNames, unit, cells[codeCol]!);
  }
  // The footnote (注：* 为半年度统计指标) belongs to the table.
  const note = last + 1 < lines.length && /^注/.test(compact(lines[last + 1]!)) ? last + 1 : last;
  c.consume(head, note);
  return true;
}

/**
 * One indicator's value from its value columns (本月实际数, 到本月累计数): the column that holds a
 * number. Both holding different numbers is a question the table does not answer.
 */
function readValue(c: Collector, key: string, name: string, line: number, cells: Cell[], names: string[], unit: string, codeCell: Cell) {
  const read = cells.map((cell, k) => ({ cell, p: parseCell(cell.text), name: names[k] ?? `第${k + 1}栏` }));
  const bad = read.find((r) => r.p === null || r.p.kind === 'approximate');
  if (bad) {
    c.leave(name, `“${bad.cell.text}”不是数字`, spanAt(c.doc, line, bad.cell.col, bad.cell.text.length), key);
    return;
  }
  const numbers = read.filter((r) => r.p!.kind !== 'blank');
  const values = new Set(numbers.map((r) => `${r.p!.kind}:${'value' in r.p! ? r.p.value : ''}`));
  if (values.size > 1) {
    c.leave(
      name,
      `两栏的数字不同（${numbers.map((r) => `${r.name} ${r.cell.text}`).join('，')}），无法确定哪一个是全年数`,
      spanAt(c.doc, line, numbers[0]!.cell.col, numbers[0]!.cell.text.length),
      key,
    );
    return;
  }
  if (numbers.length > 0) {
    const r = numbers[0]!;
    const extra = { unit, ...(read.length > 1 ? { note: `${r.name}栏` } : {}) };
    c.add(key, r.p as CellValue, spanAt(c.doc, line, r.cell.col, r.cell.text.length), 'table', extra);
    return;
  }
  const mark = read.map((r) => (r.p as { mark?: string }).mark).find(Boolean);
  const marked = read.find((r) => (r.p as { mark?: string }).mark);
  const at = marked?.cell ?? read[0]?.cell ?? { col: codeCell.col + codeCell.text.length, text: '' };
  c.add(key, mark ? { kind: 'blank', mark } : { kind: 'blank' }, spanAt(c.doc, line, at.col, at.text.length), 'table', { unit });
}

// ---------------------------------------------------------------------------------------------
// The uncoded variant

/** Label → key for uncoded lines: the variant's own labels, and the coded table's labels printed without codes. */
const uncodedByLabel = new Map<string, string>();
const uncodedByOrdinal = new Map<string, { key: string; prefix: string }>();
for (const l of legacyUncodedLines) {
  const label = normalizeLabel(l.label);
  if (l.ordinal) uncodedByOrdinal.set(l.ordinal, { key: l.key, prefix: label.replace(/\d+"数$/, '') });
  else uncodedByLabel.set(label, l.key);
}
for (const i of legacyIndicators) {
  const label = normalizeLabel(i.label);
  if (!uncodedByLabel.has(label)) uncodedByLabel.set(label, legacyKey(i.code));
}

function uncodedKey(text: string): string | null {
  if (text.includes('\n')) return null;
  const { label, ordinal } = bareLabel(text);
  const byLabel = uncodedByLabel.get(label);
  if (byLabel) return byLabel;
  const byOrdinal = ordinal ? uncodedByOrdinal.get(ordinal) : undefined;
  return byOrdinal && label.startsWith(byOrdinal.prefix) ? byOrdinal.key : null;
}

interface StreamCell {
  text: string;
  line: number;
  col: number;
}

/** The cells between bars from line `from` on, across line breaks; empty cells kept. */
function cellStream(c: Collector, from: number, to: number): StreamCell[] {
  const lines = c.doc.lines;
  const out: StreamCell[] = [];
  let parts: string[] = [];
  let at: { line: number; col: number } | null = null;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    let start = 0;
    for (let j = 0; j <= line.length; j++) {
      if (j < line.length && line.charCodeAt(j) !== 0x7c) continue;
      const piece = line.slice(start, j);
      if (piece.trim() !== '') {
        parts.push(piece.trim());
        at ??= { line: i, col: start + piece.length - piece.trimStart().length };
      }
      if (j < line.length) {
        // An empty cell is shown at the bar that closes it.
        out.push({ text: parts.join('\n'), ...(at ?? { line: i, col: j }) });
        parts = [];
        at = null;
      }
      start = j + 1;
    }
  }
  return out;
}

/** Reads the uncoded tables (指 标 | 单位 | 数 量) if the report has them. */
function readUncoded(c: Collector): boolean {
  const lines = c.doc.lines;
  const head = lines.findIndex(
    (l) => l.includes('指') && (compact(l).replace(/\|/g, '') === '指标' || compact(l).replace(/^\|/, '').startsWith('指标|单位|')),
  );
  if (head < 0) return false;
  let last = head;
  for (let i = head; i < lines.length; i++) if (lines[i]!.includes('|')) last = i;
  const cells = cellStream(c, head, last + 1);
  let rows = 0;
  for (let k = 0; k < cells.length; k++) {
    const key = uncodedKey(cells[k]!.text);
    if (!key) continue;
    const unit = cells[k + 1];
    const value = cells[k + 2];
    const name = `附表 ${bareLabel(cells[k]!.text).label}`;
    if (!unit || !UNITS.has(compact(unit.text)) || !value) {
      c.leave(name, '该行不是“指标 | 单位 | 数量”三栏，不读取', spanAt(c.doc, cells[k]!.line, cells[k]!.col, cells[k]!.text.length), key);
      continue;
    }
    const p = value.text.includes('\n') ? null : parseCell(value.text);
    const span = spanAt(c.doc, value.line, value.col, value.text.length);
    if (!p || p.kind === 'approximate') {
      c.leave(name, `“${value.text.split('\n')[0]}”不是数字`, span, key);
      continue;
    }
    c.add(key, p, span, 'table', { unit: compact(unit.text) });
    rows++;
    k += 2;
  }
  if (rows === 0) return false;
  c.evidence.push('有无代码的“指标 | 单位 | 数量”统计表（2008年版的一种地方样式）');
  c.consume(head, last);
  return true;
}

/** Reads whichever legacy table the report prints; null if none. */
export function readLegacy(c: Collector): LegacyVariant | null {
  if (readCoded(c)) return 'coded';
  if (readUncoded(c)) return 'uncoded';
  return null;
}
