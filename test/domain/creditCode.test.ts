import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkCreditCode,
  checkOrgCode,
  creditCodeCheckChar,
  formatOrgCode,
  orgCodeCheckChar,
  orgCodeOfCreditCode,
} from '../../src/domain/creditCode.js';

// Vectors from spec law.md §6.4 (and the index numbers of §6.2 they were taken from).

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const validCreditCodes = [
  { code: '11330727775738086F', where: 'a county emergency bureau in Zhejiang' },
  { code: '11370300MB2856822A', where: 'a Shandong agency whose embedded org code has letters' },
  { code: '11341702486344515H', where: 'the Ningguo commerce bureau' },
  { code: '113708280043326001', where: 'a town in Jinxiang county, check character 1' },
];

for (const { code, where } of validCreditCodes) {
  test(`the credit code of ${where} (${code}) is accepted unchanged`, () => {
    assert.deepEqual(checkCreditCode(code), { ok: true, normalized: code });
  });
  test(`the check character of ${code} is computed from its first 17 characters`, () => {
    assert.equal(creditCodeCheckChar(code.slice(0, 17)), code[17]);
  });
  test(`the org code embedded in ${code} passes the org-code check`, () => {
    const embedded = orgCodeOfCreditCode(code);
    assert.equal(embedded, code.slice(8, 17));
    assert.deepEqual(checkOrgCode(embedded), { ok: true, normalized: embedded });
  });
}

const wrongCheckCreditCodes = [
  { code: '91350100M000100Y4Z', expected: '3', where: 'the published worked example' },
  { code: '91310115MA1H8R7C6D', expected: '7', where: 'a blog example' },
];

for (const { code, expected, where } of wrongCheckCreditCodes) {
  test(`${where} (${code}) is rejected and the reason names the right check character "${expected}"`, () => {
    assert.equal(creditCodeCheckChar(code.slice(0, 17)), expected);
    assert.deepEqual(checkCreditCode(code), {
      ok: false,
      reason: `统一社会信用代码校验位错误，应为“${expected}”`,
    });
  });
}

test('a credit code typed in lowercase with spaces around it is accepted and uppercased', () => {
  assert.deepEqual(checkCreditCode('  11370300mb2856822a\t'), {
    ok: true,
    normalized: '11370300MB2856822A',
  });
});

const wrongLengthCreditCodes = [
  { input: '11330727775738086', length: 17, what: 'one character short' },
  { input: '11330727775738086F0', length: 19, what: 'one character too many' },
  { input: '014416330', length: 9, what: 'an old org code given instead' },
];

for (const { input, length, what } of wrongLengthCreditCodes) {
  test(`a credit code that is ${what} is rejected for its length`, () => {
    assert.deepEqual(checkCreditCode(input), {
      ok: false,
      reason: `统一社会信用代码应为18位，现为${length}位`,
    });
  });
}

// Each forbidden letter put in place of the last body character of a valid code, so only the
// character is wrong; lowercase too, since input is uppercased before it is judged.
for (const letter of ['I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z']) {
  test(`a credit code containing the letter "${letter}" is rejected naming that letter`, () => {
    const input = `1133072777573808${letter}F`;
    assert.deepEqual(checkCreditCode(input), {
      ok: false,
      reason: `统一社会信用代码含有不允许的字符“${letter.toUpperCase()}”`,
    });
  });
}

test('a credit code with a hyphen or a full-width digit is rejected naming that character', () => {
  assert.deepEqual(checkCreditCode('113307277757-8086F'), {
    ok: false,
    reason: '统一社会信用代码含有不允许的字符“-”',
  });
  assert.deepEqual(checkCreditCode('１1330727775738086F'), {
    ok: false,
    reason: '统一社会信用代码含有不允许的字符“１”',
  });
});

test('a credit code with an emoji counts it as one character and names it whole', () => {
  assert.deepEqual(checkCreditCode('1133072777573808😀F'), {
    ok: false,
    reason: '统一社会信用代码含有不允许的字符“😀”',
  });
});

test('an empty or blank credit code gets a reason asking for one', () => {
  for (const input of ['', '   ']) {
    const result = checkCreditCode(input);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason.length > 0);
  }
});

test('computing a credit-code check character refuses the wrong length and foreign characters', () => {
  assert.throws(() => creditCodeCheckChar('1133072777573808'), RangeError);
  assert.throws(() => creditCodeCheckChar('11330727775738086F'), RangeError);
  assert.throws(() => creditCodeCheckChar('1133072777573808I'), RangeError);
  assert.throws(() => creditCodeCheckChar('11370300mb2856822'), RangeError);
});

const validOrgCodes = [
  { code: '01441633-0', where: 'the Taizhou city government office' },
  { code: '01392653-1', where: 'seed 004' },
  { code: '01424668-5', where: 'the Jiangsu provincial government office' },
  { code: '01527918-X', where: 'the Nujiang civil affairs bureau, check character X' },
  { code: '00001434-9', where: 'a gov.cn policy page' },
  { code: '00001333-8', where: 'the housing ministry' },
  { code: '77573808-6', where: 'the Zhejiang credit code' },
  { code: '48634451-5', where: 'the Ningguo credit code' },
  { code: 'MB285682-2', where: 'the Shandong credit code, letters valued A=10…Z=35' },
];

for (const { code, where } of validOrgCodes) {
  const bare = code.replace('-', '');
  test(`the org code of ${where} (${code}) is accepted with the hyphen dropped`, () => {
    assert.deepEqual(checkOrgCode(code), { ok: true, normalized: bare });
  });
  test(`the check character of ${code} is computed from its 8 body characters`, () => {
    assert.equal(orgCodeCheckChar(bare.slice(0, 8)), bare[8]);
  });
  test(`the org code ${code} is formatted back with its hyphen`, () => {
    assert.equal(formatOrgCode(bare), code);
  });
}

test('an org code written without the hyphen (014416330) is accepted', () => {
  assert.deepEqual(checkOrgCode('014416330'), { ok: true, normalized: '014416330' });
});

test('an org code typed in lowercase with spaces around it is accepted and uppercased', () => {
  assert.deepEqual(checkOrgCode(' mb285682-2 '), { ok: true, normalized: 'MB2856822' });
  assert.deepEqual(checkOrgCode('01527918x'), { ok: true, normalized: '01527918X' });
});

test('the nine-character index front 035210000 fails the org-code check', () => {
  const expected = orgCodeCheckChar('03521000');
  assert.notEqual(expected, '0');
  assert.deepEqual(checkOrgCode('035210000'), {
    ok: false,
    reason: `组织机构代码校验位错误，应为“${expected}”`,
  });
});

test('a wrong org-code check character X is rejected naming the right one', () => {
  assert.deepEqual(checkOrgCode('01441633-X'), {
    ok: false,
    reason: '组织机构代码校验位错误，应为“0”',
  });
  assert.deepEqual(checkOrgCode('01527918-0'), {
    ok: false,
    reason: '组织机构代码校验位错误，应为“X”',
  });
});

test('the malformed historic index front 0142768-8 (seven characters before the hyphen) is rejected', () => {
  const result = checkOrgCode('0142768-8');
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.reason.includes('XXXXXXXX-X'));
});

const malformedOrgCodes = [
  { input: '014416330-', what: 'a hyphen at the end' },
  { input: '0144-16330', what: 'a hyphen inside the body' },
  { input: '01441633--0', what: 'two hyphens' },
];

for (const { input, what } of malformedOrgCodes) {
  test(`an org code with ${what} is rejected for its format`, () => {
    assert.deepEqual(checkOrgCode(input), { ok: false, reason: '组织机构代码格式应为“XXXXXXXX-X”' });
  });
}

const wrongLengthOrgCodes = [
  { input: '01441633', length: 8, what: 'missing its check character' },
  { input: '0144163300', length: 10, what: 'one character too many' },
  { input: '11330727775738086F', length: 18, what: 'a whole credit code given instead' },
];

for (const { input, length, what } of wrongLengthOrgCodes) {
  test(`an org code ${what} is rejected for its length`, () => {
    assert.deepEqual(checkOrgCode(input), { ok: false, reason: `组织机构代码应为9位，现为${length}位` });
  });
}

test('an org code with a character that is neither digit nor letter is rejected naming it', () => {
  assert.deepEqual(checkOrgCode('0144 6330'), { ok: false, reason: '组织机构代码含有不允许的字符“ ”' });
  assert.deepEqual(checkOrgCode('0144_6330'), { ok: false, reason: '组织机构代码含有不允许的字符“_”' });
});

test('an org code whose check position holds a letter other than X is rejected', () => {
  const result = checkOrgCode('01441633A');
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.reason.includes('“A”'));
});

test('an empty or blank org code gets a reason asking for one', () => {
  for (const input of ['', '  ']) {
    const result = checkOrgCode(input);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason.length > 0);
  }
});

test('computing an org-code check character refuses the wrong length and foreign characters', () => {
  assert.throws(() => orgCodeCheckChar('0144163'), RangeError);
  assert.throws(() => orgCodeCheckChar('014416330'), RangeError);
  assert.throws(() => orgCodeCheckChar('0144163-'), RangeError);
  assert.throws(() => orgCodeCheckChar('mb285682'), RangeError);
});

test('formatting or extracting from a code of the wrong length throws', () => {
  assert.throws(() => formatOrgCode('01441633'), RangeError);
  assert.throws(() => formatOrgCode('01441633-0'), RangeError);
  assert.throws(() => orgCodeOfCreditCode('11330727775738086'), RangeError);
});

/** Small seeded generator (mulberry32) so a failing case can be reproduced from the seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('for 2,000 random bodies the computed check character makes a valid code, and any single substitution breaks it', () => {
  const random = seededRandom(32100);
  for (let n = 0; n < 2000; n++) {
    let body = '';
    for (let i = 0; i < 17; i++) body += USCC_CHARSET[Math.floor(random() * USCC_CHARSET.length)]!;
    const code = body + creditCodeCheckChar(body);
    assert.deepEqual(checkCreditCode(code), { ok: true, normalized: code }, `case ${n}: ${code}`);

    for (let pos = 0; pos < 18; pos++) {
      for (const symbol of USCC_CHARSET) {
        if (symbol === code[pos]) continue;
        const changed = code.slice(0, pos) + symbol + code.slice(pos + 1);
        if (checkCreditCode(changed).ok) {
          assert.fail(`case ${n}: ${code} with position ${pos + 1} changed to ${symbol} still passes`);
        }
      }
    }
  }
});
