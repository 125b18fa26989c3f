import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applicantTypes } from '../../src/domain/applicants.js';
import { type Outcome, outcomeDefs, outcomes, replyOutcomes } from '../../src/domain/outcomes.js';
import { checkAcrossYears, checkReport, exactReadings, identitiesFor, type Reading } from '../../src/domain/report/checks.js';
import { type AppealFact, type ApplicationFact, table3FromFacts, table4FromFacts } from '../../src/domain/report/facts.js';
import {
  formatForYear,
  nationalFigureDefs,
  t3Key,
  t4Key,
  table2For2021,
  table3Lines,
  table3Rows,
} from '../../src/domain/report/formats.js';
import { legacyFigureDefs, legacyIndicators } from '../../src/domain/report/legacy.js';

test('table 三 of the 2021 format prints its lines in this order, with these labels (spec §2.3)', () => {
  assert.deepEqual(
    table3Lines('national2021').map((l) => l.label),
    [
      '一、本年新收政府信息公开申请数量',
      '二、上年结转政府信息公开申请数量',
      '三、本年度办理结果',
      '（一）予以公开',
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      '（三）不予公开',
      '1.属于国家秘密',
      '2.其他法律行政法规禁止公开',
      '3.危及“三安全一稳定”',
      '4.保护第三方合法权益',
      '5.属于三类内部事务信息',
      '6.属于四类过程性信息',
      '7.属于行政执法案卷',
      '8.属于行政查询事项',
      '（四）无法提供',
      '1.本机关不掌握相关政府信息',
      '2.没有现成信息需要另行制作',
      '3.补正后申请内容仍不明确',
      '（五）不予处理',
      '1.信访举报投诉类申请',
      '2.重复申请',
      '3.要求提供公开出版物',
      '4.无正当理由大量反复申请',
      '5.要求行政机关确认或重新出具已获取信息',
      '（六）其他处理',
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
      '（七）总计',
      '四、结转下年度继续办理',
    ],
  );
});

test('三、本年度办理结果 spans 22 data rows in 2021 and 20 in 2019; 2019 prints （六） as one row', () => {
  const dataRowsOfResults = (f: 'national2021' | 'national2019') =>
    table3Rows(f).filter((r) => !['received', 'carriedIn', 'carriedOut'].includes(r)).length;
  assert.equal(dataRowsOfResults('national2021'), 22);
  assert.equal(dataRowsOfResults('national2019'), 20);
  const l2019 = table3Lines('national2019');
  assert.deepEqual(
    l2019.filter((l) => l.label.startsWith('（六）')),
    [{ key: 'otherHandling', label: '（六）其他处理', depth: 1 }],
  );
});

test('every outcome of the taxonomy is a data row of the 2021 table, and only the clock closes as 三(六)1 and 三(六)2', () => {
  const rows = table3Rows('national2021');
  for (const o of outcomes) assert.ok(rows.includes(o), o);
  assert.deepEqual(
    outcomes.filter((o) => outcomeDefs[o].byClock),
    ['noCorrection', 'unpaidFee'],
  );
  assert.equal(replyOutcomes.length, outcomes.length - 2);
});

test('the format of a report year', () => {
  for (const [year, format] of [
    [2008, 'legacy'],
    [2018, 'legacy'],
    [2019, 'national2019'],
    [2020, 'national2019'],
    [2021, 'national2021'],
    [2026, 'national2021'],
  ] as const)
    assert.equal(formatForYear(year), format, String(year));
});

test('figure keys are unique and every cell of every format has one', () => {
  const keys = [...nationalFigureDefs, ...legacyFigureDefs].map((f) => f.key);
  assert.equal(new Set(keys).size, keys.length);
  // 2021: table 二 has 2×3 + 1 + 2 + 1 cells, table 三 30 lines of which 24 + 2 + 2 … carry 7 cells each.
  const in2021 = nationalFigureDefs.filter((f) => f.formats.includes('national2021'));
  const t2 = table2For2021.reduce((n, s) => n + s.rows.length * s.columns.length, 0);
  assert.equal(t2, 10);
  assert.equal(in2021.length, t2 + table3Rows('national2021').length * 7 + 15);
  assert.equal(legacyIndicators.length, 57);
  assert.deepEqual(
    legacyIndicators.map((i) => Number(i.code)),
    Array.from({ length: 57 }, (_, i) => i + 1),
  );
});

// The worked check of spec §2.5 on the real Shanghai 2019 report: the 总计 and 自然人 columns.
const shanghai2019: Record<string, number> = {
  [t3Key('received', 'total')]: 859,
  [t3Key('carriedIn', 'total')]: 18,
  [t3Key('total', 'total')]: 805,
  [t3Key('carriedOut', 'total')]: 72,
  [t3Key('received', 'natural')]: 821,
  [t3Key('carriedIn', 'natural')]: 18,
  [t3Key('total', 'natural')]: 767,
  [t3Key('carriedOut', 'natural')]: 72,
  [t4Key('reconsideration', 'upheld')]: 5,
  [t4Key('reconsideration', 'corrected')]: 0,
  [t4Key('reconsideration', 'other')]: 0,
  [t4Key('reconsideration', 'pending')]: 2,
  [t4Key('reconsideration', 'total')]: 7,
};

const resultOf = (results: ReturnType<typeof checkReport>, id: string) => {
  const r = results.find((x) => x.identity.id === id);
  assert.ok(r, id);
  return r;
};

test('the balance identity holds on the real figures of spec §2.5, and the appeal total adds up', () => {
  const results = checkReport('national2019', exactReadings(shanghai2019));
  assert.equal(resultOf(results, 't3.balance.total').status, 'holds');
  assert.equal(resultOf(results, 't3.balance.natural').status, 'holds');
  assert.equal(resultOf(results, 't4.reconsideration').status, 'holds');
  // Columns not given at all can be neither confirmed nor refuted.
  const business = resultOf(results, 't3.balance.business');
  assert.equal(business.status, 'unknown');
  assert.equal(business.missing.length, 4);
});

test('a sum that is off says by how much, naming the cells', () => {
  const wrong = { ...shanghai2019, [t3Key('carriedOut', 'total')]: 70 };
  const r = resultOf(checkReport('national2019', exactReadings(wrong)), 't3.balance.total');
  assert.equal(r.status, 'fails');
  assert.equal(r.left, 877);
  assert.equal(r.right, 875);
  assert.equal(r.difference, 2);
  assert.deepEqual(r.identity.right, ['t3.total.total', 't3.carriedOut.total']);
});

test('approximate and blank figures: fail only when no values could make the sum hold', () => {
  const cases: { name: string; readings: Record<string, Reading>; blankAsZero?: boolean; status: 'holds' | 'fails' | 'unknown' }[] = [
    {
      name: '“500余” parts can meet a whole of 600',
      readings: {
        'legacy.52': { kind: 'exact', value: 600 },
        'legacy.53': { kind: 'atLeast', value: 500 },
        'legacy.54': { kind: 'exact', value: 1 },
      },
      status: 'unknown',
    },
    {
      name: '“500余” parts cannot fit in a whole of 300',
      readings: {
        'legacy.52': { kind: 'exact', value: 300 },
        'legacy.53': { kind: 'atLeast', value: 500 },
        'legacy.54': { kind: 'exact', value: 1 },
      },
      status: 'fails',
    },
    {
      name: 'a blank part is unknown',
      readings: { 'legacy.52': { kind: 'exact', value: 3 }, 'legacy.53': { kind: 'blank' }, 'legacy.54': { kind: 'exact', value: 1 } },
      status: 'unknown',
    },
    {
      name: 'a blank part counted as zero when blanks mean zero: 3 ≠ 0 + 1',
      readings: { 'legacy.52': { kind: 'exact', value: 3 }, 'legacy.53': { kind: 'blank' }, 'legacy.54': { kind: 'exact', value: 1 } },
      blankAsZero: true,
      status: 'fails',
    },
    {
      name: 'parts larger than the whole fail even with a blank part',
      readings: { 'legacy.52': { kind: 'exact', value: 3 }, 'legacy.53': { kind: 'blank' }, 'legacy.54': { kind: 'exact', value: 4 } },
      status: 'fails',
    },
    {
      name: 'exact parts that add up hold',
      readings: {
        'legacy.52': { kind: 'exact', value: 4 },
        'legacy.53': { kind: 'exact', value: 3 },
        'legacy.54': { kind: 'exact', value: 1 },
      },
      status: 'holds',
    },
  ];
  for (const c of cases) {
    const r = resultOf(
      checkReport('legacy', (k) => c.readings[k], { blankAsZero: c.blankAsZero }),
      'legacy.52',
    );
    assert.equal(r.status, c.status, c.name);
  }
});

test('a 其中 line larger than its whole fails the at-most check (seed 004: 01 = 339)', () => {
  const r = resultOf(checkReport('legacy', exactReadings({ 'legacy.01': 339, 'legacy.04': 340 })), 'legacy.04≤01');
  assert.equal(r.status, 'fails');
  assert.equal(r.difference, 1);
  const ok = resultOf(checkReport('legacy', exactReadings({ 'legacy.01': 339, 'legacy.04': 220 })), 'legacy.04≤01');
  assert.equal(ok.status, 'holds');
});

test('amounts in 万元 add up without binary noise', () => {
  const r = checkReport(
    'legacy',
    exactReadings({ 'legacy.44': 0.3, 'legacy.45': 0.1, 'legacy.46': 0.2, 'legacy.47': 0, 'legacy.48': 0, 'legacy.49': 0 }),
  );
  assert.equal(resultOf(r, 'legacy.44').status, 'holds');
});

test('across years: this year’s 上年结转 must equal last year’s 结转下年度', () => {
  const last = exactReadings({ [t3Key('carriedOut', 'total')]: 72 });
  const ok = checkAcrossYears(exactReadings({ [t3Key('carriedIn', 'total')]: 72 }), last);
  assert.equal(ok.find((r) => r.identity.id === 't3.carry.total')?.status, 'holds');
  const off = checkAcrossYears(exactReadings({ [t3Key('carriedIn', 'total')]: 70 }), last);
  const r = off.find((x) => x.identity.id === 't3.carry.total');
  assert.equal(r?.status, 'fails');
  assert.equal(r?.difference, -2);
});

const app = (
  applicantType: ApplicationFact['applicantType'],
  receivedOn: string,
  closedOn: string | null,
  outcome: Outcome | null,
): ApplicationFact => ({
  applicantType,
  receivedOn,
  closedOn,
  outcome,
});

test('table 三 from cases: received, carried in, outcomes by closing date, carried out', () => {
  const facts: ApplicationFact[] = [
    app('natural', '2025-12-20', '2026-01-10', 'granted'), // carried in, closed this year
    app('natural', '2025-12-28', null, null), // carried in, still open: carried out
    app('business', '2025-11-01', '2025-12-01', 'granted'), // closed last year: not in 2026
    app('natural', '2026-03-02', '2026-03-20', 'partial'),
    app('research', '2026-05-06', '2026-05-07', 'stateSecret'),
    app('legalService', '2026-12-29', '2027-01-20', 'notHeld'), // received this year, closed next: carried out
    app('otherOrg', '2026-07-01', '2026-07-21', 'noCorrection'),
    app('publicInterest', '2027-01-02', null, null), // next year: not counted
  ];
  const t = table3FromFacts('national2021', 2026, facts);
  const expected: Record<string, number> = {
    't3.received.natural': 1,
    't3.received.research': 1,
    't3.received.legalService': 1,
    't3.received.otherOrg': 1,
    't3.received.total': 4,
    't3.carriedIn.natural': 2,
    't3.carriedIn.total': 2,
    't3.granted.natural': 1,
    't3.granted.total': 1,
    't3.partial.natural': 1,
    't3.partial.total': 1,
    't3.stateSecret.research': 1,
    't3.stateSecret.total': 1,
    't3.noCorrection.otherOrg': 1,
    't3.noCorrection.total': 1,
    't3.total.natural': 2,
    't3.total.research': 1,
    't3.total.otherOrg': 1,
    't3.total.total': 4,
    't3.carriedOut.natural': 1,
    't3.carriedOut.legalService': 1,
    't3.carriedOut.total': 2,
  };
  for (const [k, v] of t) assert.equal(v, expected[k] ?? 0, k);
  assert.equal(t.size, table3Rows('national2021').length * 7);
  const failing = checkReport('national2021', exactReadings(t)).filter((r) => r.identity.id.startsWith('t3.') && r.status !== 'holds');
  assert.deepEqual(failing, []);
  // In 2019 the clock's closures count in the single （六） row.
  const t2019 = table3FromFacts('national2019', 2026, facts);
  assert.equal(t2019.get('t3.otherHandling.otherOrg'), 1);
  assert.equal(t2019.has('t3.noCorrection.otherOrg'), false);
});

test('table 四 from appeals: filed this year or still pending when it began, by result at year end', () => {
  const facts: AppealFact[] = [
    { group: 'reconsideration', filedOn: '2026-02-01', result: 'upheld', decidedOn: '2026-04-01' },
    { group: 'reconsideration', filedOn: '2026-11-01', result: 'corrected', decidedOn: '2027-01-15' }, // pending at year end
    { group: 'reconsideration', filedOn: '2025-10-01', result: 'other', decidedOn: '2026-02-01' }, // carried over, decided
    { group: 'reconsideration', filedOn: '2025-01-01', result: 'upheld', decidedOn: '2025-03-01' }, // last year's
    { group: 'litigationDirect', filedOn: '2026-06-01', result: null, decidedOn: null },
    { group: 'litigationAfter', filedOn: '2026-06-01', result: 'corrected', decidedOn: '2026-09-01' },
  ];
  const t = table4FromFacts(2026, facts);
  assert.equal(t.get('t4.reconsideration.upheld'), 1);
  assert.equal(t.get('t4.reconsideration.pending'), 1);
  assert.equal(t.get('t4.reconsideration.other'), 1);
  assert.equal(t.get('t4.reconsideration.total'), 3);
  assert.equal(t.get('t4.litigationDirect.pending'), 1);
  assert.equal(t.get('t4.litigationAfter.corrected'), 1);
  assert.equal(t.size, 15);
  assert.ok(
    checkReport('national2021', exactReadings(t))
      .filter((r) => r.identity.id.startsWith('t4.'))
      .every((r) => r.status === 'holds'),
  );
});

test('each format has its identities: 7 balance + 7 outcome sums + one per data row in 三, 3 in 四', () => {
  assert.equal(identitiesFor('national2021').length, 7 + 7 + table3Rows('national2021').length + 3);
  assert.equal(identitiesFor('legacy').length, 7 + 8);
  assert.equal(applicantTypes.length, 6);
});
