// The annual report from cases worked through the applications service, end to end: every case is
// registered, answered, extended, transferred, withdrawn or closed by the clock on its own day by
// the people who do it; then the 2025 reports are computed and their cells, their balance and the
// 按期答复率 are checked against what those cases must give. Runs on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkReport, exactReadings } from '../src/domain/report/checks.js';
import { t3Key, table3Rows } from '../src/domain/report/formats.js';
import {
  decideExtension,
  recordClockClosure,
  registerApplication,
  reply,
  requestCorrection,
  requestExtension,
  transfer,
  withdraw,
} from '../src/features/applications/service.js';
import { liveReport } from '../src/features/reports/service.js';
import { applicant } from './helpers/applications.js';
import { type TestDb, testDb } from './helpers/db.js';
import { actingOn, creditCode, sys, twoTrees, user } from './helpers/fixtures.js';

let db: TestDb;
let dept: number;
let other: number;
let handler: Awaited<ReturnType<typeof user>>;

const as = (u: typeof handler, day: string) => actingOn(db.handle, u, day);
const granted = { outcome: 'granted', access: '电子邮件发送' };

async function registered(n: number, receivedOn: string, extra: Record<string, string> = {}) {
  const app = await registerApplication(as(handler, receivedOn), dept, { ...applicant(n), channel: 'inPerson', receivedOn, ...extra });
  return app.id;
}

before(async () => {
  db = await testDb();
  const t = await twoTrees(db.handle);
  dept = t.deptA.id;
  other = t.countyDeptA.id;
  handler = await user(db.handle, 'handler', dept, [['handler', dept]]);
  const approver = await user(db.handle, 'approver', dept, [['approver', dept]]);

  // 1. Received in 2024, granted on 2025-01-06, within its 20 working days: carried in, on time.
  await reply(as(handler, '2025-01-06'), await registered(1, '2024-12-20'), granted);
  // 2. Granted within a week.
  await reply(as(handler, '2025-03-10'), await registered(2, '2025-03-03'), granted);
  // 3. An enterprise's application, withheld as a state secret, on time.
  const c3 = await registered(3, '2025-03-04', {
    applicantType: 'business',
    name: '示例科技有限公司',
    contactPerson: '王经理',
    idType: 'creditCode',
    idNumber: creditCode(),
  });
  await reply(as(handler, '2025-03-20'), c3, { outcome: 'stateSecret', reasons: '所申请信息已依法确定为国家秘密' });
  // 4. 20 working days from 2025-04-01 end on 04-29 (清明 and 劳动节 skipped, 04-27 worked); an
  //    approved extension of 20 more makes the 05-15 reply on time.
  const c4 = await registered(4, '2025-04-01');
  await requestExtension(as(handler, '2025-04-22'), c4, { extensionWorkdays: '20', extensionReason: '需要调取档案' });
  await decideExtension(as(approver, '2025-04-22'), c4, { extensionDecision: 'approve' });
  await reply(as(handler, '2025-05-15'), c4, { outcome: 'partial', withheld: '第三页个人信息：涉及个人隐私', access: '电子邮件发送' });
  // 5. Answered on 2025-07-01, weeks after its period ended on 06-04: late.
  await reply(as(handler, '2025-07-01'), await registered(5, '2025-05-06'), {
    outcome: 'notHeld',
    reasons: '经检索，本机关未制作或获取该信息',
  });
  // 6. A correction asked for and never given: closed by the clock (三(六)1); nothing was answered.
  const c6 = await registered(6, '2025-06-02');
  await requestCorrection(as(handler, '2025-06-04'), c6, { correctionItems: '请写明所需文件的年份', correctionPeriod: '10' });
  assert.equal(await recordClockClosure(sys(db.handle), c6), true);
  // 7. Withdrawn by the applicant (三(六)3): nothing was answered either.
  await withdraw(as(handler, '2025-07-03'), await registered(7, '2025-07-01'), { withdrawReason: '已通过其他途径获取' }, 'staff');
  // 8. Not this agency's: transferred, which answers 三(四)1 here and opens a case at the other agency.
  await transfer(as(handler, '2025-08-05'), await registered(8, '2025-08-01'), { toAgencyId: String(other) });
  // 9. Received just before the year's end and answered in 2026: carried out.
  await reply(as(handler, '2026-01-12'), await registered(9, '2025-12-22'), granted);
  // 10. Received in 2026: not in the 2025 report.
  await registered(10, '2026-01-05');
});
after(() => db.cleanup());

const at2026 = () => ({ ...sys(db.handle), now: () => new Date('2026-03-01T02:00:00Z') });

test('table 三 of 2025 counts each case once, in the row of how it ended, in its applicant’s column', async () => {
  const { document: d } = await liveReport(at2026(), dept, 2025);
  const expected: Record<string, number> = {
    [t3Key('received', 'natural')]: 7, // 2, 4, 5, 6, 7, 8, 9
    [t3Key('received', 'business')]: 1, // 3
    [t3Key('received', 'total')]: 8,
    [t3Key('carriedIn', 'natural')]: 1, // 1
    [t3Key('carriedIn', 'total')]: 1,
    [t3Key('granted', 'natural')]: 2, // 1, 2
    [t3Key('granted', 'total')]: 2,
    [t3Key('partial', 'natural')]: 1, // 4
    [t3Key('partial', 'total')]: 1,
    [t3Key('stateSecret', 'business')]: 1, // 3
    [t3Key('stateSecret', 'total')]: 1,
    [t3Key('notHeld', 'natural')]: 2, // 5, 8 (transferred)
    [t3Key('notHeld', 'total')]: 2,
    [t3Key('noCorrection', 'natural')]: 1, // 6
    [t3Key('noCorrection', 'total')]: 1,
    [t3Key('otherReason', 'natural')]: 1, // 7 (withdrawn)
    [t3Key('otherReason', 'total')]: 1,
    [t3Key('total', 'natural')]: 7,
    [t3Key('total', 'business')]: 1,
    [t3Key('total', 'total')]: 8,
    [t3Key('carriedOut', 'natural')]: 1, // 9
    [t3Key('carriedOut', 'total')]: 1,
  };
  const t3 = Object.entries(d.figures).filter(([k]) => k.startsWith('t3.'));
  assert.equal(t3.length, table3Rows('national2021').length * 7);
  for (const [key, value] of t3) assert.equal(value, expected[key] ?? 0, key);
  // Every identity of the format holds on the whole document (table 四 is all zeros here).
  const cells = new Map(Object.entries(d.figures).flatMap(([k, v]) => (v === null ? [] : [[k, v] as const])));
  const failing = checkReport('national2021', exactReadings(cells)).filter((r) => r.status !== 'holds');
  assert.deepEqual(
    failing.map((r) => r.identity.id),
    [],
  );
});

test('按期答复率 counts the answers by the reply period the clock fixed, extension included', async () => {
  const { document: d } = await liveReport(at2026(), dept, 2025);
  // Answered in 2025: 1, 2, 3, 4, 5 and 8; the clock's closure (6) and the withdrawal (7) answer nothing.
  assert.equal(d.summary.replied, 6);
  // Late: 5 only; 4 is on time by its extension.
  assert.equal(d.summary.repliedOnTime, 5);
  assert.match(d.narrative.overview, /本年答复申请6件，其中在法定期限内答复5件，按期答复率83\.3%/);
});

test('the transferred application is the receiving agency’s new case, received on the day of the transfer', async () => {
  const { document: d } = await liveReport(at2026(), other, 2025);
  assert.equal(d.figures[t3Key('received', 'natural')], 1);
  assert.equal(d.figures[t3Key('carriedOut', 'natural')], 1);
  const moved = await db.handle.db
    .selectFrom('applications')
    .select(['received_on', 'transferred_from_id'])
    .where('agency_id', '=', other)
    .executeTakeFirstOrThrow();
  assert.equal(moved.received_on, '2025-08-05');
  assert.ok(moved.transferred_from_id);
});
