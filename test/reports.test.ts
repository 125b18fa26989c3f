// The annual report computed from a synthetic year written by hand: 32 cases covering every reply
// row and every applicant column, with carry-ins from 2024 and carry-outs into 2026, appeals and
// catalog items; the expected tables are written out cell by cell below, not recomputed. Runs on
// SQLite and on PostgreSQL (GONGKAI_DATABASE_URL).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { t2Key, t3Key, t4Key, table3Columns, table3Rows } from '../src/domain/report/formats.js';
import { legacyKey } from '../src/domain/report/legacy.js';
import { compute, figuresOf } from '../src/features/reports/compute.js';
import {
  childrenComparison,
  exportDocument,
  latestPublication,
  liveReport,
  publishReport,
  reopenReport,
  reportTimeliness,
  saveFigures,
  saveNarrative,
} from '../src/features/reports/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { agency, itemRow, sys } from './helpers/fixtures.js';
import { type CaseRow, insertAppeals, insertCases, insertConsultations } from './helpers/reportCases.js';

let db: TestDb;
let city: number;
let dept: number;
let county: number;
let countyDept: number;

// prettier-ignore
const synthetic: CaseRow[] = [
  // every reply row, received and answered in 2025
  ['natural', '2025-01-06', '2025-01-20', 'granted'], //  1
  ['natural', '2025-03-03', '2025-03-10', 'granted'], //  2
  ['business', '2025-03-04', '2025-03-28', 'partial'], //  3
  ['research', '2025-03-05', '2025-04-01', 'stateSecret'], //  4
  ['publicInterest', '2025-03-06', '2025-04-02', 'lawForbids'], //  5
  ['legalService', '2025-03-07', '2025-04-03', 'endangersSecurity'], //  6
  ['otherOrg', '2025-04-01', '2025-04-20', 'thirdPartyRights'], //  7
  ['natural', '2025-04-02', '2025-04-21', 'internalAffairs'], //  8
  ['business', '2025-04-03', '2025-04-22', 'processInfo'], //  9
  ['research', '2025-05-06', '2025-05-30', 'enforcementFile'], // 10
  ['publicInterest', '2025-05-07', '2025-06-03', 'adminQuery'], // 11
  ['legalService', '2025-05-08', '2025-06-04', 'notHeld'], // 12
  ['otherOrg', '2025-06-09', '2025-06-30', 'needsCreation'], // 13
  ['natural', '2025-06-10', '2025-08-29', 'unclearAfterCorrection'], // 14
  ['business', '2025-07-01', '2025-07-10', 'petition'], // 15
  ['research', '2025-07-02', '2025-07-11', 'repeat'], // 16
  ['publicInterest', '2025-07-03', '2025-07-14', 'publication'], // 17
  ['legalService', '2025-08-04', '2025-08-20', 'massRepeat'], // 18
  ['otherOrg', '2025-08-05', '2025-08-21', 'confirmReissue'], // 19
  ['natural', '2025-09-01', '2025-09-30', 'noCorrection'], // 20
  ['business', '2025-09-02', '2025-11-03', 'unpaidFee'], // 21
  ['research', '2025-10-09', '2025-10-31', 'otherReason'], // 22
  // carried in from 2024
  ['natural', '2024-12-10', '2025-01-08', 'granted'], // 23
  ['legalService', '2024-12-20', '2025-01-15', 'notHeld'], // 24
  ['business', '2024-11-29', null, null], // 25: still open at the end of 2025: carried in and out
  // carried out into 2026
  ['natural', '2025-12-15', '2026-01-12', 'granted'], // 26
  ['otherOrg', '2025-12-29', null, null], // 27
  ['publicInterest', '2025-12-01', '2026-01-05', 'partial'], // 28
  // not in 2025 at all
  ['natural', '2024-05-06', '2024-06-03', 'granted'], // 29: closed before the year
  ['natural', '2026-01-05', null, null], // 30: received after it
  ['research', null, null, null], // 31: online, receipt not yet confirmed
  // carried in from long ago, answered in 2025
  ['natural', '2023-06-01', '2025-02-03', 'granted'], // 32
];

// Table 三 of 2025 (2021 format), every data row: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
const expected3: [row: string, ...cells: number[]][] = [
  ['received', 6, 4, 4, 4, 3, 4, 25],
  ['carriedIn', 2, 1, 0, 0, 1, 0, 4],
  ['granted', 4, 0, 0, 0, 0, 0, 4],
  ['partial', 0, 1, 0, 0, 0, 0, 1],
  ['stateSecret', 0, 0, 1, 0, 0, 0, 1],
  ['lawForbids', 0, 0, 0, 1, 0, 0, 1],
  ['endangersSecurity', 0, 0, 0, 0, 1, 0, 1],
  ['thirdPartyRights', 0, 0, 0, 0, 0, 1, 1],
  ['internalAffairs', 1, 0, 0, 0, 0, 0, 1],
  ['processInfo', 0, 1, 0, 0, 0, 0, 1],
  ['enforcementFile', 0, 0, 1, 0, 0, 0, 1],
  ['adminQuery', 0, 0, 0, 1, 0, 0, 1],
  ['notHeld', 0, 0, 0, 0, 2, 0, 2],
  ['needsCreation', 0, 0, 0, 0, 0, 1, 1],
  ['unclearAfterCorrection', 1, 0, 0, 0, 0, 0, 1],
  ['petition', 0, 1, 0, 0, 0, 0, 1],
  ['repeat', 0, 0, 1, 0, 0, 0, 1],
  ['publication', 0, 0, 0, 1, 0, 0, 1],
  ['massRepeat', 0, 0, 0, 0, 1, 0, 1],
  ['confirmReissue', 0, 0, 0, 0, 0, 1, 1],
  ['noCorrection', 1, 0, 0, 0, 0, 0, 1],
  ['unpaidFee', 0, 1, 0, 0, 0, 0, 1],
  ['otherReason', 0, 0, 1, 0, 0, 0, 1],
  ['total', 7, 4, 4, 3, 4, 3, 25],
  ['carriedOut', 1, 1, 0, 1, 0, 1, 4],
];

// Table 四 of 2025: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
const expected4: [group: string, ...cells: number[]][] = [
  ['reconsideration', 1, 1, 1, 1, 4],
  ['litigationDirect', 1, 0, 0, 1, 2],
  ['litigationAfter', 0, 1, 0, 0, 1],
];

// Table 二 第二十条第（一）项 of 2025: 本年制发, 本年废止, 现行有效.
const expected2: [row: string, ...cells: number[]][] = [
  ['rule', 1, 1, 3],
  ['normativeDoc', 2, 1, 3],
];

const NOW_2026 = new Date('2026-03-01T02:00:00Z');
const at = (d: Date) => ({ ...sys(db.handle), now: () => d });

before(async () => {
  db = await testDb();
  const h = db.handle;
  city = (await agency(h, { name: '丙市人民政府' })).id;
  dept = (await agency(h, { name: '丙市教育局', kind: 'department', parentId: city })).id;
  county = (await agency(h, { name: '丙县人民政府', level: 'county', parentId: city })).id;
  countyDept = (await agency(h, { name: '丙县教育局', kind: 'department', level: 'county', parentId: county })).id;
  await insertCases(
    h,
    dept,
    synthetic,
    synthetic.map((_, i) =>
      i === 0 ? { fee: { amount: 200, paidOn: '2025-01-15' } } : i === 20 ? { fee: { amount: 300, paidOn: null } } : {},
    ),
  );
  await insertAppeals(h, dept, [
    ['reconsideration', '2025-02-03', 'upheld', '2025-04-01'],
    ['reconsideration', '2025-03-03', 'corrected', '2025-05-06'],
    ['reconsideration', '2024-11-04', 'other', '2025-01-20'], // carried in, decided in the year
    ['reconsideration', '2025-11-03', null, null], // pending
    ['litigationDirect', '2025-06-03', 'upheld', '2026-02-02'], // decided after the year: pending at its end
    ['litigationDirect', '2025-07-01', 'upheld', '2025-09-01'],
    ['litigationAfter', '2025-08-01', 'corrected', '2025-10-09'],
    ['litigationAfter', '2024-03-01', 'upheld', '2024-09-02'], // decided before the year
    ['reconsideration', '2026-01-12', null, null], // filed after it
  ]);
  const items = [
    { title: 'R1', doc_type: 'rule', written_on: '2025-03-01', published_on: '2025-03-10', validity: 'valid' },
    { title: 'R2', doc_type: 'rule', written_on: '2020-05-01', published_on: '2020-05-10', validity: 'valid' },
    {
      title: 'R3',
      doc_type: 'rule',
      written_on: '2018-01-01',
      published_on: '2018-01-05',
      validity: 'repealed',
      validity_on: '2025-06-30',
    },
    {
      title: 'R4',
      doc_type: 'rule',
      written_on: '2019-01-01',
      published_on: '2019-01-05',
      validity: 'repealed',
      validity_on: '2026-02-01',
    },
    { title: 'R5', doc_type: 'rule', written_on: '2017-01-01', published_on: '2017-01-05', validity: 'expired', validity_on: '2024-12-31' },
    { title: 'N1', doc_type: 'normativeDoc', written_on: '2025-01-10', published_on: '2025-01-15', validity: 'valid' },
    { title: 'N2', doc_type: 'normativeDoc', written_on: '2025-12-30', published_on: '2026-01-05', validity: 'valid' },
    {
      title: 'N3',
      doc_type: 'normativeDoc',
      written_on: '2022-03-01',
      published_on: '2022-03-02',
      validity: 'expired',
      validity_on: '2025-09-01',
    },
    { title: 'N4', doc_type: 'normativeDoc', written_on: '2023-03-01', published_on: '2023-03-02', validity: null },
    { title: 'N5', doc_type: 'normativeDoc', written_on: '2026-01-02', published_on: '2026-01-03', validity: 'valid' },
    { title: 'N6 draft', doc_type: 'normativeDoc', written_on: '2025-04-01', status: 'draft', validity: 'valid' },
    ...['O1', 'O2', 'O3', 'O4', 'O5'].map((title, i) => ({ title, written_on: '2025-05-01', published_on: `2025-0${i + 5}-02` })),
    { title: 'on request', written_on: '2025-05-01', published_on: '2025-05-02', disclosure_mode: 'onRequest' },
    { title: 'last year', written_on: '2024-05-01', published_on: '2024-05-02' },
  ];
  await h.db
    .insertInto('items')
    .values(items.map((i) => itemRow({ agency_id: dept, ...i })))
    .execute();
});

after(async () => {
  await db?.cleanup();
});

const cellsOf = (figures: ReadonlyMap<string, number> | Record<string, number | null>, key: string) =>
  figures instanceof Map ? figures.get(key) : (figures as Record<string, number | null>)[key];

function assertTable3(figures: ReadonlyMap<string, number> | Record<string, number | null>, expected: typeof expected3, what: string) {
  const rows = new Set(expected.map((r) => r[0]));
  for (const [row, ...cells] of expected)
    table3Columns.forEach((col, i) => {
      assert.equal(cellsOf(figures, t3Key(row as never, col)), cells[i], `${what}: 三 ${row} × ${col}`);
    });
  // Rows not listed are zero throughout.
  for (const row of table3Rows('national2021'))
    if (!rows.has(row)) for (const col of table3Columns) assert.equal(cellsOf(figures, t3Key(row, col)), 0, `${what}: 三 ${row} × ${col}`);
}

describe('the synthetic year 2025 of one department', () => {
  test('table 三, every cell', async () => {
    const c = await compute(db.handle.db, dept, 2025, 'own');
    assert.equal(c.format, 'national2021');
    assertTable3(figuresOf(c, [dept]), expected3, 'dept');
  });

  test('table 四, every cell', async () => {
    const f = figuresOf(await compute(db.handle.db, dept, 2025, 'own'), [dept]);
    for (const [group, ...cells] of expected4)
      for (const [i, col] of (['upheld', 'corrected', 'other', 'pending', 'total'] as const).entries())
        assert.equal(f.get(t4Key(group as never, col)), cells[i], `四 ${group} × ${col}`);
  });

  test('table 二 from the catalog: 规章 and 行政规范性文件 made, repealed (or expired) and in force', async () => {
    const f = figuresOf(await compute(db.handle.db, dept, 2025, 'own'), [dept]);
    for (const [row, ...cells] of expected2)
      for (const [i, col] of ['issued', 'repealed', 'inForce'].entries())
        assert.equal(f.get(t2Key(row, col)), cells[i], `二 ${row} × ${col}`);
    // Entered rows stay blank until someone enters them.
    assert.equal(f.get(t2Key('license', 'decisions')), undefined);
  });

  test('the 2019 trial format prints （六） as one row: 逾期不补正 + 逾期未缴费 + 其他', async () => {
    const f = figuresOf(await compute(db.handle.db, dept, 2025, 'own', 'national2019'), [dept]);
    assert.deepEqual(
      table3Columns.map((col) => f.get(t3Key('otherHandling', col))),
      [1, 1, 1, 0, 0, 0, 3],
    );
    assert.equal(f.get(t3Key('noCorrection', 'total')), undefined);
    // 2019's table 二: 新制作 (成文日期), 新公开 (发布日期), 对外公开总数量 (published by the year's end).
    assert.deepEqual(
      ['made', 'published', 'total'].map((c) => f.get(t2Key('rule', c))),
      [1, 1, 5],
    );
    assert.deepEqual(
      ['made', 'published', 'total'].map((c) => f.get(t2Key('normativeDoc', c))),
      [2, 1, 3],
    );
  });

  test('the draft of 一 and the fees of 六 come from the records', async () => {
    const { document: d } = await liveReport(at(NOW_2026), dept, 2025);
    assert.equal(d.summary.proactivePublished, 7); // R1, N1 and O1–O5; not the on-request item
    assert.equal(d.summary.replied, 25);
    assert.match(d.narrative.overview, /主动公开政府信息7条，其中本年制发规章1件、行政规范性文件2件/);
    assert.match(
      d.narrative.overview,
      /新收政府信息公开申请25件，上年结转4件；本年办结25件，其中予以公开4件、部分公开1件、不予公开8件、无法提供4件、不予处理5件、其他处理3件；结转下年度继续办理4件/,
    );
    assert.match(d.narrative.fees, /对1件申请收取信息处理费，共计200元/);
    // 20 working days after receipt by an independent calendar (chinese-days, loaded in China's zone).
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    const { default: chineseDays } = await import('chinese-days');
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    const answered = synthetic.filter(([, r, c]) => r && c && c >= '2025-01-01' && c <= '2025-12-31');
    const onTime = answered.filter(([, r, c]) => c! <= chineseDays.findWorkday(20, r!));
    assert.equal(d.summary.replied, answered.length);
    assert.equal(d.summary.repliedWithin20, onTime.length);
    assert.ok(onTime.length > 0 && onTime.length < answered.length, `${onTime.length} of ${answered.length}`);
  });
});

describe('a small tree added up cell by cell', () => {
  before(async () => {
    const h = db.handle;
    await insertCases(h, city, [
      ['natural', '2025-02-03', '2025-02-14', 'granted'],
      ['business', '2025-12-30', null, null],
    ]);
    await insertCases(h, countyDept, [
      ['natural', '2025-03-03', '2025-03-20', 'granted'],
      ['natural', '2024-12-02', '2025-01-06', 'notHeld'],
      ['research', '2025-06-02', '2025-06-20', 'petition'],
    ]);
    await insertAppeals(h, countyDept, [['litigationDirect', '2025-04-01', 'corrected', '2025-08-01']]);
  });

  test('the city report adds its own, the department and the county with its department', async () => {
    const c = await compute(db.handle.db, city, 2025, 'tree');
    assert.deepEqual(
      c.agencies.map((a) => [a.id, a.depth]),
      [
        [city, 0],
        [dept, 1],
        [county, 1],
        [countyDept, 2],
      ],
    );
    const total = figuresOf(
      c,
      c.agencies.map((a) => a.id),
    );
    const plus = (row: string, add: number[]) => {
      const base = expected3.find((r) => r[0] === row)!.slice(1) as number[];
      return [row, ...base.map((v, i) => v + (add[i] ?? 0))] as [string, ...number[]];
    };
    assertTable3(
      total,
      expected3.map((r) => {
        const row = r[0];
        // city: 1 natural received+granted, 1 business received+carried out; county dept: 2 natural and 1 research received,
        // 1 natural carried in; granted 1 natural, notHeld 1 natural, petition 1 research.
        const extra: Record<string, number[]> = {
          received: [2, 1, 1, 0, 0, 0, 4],
          carriedIn: [1, 0, 0, 0, 0, 0, 1],
          granted: [2, 0, 0, 0, 0, 0, 2],
          notHeld: [1, 0, 0, 0, 0, 0, 1],
          petition: [0, 0, 1, 0, 0, 0, 1],
          total: [3, 0, 1, 0, 0, 0, 4],
          carriedOut: [0, 1, 0, 0, 0, 0, 1],
        };
        return extra[row] ? plus(row, extra[row]) : r;
      }),
      'city',
    );
    assert.equal(total.get(t4Key('litigationDirect', 'corrected')), 1);
    assert.equal(total.get(t4Key('litigationDirect', 'total')), 3);
  });

  test('the supervisor sees each child with its subtree, and the total', async () => {
    const cmp = await childrenComparison(at(NOW_2026), city, 2025);
    assert.deepEqual(
      cmp.columns.map((c) => [c.agencyId, c.figures.get(t3Key('received', 'total')), c.figures.get(t3Key('total', 'total'))]),
      [
        [city, 2, 1],
        [dept, 25, 25],
        [county, 2, 3],
      ],
    );
    assert.equal(cmp.total.get(t3Key('received', 'total')), 29);
    assert.equal(cmp.total.get(t3Key('carriedOut', 'total')), 5);
  });

  test('entered figures are each agency’s own and add up over the tree', async () => {
    await saveFigures(at(NOW_2026), dept, 2025, { 'v:t2.license.decisions': '120', 'n:t2.license.decisions': '审批系统导出' });
    await saveFigures(at(NOW_2026), countyDept, 2025, {
      'v:t2.license.decisions': '１,０３０',
      'n:t2.license.decisions': '县政务服务网',
      'v:t2.fee.amount': '12.5',
      'n:t2.fee.amount': '财政非税收入系统',
    });
    const { document: d } = await liveReport(at(NOW_2026), city, 2025);
    assert.equal(d.figures['t2.license.decisions'], 1150);
    assert.equal(d.figures['t2.fee.amount'], 12.5);
    assert.equal(d.figures['t2.penalty.decisions'], null);
    assert.deepEqual(
      d.entered['t2.license.decisions']!.map((e) => [e.agencyId, e.value, e.note]),
      [
        [dept, 120, '审批系统导出'],
        [countyDept, 1030, '县政务服务网'],
      ],
    );
  });
});

describe('checks, publication, lock and re-opening', () => {
  test('an entered correction that breaks 一＋二＝三＋四 is listed with its cells and the difference', async () => {
    await saveFigures(at(NOW_2026), dept, 2025, { 'v:t3.received.natural': '7', 'n:t3.received.natural': '纸质登记簿补录1件' });
    const { document: d } = await liveReport(at(NOW_2026), dept, 2025);
    const failing = d.checks.filter((c) => c.status === 'fails').map((c) => [c.id, c.difference]);
    assert.deepEqual(
      failing.filter(([id]) => String(id).startsWith('t3.')),
      [
        ['t3.balance.natural', 1],
        ['t3.row.received', 1],
      ],
    );
    const balance = d.checks.find((c) => c.id === 't3.balance.natural')!;
    assert.deepEqual(balance.cells, ['t3.received.natural', 't3.carriedIn.natural', 't3.total.natural', 't3.carriedOut.natural']);
    await saveFigures(at(NOW_2026), dept, 2025, { 'v:t3.received.natural': '' });
    const again = await liveReport(at(NOW_2026), dept, 2025);
    assert.deepEqual(
      again.document.checks.filter((c) => c.status === 'fails' && c.basis !== 'publication').map((c) => c.id),
      [],
    );
  });

  test('publishing needs a reason for every failing check; the published report is frozen; re-opening is audited; the revision shows', async () => {
    const ctx = at(NOW_2026);
    await assert.rejects(publishReport(ctx, dept, 2025, {}), (e: Error & { fields?: Record<string, string> }) => {
      assert.deepEqual(Object.keys(e.fields ?? {}), ['reason:publication.overviewComplete', 'reason:publication.problemsWritten']);
      return true;
    });
    await saveNarrative(ctx, dept, 2025, { overview: '本年度工作概述。', problems: '一是……二是……', other: '无。' });
    const doc = await publishReport(ctx, dept, 2025, {});
    assert.equal(doc.status, 'published');
    assert.equal(doc.revision, 1);
    assert.equal(doc.figures[t3Key('received', 'total')], 25);

    // Later records do not change what was published.
    await insertCases(db.handle, dept, [['natural', '2025-05-05', '2025-05-20', 'granted']]);
    assert.equal((await latestPublication(db.handle, dept, 2025))!.figures[t3Key('received', 'total')], 25);
    assert.equal((await exportDocument(ctx, dept, 2025)).figures[t3Key('received', 'total')], 25);
    assert.equal((await liveReport(ctx, dept, 2025)).document.figures[t3Key('received', 'total')], 26);

    // Locked: neither figures nor prose can change.
    await assert.rejects(saveFigures(ctx, dept, 2025, { 'v:t2.penalty.decisions': '3', 'n:t2.penalty.decisions': 'x' }), {
      statusCode: 409,
    });
    await assert.rejects(saveNarrative(ctx, dept, 2025, { overview: '改' }), { statusCode: 409 });
    await assert.rejects(
      reopenReport(ctx, dept, 2025, { reason: '' }),
      (e: Error & { fields?: Record<string, string> }) => !!e.fields?.reason,
    );
    await reopenReport(ctx, dept, 2025, { reason: '补录5月份纸质申请1件' });
    const audit = await db.handle.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'like', 'report.%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      // two departments' entries, the correction and its removal; the prose; publish; re-open
      ['report.figures', 'report.figures', 'report.figures', 'report.figures', 'report.narrative', 'report.publish', 'report.reopen'],
    );
    assert.match(audit.at(-1)!.details, /补录5月份纸质申请1件/);
    const second = await publishReport(ctx, dept, 2025, {});
    assert.equal(second.revision, 2);
    assert.equal(second.figures[t3Key('received', 'total')], 26);
    assert.deepEqual(
      second.revisions.map((r) => [r.revision, r.reopenReason]),
      [
        [1, '补录5月份纸质申请1件'],
        [2, null],
      ],
    );
  });

  test('next year’s carry-in is checked against this year’s published carry-out', async () => {
    // Published 2025 said 4 carried out; a case closed in 2025 is later re-dated into 2026.
    const moved = await db.handle.db
      .updateTable('applications')
      .set({ closed_on: '2026-01-09' })
      .where('agency_id', '=', dept)
      .where('received_on', '=', '2025-10-09')
      .returning('id')
      .execute();
    assert.equal(moved.length, 1);
    const { document: d } = await liveReport(at(new Date('2027-01-10T02:00:00Z')), dept, 2026);
    const carry = d.checks.find((c) => c.id === 't3.carry.total')!;
    assert.equal(carry.status, 'fails');
    assert.equal(carry.difference, 1);
    assert.equal(d.checks.find((c) => c.id === 't3.carry.natural')!.status, 'holds');
  });

  test('deadlines: a department by 31 January, a government by 31 March; who is late', async () => {
    const t = await reportTimeliness(at(new Date('2026-02-15T02:00:00Z')), city, 2025);
    assert.deepEqual(
      t.agencies.map((a) => [a.name, a.deadline, a.timeliness.status]),
      [
        ['丙市人民政府', '2026-03-31', 'pending'],
        ['丙市教育局', '2026-01-31', 'publishedLate'],
        ['丙县人民政府', '2026-03-31', 'pending'],
        ['丙县教育局', '2026-01-31', 'overdue'],
      ],
    );
    assert.equal(t.agencies[1]!.timeliness.daysLate, 29); // first published 2026-03-01
    assert.equal(t.agencies[3]!.timeliness.daysLate, 15);
  });
});

describe('the legacy table for a year before 2019', () => {
  test('2012: items by channel, normative documents by mode, consultations, applications by channel, replies mapped', async () => {
    const h = db.handle;
    const bureau = (await agency(h, { name: '丙市环境保护局', kind: 'department', parentId: city })).id;
    await h.db
      .insertInto('items')
      .values([
        itemRow({ agency_id: bureau, title: 'a', written_on: '2012-02-01', published_on: '2012-02-03', channels: '["website","gazette"]' }),
        itemRow({ agency_id: bureau, title: 'b', written_on: '2012-03-01', published_on: '2012-03-03', channels: '["website"]' }),
        itemRow({
          agency_id: bureau,
          title: 'c',
          written_on: '2012-04-01',
          published_on: '2012-04-03',
          channels: '["pressConference","newMedia"]',
        }),
        itemRow({
          agency_id: bureau,
          title: 'n1',
          doc_type: 'normativeDoc',
          written_on: '2012-05-01',
          published_on: '2012-05-03',
          channels: '["website"]',
        }),
        itemRow({
          agency_id: bureau,
          title: 'n2',
          doc_type: 'normativeDoc',
          written_on: '2012-06-01',
          published_on: '2012-06-03',
          disclosure_mode: 'onRequest',
        }),
        itemRow({
          agency_id: bureau,
          title: 'n3',
          doc_type: 'normativeDoc',
          written_on: '2012-07-01',
          published_on: '2012-07-03',
          disclosure_mode: 'withheld',
        }),
      ])
      .execute();
    await insertConsultations(h, bureau, [
      ['onsite', '2012-03-01'],
      ['onsite', '2012-04-01'],
      ['phone', '2012-05-01'],
      ['online', '2011-12-30'],
    ]);
    await insertCases(
      h,
      bureau,
      [
        ['natural', '2012-02-01', '2012-02-20', 'granted'],
        ['natural', '2012-03-01', '2012-03-20', 'partial'],
        ['business', '2012-04-01', '2012-04-20', 'notHeld'],
        ['natural', '2012-05-01', '2012-05-20', 'stateSecret'],
        ['natural', '2012-12-20', null, null],
      ],
      [{ channel: 'inPerson' }, { channel: 'online' }, { channel: 'letter' }, { channel: 'fax' }, { channel: 'email' }],
    );
    await insertAppeals(h, bureau, [['reconsideration', '2012-06-01', 'upheld', '2012-08-01']]);
    await h.db
      .insertInto('view_counts')
      .values([
        { target: `agency:${bureau}:home`, day: '2012-03-01', count: 40 },
        {
          target: `item:${(await h.db.selectFrom('items').select('id').where('agency_id', '=', bureau).where('title', '=', 'a').executeTakeFirstOrThrow()).id}`,
          day: '2012-03-02',
          count: 2,
        },
      ])
      .execute();
    const { document: d } = await liveReport(at(NOW_2026), bureau, 2012);
    assert.equal(d.format, 'legacy');
    const expected: Record<string, number | null> = {
      '01': 4,
      '02': 0,
      '03': 0,
      '04': 3,
      '05': 1,
      '06': 1,
      '07': 0,
      '08': 1,
      '09': 3,
      '10': 1,
      '11': 1,
      '12': 1,
      '13': null,
      '14': 42,
      '15': 3,
      '16': 2,
      '17': 0,
      '18': 1,
      '19': 5,
      '20': 1,
      '21': 1,
      '22': 1,
      '23': 1,
      '24': 1,
      '25': 4,
      '26': 1,
      '27': 1,
      '28': 2,
      '29': 0,
      '30': 0,
      '31': 1,
      '32': 0,
      '39': 1,
      '40': 1,
      '41': 0,
      '52': null,
    };
    for (const [code, v] of Object.entries(expected)) assert.equal(d.figures[legacyKey(code)], v, `legacy ${code}`);
    assert.deepEqual(
      d.checks.filter((c) => c.status === 'fails' && c.basis !== 'publication').map((c) => c.id),
      [],
    );
    // 2007 条例 第三十一条: every agency by 31 March.
    assert.equal(d.deadline.date, '2013-03-31');
  });
});
