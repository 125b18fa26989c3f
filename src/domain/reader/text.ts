// The text a report reader works on, and the way back to the text as given.
//
// Every step keeps each character where it was: full-width forms become ASCII one for one,
// traditional characters become simplified one for one (OpenCC maps Han strings to Han strings of
// the same length, see domain/text.ts), and noise (page numbers, "?" placeholders of a lossy page
// conversion, "扫一扫在手机打开当前页") becomes spaces. So a figure found at line L, column C of the
// working text stands at line L, column C of the report, and a person can check it there.

import { toSimplified } from '../text.js';
import type { Script, SourceSpan } from './types.js';

export interface Doc {
  /** The report's text as given. */
  original: string;
  /** Working lines: same lengths as the original lines, normalized (see prepare). */
  lines: string[];
  /** Offset of each line in `original`. */
  starts: number[];
  script: Script;
}

// Characters that are the same thing written another way, mapped one for one.
const SAME = new Map<number, string>([
  [0x3000, ' '], // ideographic space
  [0x00a0, ' '],
  [0x09, ' '],
  [0x201c, '"'],
  [0x201d, '"'],
  [0x201e, '"'],
  [0x300c, '"'], // 「
  [0x300d, '"'], // 」
  [0x2018, "'"],
  [0x2019, "'"],
  [0x2212, '-'], // minus sign
  [0x2013, '-'],
  [0x2014, '-'],
  [0x2015, '-'],
  [0xff0d, '-'],
  [0x3007, '〇'],
  [0xfeff, ' '], // a BOM left inside the text
]);

/** One character of the working text: full-width ASCII to ASCII (but not the full-width "？" that ends a sentence). */
function foldChar(c: number): string | null {
  if (c >= 0xff01 && c <= 0xff5e && c !== 0xff1f) return String.fromCharCode(c - 0xfee0);
  const same = SAME.get(c);
  if (same !== undefined) return same;
  // "?" stands for a character a lossy conversion could not map (seed 004): noise, not text.
  if (c === 0x3f) return ' ';
  if (c >= 0x2000 && c <= 0x200b) return ' ';
  return null;
}

function fold(line: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < line.length; i++) {
    const f = foldChar(line.charCodeAt(i));
    if (f === null) continue;
    out += line.slice(last, i) + f;
    last = i + 1;
  }
  return last === 0 ? line : out + line.slice(last);
}

/** Simplified characters for traditional ones, keeping the length (character by character if a phrase would change it). */
function simplifyKeepingLength(line: string): string {
  const s = toSimplified(line);
  if (s.length === line.length) return s;
  let out = '';
  for (const ch of line) {
    const c = toSimplified(ch);
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

// Lines that are page furniture, not content: page numbers ("-3-", "- 3 -", "第 3 页 共 5 页") and a
// portal's QR-code prompt.
const NOISE_LINE = [
  /^\s*-\s*\d{1,3}\s*-\s*$/,
  /^\s*第\s*\d{1,3}\s*页(\s*[,/]?\s*共\s*\d{1,3}\s*页)?\s*$/,
  /^\s*\d{1,3}\s*\/\s*\d{1,3}\s*$/,
  /^\s*扫一扫在手机(上)?打开当前页(面)?\s*$/,
];

// Traditional forms of characters that every report uses (公開, 報告, 申請, 數量, 機關, 處理, 復議,
// 訴訟 …). A text with none of them is simplified, and the conversion (a fifth of the reader's
// time) is skipped; a traditional or mixed text has some of them in any paragraph.
const TRADITIONAL = /[開報與這個們為會數據關機請處門網資訊說時國後發對業經點單項專務區縣應復議訴訟總計謂統給結類規條]/;

/** The working text of a report. */
export function prepare(original: string): Doc {
  const folded = fold(original);
  // One conversion of the whole text (a call per line costs more than the work); if a phrase
  // changed the length somewhere, line by line, keeping each line's length.
  let simple = TRADITIONAL.test(folded) ? toSimplified(folded) : folded;
  if (simple.length !== folded.length)
    simple = folded
      .split(/(\r\n|\r|\n)/)
      .map(simplifyKeepingLength)
      .join('');
  let han = 0;
  let changed = 0;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) {
      han++;
      if (simple.charCodeAt(i) !== c) changed++;
    }
  }
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (;;) {
    const m = re.exec(simple);
    const end = m ? m.index : simple.length;
    const line = simple.slice(start, end);
    starts.push(start);
    lines.push(NOISE_LINE.some((r) => r.test(line)) ? ' '.repeat(line.length) : line);
    if (!m) break;
    start = m.index + m[0].length;
  }
  // Simplified text is left alone by the conversion; a traditional text changes in a good share of
  // its characters (seeds 001 and 004: about one in five).
  const script: Script = han < 20 ? 'unknown' : changed / han > 0.03 ? 'traditional' : 'simplified';
  return { original, lines, starts, script };
}

/** Where characters [col, col+length) of working line `line` (both 0-based) stand in the report. */
export function spanAt(doc: Doc, line: number, col: number, length: number): SourceSpan {
  const offset = doc.starts[line]! + col;
  return { line: line + 1, column: col + 1, offset, length, text: doc.original.slice(offset, offset + length) };
}

/** Removes all whitespace, for comparing labels that a page layout spread out ("三 、本 年 度"). */
export function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

const labelCache = new Map<string, string>();

/** The working form of a label from the domain lists: the same folding as the report's text (memoized: the lists are fixed). */
export function normalizeLabel(label: string): string {
  let n = labelCache.get(label);
  if (n === undefined) {
    n = compact(simplifyKeepingLength(fold(label)));
    labelCache.set(label, n);
  }
  return n;
}

/** A line's text with whitespace removed, and for each kept character its column in the line. */
export function compactWithColumns(line: string): { text: string; columns: number[] } {
  const columns: number[] = [];
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) !== 0x20) columns.push(i);
  return { text: columns.length === line.length ? line : line.replace(/ /g, ''), columns };
}
