// Automatic scan run before confidentiality review (保密审查) of a text that is to be published:
// it points the reviewer at what must not leak — personal identifiers (条例 第十五条: 个人隐私 of a
// third party), marks of classified material (条例 第十四条: 国家秘密; 保密法) and marks of internal
// material (第十六条 internal affairs, which the agency may withhold and must not publish by
// accident). It finds candidates for a person to judge; it never decides. Pure functions, no I/O.

import { creditCodeCheckChar } from './creditCode.js';

export type HitKind = 'idCard' | 'mobile' | 'bankCard' | 'classification' | 'phrase';

/** One finding. start/end are offsets into the scanned text (UTF-16, as String.slice takes them);
 *  line and column count from 1, column in characters (code points). */
export interface Hit {
  kind: HitKind;
  match: string;
  start: number;
  end: number;
  line: number;
  column: number;
  /** About 20 characters either side; before + match + after is a slice of the text. */
  context: { before: string; match: string; after: string };
  /** For the reviewer, in Chinese. */
  message: string;
}

/** Words that mark a text as not meant for the public. Matched in simplified or traditional form,
 *  with spaces allowed between the characters (as in a spaced-out heading "内 部 资 料"). */
export const RESTRICTED_PHRASES = [
  '内部资料',
  '内部文件',
  '不得外传',
  '注意保密',
  '仅限内部',
  '严禁外传',
  '内部传阅',
  '供内部参考',
] as const;

// Traditional forms of the characters in the marks searched for. A fixed table rather than OpenCC:
// the marks are few and known, and the scan then costs no dictionary load.
const TRADITIONAL: Record<string, string> = {
  内: '內',
  资: '資',
  传: '傳',
  仅: '僅',
  严: '嚴',
  阅: '閱',
  参: '參',
  机: '機',
  绝: '絕',
  秘: '祕',
  级: '級',
};

/** A pattern matching `word` in simplified or traditional characters, spaces allowed between them. */
function wordPattern(word: string): string {
  return Array.from(word, (ch) => (TRADITIONAL[ch] ? `[${ch}${TRADITIONAL[ch]}]` : ch)).join('[ \\t]*');
}

// ---------------------------------------------------------------------------------------------
// Identifiers

// GB 11643-1999 公民身份号码: weights 2^(17−i) mod 11 for positions 1–17, check = table[Σ mod 11].
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

// GB/T 2260 province-level codes (first two digits of an ID number); 71 台湾, 81 香港, 82 澳门,
// and 83 for the residence permits of Taiwan residents. A first digit 9 is let through for the
// 2023 外国人永久居留身份证, which is said to keep the 18-digit layout and check (UNCONFIRMED here).
const PROVINCE_CODES = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65';
const PROVINCES = new Set([...PROVINCE_CODES.split(' '), '71', '81', '82', '83']);

/** GB 11643-1999 check character ('0'–'9' or 'X') for the first 17 digits of an ID number. */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('GB 11643-1999 check needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** An 18-character 公民身份号码 with a plausible region, a real birth date (1900–2099) and a right check character. */
export function isIdCardNumber(s: string): boolean {
  return idCardDefect(s) === null;
}

/** What is wrong with an ID number, without building a message: the scanner tests many candidates. */
function idCardDefect(s: string): 'format' | 'region' | 'birth' | 'check' | null {
  if (!/^\d{17}[\dXx]$/.test(s)) return 'format';
  if (!(PROVINCES.has(s.slice(0, 2)) || s[0] === '9')) return 'region';
  const year = Number(s.slice(6, 10));
  if (year < 1900 || year > 2099 || !isValidDate(year, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return 'birth';
  return idCardCheckChar(s.slice(0, 17)) === s[17]!.toUpperCase() ? null : 'check';
}

/** Why `s` is not such a number, in Chinese for the person who typed it, or null when it is one. */
export function idCardProblem(s: string): string | null {
  switch (idCardDefect(s)) {
    case null:
      return null;
    case 'format':
      return `居民身份证号码应为18位（前17位为数字，最后一位为数字或X），现为${[...s].length}位`;
    case 'region':
      return `居民身份证号码的前两位“${s.slice(0, 2)}”不是有效的省级行政区划代码`;
    case 'birth':
      return `居民身份证号码中的出生日期“${s.slice(6, 14)}”不是有效日期`;
    case 'check':
      return `居民身份证号码校验位错误，应为“${idCardCheckChar(s.slice(0, 17))}”`;
  }
}

/** Luhn (ISO/IEC 7812-1 Annex B) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// A payment card's first digit (ISO/IEC 7812-1 major industry identifier): 2 and 5 Mastercard,
// 3 Amex/JCB/Diners, 4 Visa, 6 UnionPay (62…), 9 national schemes (older Chinese debit cards,
// 9558…). Leaving out 0, 1, 7 and 8 keeps ID-like numbers and all-digit credit codes of organs
// (11…) out of the bank-card hits.
const CARD_FIRST_DIGIT = /^[234569]/;

function isBankCardNumber(digits: string): boolean {
  if (digits.length < 16 || digits.length > 19 || !CARD_FIRST_DIGIT.test(digits)) return false;
  if (!luhnValid(digits)) return false;
  // An 18-digit string that is a valid ID number or 统一社会信用代码 is reported as that, or not at all.
  if (digits.length === 18) {
    if (isIdCardNumber(digits)) return false;
    if (creditCodeCheckChar(digits.slice(0, 17)) === digits[17]) return false;
  }
  return true;
}

// Runs of digits are matched on a normalized copy (full-width digits made ASCII). "Not inside a
// longer digit run": no digit directly before or after, nor one across a single separator.
const ID_RE = /(?<!\d)\d{17}[\dXx](?!\d)/g;
// Printed in its three parts — region, birth date, sequence and check — with one kind of
// separator: 110105 19491231 002X, 110105-19491231-002X. Numbers may stand next to it (a table
// row's other cells): with the check digit and the date tested, a miss costs more than a false hit.
const ID_GROUPED_RE = /(?<!\d)\d{6}([ -])\d{8}\1\d{3}[\dXx](?!\d)/g;
// 1[3-9]: the mobile number blocks (工业和信息化部 numbering plan); +86 / 0086 / 86 country code.
const MOBILE_RE = /(?<!\d)(?<!\d-)(?:\(?(?:\+|00)?86\)?[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)(?!-\d)/g;
const CARD_RUN_RE = /(?<!\d)\d{16,19}(?!\d)/g;
// Printed in groups of four with one kind of separator, the last group possibly shorter.
const CARD_GROUPED_RE = /(?<!\d)(?<!\d[ -])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?!\d)/g;

// ---------------------------------------------------------------------------------------------
// Classification marks (密级). GB/T 9704-2012 党政机关公文格式 7.2.2: the level 绝密/机密/秘密 and
// the period joined by ★, e.g. "秘密★1年", "机密★10年"; exam papers print "绝密★启用前".

const LEVEL = `(?:${wordPattern('绝密')}|${wordPattern('机密')}|${wordPattern('秘密')})`;
const PERIOD = '(?:\\d+[ \\t]*(?:年|个月|個月|月|天|日)|[长長]期|永久|[启啟]用前|解密前|公布前)';
const STAR = '[ \\t]*★[ \\t]*';
// Each alternative needs something no ordinary sentence has — a ★, the label 密级, brackets
// around the level alone, or the level alone on its line — so that 商业秘密, 秘密投票, 机密性,
// 保守国家秘密 in running text are not hits.
const CLASSIFICATION_RE = new RegExp(
  [
    `${wordPattern('密级')}[ \\t]*:?[ \\t]*${LEVEL}(?:${STAR}${PERIOD}?)?`,
    `${LEVEL}${STAR}${PERIOD}?`,
    // ★ before the level; not when a word goes on, as in a bullet "★秘密投票".
    `★[ \\t]*${LEVEL}(?!\\p{Script=Han})`,
    // The level alone in brackets: 【机密】, [秘密], （秘密） (full-width parentheses are ASCII by
    // then, see matchable), 〔绝密〕.
    `[【\\[(〔][ \\t]*${LEVEL}[ \\t]*[】\\])〕]`,
    `^[ \\t]*${LEVEL}[ \\t]*$`,
  ].join('|'),
  'gmu',
);
const LEVEL_NAME_RE = /([绝絕机機秘祕])[ \t]*密/;
const LEVEL_NAMES: Record<string, string> = {
  绝: '绝密',
  絕: '绝密',
  机: '机密',
  機: '机密',
  秘: '秘密',
  祕: '秘密',
};

const PHRASE_RES = RESTRICTED_PHRASES.map((phrase) => ({ phrase, re: new RegExp(wordPattern(phrase), 'g') }));

// ---------------------------------------------------------------------------------------------

// NFKC of one UTF-16 unit, kept only where the result is one unit too: full-width digits, letters,
// colon and brackets, the ideographic space, circled digits. Characters NFKC would lengthen (…,
// ㈱, ⑴) stay as they are — none can be part of a number or a mark — and so every offset in the
// copy is the same offset in the original.
const nfkcUnitCache = new Map<string, string>();
function nfkcUnit(ch: string): string {
  let n = nfkcUnitCache.get(ch);
  if (n === undefined) {
    const k = ch.normalize('NFKC');
    n = k.length === 1 ? k : ch;
    nfkcUnitCache.set(ch, n);
  }
  return n;
}

/** The text with full-width forms made ASCII, the same length as the text. */
function matchable(text: string): string {
  // Skipped: ASCII and C1 controls and CJK ideographs, which have no compatibility mapping, and
  // surrogate halves (astral characters are left alone).
  return text.replace(/[\u00A0-\u33FF\uA000-\uD7FF\uE000-\uFFFF]/g, nfkcUnit);
}

interface Candidate {
  kind: HitKind;
  start: number;
  end: number;
  message: string;
}

// Where two candidates overlap, the more specific one is kept: an 18-digit ID number over a bank
// card over a mobile number; within one kind, the longer.
const PRIORITY: Record<HitKind, number> = { idCard: 0, bankCard: 1, mobile: 2, classification: 3, phrase: 4 };
const GROUP: Record<HitKind, string> = {
  idCard: 'digits',
  bankCard: 'digits',
  mobile: 'digits',
  classification: 'classification',
  phrase: 'phrase',
};

function codePointsBack(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count && i > 0; n++) {
    i--;
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = text.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) i--;
    }
  }
  return i;
}

function codePointsForward(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

const CONTEXT_CHARS = 20;

/**
 * Find what must not be published unreviewed: ID numbers with a valid check character, mobile
 * numbers, bank card numbers passing Luhn, classification marks and restricting phrases. Sorted
 * by position.
 */
export function scanSensitive(text: string): Hit[] {
  const m = matchable(text);
  const candidates: Candidate[] = [];
  const add = (kind: HitKind, start: number, end: number, message: string) => {
    candidates.push({ kind, start, end, message });
  };

  for (const x of m.matchAll(ID_RE)) {
    if (isIdCardNumber(x[0])) add('idCard', x.index, x.index + x[0].length, '疑似身份证号（校验位正确）');
  }
  for (const x of m.matchAll(ID_GROUPED_RE)) {
    if (isIdCardNumber(x[0].split(x[1]!).join(''))) add('idCard', x.index, x.index + x[0].length, '疑似身份证号（校验位正确）');
  }
  for (const x of m.matchAll(MOBILE_RE)) {
    add('mobile', x.index, x.index + x[0].length, '疑似手机号码');
  }
  for (const x of m.matchAll(CARD_RUN_RE)) {
    if (isBankCardNumber(x[0])) add('bankCard', x.index, x.index + x[0].length, '疑似银行卡号（通过Luhn校验）');
  }
  for (const x of m.matchAll(CARD_GROUPED_RE)) {
    const sep = x[1]!;
    const groups = x[0].split(sep);
    // A short last group may be the next number in the sentence ("… 7897 20元"): try without it.
    const tries = groups.length === 5 ? [groups, groups.slice(0, 4)] : [groups];
    for (const g of tries) {
      if (!isBankCardNumber(g.join(''))) continue;
      const length = g.join(sep).length;
      add('bankCard', x.index, x.index + length, '疑似银行卡号（通过Luhn校验）');
      break;
    }
  }
  for (const x of m.matchAll(CLASSIFICATION_RE)) {
    // The line-alone form may include the line's surrounding spaces; report the mark itself.
    const lead = x[0].length - x[0].trimStart().length;
    const body = x[0].trim();
    const level = LEVEL_NAMES[LEVEL_NAME_RE.exec(body)?.[1] ?? ''] ?? '';
    add('classification', x.index + lead, x.index + lead + body.length, `疑似密级标志（${level}）`);
  }
  for (const { phrase, re } of PHRASE_RES) {
    for (const x of m.matchAll(re)) {
      add('phrase', x.index, x.index + x[0].length, `含有限制传播字样“${phrase}”`);
    }
  }

  candidates.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // The kept candidates of a group never overlap, so sorted by start they are sorted by end too:
  // a candidate clashes only if the last kept one starting before its end reaches past its start.
  // A binary search keeps a long text with thousands of hits linear-logarithmic, not quadratic.
  const keptByGroup = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const group = keptByGroup.get(GROUP[c.kind]) ?? [];
    keptByGroup.set(GROUP[c.kind], group);
    let lo = 0;
    let hi = group.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (group[mid]!.start < c.end) lo = mid + 1;
      else hi = mid;
    }
    const before = group[lo - 1];
    if (before && before.end > c.start) continue;
    group.splice(lo, 0, c);
  }
  const kept = [...keptByGroup.values()].flat().sort((a, b) => a.start - b.start || a.end - b.end);

  // Line starts, for 1-based line and column.
  const lineStarts = [0];
  for (const x of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push(x.index + x[0].length);
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return kept.map((c) => {
    const line = lineOf(c.start);
    const match = text.slice(c.start, c.end);
    return {
      kind: c.kind,
      match,
      start: c.start,
      end: c.end,
      line: line + 1,
      column: Array.from(text.slice(lineStarts[line]!, c.start)).length + 1,
      context: {
        before: text.slice(codePointsBack(text, c.start, CONTEXT_CHARS), c.start),
        match,
        after: text.slice(c.end, codePointsForward(text, c.end, CONTEXT_CHARS)),
      },
      message: c.message,
    };
  });
}
