// How a report writes a number: 339, 1,075,703, 7730.28, "500余条", "约50", "----", 两.

export type Parsed =
  | { kind: 'exact'; value: number }
  | { kind: 'atLeast'; value: number }
  | { kind: 'blank'; mark?: string }
  /** "约50", "近百", "50左右": neither the number nor a bound. */
  | { kind: 'approximate' }
  | null;

/** What a figure can be: a number, a lower bound, or a blank. */
export type CellValue = Extract<Parsed, { kind: 'exact' | 'atLeast' | 'blank' }>;

export function isValue(p: Parsed): p is CellValue {
  return p !== null && p.kind !== 'approximate';
}

/** An unsigned number as printed: digits with optional thousands separators and decimals. */
export const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const UNITS = ['人次', '万元', '条', '件', '次', '人', '元', '个', '项', '场', '期', '起', '篇', '份'];
const UNIT_RE = new RegExp(`(?:${UNITS.join('|')})$`);
const EXACT = new RegExp(`^[+-]?(?:${NUMBER})$`);
const AT_LEAST_AFTER = new RegExp(`^(${NUMBER})\\s*(?:余|多)$`);
const AT_LEAST_BEFORE = new RegExp(`^(?:超过|逾|大于)\\s*(${NUMBER})$`);
const APPROX = new RegExp(`^(?:约|近|大约|将近|接近)\\s*(?:${NUMBER})$|^(?:${NUMBER})\\s*(?:左右|上下)$`);
const DASHES = /^(?:-+|\/|\\|×)$/;

export const toNumber = (s: string) => Number(s.replace(/,/g, ''));

/** A table cell as a figure: its number, a lower bound, a blank, or null when it is not a number at all. */
export function parseCell(text: string, opts: { signed?: boolean } = {}): Parsed {
  const t = text.replace(/\s+/g, '');
  if (t === '') return { kind: 'blank' };
  if (DASHES.test(t)) return { kind: 'blank', mark: t };
  const bare = t.replace(UNIT_RE, '');
  if (EXACT.test(bare)) {
    if (/^[+-]/.test(bare) && !opts.signed) return null;
    return { kind: 'exact', value: toNumber(bare) };
  }
  const after = AT_LEAST_AFTER.exec(bare) ?? AT_LEAST_BEFORE.exec(bare);
  if (after) return { kind: 'atLeast', value: toNumber(after[1]!) };
  if (APPROX.test(bare)) return { kind: 'approximate' };
  return null;
}

/** True for what can stand in a numeric cell (a number, a bound, a dash), as opposed to a label. */
export function looksNumeric(text: string): boolean {
  const p = parseCell(text, { signed: true });
  return p !== null && !(p.kind === 'blank' && !('mark' in p && p.mark));
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SCALES: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 两 → 2, 十二 → 12, 一百零五 → 105; null unless the whole string is such a numeral (below 10,000). */
export function chineseNumeral(s: string): number | null {
  if (s === '' || !/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in DIGITS) {
      if (digit !== null && digit !== 0) return null; // 二三: not a numeral
      digit = DIGITS[ch]!;
      continue;
    }
    const scale = SCALES[ch]!;
    total += (digit ?? (scale === 10 && total === 0 ? 1 : Number.NaN)) * scale;
    if (Number.isNaN(total)) return null;
    digit = null;
  }
  return total + (digit ?? 0);
}
