// The clock table through the real service on the real database: each case registered by its
// channel, each step done on its own day by the people who do it (handler, approver, the applicant
// on the tracking page), then the case read back on `today` — and the columns the annual report
// counts checked against the events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../src/features/applications/cases.js';
import { getCase } from '../src/features/applications/queries.js';
import {
  confirmReceipt,
  decideExtension,
  newFormToken,
  notifyFee,
  recordClockClosure,
  recordConsultationAnswer,
  recordCorrection,
  recordPayment,
  registerApplication,
  reply,
  requestCorrection,
  requestExtension,
  sendConsultation,
  submitPublic,
  withdraw,
} from '../src/features/applications/service.js';
import type { Ctx } from '../src/features/context.js';
import { applicant } from './helpers/applications.js';
import { type ClockCase, clockCases, observed } from './helpers/clockCases.js';
import { type TestDb, testDb } from './helpers/db.js';
import { twoTrees, user } from './helpers/fixtures.js';

let db: TestDb;
let agencyId: number;
let handler: Awaited<ReturnType<typeof user>>;
let approver: Awaited<ReturnType<typeof user>>;

before(async () => {
  db = await testDb();
  const t = await twoTrees(db.handle);
  agencyId = t.deptA.id;
  handler = await user(db.handle, 'handler', agencyId, [['handler', agencyId]]);
  approver = await user(db.handle, 'approver', agencyId, [['approver', agencyId]]);
});
after(() => db.cleanup());

const at = (day: string) => () => new Date(`${day}T02:00:00Z`);
function as(u: typeof handler | null, day: string): Ctx {
  const base = { db: db.handle.db, dbKind: db.handle.kind, now: at(day) };
  if (!u) return { ...base, principal: { kind: 'anonymous' }, actor: { id: null, label: 'public' } };
  return {
    ...base,
    principal: {
      kind: 'user',
      user: {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        agencyId: u.agency_id,
        isPlatformAdmin: false,
        mustChangePassword: false,
        sessionId: 'test',
      },
    },
    actor: { id: u.id, label: u.username },
  };
}

async function run(c: ClockCase, n: number): Promise<number> {
  const person = applicant(n);
  let id: number;
  if (c.channel === 'online') {
    const day = c.received ?? c.submitted!;
    const r = await submitPublic(as(null, day), { ...person, agencyId: String(agencyId), formToken: newFormToken() }, `10.0.${n}.1`);
    id = r.app.id;
    if (c.received) await confirmReceipt(as(handler, c.received), id, { receivedOn: c.received });
  } else {
    const extra = c.channel === 'oral' ? { note: '申请人口述，工作人员代为填写', oralConfirmed: '1' } : {};
    const app = await registerApplication(as(handler, c.received!), agencyId, {
      ...person,
      channel: c.channel,
      receivedOn: c.received,
      ...extra,
    });
    id = app.id;
  }
  const refs = new Map<string, string>();
  for (const s of c.steps) {
    const h = as(handler, s.on);
    switch (s.do) {
      case 'correction':
        await requestCorrection(h, id, { correctionItems: '请写明所需文件的年份', correctionPeriod: String(s.period) });
        break;
      case 'corrected':
        await recordCorrection(as(null, s.on), id, { correctionText: '补正：所需文件为2023年度' }, 'public');
        break;
      case 'consult': {
        await sendConsultation(h, id, { consultParty: s.party, consultKind: s.kind, consultMatter: '是否同意公开' });
        const e = (await getCase(h, id)).events.findLast((x) => x.type === 'consultationSent')!;
        refs.set(s.ref, e.data.ref as string);
        break;
      }
      case 'answer':
        await recordConsultationAnswer(h, id, { consultRef: refs.get(s.ref), consultOpinion: 'agree' });
        break;
      case 'extend':
        await requestExtension(h, id, { extensionWorkdays: String(s.workdays), extensionReason: '需要调取档案' });
        await decideExtension(as(approver, s.on), id, { extensionDecision: 'approve' });
        break;
      case 'fee':
        await notifyFee(h, id, { feeMethod: 'perVolume', feePages: String(s.pages) });
        break;
      case 'paid':
        await recordPayment(h, id);
        break;
      case 'reply':
        await reply(
          h,
          id,
          s.outcome === 'partial'
            ? { outcome: 'partial', withheld: '第三页个人信息：涉及个人隐私', access: '电子邮件发送' }
            : { outcome: s.outcome, access: '电子邮件发送' },
        );
        break;
      case 'withdraw':
        await withdraw(as(null, s.on), id, {}, 'public');
        break;
    }
  }
  return id;
}

test(`the clock table through the service: ${clockCases.length} cases`, async () => {
  for (const [n, c] of clockCases.entries()) {
    const id = await run(c, n);
    const view = await getCase(as(handler, c.today), id);
    assert.deepEqual(observed(view.clock), c.expect, c.name);
    // The report's columns follow the events: a closure the clock reached is written when recorded.
    if (view.clock.closed && !view.clock.closed.recorded) {
      assert.equal((await findApplication(db.handle.db, id)).closed_on, null, `${c.name}: not yet recorded`);
      assert.equal(await recordClockClosure(as(null, c.today), id), true);
      assert.equal(await recordClockClosure(as(null, c.today), id), false, 'recorded once');
    }
    const row = await findApplication(db.handle.db, id);
    assert.equal(row.channel, c.channel, c.name);
    assert.equal(row.received_on, c.received, c.name);
    assert.equal(row.closed_on, c.expect.closedOn, c.name);
    assert.equal(row.outcome, c.expect.outcome, c.name);
    assert.equal(
      row.fee_amount !== null,
      c.steps.some((s) => s.do === 'fee'),
      c.name,
    );
    assert.equal(row.fee_paid_on, c.steps.find((s) => s.do === 'paid')?.on ?? null, c.name);
  }
});
