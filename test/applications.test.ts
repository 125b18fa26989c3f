// On-request disclosure over real HTTP on the real database: the public form and tracking page,
// the case page and its actions, letters as HTML and DOCX — and every bad input of issue 4 item 11
// refused with a message that names the field, with what was typed still in the form.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { idCardCheckChar } from '../src/domain/scan.js';
import { verifyAuditChain } from '../src/features/audit/service.js';
import { applicant } from './helpers/applications.js';
import { type TestDb, testDb } from './helpers/db.js';
import { PASSWORD, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

// 2024-10-08 10:00 in China: the first working day after 国庆 2024.
let clock = new Date('2024-10-08T02:00:00Z');
let db: TestDb;
let running: Running;
let t: Awaited<ReturnType<typeof twoTrees>>;

before(async () => {
  db = await testDb();
  t = await twoTrees(db.handle);
  await user(db.handle, 'handler', t.deptA.id, [['handler', t.deptA.id]]);
  await user(db.handle, 'handler2', t.deptA.id, [['handler', t.deptA.id]]);
  await user(db.handle, 'approver', t.deptA.id, [['approver', t.deptA.id]]);
  await user(db.handle, 'admin', t.deptA.id, [['admin', t.deptA.id]]);
  running = await startApp(db.handle, { now: () => clock });
});
after(async () => {
  await running.close();
  await db.cleanup();
});

async function as(name: string) {
  const c = new Client(running.base);
  assert.equal((await c.login(name, PASSWORD)).status, 303, `login ${name}`);
  return c;
}

/** Opens the public form and returns its token with a client holding the CSRF cookie. */
async function publicForm(ip?: string) {
  const c = new Client(running.base, ip);
  const page = await c.get(`/apply?agency=${t.deptA.id}`);
  assert.equal(page.status, 200);
  const token = page.text.match(/name="formToken" value="([^"]+)"/)?.[1];
  assert.ok(token, 'the form carries a one-time token');
  return { c, token };
}

const count = async () =>
  Number(
    (
      await db.handle.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function submit(n: number, extra: Record<string, string> = {}) {
  const { c, token } = await publicForm();
  const r = await c.post('/apply', { ...applicant(n), agencyId: String(t.deptA.id), formToken: token, ...extra });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const done = await c.get('/apply/submitted');
  const code = done.text.match(/查询码：<code>([A-Z0-9-]+)<\/code>/)?.[1];
  assert.ok(code);
  const row = await db.handle.db.selectFrom('applications').selectAll().where('tracking_code', '=', code).executeTakeFirstOrThrow();
  return { c, code, id: row.id };
}

describe('the public form refuses bad input, naming the field and keeping what was typed', () => {
  const wrongCheck = (() => {
    const first17 = '33070219800101123';
    const ok = idCardCheckChar(first17);
    return first17 + (ok === '0' ? '1' : '0');
  })();
  const table: [string, Record<string, string>, RegExp][] = [
    ['a 身份证号 with a wrong check digit', { idNumber: wrongCheck }, /居民身份证号码校验位错误，应为/],
    ['a 身份证号 too short', { idNumber: '33070219800101' }, /应为18位/],
    [
      'an organisation with a wrong 统一社会信用代码',
      { applicantType: 'business', idType: 'creditCode', idNumber: '91350100M000100Y4Z' },
      /统一社会信用代码校验位错误，应为“3”/,
    ],
    ['no way to contact the applicant', { phone: '', email: '', address: '', delivery: 'pickup' }, /请至少填写一种联系方式/],
    ['an empty description', { description: '   ' }, /请描述您申请公开的政府信息/],
    ['e-mail delivery without an e-mail address', { email: '', delivery: 'email' }, /选择电子邮件获取的，请填写电子邮箱/],
    ['no applicant type', { applicantType: '' }, /请选择申请人类型/],
  ];
  for (const [name, change, message] of table) {
    test(name, async () => {
      const before = await count();
      const { c, token } = await publicForm();
      const form = { ...applicant(900), agencyId: String(t.deptA.id), formToken: token, name: '王小明（保留）', ...change };
      const r = await c.post('/apply', form);
      assert.equal(r.status, 400);
      assert.match(r.text, message);
      assert.match(r.text, /class="error-summary"/);
      assert.match(r.text, /value="王小明（保留）"/, 'the name typed is still there');
      if (change.description === undefined) assert.match(r.text, /请公开2023年城区道路改造工程第900标段的招标文件<\/textarea>/);
      assert.equal(await count(), before, 'nothing stored');
    });
  }
});

test('a double submit of the public form creates one case', async () => {
  const before = await count();
  const { c, token } = await publicForm();
  const form = { ...applicant(901), agencyId: String(t.deptA.id), formToken: token };
  const [a, b] = await Promise.all([c.post('/apply', form), c.post('/apply', form)]);
  assert.deepEqual([a.status, b.status], [303, 303]);
  const third = await c.post('/apply', form);
  assert.equal(third.location, '/apply/submitted?again=1');
  assert.match((await c.get(third.location!)).text, /已经提交过，未重复提交/);
  assert.equal(await count(), before + 1);
});

test('apply → confirm receipt → tracking page shows events and the 受理回执 as HTML and DOCX', async () => {
  const { c, code, id } = await submit(1);
  const waiting = await c.get('/apply/case');
  assert.match(waiting.text, /等待本机关确认/);

  const h = await as('handler');
  const page = await h.get(`/admin/applications/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /待确认收到/);
  assert.equal((await h.post(`/admin/applications/${id}/receive`, { receivedOn: '2024-10-08' })).status, 303);
  const after = await h.get(`/admin/applications/${id}`);
  assert.match(after.text, /<strong>2024-11-04<\/strong>/, '20 working days after 2024-10-08 (10-12 is a 补班 Saturday)');
  assert.match(after.text, /计入的调休上班日：2024-10-12/);

  const anon = new Client(running.base);
  await anon.get('/apply/track');
  const wrong = await anon.post('/apply/track', { trackingCode: code, contact: '13900000000' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /查询码与联系方式不匹配/);
  assert.match(wrong.text, new RegExp(`value="${code}"`));
  const ok = await anon.post('/apply/track', {
    trackingCode: code.toLowerCase().replace(/-/g, ''),
    contact: applicant(1).email.toUpperCase(),
  });
  assert.equal(ok.status, 303);
  const tracking = await anon.get('/apply/case');
  assert.match(tracking.text, /确认收到申请，收到申请之日为 2024-10-08/);
  const letterId = tracking.text.match(/href="\/apply\/case\/letters\/(\d+)"/)?.[1];
  assert.ok(letterId);
  const html = await anon.get(`/apply/case/letters/${letterId}`);
  assert.match(html.text, /政府信息公开申请受理回执/);
  assert.match(html.text, /公开〔2024〕1号/);
  assert.match(html.text, /2024年11月4日前/);
  const docx = await fetch(`${running.base}/apply/case/letters/${letterId}/docx`, {
    headers: { cookie: [...anon.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(docx.status, 200);
  assert.equal(
    Buffer.from(await docx.arrayBuffer())
      .subarray(0, 2)
      .toString(),
    'PK',
    'a DOCX is a zip',
  );
  // Another visitor without the cookie sees nothing.
  assert.equal((await new Client(running.base).get(`/apply/case/letters/${letterId}`)).status, 404);
  const mail = await db.handle.db.selectFrom('outbox').selectAll().where('application_id', '=', id).execute();
  assert.equal(mail.length, 1, 'the receipt is mailed to the applicant');
  assert.equal(mail[0]!.to_address, applicant(1).email);
});

test('correction: only within 7 working days, only once; the applicant corrects on the tracking page', async () => {
  const { c, id } = await submit(2);
  const h = await as('handler');
  await h.get(`/admin/applications/${id}`);
  await h.post(`/admin/applications/${id}/receive`, { receivedOn: '2024-10-08' });
  const empty = await h.post(`/admin/applications/${id}/correction`, { correctionItems: '', correctionPeriod: '10' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /补正事项：请逐项写明需要补正的内容/);
  assert.equal(
    (await h.post(`/admin/applications/${id}/correction`, { correctionItems: '请写明年份', correctionPeriod: '10' })).status,
    303,
  );
  const second = await h.post(`/admin/applications/${id}/correction`, { correctionItems: '请再写明地点', correctionPeriod: '10' });
  assert.equal(second.status, 400);
  assert.match(second.text, /一次性告知/);
  assert.match(second.text, /请再写明地点<\/textarea>/, 'what was typed is kept');

  const before = (await c.get('/apply/case')).text;
  assert.match(before, /提交补正/);
  const blank = await c.post('/apply/case/correction', { correctionText: '' });
  assert.equal(blank.status, 400);
  assert.match(blank.text, /请填写补正内容/);
  assert.equal((await c.post('/apply/case/correction', { correctionText: '所需为2023年度的文件' })).status, 303);
  assert.match((await c.get('/apply/case')).text, /收到补正：所需为2023年度的文件/);

  // A case received on 2024-09-27: on 2024-10-14 the 7 working days (to 10-12) have passed.
  // (Sessions end after 12 idle hours, so each day signs in afresh.)
  try {
    clock = new Date('2024-09-27T02:00:00Z');
    const late = await submit(3);
    const h1 = await as('handler');
    await h1.get(`/admin/applications/${late.id}`);
    assert.equal((await h1.post(`/admin/applications/${late.id}/receive`, { receivedOn: '2024-09-27' })).status, 303);
    clock = new Date('2024-10-14T02:00:00Z');
    const h2 = await as('handler');
    await h2.get(`/admin/applications/${late.id}`);
    const tooLate = await h2.post(`/admin/applications/${late.id}/correction`, { correctionItems: '请写明年份', correctionPeriod: '10' });
    assert.equal(tooLate.status, 400);
    assert.match(tooLate.text, /7个工作日内.*2024-10-12/);
  } finally {
    clock = new Date('2024-10-08T02:00:00Z');
  }
});

test('extension: only an approver decides, not the one who asked, only once, at most 20 working days', async () => {
  const { id } = await submit(4);
  const h = await as('handler');
  await h.get(`/admin/applications/${id}`);
  await h.post(`/admin/applications/${id}/receive`, { receivedOn: '2024-10-08' });
  const tooLong = await h.post(`/admin/applications/${id}/extension`, { extensionWorkdays: '21', extensionReason: '档案多' });
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.text, /1至20个工作日/);
  assert.equal(
    (await h.post(`/admin/applications/${id}/extension`, { extensionWorkdays: '20', extensionReason: '需调取档案' })).status,
    303,
  );
  assert.equal(
    (await h.post(`/admin/applications/${id}/extension-decision`, { extensionDecision: 'approve' })).status,
    403,
    'a handler is not an approver',
  );
  const a = await as('approver');
  await a.get(`/admin/applications/${id}`);
  assert.equal((await a.post(`/admin/applications/${id}/extension-decision`, { extensionDecision: 'approve' })).status, 303);
  const page = await h.get(`/admin/applications/${id}`);
  assert.match(page.text, /<strong>2024-12-02<\/strong>/, '40 working days after 2024-10-08');
  assert.match(page.text, /延期答复告知书/);
  const again = await h.post(`/admin/applications/${id}/extension`, { extensionWorkdays: '5', extensionReason: '还需时间' });
  assert.equal(again.status, 400);
  assert.match(again.text, /只允许延期一次/);
});

test('fees: one method only; the notice pauses the clock; payment resumes it', async () => {
  const { id } = await submit(5);
  const h = await as('handler');
  await h.get(`/admin/applications/${id}`);
  await h.post(`/admin/applications/${id}/receive`, { receivedOn: '2024-10-08' });
  const both = await h.post(`/admin/applications/${id}/fee`, { feeMethod: ['perPiece', 'perVolume'], feePages: '40' });
  assert.equal(both.status, 400);
  assert.match(both.text, /只能选择按件或按量一种方式/);
  const free = await h.post(`/admin/applications/${id}/fee`, { feeMethod: 'perPiece' });
  assert.equal(free.status, 400);
  assert.match(free.text, /0元，无需收费/, 'the first application of the month is free');
  assert.equal((await h.post(`/admin/applications/${id}/fee`, { feeMethod: 'perVolume', feePages: '150' })).status, 303);
  const row = await db.handle.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.fee_amount, 1700);
  assert.equal(row.stage, 'awaitingFee');
  const page = await h.get(`/admin/applications/${id}`);
  assert.match(page.text, /暂停计算（剩余 20 个工作日）/);
  const letter = await db.handle.db
    .selectFrom('application_letters')
    .selectAll()
    .where('application_id', '=', id)
    .where('kind', '=', 'fee')
    .executeTakeFirstOrThrow();
  assert.match(letter.body, /应缴金额：1700元/);
  assert.match(letter.body, /第31—100页 70页，每页10元，计700元；第101—200页 50页，每页20元，计1000元/);
  assert.equal((await h.post(`/admin/applications/${id}/fee-paid`)).status, 303);
  assert.equal(
    (await db.handle.db.selectFrom('applications').select('fee_paid_on').where('id', '=', id).executeTakeFirstOrThrow()).fee_paid_on,
    '2024-10-08',
  );
});

test('reply: exactly one outcome, reasons where the taxonomy needs them, 部分公开 with each withheld part', async () => {
  const { c, id } = await submit(6);
  const h = await as('handler');
  await h.get(`/admin/applications/${id}`);
  await h.post(`/admin/applications/${id}/receive`, { receivedOn: '2024-10-08' });
  const none = await h.post(`/admin/applications/${id}/reply`, { reasons: '理由保留' });
  assert.equal(none.status, 400);
  assert.match(none.text, /请选择一种答复结果/);
  assert.match(none.text, /理由保留<\/textarea>/);
  const two = await h.post(`/admin/applications/${id}/reply`, { outcome: ['granted', 'stateSecret'] });
  assert.equal(two.status, 400);
  assert.match(two.text, /只能有一种答复结果/);
  const noReason = await h.post(`/admin/applications/${id}/reply`, { outcome: 'stateSecret' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /须说明理由/);
  const badPart = await h.post(`/admin/applications/${id}/reply`, { outcome: 'partial', withheld: '第三页没有理由', access: '电子邮件' });
  assert.equal(badPart.status, 400);
  assert.match(badPart.text, /第1行应写成“不予公开的部分：理由”/);
  assert.equal(
    (
      await h.post(`/admin/applications/${id}/reply`, {
        outcome: 'partial',
        withheld: '第三页联系人电话：涉及个人隐私（第十五条）',
        access: '随本答复提供电子文档',
      })
    ).status,
    303,
  );
  const row = await db.handle.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.closed_on, row.outcome], ['2024-10-08', 'partial']);
  const tracking = await c.get('/apply/case');
  assert.match(tracking.text, /（二）部分公开/);
  const letter = await db.handle.db
    .selectFrom('application_letters')
    .selectAll()
    .where('application_id', '=', id)
    .where('kind', '=', 'reply.partial')
    .executeTakeFirstOrThrow();
  assert.match(letter.body, /1\. 第三页联系人电话：涉及个人隐私/);
  assert.match(letter.body, /六十日内.*申请行政复议.*六个月内.*提起行政诉讼/);
  const again = await h.post(`/admin/applications/${id}/reply`, { outcome: 'granted', access: 'x' });
  assert.equal(again.status, 400);
  assert.match(again.text, /不能再次答复/);
});

test('transfer: the sender replies 三(四)1 naming the agency; the receiver gets its own case', async () => {
  const { c, id } = await submit(7);
  const h = await as('handler');
  await h.get(`/admin/applications/${id}`);
  await h.post(`/admin/applications/${id}/receive`, { receivedOn: '2024-10-08' });
  const outside = await h.post(`/admin/applications/${id}/transfer`, { toAgencyId: String(t.deptB.id) });
  assert.equal(outside.status, 400);
  assert.match(outside.text, /同一机关树/);
  assert.equal((await h.post(`/admin/applications/${id}/transfer`, { toAgencyId: String(t.countyDeptA.id) })).status, 303);
  const sender = await db.handle.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([sender.outcome, sender.closed_on], ['notHeld', '2024-10-08']);
  const receiver = await db.handle.db
    .selectFrom('applications')
    .selectAll()
    .where('transferred_from_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    [receiver.agency_id, receiver.received_on, receiver.stage, receiver.channel],
    [t.countyDeptA.id, '2024-10-08', 'running', 'online'],
  );
  assert.match((await c.get('/apply/case')).text, new RegExp(`新的查询码为 <code>${receiver.tracking_code}</code>`));
});

test('claim and assign: the department queue, then my queue', async () => {
  const { id } = await submit(8);
  const h2 = await as('handler2');
  const pool = await h2.get('/admin/applications');
  assert.match(pool.text, new RegExp(`/admin/applications/${id}"`));
  await h2.get(`/admin/applications/${id}`);
  assert.equal((await h2.post(`/admin/applications/${id}/claim`)).status, 303);
  const h = await as('handler');
  await h.get(`/admin/applications/${id}`);
  const taken = await h.post(`/admin/applications/${id}/claim`);
  assert.equal(taken.status, 400);
  assert.match(taken.text, /已由测试handler2认领/);
  const queue = await h.get(`/admin/agencies/${t.deptA.id}/applications`);
  assert.equal(queue.status, 200);
  assert.match(queue.text, /测试handler2/);
});

test('every change of a case is in the audit chain', async () => {
  const actions = await db.handle.db.selectFrom('audit_log').select('action').where('object_type', '=', 'application').execute();
  for (const a of [
    'application.submitted',
    'application.received',
    'application.correctionRequested',
    'application.replied',
    'application.feeNotified',
  ])
    assert.ok(
      actions.some((x) => x.action === a),
      a,
    );
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
});
