// 索引号 (index numbers) of catalogue items: generating new ones from an agency's scheme, and
// describing historic ones that are imported. Pure functions, no I/O.
//
// National convention (《政府信息公开目录系统实施指引（试行）》, spec law.md §6.1): 前段码/后段码,
// 前段码 = the publishing unit's 9-character 组织机构代码 with the hyphen dropped, 后段码 = 4-digit
// year + "-" + 5-digit serial; 20 characters, unique, never changed. Agencies also use their
// 18-character 统一社会信用代码 as 前段码, and local schemes exist (§6.2), so the scheme is a
// per-agency setting; the default is the national form with whichever code the agency has.

import { checkCreditCode, checkOrgCode, orgCodeOfCreditCode } from './creditCode.js';
import { chinaDate } from './time.js';

export const DEFAULT_INDEX_SCHEME = '{code}/{year}-{serial:5}';

/** A scheme checked by validateScheme: ok, or a reason in Chinese for the agency admin. */
export type SchemeCheck = { ok: true } | { ok: false; reason: string };

type SchemePart = { type: 'literal'; text: string } | { type: 'code' | 'orgcode' | 'year' | 'month' } | { type: 'serial'; digits: number };

// Serials wider than 10 digits would be a typo, and 10 keeps every serial a safe integer.
const MAX_SERIAL_DIGITS = 10;
const MAX_SCHEME_LENGTH = 100;
const PLACEHOLDERS_HELP = '可用的占位符有 {code} {orgcode} {year} {month} {serial:N}';

function parseScheme(scheme: string): { parts: SchemePart[] } | { reason: string } {
  if (scheme.trim() === '') return { reason: '请填写索引号规则' };
  if (scheme.length > MAX_SCHEME_LENGTH) return { reason: `索引号规则不能超过${MAX_SCHEME_LENGTH}个字符` };
  // An index number is copied into URLs, file names and citations; whitespace in it gets lost.
  if (/[\s\p{Cc}]/u.test(scheme)) return { reason: '索引号规则不能含有空格或控制字符' };
  const parts: SchemePart[] = [];
  const re = /\{([^{}]*)\}|[{}]|[^{}]+/g;
  for (const m of scheme.matchAll(re)) {
    const token = m[0];
    if (token === '{' || token === '}') return { reason: '索引号规则中的花括号“{”“}”没有配对' };
    if (!token.startsWith('{')) {
      parts.push({ type: 'literal', text: token });
      continue;
    }
    const name = m[1]!;
    if (name === 'code' || name === 'orgcode' || name === 'year' || name === 'month') {
      parts.push({ type: name });
      continue;
    }
    const serial = /^serial(?::(\d+))?$/.exec(name);
    if (serial) {
      const digits = Number(serial[1]);
      if (!serial[1] || digits < 1 || digits > MAX_SERIAL_DIGITS) {
        return { reason: `序号应写作 {serial:N}，N 为序号位数（1至${MAX_SERIAL_DIGITS}）` };
      }
      parts.push({ type: 'serial', digits });
      continue;
    }
    return { reason: `索引号规则中有不认识的占位符“${token}”，${PLACEHOLDERS_HELP}` };
  }
  const serials = parts.filter((p) => p.type === 'serial').length;
  if (serials === 0) return { reason: '索引号规则必须包含序号 {serial:N}' };
  if (serials > 1) return { reason: '索引号规则只能包含一个序号 {serial:N}' };
  const has = (type: SchemePart['type']) => parts.some((p) => p.type === type);
  // Serials restart with each month only together with the year, or the next year's numbers
  // would repeat this year's.
  if (has('month') && !has('year')) return { reason: '含有 {month} 的索引号规则必须同时含有 {year}，否则每年的索引号会重复' };
  // Without {year}, what sets this agency's numbers apart has to be a fixed prefix before the
  // serial (literal text or the agency's code); a bare serial would repeat across agencies.
  const serialAt = parts.findIndex((p) => p.type === 'serial');
  const fixedPrefix = parts.slice(0, serialAt).some((p) => p.type === 'literal' || p.type === 'code' || p.type === 'orgcode');
  if (!has('year') && !fixedPrefix) {
    return { reason: '索引号规则须含有 {year}，或在序号前有固定前缀（机关代码或文字）' };
  }
  return { parts };
}

/** Check an agency's index-number scheme. It must contain one {serial:N}, and {year} or a fixed prefix. */
export function validateScheme(scheme: string): SchemeCheck {
  const parsed = parseScheme(scheme);
  return 'reason' in parsed ? { ok: false, reason: parsed.reason } : { ok: true };
}

function schemeParts(scheme: string): SchemePart[] {
  const parsed = parseScheme(scheme);
  if ('reason' in parsed) throw new RangeError(`invalid index-number scheme "${scheme}": ${parsed.reason}`);
  return parsed.parts;
}

export interface IndexNoInput {
  /** The agency's 统一社会信用代码 or 组织机构代码 (hyphen optional); needed for {code} and {orgcode}. */
  code?: string;
  year: number;
  /** 1–12; needed for {month}. */
  month?: number;
  /** 1 and up, the agency's counter within serialScope(). */
  serial: number;
}

/** The agency code as the front part expects it: 18-char USCC or 9-char org code, no hyphen. */
function agencyCode(code: string | undefined): string {
  if (code === undefined || code.trim() === '') throw new RangeError('this index-number scheme needs the agency code');
  const credit = checkCreditCode(code);
  if (credit.ok) return credit.normalized;
  const org = checkOrgCode(code);
  if (org.ok) return org.normalized;
  // A new index must not carry a broken code: it could never be told apart from a typo later.
  throw new RangeError(`the agency code "${code}" is neither a valid 统一社会信用代码 nor 组织机构代码`);
}

/**
 * A new index number from the agency's scheme. Throws RangeError on an invalid scheme, a missing or
 * invalid code, a year outside 1000–9999, a month outside 1–12, or a serial that does not fit its
 * digits (the message, in Chinese, tells the admin to widen {serial:N}).
 */
export function formatIndexNo(scheme: string, input: IndexNoInput): string {
  const parts = schemeParts(scheme);
  const { year, month, serial } = input;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have 4 digits, got ${year}`);
  if (!Number.isInteger(serial) || serial < 1) throw new RangeError(`serial must be a positive integer, got ${serial}`);
  let out = '';
  for (const p of parts) {
    switch (p.type) {
      case 'literal':
        out += p.text;
        break;
      case 'code':
        out += agencyCode(input.code);
        break;
      case 'orgcode': {
        const code = agencyCode(input.code);
        // GB 32100-2015: positions 9–17 of the credit code are the 组织机构代码.
        out += code.length === 18 ? orgCodeOfCreditCode(code) : code;
        break;
      }
      case 'year':
        out += String(year);
        break;
      case 'month':
        if (month === undefined || !Number.isInteger(month) || month < 1 || month > 12) {
          throw new RangeError(`this index-number scheme needs a month 1–12, got ${month}`);
        }
        out += String(month).padStart(2, '0');
        break;
      case 'serial':
        if (serial >= 10 ** p.digits) {
          throw new RangeError(`序号 ${serial} 超出了 {serial:${p.digits}} 的 ${p.digits} 位，请在索引号规则中加大序号位数`);
        }
        out += String(serial).padStart(p.digits, '0');
        break;
    }
  }
  return out;
}

/** Year and month of a calendar date 'YYYY-MM-DD' (or 'YYYY-MM'), or of an instant in China time. */
export function dateParts(date: Date | string): { year: number; month: number } {
  if (typeof date === 'string') {
    const m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(date);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`expected a date YYYY-MM-DD, got "${date}"`);
    return { year: Number(m[1]), month: Number(m[2]) };
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return dateParts(chinaDate(date));
}

/**
 * The key under which an agency's serials count for a scheme and a publication date: 'YYYY-MM'
 * when the scheme has {month}, 'YYYY' when it has {year}, otherwise 'all' (one counter for ever).
 * Keep one counter per agency per key. The key leaves the scheme out on purpose: after a scheme
 * change a counter that carries on can only produce numbers not issued before.
 */
export function serialScope(scheme: string, date: Date | string): string {
  const parts = schemeParts(scheme);
  const { year, month } = dateParts(date);
  if (parts.some((p) => p.type === 'month')) return `${year}-${String(month).padStart(2, '0')}`;
  if (parts.some((p) => p.type === 'year')) return String(year);
  return 'all';
}

export type IndexNoShape = 'national-orgcode' | 'national-uscc' | 'orgcode-hyphen' | 'other';

/** What an imported index number looks like. Only describes: the stored value is kept as it was. */
export interface IndexNoDescription {
  /** The national form (9-char org code or 18-char credit code, '/', 4-digit year, '-', 5 digits) with a valid code. */
  wellFormed: boolean;
  /**
   * national-orgcode: 9-character 组织机构代码 / year-serial (014416330/2018-04736);
   * national-uscc: 18-character 统一社会信用代码 / year-serial (11330727775738086F/2022-56162);
   * orgcode-hyphen: the org code written with its hyphen (01424668-5/2021-00063);
   * other: anything else (01527918X-2020-153077, 0142768-8/2022-00185, local schemes).
   */
  shape: IndexNoShape;
  /** The agency code read from the front part: 18 or 9 characters, no hyphen, as written otherwise. */
  code?: string;
  year?: number;
  /** When the year is followed by a month (202110-00013). */
  month?: number;
  serial?: number;
  /** What differs from the national form, in Chinese; empty when wellFormed. */
  problems: string[];
}

/** Read the back part "YYYY-NNNNN" (or a known variant) into `d`. */
function describeBack(back: string, d: IndexNoDescription): void {
  const m = /^(\d{4})(\d{2})?-(.*)$/.exec(back);
  if (!m) {
    d.problems.push(`后段码“${back}”不是“年份-序号”的形式`);
    return;
  }
  d.year = Number(m[1]);
  if (d.year < 1900 || d.year > 2100) d.problems.push(`年份“${m[1]}”不合理`);
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) d.month = month;
    d.problems.push(`年份后多了月份“${m[2]}”，国家规范为4位年份`);
  }
  const serial = m[3]!;
  if (!/^\d+$/.test(serial)) {
    d.problems.push(`序号“${serial}”不是数字`);
    return;
  }
  d.serial = Number(serial);
  if (serial.length !== 5) d.problems.push(`序号应为5位，现为${serial.length}位`);
}

/**
 * Classify an imported (historic) index number and list how it departs from the national form.
 * Never "fixes" it — 索引号 never change once issued, and malformed ones must be kept as they are.
 */
export function describeIndexNo(indexNo: string): IndexNoDescription {
  const d: IndexNoDescription = { wellFormed: false, shape: 'other', problems: [] };
  const s = indexNo.trim();
  if (s !== indexNo) d.problems.push('索引号前后有空白');
  if (s === '') {
    d.problems.push('索引号为空');
    return d;
  }

  const slash = s.indexOf('/');
  if (slash < 0) {
    // The all-hyphen form seen at 怒江州民政局: 01527918X-2020-153077.
    const m = /^([0-9A-Za-z]{9}|[0-9A-Za-z]{18})-(\d{4}(?:\d{2})?-.*)$/.exec(s);
    if (!m) {
      d.problems.push('没有前段码与后段码之间的“/”');
      return d;
    }
    d.problems.push('前段码与后段码之间用了“-”，国家规范为“/”');
    describeFront(m[1]!, d, false);
    describeBack(m[2]!, d);
    return d;
  }

  const front = s.slice(0, slash);
  const back = s.slice(slash + 1);
  describeFront(front, d, true);
  describeBack(back, d);
  d.wellFormed = d.shape !== 'other' && d.problems.length === 0;
  return d;
}

/** Read the front part into `d`; `national` is false when the separator already rules the national shapes out. */
function describeFront(front: string, d: IndexNoDescription, national: boolean): void {
  if (/^[0-9A-Za-z]{18}$/.test(front)) {
    if (national) d.shape = 'national-uscc';
    d.code = front;
    const check = checkCreditCode(front);
    if (!check.ok) d.problems.push(`前段码不是有效的统一社会信用代码：${check.reason}`);
    else if (check.normalized !== front) d.problems.push('前段码含有小写字母');
    return;
  }
  if (/^[0-9A-Za-z]{8}-[0-9A-Za-z]$/.test(front)) {
    if (national) d.shape = 'orgcode-hyphen';
    d.code = front.replace('-', '');
    d.problems.push('前段码的组织机构代码带有连字符，国家规范为去掉连字符的9位');
    const check = checkOrgCode(front);
    if (!check.ok) d.problems.push(`前段码不是有效的组织机构代码：${check.reason}`);
    return;
  }
  if (/^[0-9A-Za-z]{9}$/.test(front)) {
    if (national) d.shape = 'national-orgcode';
    d.code = front;
    const check = checkOrgCode(front);
    if (!check.ok) d.problems.push(`前段码不是有效的组织机构代码：${check.reason}`);
    else if (check.normalized !== front) d.problems.push('前段码含有小写字母');
    return;
  }
  d.problems.push(`前段码“${front}”既不是9位组织机构代码，也不是18位统一社会信用代码`);
}
