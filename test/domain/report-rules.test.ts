// The annual report's pure rules, as tables of cases: reading an entered figure, the publication
// deadline and lateness, the legacy table's mappings, and the printed layout of the tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomes } from '../../src/domain/outcomes.js';
import { publicationDeadline, timeliness } from '../../src/domain/report/deadlines.js';
import { computedKeys, enteredKeys, figureDef, figureDefsFor, parseFigure, sumFigures } from '../../src/domain/report/figures.js';
import { legacyItemChannelCode, legacyReplyCodes } from '../../src/domain/report/legacyCompute.js';
import { feesStatement, subjectOf } from '../../src/domain/report/narrative.js';
import { type CatalogCount, table2FromCounts } from '../../src/domain/report/table2.js';
import { gridsOf, table3Grid, table4Grid } from '../../src/features/reports/layout.js';

test('an entered figure as staff type it', () => {
  const count = figureDef('t2.license.decisions')!;
  const amount = figureDef('t2.fee.amount')!;
  const change = figureDef('t2.license.change')!;
  const cases: [what: string, def: typeof count, raw: unknown, expected: number | null | string][] = [
    ['a plain count', count, '312', 312],
    ['full-width digits', count, '３１２', 312],
    ['thousands separators', count, '1,204', 1204],
    ['a Chinese comma as separator', count, '1，204', 1204],
    ['surrounding spaces', count, '  7 ', 7],
    ['empty means not entered', count, '', null],
    ['zero', count, '0', 0],
    ['a negative count', count, '-3', '不能为负数'],
    ['decimals in a count', count, '2.5', '应为整数（单位：件）'],
    ['words', count, '约300', '“约300”不是数字'],
    ['an amount in 万元 with decimals', amount, '96171.6', 96171.6],
    ['too many decimals', amount, '1.23456', '最多保留4位小数'],
    ['2019’s 本年增/减 may be negative', change, '-4', -4],
    ['too large', count, '10000000000000', '数值过大'],
  ];
  for (const [what, def, raw, expected] of cases) {
    const r = parseFigure(def, raw);
    if (typeof expected === 'string') assert.deepEqual(r, { ok: false, reason: expected }, what);
    else assert.deepEqual(r, { ok: true, value: expected }, what);
  }
});

test('which figures are entered: table 二 outside 第二十条第（一）项, and the legacy rows no record gives', () => {
  assert.deepEqual(enteredKeys('national2021'), [
    't2.license.decisions',
    't2.penalty.decisions',
    't2.enforcement.decisions',
    't2.fee.amount',
  ]);
  assert.equal(enteredKeys('national2019').length, 2 * 3 + 2 * 3 + 2 + 2);
  assert.deepEqual(
    enteredKeys('legacy').map((k) => k.slice(7)),
    ['13', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57'],
  );
  for (const f of ['national2021', 'national2019', 'legacy'] as const)
    assert.equal(computedKeys(f).length + enteredKeys(f).length, figureDefsFor(f).length, f);
});

test('publication deadlines (条例 第四十九条; 2007 条例 第三十一条; townships by gongkai’s decision)', () => {
  const cases: [
    year: number,
    kind: 'government' | 'department' | 'subdistrict',
    level: 'province' | 'city' | 'county' | 'township',
    date: string,
  ][] = [
    [2025, 'department', 'city', '2026-01-31'],
    [2025, 'department', 'county', '2026-01-31'],
    [2025, 'government', 'city', '2026-03-31'],
    [2025, 'government', 'province', '2026-03-31'],
    [2025, 'government', 'township', '2026-01-31'],
    [2025, 'subdistrict', 'township', '2026-01-31'],
    [2019, 'department', 'city', '2020-01-31'],
    [2018, 'department', 'city', '2019-03-31'],
    [2012, 'government', 'city', '2013-03-31'],
  ];
  for (const [year, kind, level, date] of cases)
    assert.equal(publicationDeadline(year, { kind, level }).date, date, `${year} ${kind} ${level}`);
});

test('late means after the deadline day, judged on the first publication', () => {
  const d = { date: '2026-01-31', basis: '' };
  const cases: [published: string | null, today: string, status: string, days: number][] = [
    ['2026-01-31', '2026-03-01', 'onTime', 0],
    ['2026-02-01', '2026-03-01', 'publishedLate', 1],
    [null, '2026-01-31', 'pending', 0],
    [null, '2026-02-01', 'overdue', 1],
    [null, '2026-03-02', 'overdue', 30],
  ];
  for (const [published, today, status, days] of cases)
    assert.deepEqual(timeliness(d, published, today), { status, daysLate: days }, `${published} ${today}`);
});

test('the legacy table: every reply of today’s taxonomy has a row; websites by whose site it is', () => {
  assert.deepEqual(Object.keys(legacyReplyCodes).sort(), [...outcomes].sort());
  assert.equal(legacyReplyCodes.granted, '26');
  assert.equal(legacyReplyCodes.partial, '27');
  for (const o of outcomes)
    if (o !== 'granted' && o !== 'partial') assert.ok(Number(legacyReplyCodes[o]) >= 29 && Number(legacyReplyCodes[o]) <= 39, o);
  const cases: [kind: 'government' | 'department', level: 'province' | 'city' | 'county', code: string][] = [
    ['government', 'province', '02'],
    ['government', 'city', '03'],
    ['government', 'county', '03'],
    ['department', 'city', '04'],
  ];
  for (const [kind, level, code] of cases) assert.equal(legacyItemChannelCode('website', { kind, level }), code);
  assert.equal(legacyItemChannelCode('gazette', { kind: 'department', level: 'city' }), '05');
  assert.equal(legacyItemChannelCode('newMedia', { kind: 'department', level: 'city' }), '08');
});

test('table 二 from grouped catalog counts', () => {
  const c = (p: Partial<CatalogCount>): CatalogCount => ({
    docType: 'rule',
    written: 'before',
    published: 'before',
    ended: 'never',
    n: 1,
    ...p,
  });
  const t = table2FromCounts('national2021', [
    c({ written: 'in', published: 'in', n: 2 }),
    c({ ended: 'in' }),
    c({ ended: 'after' }),
    c({ ended: 'before', n: 5 }),
    c({ docType: 'normativeDoc', written: 'after' }),
  ]);
  assert.deepEqual(
    [t.get('t2.rule.issued'), t.get('t2.rule.repealed'), t.get('t2.rule.inForce'), t.get('t2.normativeDoc.inForce')],
    [2, 1, 3, 0],
  );
});

test('sums over agencies keep blanks blank and decimals exact', () => {
  const s = sumFigures([new Map([['a', 0.1]]), new Map([['a', 0.2]]), new Map([['b', 1]])]);
  assert.deepEqual(
    [...s],
    [
      ['a', 0.3],
      ['b', 1],
    ],
  );
  assert.equal(s.get('c'), undefined);
});

test('六 states the fees from the records', () => {
  const base = { year: 2025, format: 'national2021' as const, subject: '本机关', figure: () => undefined };
  assert.equal(feesStatement({ ...base, fees: { count: 0, amount: 0 } }), '2025年，本机关未收取政府信息公开信息处理费。');
  assert.equal(
    feesStatement({ ...base, fees: { count: 2, amount: 500 } }),
    '2025年，本机关依据《政府信息公开信息处理费管理办法》对2件申请收取信息处理费，共计500元。',
  );
  assert.equal(subjectOf({ kind: 'government', level: 'city' }, true), '全市');
  assert.equal(subjectOf({ kind: 'department', level: 'city' }, false), '本机关');
});

test('the printed layout: every grid row covers its full width, 三、本年度办理结果 spans 22 rows in 2021 and 20 in 2019', () => {
  for (const format of ['national2021', 'national2019', 'legacy'] as const)
    for (const s of gridsOf(format))
      for (const g of s.grids) {
        const covered = new Set<string>();
        for (const r of g.rows)
          for (const c of r)
            for (let dr = 0; dr < (c.rowSpan ?? 1); dr++)
              for (let dc = 0; dc < (c.colSpan ?? 1); dc++) covered.add(`${c.row + dr}:${c.col + dc}`);
        assert.equal(covered.size, g.rows.length * g.columns, `${format} ${g.title}: every position covered once`);
      }
  const results = (f: 'national2021' | 'national2019') =>
    table3Grid(f)
      .rows.flat()
      .find((c) => c.text === '三、本年度办理结果')!.rowSpan;
  assert.equal(results('national2021'), 22);
  assert.equal(results('national2019'), 20);
  assert.equal(table4Grid().rows.at(-1)!.length, 15);
});
