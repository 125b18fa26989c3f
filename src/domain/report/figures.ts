// Which figures of a report the platform computes and which staff enter, how an entered figure is
// read, and how figures add up over a tree of agencies. Pure functions.

import { type FigureDef, nationalFigureDefs, type ReportFormat, t2Key, table2Sections } from './formats.js';
import { legacyFigureDefs, legacyKey } from './legacy.js';

/** Every cell of a format, in printed order. */
export function figureDefsFor(format: ReportFormat): FigureDef[] {
  if (format === 'legacy') return [...legacyFigureDefs];
  return nationalFigureDefs.filter((f) => f.formats.includes(format));
}

const defIndex = new Map<string, FigureDef>([...nationalFigureDefs, ...legacyFigureDefs].map((f) => [f.key, f]));

/** The definition of a figure key, or undefined for a key no format has. */
export function figureDef(key: string): FigureDef | undefined {
  return defIndex.get(key);
}

/**
 * Table 二 rows the catalog gives: 规章 and 行政规范性文件 (第二十条第（一）项) are catalog items with
 * their 有效性. Everything else in table 二 — decisions on 行政许可, 行政处罚, 行政强制 (第五、六项),
 * 行政事业性收费 (第八项), 2019's project counts and 政府集中采购 (第九项) — lives in other systems and
 * is entered by staff with its source.
 */
const catalogRows = new Set(['rule', 'normativeDoc']);

/**
 * Legacy codes the platform's records cannot give (spec §3.1): 13 (服务类信息 is not a catalog
 * notion), 42–43 (行政申诉), 44–51 (the 2007 条例's cost fees), 52–57 (staff and budget).
 */
const legacyEnteredCodes = new Set(['13', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57']);

/** Keys of a format that only staff can fill in. */
export function enteredKeys(format: ReportFormat): string[] {
  if (format === 'legacy') return [...legacyEnteredCodes].map(legacyKey);
  const out: string[] = [];
  for (const s of table2Sections(format))
    for (const r of s.rows) if (!catalogRows.has(r.key)) for (const c of s.columns) out.push(t2Key(r.key, c.key));
  return out;
}

/** Keys of a format the platform computes from its records. */
export function computedKeys(format: ReportFormat): string[] {
  const entered = new Set(enteredKeys(format));
  return figureDefsFor(format)
    .map((f) => f.key)
    .filter((k) => !entered.has(k));
}

/** Largest figure accepted: more than any agency's count, small enough to stay exact in a double. */
export const MAX_FIGURE = 1e12;
const MAX_DECIMALS = 4;

export type FigureParse = { ok: true; value: number | null } | { ok: false; reason: string };

/**
 * Reads a figure as staff type it: full-width digits and thousands separators are accepted
 * (１２３４, 1,234); an empty field means "not entered". Negative values only where the format
 * allows them (2019's 本年增/减), decimals only for amounts (万元, 元).
 */
export function parseFigure(def: FigureDef, raw: unknown): FigureParse {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string') return { ok: false, reason: '应为数字' };
  const s = raw
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－−]/g, '-')
    .replace(/．/g, '.')
    .replace(/[,，](?=\d{3}(\D|$))/g, '');
  if (s === '') return { ok: true, value: null };
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, reason: `“${raw.trim().slice(0, 20)}”不是数字` };
  if (m[1] && !def.signed) return { ok: false, reason: '不能为负数' };
  if (m[3] !== undefined && !def.decimal) return { ok: false, reason: `应为整数（单位：${def.unit}）` };
  if (m[3] !== undefined && m[3].length > MAX_DECIMALS) return { ok: false, reason: `最多保留${MAX_DECIMALS}位小数` };
  const value = Number(s);
  if (Math.abs(value) > MAX_FIGURE) return { ok: false, reason: '数值过大' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** Rounds away binary noise from sums of decimal amounts. */
export const tidy = (n: number) => Math.round(n * 1e6) / 1e6;

/** Adds figure maps key by key; a key absent from every map stays absent (a blank stays blank). */
export function sumFigures(maps: Iterable<ReadonlyMap<string, number>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of maps) for (const [k, v] of m) out.set(k, tidy((out.get(k) ?? 0) + v));
  return out;
}
