// 咨询 and 行政复议/行政诉讼 over HTTP on the real database: recorded by channel and kind, linked to
// the application, decided once; bad input refused naming the field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { registerApplication } from '../src/features/applications/service.js';
import { applicant } from './helpers/applications.js';
import { type TestDb, testDb } from './helpers/db.js';
import { PASSWORD, sys, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

let db: TestDb;
let running: Running;
let t: Awaited<ReturnType<typeof twoTrees>>;
before(async () => {
  db = await testDb();
  t = await twoTrees(db.handle);
  await user(db.handle, 'officer', t.deptA.id, [['officer', t.deptA.id]]);
  await user(db.handle, 'handler', t.deptA.id, [['handler', t.deptA.id]]);
  running = await startApp(db.handle, { now: () => new Date('2024-10-08T02:00:00Z') });
});
after(async () => {
  await running.close();
  await db.cleanup();
});

async function as(name: string) {
  const c = new Client(running.base);
  assert.equal((await c.login(name, PASSWORD)).status, 303);
  return c;
}

test('consultations: by channel, counted for the year; bad input refused', async () => {
  const o = await as('officer');
  const url = `/admin/agencies/${t.deptA.id}/consultations`;
  await o.get(url);
  const table: [Record<string, string>, RegExp][] = [
    [{ channel: '', occurredOn: '2024-10-08', topic: '保留的事项' }, /请选择咨询方式/],
    [{ channel: 'phone', occurredOn: '2024-10-09', topic: '保留的事项' }, /咨询日期不能晚于今天/],
    [{ channel: 'phone', occurredOn: '2024-02-30', topic: '保留的事项' }, /2024年2月没有30日/],
  ];
  for (const [form, message] of table) {
    const r = await o.post(url, form);
    assert.equal(r.status, 400);
    assert.match(r.text, message);
    assert.match(r.text, /value="保留的事项"/);
  }
  for (const channel of ['onsite', 'phone', 'phone', 'online'])
    assert.equal((await o.post(url, { channel, occurredOn: '2024-10-08', topic: '如何申请' })).status, 303);
  assert.match((await o.get(url)).text, /现场 1 人次，网上 1 人次，电话 2 人次/);
  const rows = await db.handle.db
    .selectFrom('consultations')
    .select(['channel', 'occurred_on'])
    .where('agency_id', '=', t.deptA.id)
    .execute();
  assert.equal(rows.length, 4);
});

test('appeals: linked to the application by its 查询码, decided once, not before filing', async () => {
  const app = await registerApplication(sys(db.handle), t.deptA.id, { ...applicant(1), channel: 'inPerson', receivedOn: '2024-09-02' });
  const h = await as('handler');
  const url = `/admin/agencies/${t.deptA.id}/appeals`;
  await h.get(url);
  const bad = await h.post(url, { kind: 'reconsideration', filedOn: '2024-10-01', trackingCode: 'ABCD-EFGH-JKMN' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /本机关没有该查询码的申请/);
  assert.equal(
    (await h.post(url, { kind: 'litigationDirect', filedOn: '2024-10-01', trackingCode: app.tracking_code, caseNo: '（2024）示行初1号' }))
      .status,
    303,
  );
  const a = await db.handle.db.selectFrom('appeals').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([a.kind, a.application_id, a.result], ['litigationDirect', app.id, null]);
  await h.get(url);
  const early = await h.post(`/admin/appeals/${a.id}/decide`, { result: 'upheld', decidedOn: '2024-09-30' });
  assert.equal(early.status, 400);
  assert.match(early.text, /不能早于申请复议或起诉之日/);
  assert.equal((await h.post(`/admin/appeals/${a.id}/decide`, { result: 'upheld', decidedOn: '2024-10-08' })).status, 303);
  const twice = await h.post(`/admin/appeals/${a.id}/decide`, { result: 'corrected', decidedOn: '2024-10-08' });
  assert.equal(twice.status, 400);
  assert.match(twice.text, /不能再次登记结果/);
  const after = await db.handle.db.selectFrom('appeals').select(['result', 'decided_on']).where('id', '=', a.id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { result: 'upheld', decided_on: '2024-10-08' });
});
