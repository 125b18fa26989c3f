import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_INDEX_SCHEME,
  dateParts,
  describeIndexNo,
  formatIndexNo,
  type IndexNoDescription,
  serialScope,
  validateScheme,
} from '../../src/domain/indexNo.js';

describe('validateScheme', () => {
  const valid = [
    { scheme: DEFAULT_INDEX_SCHEME, what: 'the default national form' },
    { scheme: '{orgcode}/{year}-{serial:5}', what: 'the national form with the 9-character org code' },
    { scheme: '{code}/{year}{month}-{serial:5}', what: 'year and month before the serial (宁国市商务局)' },
    { scheme: '{year}-{serial:5}', what: 'a year without a code' },
    { scheme: 'NB-01-{serial:6}', what: 'a fixed local prefix without a year' },
    { scheme: '{code}-{serial:8}', what: 'the agency code as the only prefix' },
  ];
  for (const { scheme, what } of valid) {
    test(`${what} (${scheme}) is accepted`, () => {
      assert.deepEqual(validateScheme(scheme), { ok: true });
    });
  }

  const invalid = [
    { scheme: '', reason: '请填写索引号规则', what: 'an empty scheme' },
    { scheme: '{code}/{year}', reason: '索引号规则必须包含序号 {serial:N}', what: 'no serial' },
    {
      scheme: '{code}/{year}-{serial}',
      reason: '序号应写作 {serial:N}，N 为序号位数（1至10）',
      what: 'a serial without digits',
    },
    {
      scheme: '{code}/{year}-{serial:0}',
      reason: '序号应写作 {serial:N}，N 为序号位数（1至10）',
      what: 'zero digits',
    },
    {
      scheme: '{code}/{year}-{serial:11}',
      reason: '序号应写作 {serial:N}，N 为序号位数（1至10）',
      what: 'eleven digits',
    },
    { scheme: '{serial:3}-{serial:3}', reason: '索引号规则只能包含一个序号 {serial:N}', what: 'two serials' },
    {
      scheme: '{serial:5}',
      reason: '索引号规则须含有 {year}，或在序号前有固定前缀（机关代码或文字）',
      what: 'a bare serial',
    },
    {
      scheme: '{serial:5}-NB',
      reason: '索引号规则须含有 {year}，或在序号前有固定前缀（机关代码或文字）',
      what: 'text only after the serial',
    },
    {
      scheme: '{code}/{month}-{serial:5}',
      reason: '含有 {month} 的索引号规则必须同时含有 {year}，否则每年的索引号会重复',
      what: 'a month without a year',
    },
    {
      scheme: '{code}/{yr}-{serial:5}',
      reason: '索引号规则中有不认识的占位符“{yr}”，可用的占位符有 {code} {orgcode} {year} {month} {serial:N}',
      what: 'an unknown placeholder',
    },
    {
      scheme: '{code}/{year-{serial:5}',
      reason: '索引号规则中的花括号“{”“}”没有配对',
      what: 'an unclosed brace',
    },
    { scheme: '{code} {year}-{serial:5}', reason: '索引号规则不能含有空格或控制字符', what: 'a space' },
  ];
  for (const { scheme, reason, what } of invalid) {
    test(`${what} (${JSON.stringify(scheme)}) is rejected with a reason`, () => {
      assert.deepEqual(validateScheme(scheme), { ok: false, reason });
    });
  }

  test('a scheme over 100 characters is rejected', () => {
    const result = validateScheme(`${'A'.repeat(100)}{year}-{serial:5}`);
    assert.equal(result.ok, false);
  });
});

describe('formatIndexNo', () => {
  const cases = [
    {
      what: 'the default scheme with a credit code',
      scheme: DEFAULT_INDEX_SCHEME,
      input: { code: '11330727775738086F', year: 2022, serial: 56162 },
      expected: '11330727775738086F/2022-56162',
    },
    {
      what: 'the default scheme with an org code written with its hyphen (dropped, as the convention says)',
      scheme: DEFAULT_INDEX_SCHEME,
      input: { code: '01441633-0', year: 2018, serial: 4736 },
      expected: '014416330/2018-04736',
    },
    {
      what: 'the national 20-character form, org code taken from the credit code',
      scheme: '{orgcode}/{year}-{serial:5}',
      input: { code: '11330727775738086F', year: 2024, serial: 7 },
      expected: '775738086/2024-00007',
    },
    {
      what: '{orgcode} with an org code given directly',
      scheme: '{orgcode}/{year}-{serial:5}',
      input: { code: '014416330', year: 2024, serial: 1 },
      expected: '014416330/2024-00001',
    },
    {
      what: 'year and two-digit month',
      scheme: '{code}/{year}{month}-{serial:5}',
      input: { code: '11341702486344515H', year: 2021, month: 10, serial: 13 },
      expected: '11341702486344515H/202110-00013',
    },
    {
      what: 'a month below ten is zero-padded',
      scheme: '{year}{month}-{serial:3}',
      input: { year: 2024, month: 3, serial: 5 },
      expected: '202403-005',
    },
    {
      what: 'a lower-case credit code is upper-cased',
      scheme: DEFAULT_INDEX_SCHEME,
      input: { code: '11370300mb2856822a', year: 2016, serial: 1 },
      expected: '11370300MB2856822A/2016-00001',
    },
    {
      what: 'a fixed prefix and a six-digit serial',
      scheme: 'NB-01-{serial:6}',
      input: { year: 2024, serial: 153077 },
      expected: 'NB-01-153077',
    },
    {
      what: 'the largest serial that fits',
      scheme: DEFAULT_INDEX_SCHEME,
      input: { code: '014416330', year: 2024, serial: 99999 },
      expected: '014416330/2024-99999',
    },
  ];
  for (const { what, scheme, input, expected } of cases) {
    test(`${what}: ${expected}`, () => {
      assert.equal(formatIndexNo(scheme, input), expected);
    });
  }

  test('the national form with an org code is 20 characters (9+1+4+1+5)', () => {
    assert.equal(formatIndexNo('{orgcode}/{year}-{serial:5}', { code: '11330727775738086F', year: 2024, serial: 1 }).length, 20);
  });

  test('a serial that overflows its digits throws a RangeError telling the admin to widen it', () => {
    assert.throws(
      () => formatIndexNo(DEFAULT_INDEX_SCHEME, { code: '014416330', year: 2024, serial: 100000 }),
      (e: unknown) => e instanceof RangeError && e.message.includes('{serial:5}') && e.message.includes('加大序号位数'),
    );
  });

  const refused = [
    { what: 'an invalid scheme', scheme: '{serial:5}', input: { year: 2024, serial: 1 } },
    { what: 'a missing code', scheme: DEFAULT_INDEX_SCHEME, input: { year: 2024, serial: 1 } },
    {
      what: 'a code failing its check',
      scheme: DEFAULT_INDEX_SCHEME,
      input: { code: '035210000', year: 2024, serial: 1 },
    },
    {
      what: 'a malformed code',
      scheme: DEFAULT_INDEX_SCHEME,
      input: { code: '0142768-8', year: 2024, serial: 1 },
    },
    { what: 'a missing month', scheme: '{year}{month}-{serial:5}', input: { year: 2024, serial: 1 } },
    { what: 'month 13', scheme: '{year}{month}-{serial:5}', input: { year: 2024, month: 13, serial: 1 } },
    { what: 'a two-digit year', scheme: '{year}-{serial:5}', input: { year: 24, serial: 1 } },
    { what: 'serial 0', scheme: '{year}-{serial:5}', input: { year: 2024, serial: 0 } },
    { what: 'a fractional serial', scheme: '{year}-{serial:5}', input: { year: 2024, serial: 1.5 } },
  ];
  for (const { what, scheme, input } of refused) {
    test(`${what} is refused with a RangeError`, () => {
      assert.throws(() => formatIndexNo(scheme, input), RangeError);
    });
  }
});

describe('serialScope', () => {
  const cases = [
    {
      what: 'a scheme with {year} counts per year',
      scheme: DEFAULT_INDEX_SCHEME,
      date: '2024-03-05',
      expected: '2024',
    },
    {
      what: 'a scheme with {month} counts per year and month',
      scheme: '{code}/{year}{month}-{serial:5}',
      date: '2024-03-05',
      expected: '2024-03',
    },
    {
      what: 'a scheme without a date part counts for ever',
      scheme: 'NB-01-{serial:6}',
      date: '2024-03-05',
      expected: 'all',
    },
    {
      what: 'an instant is read in China time (16:30 UTC on 31 Dec is 1 Jan in Beijing)',
      scheme: '{code}/{year}{month}-{serial:5}',
      date: new Date('2023-12-31T16:30:00Z'),
      expected: '2024-01',
    },
    {
      what: 'an instant just before midnight in Beijing stays in the old year',
      scheme: DEFAULT_INDEX_SCHEME,
      date: new Date('2023-12-31T15:59:59Z'),
      expected: '2023',
    },
  ];
  for (const { what, scheme, date, expected } of cases) {
    test(`${what}: ${expected}`, () => {
      assert.equal(serialScope(scheme, date), expected);
    });
  }

  test('an invalid scheme or date is refused', () => {
    assert.throws(() => serialScope('{serial:5}', '2024-01-01'), RangeError);
    assert.throws(() => serialScope(DEFAULT_INDEX_SCHEME, '2024/01/01'), RangeError);
    assert.throws(() => serialScope(DEFAULT_INDEX_SCHEME, new Date('nonsense')), RangeError);
  });

  test('dateParts reads a calendar date and a month', () => {
    assert.deepEqual(dateParts('2024-03-05'), { year: 2024, month: 3 });
    assert.deepEqual(dateParts('2024-12'), { year: 2024, month: 12 });
  });
});

describe('describeIndexNo on every example of spec §6.2', () => {
  const cases: Array<{ indexNo: string; where: string; expected: IndexNoDescription }> = [
    {
      indexNo: '014416330/2018-04736',
      where: '泰州市政府办: the national form',
      expected: {
        wellFormed: true,
        shape: 'national-orgcode',
        code: '014416330',
        year: 2018,
        serial: 4736,
        problems: [],
      },
    },
    {
      indexNo: '000014349/2018-00222',
      where: 'a gov.cn policy page',
      expected: {
        wellFormed: true,
        shape: 'national-orgcode',
        code: '000014349',
        year: 2018,
        serial: 222,
        problems: [],
      },
    },
    {
      indexNo: '000013338/2023-00079',
      where: '住房和城乡建设部',
      expected: {
        wellFormed: true,
        shape: 'national-orgcode',
        code: '000013338',
        year: 2023,
        serial: 79,
        problems: [],
      },
    },
    {
      indexNo: '01424668-5/2021-00063',
      where: '江苏省人民政府办公厅: org code with its hyphen',
      expected: {
        wellFormed: false,
        shape: 'orgcode-hyphen',
        code: '014246685',
        year: 2021,
        serial: 63,
        problems: ['前段码的组织机构代码带有连字符，国家规范为去掉连字符的9位'],
      },
    },
    {
      indexNo: '11330727775738086F/2022-56162',
      where: 'seed 002: credit code front',
      expected: {
        wellFormed: true,
        shape: 'national-uscc',
        code: '11330727775738086F',
        year: 2022,
        serial: 56162,
        problems: [],
      },
    },
    {
      indexNo: '11370300MB2856822A/2016-None',
      where: 'seed 003: the serial is the word None',
      expected: {
        wellFormed: false,
        shape: 'national-uscc',
        code: '11370300MB2856822A',
        year: 2016,
        problems: ['序号“None”不是数字'],
      },
    },
    {
      indexNo: '113708280043326001/2024-02411',
      where: '金乡县胡集镇: an all-digit credit code',
      expected: {
        wellFormed: true,
        shape: 'national-uscc',
        code: '113708280043326001',
        year: 2024,
        serial: 2411,
        problems: [],
      },
    },
    {
      indexNo: '11341702486344515H/202110-00013',
      where: '宁国市商务局: year and month',
      expected: {
        wellFormed: false,
        shape: 'national-uscc',
        code: '11341702486344515H',
        year: 2021,
        month: 10,
        serial: 13,
        problems: ['年份后多了月份“10”，国家规范为4位年份'],
      },
    },
    {
      indexNo: '01527918X-2020-153077',
      where: '怒江州民政局: hyphens throughout and a six-digit serial',
      expected: {
        wellFormed: false,
        shape: 'other',
        code: '01527918X',
        year: 2020,
        serial: 153077,
        problems: ['前段码与后段码之间用了“-”，国家规范为“/”', '序号应为5位，现为6位'],
      },
    },
    {
      indexNo: '0142768-8/2022-00185',
      where: 'a copy of the 2021 format notice: seven characters before the hyphen',
      expected: {
        wellFormed: false,
        shape: 'other',
        year: 2022,
        serial: 185,
        problems: ['前段码“0142768-8”既不是9位组织机构代码，也不是18位统一社会信用代码'],
      },
    },
    {
      indexNo: '035210000/2025-00016',
      where: 'a copy of the fee measures: nine characters failing the org-code check',
      expected: {
        wellFormed: false,
        shape: 'national-orgcode',
        code: '035210000',
        year: 2025,
        serial: 16,
        problems: ['前段码不是有效的组织机构代码：组织机构代码校验位错误，应为“8”'],
      },
    },
  ];
  for (const { indexNo, where, expected } of cases) {
    test(`${indexNo} (${where})`, () => {
      assert.deepEqual(describeIndexNo(indexNo), expected);
    });
  }

  test('every well-formed example round-trips through formatIndexNo with the default scheme', () => {
    for (const { indexNo, expected } of cases) {
      if (!expected.wellFormed) continue;
      assert.equal(
        formatIndexNo(DEFAULT_INDEX_SCHEME, {
          code: expected.code!,
          year: expected.year!,
          serial: expected.serial!,
        }),
        indexNo,
      );
    }
  });
});

describe('describeIndexNo on other input', () => {
  const cases: Array<{ what: string; indexNo: string; shape: string; problems: string[] }> = [
    { what: 'an empty string', indexNo: '', shape: 'other', problems: ['索引号为空'] },
    {
      what: 'a local scheme without a slash',
      indexNo: 'NB-01-20240305-001',
      shape: 'other',
      problems: ['没有前段码与后段码之间的“/”'],
    },
    {
      what: 'surrounding whitespace',
      indexNo: ' 014416330/2018-04736 ',
      shape: 'national-orgcode',
      problems: ['索引号前后有空白'],
    },
    {
      what: 'a lower-case credit code',
      indexNo: '11370300mb2856822a/2016-00001',
      shape: 'national-uscc',
      problems: ['前段码含有小写字母'],
    },
    {
      what: 'a year out of range',
      indexNo: '014416330/1899-00001',
      shape: 'national-orgcode',
      problems: ['年份“1899”不合理'],
    },
    {
      what: 'a back part without a year',
      indexNo: '014416330/00001',
      shape: 'national-orgcode',
      problems: ['后段码“00001”不是“年份-序号”的形式'],
    },
  ];
  for (const { what, indexNo, shape, problems } of cases) {
    test(`${what} is described, not fixed`, () => {
      const d = describeIndexNo(indexNo);
      assert.equal(d.shape, shape);
      assert.deepEqual(d.problems, problems);
      assert.equal(d.wellFormed, false);
    });
  }
});
