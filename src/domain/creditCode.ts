// Check characters of the two identifiers an agency carries: the 18-character 统一社会信用代码
// (GB 32100-2015) and the older 9-character 组织机构代码 (GB 11714-1997), which the USCC embeds
// and which 索引号 front parts still use. Pure functions, no I/O.

/** Result of checking a code: normalized form, or a reason in Chinese (zh-CN) suitable to show a user. */
export type CodeCheck = { ok: true; normalized: string } | { ok: false; reason: string };

// GB 32100-2015: 31 symbols, a symbol's value is its position here. I, O, S, V, Z are left out so
// that a code read aloud or hand-copied cannot confuse them with 1, 0, 5, U, 2; 31 is prime, which
// is what lets the modulus-31 check catch every single-character substitution.
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// GB 32100-2015 weights for positions 1–17 are 3^(i−1) mod 31. Written out rather than computed so
// they can be compared against the standard's table at a glance.
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// GB 11714-1997 weights for the 8 body characters (modulus 11).
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Value of a GB 11714-1997 body character, or -1. Letters use the full alphabet A=10…Z=35 — not the
 *  USCC charset — otherwise embedded codes such as MB285682-2 would fail. */
function orgCharValue(ch: string): number {
  if (ch.length !== 1) return -1;
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48; // 0–9
  if (c >= 65 && c <= 90) return c - 55; // A–Z → 10–35
  return -1;
}

/** First character of `s` (by code point, so a stray emoji is named whole) that `isAllowed` rejects. */
function firstBadChar(s: string, isAllowed: (ch: string) => boolean): string | undefined {
  for (const ch of s) if (!isAllowed(ch)) return ch;
  return undefined;
}

/** GB 32100-2015 check character for the first 17 characters (throws RangeError on invalid chars/length). */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`GB 32100-2015 check needs 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`character "${first17[i]}" is not in the GB 32100-2015 charset`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  // GB 32100-2015: C18 = 31 − (Σ mod 31), where 31 stands for 0 — the "% 31" folds that case.
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Validate an 18-character 统一社会信用代码: trims, uppercases, rejects wrong length, characters outside
 *  0123456789ABCDEFGHJKLMNPQRTUWXY, and a wrong check character (the reason names the expected check char). */
export function checkCreditCode(input: string): CodeCheck {
  const code = input.trim().toUpperCase();
  if (code === '') return { ok: false, reason: '请填写统一社会信用代码' };
  // Length before characters: a user who typed 17 or 19 characters is better helped by the count
  // than by a complaint about one character.
  // Counted by code point so a stray emoji or other astral character counts as one.
  const chars = [...code];
  if (chars.length !== 18) {
    return { ok: false, reason: `统一社会信用代码应为18位，现为${chars.length}位` };
  }
  // Only the 17 body characters are judged against the charset: once they are sound the right
  // check character is known, and naming it helps more than calling a final Z forbidden (the
  // published worked example, 91350100M000100Y4Z, ends in Z where 3 belongs).
  const body = chars.slice(0, 17).join('');
  const bad = firstBadChar(body, (ch) => USCC_CHARSET.includes(ch));
  if (bad !== undefined) return { ok: false, reason: `统一社会信用代码含有不允许的字符“${bad}”` };
  const expected = creditCodeCheckChar(body);
  if (chars[17] !== expected) {
    return { ok: false, reason: `统一社会信用代码校验位错误，应为“${expected}”` };
  }
  return { ok: true, normalized: code };
}

/** GB 11714-1997 check character for the 8 body characters (digits or A–Z; A=10…Z=35). 10 → 'X', 11 → '0'. */
export function orgCodeCheckChar(body8: string): string {
  if (body8.length !== 8) {
    throw new RangeError(`GB 11714-1997 check needs 8 characters, got ${body8.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgCharValue(body8[i]!);
    if (v < 0) throw new RangeError(`character "${body8[i]}" is not allowed in a GB 11714-1997 body`);
    sum += v * ORG_WEIGHTS[i]!;
  }
  // GB 11714-1997: C9 = 11 − (Σ mod 11); a result of 10 has no digit, so the standard writes X,
  // and 11 (remainder 0) is written 0.
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

/** Validate a 9-character 组织机构代码, written with or without the hyphen (XXXXXXXX-X). normalized = 9 chars, no hyphen, uppercase. */
export function checkOrgCode(input: string): CodeCheck {
  let code = input.trim().toUpperCase();
  if (code === '') return { ok: false, reason: '请填写组织机构代码' };
  if (code.includes('-')) {
    // GB 11714-1997 prints the hyphen only between body and check character; one anywhere else
    // (historic indexes such as 0142768-8) means digits were lost or added, so don't guess.
    if (code.length !== 10 || code.indexOf('-') !== 8 || code.lastIndexOf('-') !== 8) {
      return { ok: false, reason: '组织机构代码格式应为“XXXXXXXX-X”' };
    }
    code = code.slice(0, 8) + code.slice(9);
  }
  const chars = [...code];
  if (chars.length !== 9) {
    return { ok: false, reason: `组织机构代码应为9位，现为${chars.length}位` };
  }
  const body = chars.slice(0, 8).join('');
  const badBody = firstBadChar(body, (ch) => orgCharValue(ch) >= 0);
  if (badBody !== undefined) return { ok: false, reason: `组织机构代码含有不允许的字符“${badBody}”` };
  const check = chars[8]!;
  // GB 11714-1997: the check position can only ever hold a digit or X.
  if (!/^[0-9X]$/.test(check)) {
    return { ok: false, reason: `组织机构代码校验位只能是数字或“X”，现为“${check}”` };
  }
  const expected = orgCodeCheckChar(body);
  if (check !== expected) return { ok: false, reason: `组织机构代码校验位错误，应为“${expected}”` };
  return { ok: true, normalized: code };
}

/** Format a normalized org code for display: 'XXXXXXXX-X'. */
export function formatOrgCode(code9: string): string {
  if (code9.length !== 9) throw new RangeError(`an org code has 9 characters, got ${code9.length}`);
  return `${code9.slice(0, 8)}-${code9[8]}`;
}

/** The 9-character 组织机构代码 embedded in a USCC (positions 9–17). */
export function orgCodeOfCreditCode(uscc: string): string {
  if (uscc.length !== 18) throw new RangeError(`a USCC has 18 characters, got ${uscc.length}`);
  // GB 32100-2015: positions 9–17 are the 主体标识码, which is the GB 11714 code carried over.
  return uscc.slice(8, 17);
}
