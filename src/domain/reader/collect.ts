// What the extractors of one report add to as they go: figures, text fields, what they left out,
// the lines their tables took (so that the prose pass does not read a table cell twice), and the
// evidence for the report's format.

import { figureDef as reportFigureDef } from '../report/figures.js';
import type { FigureDef } from '../report/formats.js';
import { readerFigureDefs } from '../report/readerFigures.js';
import type { CellValue } from './numbers.js';
import type { Doc } from './text.js';
import type { Figure, LeftOut, SourceSpan, TextField } from './types.js';

const readerDefs = new Map<string, FigureDef>(readerFigureDefs.map((d) => [d.key, d]));

/** The definition of any key the reader may report: a format's cell, or one of the reader's own. */
export function figureDef(key: string): FigureDef {
  const d = reportFigureDef(key) ?? readerDefs.get(key);
  if (!d) throw new Error(`no figure definition for ${key}`);
  return d;
}

/** A cell or token of a line: its text (trimmed) and where it starts in the line (0-based). */
export interface Cell {
  text: string;
  col: number;
}

export class Collector {
  readonly figures: Figure[] = [];
  readonly fields: TextField[] = [];
  readonly leftOut: LeftOut[] = [];
  readonly consumed = new Set<number>();
  readonly evidence: string[] = [];
  private readonly byKey = new Map<string, Figure>();
  /** Keys read twice with different values: neither reading stands, nor does a later one. */
  private readonly contradicted = new Set<string>();

  constructor(readonly doc: Doc) {}

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): Figure | undefined {
    return this.byKey.get(key);
  }

  /**
   * Records a figure read from a table cell or a sentence. A second, different reading of the same
   * key is a contradiction: both go, and the reader says so.
   */
  add(key: string, p: CellValue, source: SourceSpan, from: Figure['from'], extra: { unit?: string; note?: string } = {}): void {
    const def = figureDef(key);
    const f: Figure = {
      key,
      label: def.label,
      unit: extra.unit ?? def.unit,
      kind: p.kind,
      value: p.kind === 'blank' ? null : p.value,
      from,
      source,
      ...(extra.note ? { note: extra.note } : p.kind === 'blank' && p.mark ? { note: `填写为“${p.mark}”` } : {}),
    };
    if (this.contradicted.has(key)) return;
    const had = this.byKey.get(key);
    if (had) {
      if (had.kind === f.kind && had.value === f.value) return;
      this.remove(key);
      this.contradicted.add(key);
      this.leave(
        def.label,
        `报告中出现两个不同的数字（${show(had)}，第${had.source.line}行；${show(f)}，第${f.source.line}行），无法确定哪一个正确`,
        had.source,
        key,
      );
      return;
    }
    this.byKey.set(key, f);
    this.figures.push(f);
  }

  remove(key: string): void {
    const f = this.byKey.get(key);
    if (!f) return;
    this.byKey.delete(key);
    this.figures.splice(this.figures.indexOf(f), 1);
  }

  leave(what: string, reason: string, source?: SourceSpan, key?: string): void {
    this.leftOut.push({ what, reason, ...(key ? { key } : {}), ...(source ? { source } : {}) });
  }

  field(f: TextField): void {
    if (!this.fields.some((x) => x.key === f.key)) this.fields.push(f);
  }

  consume(from: number, to: number): void {
    for (let i = from; i <= to; i++) this.consumed.add(i);
  }
}

export function show(f: Pick<Figure, 'kind' | 'value' | 'unit'>): string {
  if (f.kind === 'blank') return '空白';
  return f.kind === 'atLeast' ? `${f.value}余${f.unit}` : `${f.value}${f.unit}`;
}

/** The cells of a line written with "|" separators, each with its column; empty cells kept. */
export function pipeCells(line: string): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i < line.length && line.charCodeAt(i) !== 0x7c) continue;
    const raw = line.slice(start, i);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    cells.push({ text, col: text === '' ? start : start + lead });
    start = i + 1;
  }
  // A row written "a | b | c |" or "| a | b |" has nothing before the first or after the last bar.
  if (cells.length > 1 && cells[cells.length - 1]!.text === '' && line.trimEnd().endsWith('|')) cells.pop();
  if (cells.length > 1 && cells[0]!.text === '' && line.trimStart().startsWith('|')) cells.shift();
  return cells;
}

/** The whitespace-separated tokens of a line, each with its column. */
export function tokens(line: string): Cell[] {
  const out: Cell[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], col: m.index });
  return out;
}

/** A table row as a line shows it: the label part, and the run of numeric cells at its end. */
export interface RowParts {
  /** The label text (cells before the numbers, joined), and its column. */
  label: string;
  labelCol: number;
  values: Cell[];
  piped: boolean;
}

/**
 * Splits a row into its label and its trailing numbers. With "|" separators every cell counts, an
 * empty one as a blank; with space alignment only the printed numbers can be seen.
 */
export function splitRow(line: string, isValue: (text: string) => boolean): RowParts {
  const piped = line.includes('|');
  const cells = piped ? pipeCells(line) : tokens(line);
  let k = cells.length;
  while (k > 0 && (isValue(cells[k - 1]!.text) || (piped && cells[k - 1]!.text === ''))) k--;
  const labelCells = cells.slice(0, k);
  return {
    label: labelCells.map((c) => c.text).join(' '),
    labelCol: labelCells[0]?.col ?? 0,
    values: cells.slice(k),
    piped,
  };
}
