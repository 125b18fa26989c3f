// The three real reports in the 2021 national format (../shared/reports: text extracted from the
// agencies' PDFs): tables aligned by spaces, rows broken across lines, page numbers between rows,
// prose figures that differ from the tables. Every expected figure was read off the text by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readReport } from '../../src/domain/reader/read.js';
import { assertSourcesTrue, checkStatus, type Expected, figuresOf, fixture, t3Row } from '../helpers/reader.js';

const read = (f: string) => {
  const text = fixture(f);
  const r = readReport(text);
  assertSourcesTrue(r, text);
  return r;
};

/** Table 四: 行政复议, 未经复议直接起诉, 复议后起诉 — each 维持, 纠正, 其他, 尚未审结, 总计. */
function t4(values: number[]): Record<string, Expected> {
  const groups = ['reconsideration', 'litigationDirect', 'litigationAfter'];
  const cols = ['upheld', 'corrected', 'other', 'pending', 'total'];
  assert.equal(values.length, 15);
  return Object.fromEntries(values.map((v, i) => [`t4.${groups[Math.floor(i / 5)]}.${cols[i % 5]}`, v]));
}

const zeros = [0, 0, 0, 0, 0, 0, 0];

test('洪泽区 2023: a layout-preserved PDF text; （六） printed as one row; table 四 does not add up', () => {
  const r = read('22_hongze_qzf_2023.txt');
  assert.equal(r.agency?.name, '洪泽区人民政府');
  assert.equal(r.year?.value, 2023);
  assert.equal(r.format, 'national2021');
  assert.deepEqual(figuresOf(r), {
    'prose.proactive.total': 1136, // "在政府网站平台主动公开政府信息 1136 条" (19)
    'prose.applications.received': 21, // "全区受理政府信息公开申请 21 件" (21)
    // 表二 (48–79)
    't2.rule.issued': 0,
    't2.rule.repealed': 0,
    't2.rule.inForce': 0,
    't2.normativeDoc.issued': 0,
    't2.normativeDoc.repealed': 5,
    't2.normativeDoc.inForce': 5,
    't2.license.decisions': 550,
    't2.penalty.decisions': 4119,
    't2.enforcement.decisions': 195,
    't2.fee.amount': 7730.28,
    // 表三 (96–132): the label of （二） wraps over two lines before its numbers; "2.其他法律行政止公开" is misprinted
    ...t3Row('received', [21, 0, 0, 0, 0, 0, 21]),
    ...t3Row('carriedIn', zeros),
    ...t3Row('granted', zeros),
    ...t3Row('partial', [4, 0, 0, 0, 0, 0, 4]),
    ...t3Row('stateSecret', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('lawForbids', zeros),
    ...t3Row('endangersSecurity', zeros),
    ...t3Row('thirdPartyRights', zeros),
    ...t3Row('internalAffairs', zeros),
    ...t3Row('processInfo', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('enforcementFile', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('adminQuery', zeros),
    ...t3Row('notHeld', [10, 0, 0, 0, 0, 0, 10]),
    ...t3Row('needsCreation', [3, 0, 0, 0, 0, 0, 3]),
    ...t3Row('unclearAfterCorrection', zeros),
    ...t3Row('petition', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('repeat', zeros),
    ...t3Row('publication', zeros),
    ...t3Row('massRepeat', zeros),
    ...t3Row('confirmReissue', zeros),
    ...t3Row('otherHandling', zeros),
    ...t3Row('total', [21, 0, 0, 0, 0, 0, 21]),
    ...t3Row('carriedOut', zeros),
    // 表四 (149): "10 1 0 0 0 | 0 0 0 0 0 | 5 0 0 0 0"
    ...t4([10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]),
    'prose.processingFee': 0, // "全年收取政府信息公开信息处理费 0 元" (168)
  });
  const partial = r.figures.find((f) => f.key === 't3.partial.natural')!;
  assert.deepEqual([partial.source.line, partial.source.column], [101, 47]);
  const status = checkStatus(r);
  // Table 三 adds up in every row and column (checked with the 2019 rows, as printed).
  assert.deepEqual(
    Object.entries(status).filter(([, s]) => s !== 'holds'),
    [
      ['t4.reconsideration', 'fails'],
      ['t4.litigationAfter', 'fails'],
    ],
  );
  const byId = Object.fromEntries(r.checks.map((c) => [c.identity.id, c.result]));
  assert.deepEqual(
    [byId['t4.reconsideration']!.left, byId['t4.reconsideration']!.right, byId['t4.reconsideration']!.difference],
    [11, 0, 11],
  );
  assert.equal(byId['t4.litigationAfter']!.difference, 5);
  assert.equal(byId['prose.received']!.status, 'holds');
  assert.ok(r.formatEvidence.some((e) => e.includes('只有一行')));
  assert.deepEqual(r.leftOut, []);
});

test('淮安市 2024: vertical group labels between the rows, labels wrapping around their numbers; prose and tables agree', () => {
  const r = read('23_huaian_szf_2024.txt');
  assert.equal(r.agency?.name, '淮安市人民政府');
  assert.equal(r.year?.value, 2024);
  assert.equal(r.format, 'national2021');
  assert.deepEqual(figuresOf(r), {
    'prose.proactive.total': '5500+', // "主动公开各类政府信息 5500 余条" (18)
    'prose.interpretations': 21, // "制作政策解读 21 个" (19–20)
    'prose.gazetteIssues': 6, // "《淮安市人民政府公报》6 期" (20)
    'prose.pressConferences': 12, // "等新闻发布会 12 场" (26)
    'prose.applications.received': 3119, // (31)
    'prose.applications.replied': 3050,
    'prose.applications.carriedIn': 34, // "含上年度结转申请 34 件" (32)
    'prose.applications.carriedOut': 103, // "另有 103 件顺延到下年度答复"
    'prose.reconsideration.total': 351, // (33)
    'prose.reconsideration.upheld': 72,
    'prose.reconsideration.corrected': 64,
    'prose.reconsideration.other': 178,
    'prose.reconsideration.pending': 37,
    'prose.litigation.total': 46, // (35)
    'prose.litigation.upheld': 25,
    'prose.litigation.corrected': 5,
    'prose.litigation.other': 9,
    'prose.litigation.pending': 7,
    't2.rule.issued': 1,
    't2.rule.repealed': 0,
    't2.rule.inForce': 11,
    't2.normativeDoc.issued': 8,
    't2.normativeDoc.repealed': 26,
    't2.normativeDoc.inForce': 66,
    't2.license.decisions': 447228,
    't2.penalty.decisions': 3985758,
    't2.enforcement.decisions': 88283,
    't2.fee.amount': 96171.6,
    ...t3Row('received', [3001, 53, 0, 0, 61, 4, 3119]),
    ...t3Row('carriedIn', [34, 0, 0, 0, 0, 0, 34]),
    ...t3Row('granted', [1288, 21, 0, 0, 50, 3, 1362]),
    ...t3Row('partial', [447, 7, 0, 0, 0, 0, 454]),
    ...t3Row('stateSecret', [2, 0, 0, 0, 0, 0, 2]),
    ...t3Row('lawForbids', [30, 1, 0, 0, 0, 0, 31]),
    ...t3Row('endangersSecurity', [5, 0, 0, 0, 0, 0, 5]),
    ...t3Row('thirdPartyRights', [6, 0, 0, 0, 0, 0, 6]),
    ...t3Row('internalAffairs', [7, 1, 0, 0, 0, 0, 8]),
    ...t3Row('processInfo', [12, 0, 0, 0, 0, 0, 12]),
    ...t3Row('enforcementFile', [9, 0, 0, 0, 0, 0, 9]),
    ...t3Row('adminQuery', [105, 0, 0, 0, 0, 0, 105]),
    ...t3Row('notHeld', [746, 12, 0, 0, 10, 1, 769]),
    ...t3Row('needsCreation', [11, 0, 0, 0, 0, 0, 11]),
    ...t3Row('unclearAfterCorrection', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('petition', [56, 6, 0, 0, 0, 0, 62]),
    ...t3Row('repeat', [25, 0, 0, 0, 0, 0, 25]),
    ...t3Row('publication', zeros),
    ...t3Row('massRepeat', zeros),
    ...t3Row('confirmReissue', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('noCorrection', [67, 3, 0, 0, 1, 0, 71]),
    ...t3Row('unpaidFee', [6, 0, 0, 0, 0, 0, 6]),
    ...t3Row('otherReason', [108, 2, 0, 0, 0, 0, 110]),
    ...t3Row('total', [2932, 53, 0, 0, 61, 4, 3050]),
    ...t3Row('carriedOut', [103, 0, 0, 0, 0, 0, 103]),
    ...t4([72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]),
    'prose.processingFee': 3940, // "全年收取政府信息公开信息处理费 3940 元" (241)
  });
  // （二）'s numbers stand on line 130, between the two halves of its label (129, 131).
  const partial = r.figures.find((f) => f.key === 't3.partial.total')!;
  assert.deepEqual([partial.source.line, partial.source.text], [130, '454']);
  const t4total = r.figures.find((f) => f.key === 't4.litigationAfter.total')!;
  assert.deepEqual([t4total.source.line, t4total.source.column], [220, 93]);
  // Every identity holds, including the prose against the tables: 行政诉讼 46 = 26 + 20.
  assert.deepEqual(
    Object.entries(checkStatus(r)).filter(([, s]) => s !== 'holds'),
    [],
  );
  assert.equal(r.checks.length, 7 * 2 + 25 + 3 + 14);
  assert.deepEqual(
    r.leftOut.map((l) => l.what),
    ['全年新增公开市政府规章1件', '市政府及市政府办政策性文件11件'],
  );
});

test('洪泽区 2024: a raw PDF text, one header word per line; the prose says 17 applications where table 三 says 95', () => {
  const r = read('24_hongze_qzf_2024.txt');
  assert.equal(r.agency?.name, '淮安市洪泽区人民政府');
  assert.equal(r.year?.value, 2024);
  assert.equal(r.format, 'national2021');
  assert.deepEqual(figuresOf(r), {
    'prose.proactive.total': 2428, // "主动发布各类政府信息 2428 条" (21)
    'prose.interpretations': 7, // "解读信息发布 7 条" (23)
    'prose.applications.received': 17, // "受理政府\n信息公开申请 17 件" (29–30)
    't2.rule.issued': 0,
    't2.rule.repealed': 0,
    't2.rule.inForce': 0,
    't2.normativeDoc.issued': 3,
    't2.normativeDoc.repealed': 0,
    't2.normativeDoc.inForce': 8,
    't2.license.decisions': 9487,
    't2.penalty.decisions': 2776,
    't2.enforcement.decisions': 84,
    't2.fee.amount': 7545,
    ...t3Row('received', [95, 0, 0, 0, 0, 0, 95]),
    ...t3Row('carriedIn', zeros),
    ...t3Row('granted', [50, 0, 0, 0, 0, 0, 50]),
    ...t3Row('partial', [9, 0, 0, 0, 0, 0, 9]),
    ...t3Row('stateSecret', zeros),
    ...t3Row('lawForbids', zeros),
    ...t3Row('endangersSecurity', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('thirdPartyRights', zeros),
    ...t3Row('internalAffairs', zeros),
    ...t3Row('processInfo', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('enforcementFile', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('adminQuery', zeros),
    ...t3Row('notHeld', [31, 0, 0, 0, 0, 0, 31]),
    ...t3Row('needsCreation', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('unclearAfterCorrection', zeros),
    ...t3Row('petition', [1, 0, 0, 0, 0, 0, 1]),
    ...t3Row('repeat', zeros),
    ...t3Row('publication', zeros),
    ...t3Row('massRepeat', zeros),
    ...t3Row('confirmReissue', zeros),
    ...t3Row('otherHandling', zeros),
    ...t3Row('total', [95, 0, 0, 0, 0, 0, 95]),
    ...t3Row('carriedOut', zeros),
    ...t4([1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]),
    'prose.processingFee': 0,
  });
  const received = r.figures.find((f) => f.key === 't3.received.total')!;
  assert.deepEqual([received.source.line, received.source.column], [81, 31]);
  const failing = r.checks.filter((c) => c.result.status === 'fails');
  assert.deepEqual(
    failing.map((c) => [c.identity.id, c.result.left, c.result.right, c.result.difference]),
    [['prose.received', 17, 95, -78]],
  );
  assert.deepEqual(
    r.leftOut.map((l) => l.what),
    ['公开政府常务会议7期'],
  );
});
