import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { article20Categories, article21CityCountyCategories } from '../src/domain/catalog.js';
import { idCardCheckChar } from '../src/domain/scan.js';
import { verifyAuditChain } from '../src/features/audit/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { PASSWORD, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

// The platform's clock for this file: 2024-10-31 10:00 in China.
const NOW = new Date('2024-10-31T02:00:00Z');

let db: TestDb;
let running: Running;
let t: Awaited<ReturnType<typeof twoTrees>>;
const idNo = (() => {
  const first17 = '33070219800101123';
  return first17 + idCardCheckChar(first17);
})();

before(async () => {
  db = await testDb();
  t = await twoTrees(db.handle);
  await user(db.handle, 'officer', t.deptA.id, [['officer', t.deptA.id]]);
  await user(db.handle, 'reviewer', t.deptA.id, [['reviewer', t.deptA.id]]);
  await user(db.handle, 'reviewer2', t.deptA.id, [['reviewer', t.deptA.id]]);
  await user(db.handle, 'approver', t.deptA.id, [['approver', t.deptA.id]]);
  await user(db.handle, 'admin', t.deptA.id, [['admin', t.deptA.id]]);
  await user(db.handle, 'reviewer3', t.deptA.id, [['reviewer', t.deptA.id]]);
  await user(db.handle, 'editor', t.deptA.id, [
    ['officer', t.deptA.id],
    ['reviewer', t.deptA.id],
  ]);
  running = await startApp(db.handle, { now: () => NOW });
});
after(async () => {
  await running.close();
  await db.cleanup();
});

async function as(name: string) {
  const c = new Client(running.base);
  const r = await c.login(name, PASSWORD);
  assert.equal(r.status, 303, `login ${name}`);
  return c;
}

async function leafCategory(): Promise<number> {
  const officer = await as('officer');
  const form = await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const id = form.text.match(/<option value="(\d+)">　[^<]*法规文件/)?.[1];
  assert.ok(id, 'the form offers the default 法规文件 category');
  return Number(id);
}

function itemForm(categoryId: number, extra: Record<string, unknown> = {}) {
  return {
    title: '关于做好2024年秋季开学工作的通知',
    docNo: '甲教发〔2024〕12号',
    issuer: '甲市教育局',
    writtenOn: '2024-09-27',
    categoryId,
    topic: '教育\\基础教育',
    disclosureMode: 'proactive',
    period: 'permanent',
    docType: 'normativeDoc',
    validity: 'valid',
    summary: '部署秋季开学工作。',
    body: `<h2>一、总体要求</h2><p>联系人身份证号 ${idNo}，请核对。</p><p onclick="x">段落</p>`,
    channels: ['website', 'gazette'],
    ...extra,
  };
}

test('the default catalog follows 条例 第二十条 and, for a city, 第二十一条', async () => {
  const admin = await as('admin');
  const page = await admin.get(`/admin/agencies/${t.deptA.id}/categories`);
  assert.equal(page.status, 200);
  for (const c of [...article20Categories, ...article21CityCountyCategories]) assert.ok(page.text.includes(c.name), c.name);
  const rows = await db.handle.db.selectFrom('categories').select('id').where('agency_id', '=', t.deptA.id).execute();
  assert.equal(rows.length, 2 + article20Categories.length + article21CityCountyCategories.length);
});

test('a draft with an ID number is flagged, reviewed in two steps with every flag acknowledged, and published with an index number', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  // Event-handler attributes are refused with a message, and everything typed comes back.
  const refused = await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat));
  assert.equal(refused.status, 400);
  assert.match(refused.text, /正文不能包含事件属性/);
  assert.match(refused.text, /value="关于做好2024年秋季开学工作的通知"/);
  const created = await officer.post(
    `/admin/agencies/${t.deptA.id}/items`,
    itemForm(cat, { body: `<p>联系人身份证号 ${idNo}，请核对。</p>` }),
  );
  assert.equal(created.status, 303);
  const itemUrl = created.location!;
  const itemId = Number(itemUrl.split('/').pop());

  const draft = await officer.get(itemUrl);
  assert.match(draft.text, /疑似身份证号/);
  assert.match(draft.text, new RegExp(`<mark>${idNo}</mark>`));
  assert.match(draft.text, /发布期限<\/dt><dd>2024-10-30/, '20 working days after 2024-09-27 (National Day skipped)');
  assert.equal((await officer.post(`${itemUrl}/submit`)).status, 303);
  assert.equal((await officer.post(`${itemUrl}/review`, { decision: 'approved' })).status, 403, 'the drafter cannot review');

  const reviewer = await as('reviewer');
  const queue = await reviewer.get('/admin/reviews');
  assert.match(queue.text, /关于做好2024年秋季开学工作的通知/);
  const page = await reviewer.get(itemUrl);
  const flag = page.text.match(/name="acknowledged" value="([^"]+)"/)?.[1];
  assert.ok(flag, 'the reviewer sees a check box for the flag');
  const noAck = await reviewer.post(`${itemUrl}/review`, { decision: 'approved' });
  assert.equal(noAck.status, 400);
  assert.match(noAck.text, /还有 1 处自动检查提示未确认/);
  assert.equal((await reviewer.post(`${itemUrl}/review`, { decision: 'approved', acknowledged: flag })).status, 303);
  assert.equal(
    (await reviewer.post(`${itemUrl}/review`, { decision: 'approved', acknowledged: flag })).status,
    403,
    'one step per person per round',
  );

  const reviewer2 = await as('reviewer2');
  await reviewer2.get(itemUrl);
  assert.equal(
    (await reviewer2.post(`${itemUrl}/review`, { decision: 'approved', acknowledged: flag })).status,
    403,
    'the second step needs an approver',
  );

  const approver = await as('approver');
  await approver.get(itemUrl);
  assert.equal((await approver.post(`${itemUrl}/review`, { decision: 'approved', acknowledged: flag })).status, 303);
  const item = await db.handle.db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
  assert.equal(item.status, 'published');
  assert.equal(item.published_on, '2024-10-31');
  assert.equal(item.index_no, `${t.deptA.credit_code}/2024-00001`);
  const published = await approver.get(itemUrl);
  assert.match(published.text, /逾期发布/, 'published the day after the 第二十六条 deadline');
  const list = await approver.get(`/admin/agencies/${t.deptA.id}/items`);
  assert.match(list.text, /2024 年已发布 1 条，其中超过条例第二十六条规定的20个工作日发布的 <strong class="late">1<\/strong> 条/);
  const actions = await db.handle.db
    .selectFrom('audit_log')
    .select('action')
    .where('object_type', '=', 'item')
    .where('object_id', '=', String(itemId))
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['item.create', 'item.submit', 'item.approve', 'item.approve', 'item.publish'],
  );
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
});

test('sending back returns the item to the drafter with the comment; the next round starts over', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const url = (
    await officer.post(
      `/admin/agencies/${t.deptA.id}/items`,
      itemForm(cat, { title: '退回测试', body: '<p>无敏感内容</p>', writtenOn: '2024-10-28' }),
    )
  ).location!;
  await officer.post(`${url}/submit`);
  const reviewer = await as('reviewer');
  await reviewer.get(url);
  const noComment = await reviewer.post(`${url}/review`, { decision: 'returned' });
  assert.equal(noComment.status, 400);
  assert.match(noComment.text, /退回时请写明意见/);
  assert.equal((await reviewer.post(`${url}/review`, { decision: 'returned', comment: '请补充附件' })).status, 303);
  const back = await officer.get(url);
  assert.match(back.text, /已退回/);
  assert.match(back.text, /退回：请补充附件/);
  await officer.get(`${url}/edit`);
  assert.equal(
    (await officer.post(url, itemForm(cat, { title: '退回测试（修改后）', body: '<p>已补充</p>', writtenOn: '2024-10-28' }))).status,
    303,
  );
  assert.equal((await officer.post(`${url}/submit`)).status, 303);
  const round = await db.handle.db
    .selectFrom('items')
    .select(['review_round', 'status'])
    .where('id', '=', Number(url.split('/').pop()))
    .executeTakeFirstOrThrow();
  assert.deepEqual(round, { review_round: 2, status: 'in_review' });
  // The same reviewer may act again in the new round.
  await reviewer.get(url);
  assert.equal((await reviewer.post(`${url}/review`, { decision: 'approved' })).status, 303);
});

const badItems: { name: string; extra: Record<string, unknown>; field: string; message: RegExp }[] = [
  { name: 'missing title', extra: { title: ' ' }, field: 'title', message: /请填写标题/ },
  { name: 'malformed 成文日期', extra: { writtenOn: '2024-13-01' }, field: 'writtenOn', message: /成文日期/ },
  { name: '成文日期 in the future', extra: { writtenOn: '2024-11-01' }, field: 'writtenOn', message: /成文日期不能晚于今天/ },
  { name: 'category of another agency', extra: { categoryId: 999999 }, field: 'categoryId', message: /所选栏目不存在或不属于本机关/ },
  { name: 'no category', extra: { categoryId: '' }, field: 'categoryId', message: /请选择所属栏目/ },
  { name: 'script in the body', extra: { body: '<p>x</p><script>alert(1)</script>' }, field: 'body', message: /正文不能包含脚本/ },
  { name: 'javascript: link', extra: { body: '<a href="javascript:alert(1)">x</a>' }, field: 'body', message: /javascript:/ },
  { name: 'limited period without an end', extra: { period: 'limited' }, field: 'periodUntil', message: /限时公开请填写截止日期/ },
  {
    name: 'validity for an ordinary document',
    extra: { docType: 'other', validity: 'valid' },
    field: 'validity',
    message: /只有规章和行政规范性文件/,
  },
  { name: 'repealed without a date', extra: { validity: 'repealed' }, field: 'validityOn', message: /废止或失效的文件请填写/ },
  {
    name: 'repealed before it was written',
    extra: { validity: 'repealed', validityOn: '2024-09-01' },
    field: 'validityOn',
    message: /废止（失效）日期不能早于成文日期/,
  },
  {
    name: 'limited period already over',
    extra: { period: 'limited', periodUntil: '2024-10-30' },
    field: 'periodUntil',
    message: /限时公开截止日期已过/,
  },
  { name: 'a control character (U+0000) in the title', extra: { title: '标题\u0000' }, field: 'title', message: /控制字符/ },
  { name: 'unknown channel', extra: { channels: ['carrier-pigeon'] }, field: 'channels', message: /公开渠道无效/ },
];
for (const c of badItems) {
  test(`a bad item is refused on its field and keeps what was typed: ${c.name}`, async () => {
    const cat = await leafCategory();
    const officer = await as('officer');
    await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
    const r = await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { body: '<p>正文</p>', ...c.extra }));
    assert.equal(r.status, 400);
    assert.match(r.text, c.message);
    assert.match(r.text, new RegExp(`href="#f-${c.field}"`));
    if (c.field !== 'title') assert.match(r.text, /value="关于做好2024年秋季开学工作的通知"/);
  });
}

test('attachments are checked by type and content, stored once by hash, and refused over the size limit', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const url = (await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '附件测试', body: '<p>x</p>' }))).location!;
  await officer.get(url);
  const upload = async (name: string, data: Buffer, type = 'application/octet-stream') => {
    const fd = new FormData();
    fd.append('_csrf', officer.csrf);
    fd.append('file', new Blob([new Uint8Array(data)], { type }), name);
    const r = await fetch(`${running.base}${url}/attachments`, {
      method: 'POST',
      body: fd,
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      redirect: 'manual',
    });
    return { status: r.status, text: await r.text() };
  };
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 65)]);
  assert.equal((await upload('通知.pdf', pdf, 'application/pdf')).status, 303);
  assert.equal((await upload('通知副本.pdf', pdf, 'application/pdf')).status, 303);
  const blobs = await db.handle.db.selectFrom('blobs').select('sha256').execute();
  const atts = await db.handle.db
    .selectFrom('item_attachments')
    .select('sha256')
    .where('item_id', '=', Number(url.split('/').pop()))
    .execute();
  assert.equal(atts.length, 2);
  assert.equal(new Set(atts.map((a) => a.sha256)).size, 1);
  assert.ok(blobs.length >= 1);
  const html = await upload('page.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
  assert.equal(html.status, 400);
  assert.match(html.text, /不支持“.html”类型的附件/);
  const fake = await upload('fake.pdf', Buffer.from('MZ this is an exe'));
  assert.equal(fake.status, 400);
  assert.match(fake.text, /文件内容与扩展名“.pdf”不符/);
  const big = await upload('big.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024, 66)]));
  assert.equal(big.status, 400);
  assert.match(big.text, /附件不能超过 20 MB/);
});

test('attachments go through the scan: names, text and CSV (UTF-8 or GB18030), DOCX and XLSX; the rest must be opened; reviewers download them before publication', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const url = (
    await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '附件检查测试', body: '<p>无敏感内容</p>' }))
  ).location!;
  await officer.get(url);
  const upload = async (name: string, data: Buffer) => {
    const fd = new FormData();
    fd.append('_csrf', officer.csrf);
    fd.append('file', new Blob([new Uint8Array(data)]), name);
    const r = await fetch(`${running.base}${url}/attachments`, {
      method: 'POST',
      body: fd,
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      redirect: 'manual',
    });
    assert.equal(r.status, 303, `${name}: ${r.status}`);
  };
  const { Document, Packer, Paragraph } = await import('docx');
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(`联系人身份证号${idNo}。`)] }] }));
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('名单').addRow(['张三', '6222021234567890128']);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  // GB18030 bytes of “手机,13812345678”.
  const gbCsv = Buffer.concat([Buffer.from([0xca, 0xd6, 0xbb, 0xfa]), Buffer.from(',13812345678\n')]);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 65)]);
  await upload(`名单-${idNo}.pdf`, pdf);
  await upload('联系方式.csv', gbCsv);
  await upload('说明.docx', Buffer.from(docx));
  await upload('账户.xlsx', xlsx);
  await upload('内部资料说明.txt', Buffer.from('本文件为内部资料，不得外传。'));
  const page = await officer.get(url);
  assert.match(page.text, new RegExp(`附件“名单-${idNo}.pdf”的文件名：疑似身份证号`));
  assert.match(page.text, new RegExp(`附件“名单-${idNo}.pdf”：该类型附件的内容未能自动检查`));
  assert.match(page.text, /附件“联系方式.csv”：疑似手机号/);
  assert.match(page.text, new RegExp(`附件“说明.docx”：疑似身份证号[^<]*：…[^<]*<mark>${idNo}</mark>`));
  assert.match(page.text, /附件“账户.xlsx”：疑似银行卡号/);
  assert.match(page.text, /附件“内部资料说明.txt”的文件名/);
  assert.equal((await officer.post(`${url}/submit`)).status, 303);

  const reviewer = await as('reviewer');
  const review = await reviewer.get(url);
  const acks = [...review.text.matchAll(/name="acknowledged" value="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(acks.length >= 7, `flags: ${acks.join(' ')}`);
  const link = review.text.match(/href="(\/admin\/items\/\d+\/attachments\/\d+)">联系方式.csv/)?.[1];
  assert.ok(link, 'the reviewer can open each attachment');
  const file = await fetch(`${running.base}${link}`, {
    headers: { cookie: [...reviewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'text/csv; charset=gb18030');
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), gbCsv);
  assert.equal((await new Client(running.base).get(link)).status, 303, 'not for anonymous readers (to the login page)');
  assert.equal((await reviewer.get(`${link}9`)).status, 404);

  const form = { decision: 'approved', ...formState(review.text) };
  const some = await reviewer.post(`${url}/review`, { ...form, acknowledged: acks.slice(1) });
  assert.equal(some.status, 400);
  assert.match(some.text, /还有 1 处自动检查提示未确认/);
  assert.equal((await reviewer.post(`${url}/review`, { ...form, acknowledged: acks })).status, 303);
});

test('an imported index number is never reused: publication skips it', async () => {
  const cat = await leafCategory();
  const taken = `${t.deptA.credit_code}/2024-00002`;
  await db.handle.db
    .insertInto('items')
    .values({
      agency_id: t.deptA.id,
      index_no: taken,
      index_imported: 1,
      title: '历史导入',
      doc_no: null,
      issuer: 'x',
      written_on: '2010-01-01',
      published_on: '2010-01-05',
      category_id: cat,
      topic: null,
      disclosure_mode: 'proactive',
      period: 'permanent',
      period_until: null,
      doc_type: 'other',
      validity: null,
      validity_on: null,
      summary: null,
      body_html: '',
      channels: '[]',
      status: 'published',
      review_round: 0,
      search_tokens: '',
      created_by: null,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    .execute();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const url = (await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '索引号测试', body: '<p>x</p>' })))
    .location!;
  await officer.post(`${url}/submit`);
  for (const who of ['reviewer2', 'approver']) {
    const c = await as(who);
    await c.get(url);
    assert.equal((await c.post(`${url}/review`, { decision: 'approved' })).status, 303, who);
  }
  const item = await db.handle.db
    .selectFrom('items')
    .select('index_no')
    .where('id', '=', Number(url.split('/').pop()))
    .executeTakeFirstOrThrow();
  assert.notEqual(item.index_no, taken);
  assert.match(item.index_no!, /\/2024-0000[3-9]$/);
});

test('settings: the guide fields, the index scheme and the review chain are validated and saved', async () => {
  const admin = await as('admin');
  await admin.get(`/admin/agencies/${t.deptA.id}/settings`);
  const bad = await admin.post(`/admin/agencies/${t.deptA.id}/settings`, { indexScheme: '{code}/{year}', reviewChain: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /索引号规则必须包含序号/);
  assert.match(bad.text, /value="\{code\}\/\{year\}"/);
  const ok = await admin.post(`/admin/agencies/${t.deptA.id}/settings`, {
    officeName: '甲市教育局办公室',
    phone: '0571-1234567',
    indexScheme: '{orgcode}-{year}-{serial:6}',
    reviewChain: '科室负责人审核（审核人）\n法制科室审核（审核人）\n分管领导审批（审批人）',
  });
  assert.equal(ok.status, 303);
  const page = await admin.get(`/admin/agencies/${t.deptA.id}/settings`);
  assert.match(page.text, /法制科室审核（审核人）/);
  assert.match(page.text, /value="\{orgcode\}-\{year\}-\{serial:6\}"/);
});

test('categories: add, rename, and refuse to delete one that holds items', async () => {
  const admin = await as('admin');
  await admin.get(`/admin/agencies/${t.deptA.id}/categories`);
  assert.equal((await admin.post(`/admin/agencies/${t.deptA.id}/categories`, { name: '教育督导' })).status, 303);
  const empty = await admin.post(`/admin/agencies/${t.deptA.id}/categories`, { name: '' });
  assert.match(empty.text, /请填写栏目名称/);
  const c = await db.handle.db.selectFrom('categories').select('id').where('name', '=', '教育督导').executeTakeFirstOrThrow();
  assert.equal((await admin.post(`/admin/categories/${c.id}`, { name: '教育督导评估' })).status, 303);
  assert.equal((await admin.post(`/admin/categories/${c.id}/delete`)).status, 303);
  const used = await leafCategory();
  const r = await admin.post(`/admin/categories/${used}/delete`);
  assert.equal(r.status, 400);
  assert.match(r.text, /下还有政府信息，不能删除/);
});

// ---- the review under concurrent requests and changed settings (runs after the settings test:
// the chain is 科室负责人审核（审核人） → 法制科室审核（审核人） → 分管领导审批（审批人）) ----

/** A draft by the officer, dated so that it is not overdue (成文 2024-10-28). */
async function drafted(title: string, body = '<p>无敏感内容</p>'): Promise<{ url: string; id: number; cat: number }> {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const created = await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title, body, writtenOn: '2024-10-28' }));
  assert.equal(created.status, 303);
  return { url: created.location!, id: Number(created.location!.split('/').pop()), cat };
}

async function submitted(title: string): Promise<{ url: string; id: number }> {
  const d = await drafted(title);
  assert.equal((await (await as('officer')).post(`${d.url}/submit`)).status, 303);
  return d;
}

/** The round and step the review form on the page carries. */
function formState(html: string): { round: string; step: string } {
  const round = html.match(/name="round" value="(\d+)"/)?.[1];
  const step = html.match(/name="step" value="(\d+)"/)?.[1];
  assert.ok(round && step, 'the review form carries its round and step');
  return { round, step };
}

test('decisions posted at the same moment: one per step is recorded, the item is published once and keeps its 索引号', async () => {
  const { url, id } = await submitted('并发审查测试');
  const a = await as('reviewer');
  const b = await as('reviewer2');
  const forms = await Promise.all([a.get(url), b.get(url)]);
  const [fa, fb] = forms.map((f) => formState(f.text));
  assert.deepEqual(fa, { round: '1', step: '0' });
  const both = await Promise.all([
    a.post(`${url}/review`, { decision: 'approved', ...fa }),
    b.post(`${url}/review`, { decision: 'approved', ...fb }),
  ]);
  assert.deepEqual(both.map((r) => r.status).sort(), [303, 409]);
  const loser = both[0]!.status === 409 ? both[0]! : both[1]!;
  assert.match(loser.text, /审查状态已经变化/);
  const steps = await db.handle.db.selectFrom('item_reviews').select(['step', 'reviewer_id']).where('item_id', '=', id).execute();
  assert.deepEqual(
    steps.map((r) => r.step),
    [0],
  );
  // The one who lost takes the next step from a fresh page.
  const next = loser === both[0] ? a : b;
  const fresh = formState((await next.get(url)).text);
  assert.deepEqual(fresh, { round: '1', step: '1' });
  assert.equal((await next.post(`${url}/review`, { decision: 'approved', ...fresh })).status, 303);

  const approver = await as('approver');
  const last = formState((await approver.get(url)).text);
  const clicks = await Promise.all([1, 2, 3].map(() => approver.post(`${url}/review`, { decision: 'approved', ...last })));
  assert.deepEqual(clicks.map((r) => r.status).sort(), [303, 409, 409]);
  const item = await db.handle.db.selectFrom('items').select(['status', 'index_no']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(item.status, 'published');
  const publishes = await db.handle.db
    .selectFrom('audit_log')
    .select('details')
    .where('object_type', '=', 'item')
    .where('object_id', '=', String(id))
    .where('action', '=', 'item.publish')
    .execute();
  assert.equal(publishes.length, 1);
  assert.equal(JSON.parse(publishes[0]!.details).indexNo, item.index_no);
  assert.equal((await db.handle.db.selectFrom('item_reviews').select('id').where('item_id', '=', id).execute()).length, 3);
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
});

test('a review form opened before the item was sent back and resubmitted approves nothing, and keeps what was typed', async () => {
  const { url, id } = await submitted('过期审查表测试');
  const reviewer = await as('reviewer');
  const old = formState((await reviewer.get(url)).text);
  const other = await as('reviewer2');
  await other.get(url);
  assert.equal((await other.post(`${url}/review`, { decision: 'returned', comment: '请修改标题' })).status, 303);
  const officer = await as('officer');
  const cat = await leafCategory();
  await officer.get(`${url}/edit`);
  assert.equal(
    (await officer.post(url, itemForm(cat, { title: '过期审查表测试（改）', body: '<p>新的正文</p>', writtenOn: '2024-10-28' }))).status,
    303,
  );
  assert.equal((await officer.post(`${url}/submit`)).status, 303);
  const garbled = await reviewer.post(`${url}/review`, { decision: 'approved', round: 'x', step: '0' });
  assert.equal(garbled.status, 400);
  assert.match(garbled.text, /审查表的轮次无效/);
  const stale = await reviewer.post(`${url}/review`, { decision: 'approved', comment: '我看过的是旧稿', ...old });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /审查状态已经变化/);
  assert.match(stale.text, /我看过的是旧稿<\/textarea>/, 'the comment typed comes back');
  assert.deepEqual(formState(stale.text), { round: '2', step: '0' }, 'the page now shows the new round');
  const approvals = await db.handle.db
    .selectFrom('item_reviews')
    .select('round')
    .where('item_id', '=', id)
    .where('decision', '=', 'approved')
    .execute();
  assert.deepEqual(approvals, []);
});

test('whoever edited a draft cannot review it, even when someone else drafted and submitted it', async () => {
  const { url, cat } = await drafted('他人修改测试', '<p>初稿</p>');
  const officer = await as('officer');
  const editor = await as('editor');
  await editor.get(`${url}/edit`);
  assert.equal(
    (await editor.post(url, itemForm(cat, { title: '他人修改测试', body: '<p>改写后的正文</p>', writtenOn: '2024-10-28' }))).status,
    303,
  );
  assert.equal((await officer.post(`${url}/submit`)).status, 303);
  const f = formState((await editor.get(url)).text);
  const r = await editor.post(`${url}/review`, { decision: 'approved', ...f });
  assert.equal(r.status, 403);
  assert.match(r.text, /不能审查自己起草或修改过的信息/);
  const reviewer3 = await as('reviewer3');
  assert.equal(
    (await reviewer3.post(`${url}/review`, { decision: 'approved', ...formState((await reviewer3.get(url)).text) })).status,
    303,
  );
});

test('a review chain changed while items are in review applies to the next submissions; the items in review keep theirs', async () => {
  const { url, id } = await submitted('审查流程变更测试');
  const admin = await as('admin');
  await admin.get(`/admin/agencies/${t.deptA.id}/settings`);
  assert.equal(
    (
      await admin.post(`/admin/agencies/${t.deptA.id}/settings`, {
        indexScheme: '{orgcode}-{year}-{serial:6}',
        reviewChain: '分管领导审批（审批人）',
      })
    ).status,
    303,
  );
  const reviewer = await as('reviewer');
  assert.equal((await reviewer.post(`${url}/review`, { decision: 'approved', ...formState((await reviewer.get(url)).text) })).status, 303);
  const reviewer2 = await as('reviewer2');
  const page = await reviewer2.get(url);
  assert.match(page.text, /保密审查：法制科室审核/);
  assert.equal((await reviewer2.post(`${url}/review`, { decision: 'approved', ...formState(page.text) })).status, 303);
  const approver = await as('approver');
  assert.equal((await approver.post(`${url}/review`, { decision: 'approved', ...formState((await approver.get(url)).text) })).status, 303);
  assert.equal(
    (await db.handle.db.selectFrom('items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    'published',
  );

  // Submitted after the change: one step.
  const later = await submitted('审查流程变更后提交');
  const one = await approver.get(later.url);
  assert.match(one.text, /审查流程：分管领导审批/);
  assert.equal((await approver.post(`${later.url}/review`, { decision: 'approved', ...formState(one.text) })).status, 303);
  assert.equal(
    (await db.handle.db.selectFrom('items').select('status').where('id', '=', later.id).executeTakeFirstOrThrow()).status,
    'published',
  );
});

test('after publication: a 规范性文件 is marked 废止 with its date and basis, and an approver withdraws an item from the portal', async () => {
  const { url, id } = await submitted('发布后变更测试');
  const approver = await as('approver');
  // Through whatever chain the earlier tests left: each of them acts where their page offers the form.
  for (const name of ['reviewer', 'reviewer2', 'approver']) {
    const c = name === 'approver' ? approver : await as(name);
    const html = (await c.get(url)).text;
    if (html.includes('name="round"'))
      assert.equal((await c.post(`${url}/review`, { decision: 'approved', ...formState(html) })).status, 303);
  }
  assert.equal(
    (await db.handle.db.selectFrom('items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    'published',
  );
  const officer = await as('officer');
  const page = await officer.get(url);
  assert.match(page.text, /登记有效性变更/);
  assert.doesNotMatch(page.text, /撤回该信息/, 'withdrawing needs an approver');

  // Refused on the field, with what was typed kept.
  const noDate = await officer.post(`${url}/validity`, { validity: 'repealed', validityOn: '', reason: '甲教发〔2024〕20号' });
  assert.equal(noDate.status, 400);
  assert.match(noDate.text, /废止或失效的文件请填写废止（失效）日期/);
  assert.match(noDate.text, /甲教发〔2024〕20号<\/textarea>/);
  const early = await officer.post(`${url}/validity`, { validity: 'repealed', validityOn: '2024-01-01', reason: '决定' });
  assert.match(early.text, /废止（失效）日期不能早于成文日期/);
  const noReason = await officer.post(`${url}/validity`, { validity: 'repealed', validityOn: '2024-10-30' });
  assert.match(noReason.text, /请写明变更依据/);
  assert.equal(
    (await officer.post(`${url}/validity`, { validity: 'repealed', validityOn: '2024-10-30', reason: '甲教发〔2024〕20号' })).status,
    303,
  );
  const row = await db.handle.db
    .selectFrom('items')
    .select(['validity', 'validity_on', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { validity: 'repealed', validity_on: '2024-10-30', status: 'published' });
  const anon = new Client(running.base);
  assert.match((await anon.get(`/gk/items/${id}`)).text, /废止/);

  // Withdrawn: gone from the portal and the API at once, 索引号 kept.
  const before = await db.handle.db.selectFrom('items').select('index_no').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal((await officer.post(`${url}/withdraw`, { withdrawReason: '误发' })).status, 403);
  const empty = await approver.post(`${url}/withdraw`, { withdrawReason: ' ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /请写明撤回原因/);
  assert.equal((await approver.post(`${url}/withdraw`, { withdrawReason: '发布后发现含有个人信息' })).status, 303);
  assert.equal((await anon.get(`/gk/items/${id}`)).status, 404);
  assert.equal((await anon.get(`/api/v1/public/items/${id}`)).status, 404);
  const after = await db.handle.db.selectFrom('items').select(['status', 'index_no']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { status: 'withdrawn', index_no: before.index_no });
  assert.match((await approver.get(url)).text, /已撤回/);
  assert.equal((await approver.post(`${url}/withdraw`, { withdrawReason: '再次' })).status, 409, 'only a published item can be withdrawn');
  const actions = await db.handle.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('object_type', '=', 'item')
    .where('object_id', '=', String(id))
    .where('action', 'in', ['item.validity', 'item.withdraw'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    actions.map((a) => [a.action, JSON.parse(a.details).reason]),
    [
      ['item.validity', '甲教发〔2024〕20号'],
      ['item.withdraw', '发布后发现含有个人信息'],
    ],
  );
});

test('the new-item form sent twice — one after the other, or at the same moment — makes one draft', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  const create = `/admin/agencies/${t.deptA.id}/items`;
  const clean = { body: '<p>正文</p>' };
  const titled = async (title: string) => (await db.handle.db.selectFrom('items').select('id').where('title', '=', title).execute()).length;
  const tokenOf = (html: string) => {
    const token = html.match(/name="formToken" value="([A-Za-z0-9_-]{16,})"/)?.[1];
    assert.ok(token, 'the form carries a token');
    return token;
  };

  const fields = itemForm(cat, { ...clean, title: '双击保存测试', formToken: tokenOf((await officer.get(`${create}/new`)).text) });
  const first = await officer.post(create, fields);
  const second = await officer.post(create, fields);
  assert.deepEqual([first.status, second.status], [303, 303]);
  assert.equal(second.location, first.location, 'the second sending lands on the draft the first made');
  assert.equal(await titled('双击保存测试'), 1);

  const together = itemForm(cat, { ...clean, title: '同时保存测试', formToken: tokenOf((await officer.get(`${create}/new`)).text) });
  const both = await Promise.all([officer.post(create, together), officer.post(create, together)]);
  assert.deepEqual(
    both.map((r) => r.status),
    [303, 303],
  );
  assert.equal(both[0]!.location, both[1]!.location);
  assert.equal(await titled('同时保存测试'), 1);

  // A form refused for a field keeps its token, and the corrected one then saves once.
  const formToken = tokenOf((await officer.get(`${create}/new`)).text);
  const form = itemForm(cat, { ...clean, title: '', formToken });
  const refused = await officer.post(create, form);
  assert.equal(refused.status, 400);
  assert.equal(tokenOf(refused.text), formToken);
  assert.equal((await officer.post(create, { ...form, title: '改正后保存测试' })).status, 303);
  assert.equal(await titled('改正后保存测试'), 1);
  // Another opening of the form is another draft.
  assert.equal(
    (
      await officer.post(
        create,
        itemForm(cat, { ...clean, title: '双击保存测试', formToken: tokenOf((await officer.get(`${create}/new`)).text) }),
      )
    ).status,
    303,
  );
  assert.equal(await titled('双击保存测试'), 2);

  // A token spent in one agency, posted to another (only an edited form does that): refused, what
  // was typed kept, with a fresh token that then saves.
  await user(db.handle, 'twoplaces', t.deptA.id, [
    ['officer', t.deptA.id],
    ['officer', t.countyA.id],
  ]);
  const both2 = await as('twoplaces');
  const spent = tokenOf((await both2.get(`${create}/new`)).text);
  assert.equal((await both2.post(create, itemForm(cat, { ...clean, title: '甲局的草稿', formToken: spent }))).status, 303);
  const countyForm = (await both2.get(`/admin/agencies/${t.countyA.id}/items/new`)).text;
  const countyCat = Number(countyForm.match(/<option value="(\d+)">　[^<]*法规文件/)?.[1]);
  const elsewhere = await both2.post(
    `/admin/agencies/${t.countyA.id}/items`,
    itemForm(countyCat, { ...clean, title: '县政府的草稿', formToken: spent }),
  );
  assert.equal(elsewhere.status, 409);
  assert.match(elsewhere.text, /该表单已用于保存另一条草稿/);
  assert.match(elsewhere.text, /value="县政府的草稿"/);
  const fresh = tokenOf(elsewhere.text);
  assert.notEqual(fresh, spent);
  assert.equal(
    (await both2.post(`/admin/agencies/${t.countyA.id}/items`, itemForm(countyCat, { ...clean, title: '县政府的草稿', formToken: fresh })))
      .status,
    303,
  );
  assert.equal(await titled('县政府的草稿'), 1);
});

test('a draft never submitted can be deleted, with its attachments and 解读 links, after ticking the confirmation; a submitted one cannot', async () => {
  const { url, id } = await drafted('误建的重复草稿');
  const policy = await drafted('被解读的政策');
  const officer = await as('officer');
  const page = await officer.get(url);
  assert.match(page.text, /<h2 id="delete-title">删除草稿<\/h2>/);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000, 66)]);
  assert.equal((await officer.upload(`${url}/attachments`, [{ field: 'file', name: '附件.pdf', data: pdf }])).status, 303);
  // Linked both ways: as the policy of one interpretation, and as the interpretation of another item.
  assert.equal((await officer.post(`${url}/links`, { interpretation: String(policy.id) })).status, 303);
  await officer.get(policy.url);
  assert.equal((await officer.post(`${policy.url}/links`, { interpretation: String(id) })).status, 303);
  const attachments = async () =>
    (await db.handle.db.selectFrom('item_attachments').select('id').where('item_id', '=', id).execute()).length;
  const links = async () =>
    (
      await db.handle.db
        .selectFrom('item_links')
        .select('item_id')
        .where((eb) => eb.or([eb('item_id', '=', id), eb('related_id', '=', id)]))
        .execute()
    ).length;
  assert.deepEqual([await attachments(), await links()], [1, 2]);

  // Without the tick: refused on the field, nothing deleted.
  const unticked = await officer.post(`${url}/delete`, {});
  assert.equal(unticked.status, 400);
  assert.match(unticked.text, /请勾选“确认删除此草稿”/);
  assert.ok(await db.handle.db.selectFrom('items').select('id').where('id', '=', id).executeTakeFirst());
  // A reviewer of the agency may not delete drafts.
  assert.equal((await (await as('reviewer')).post(`${url}/delete`, { confirmDelete: 'yes' })).status, 403);

  const done = await officer.post(`${url}/delete`, { confirmDelete: 'yes' });
  assert.equal(done.status, 303);
  assert.equal(done.location, `/admin/agencies/${t.deptA.id}/items`);
  assert.match((await officer.get(done.location!)).text, /已删除草稿“误建的重复草稿”/);
  assert.equal((await officer.get(url)).status, 404);
  assert.deepEqual([await attachments(), await links()], [0, 0]);
  assert.ok(await db.handle.db.selectFrom('items').select('id').where('id', '=', policy.id).executeTakeFirst(), 'the other item stays');
  const entry = await db.handle.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('object_type', '=', 'item')
    .where('object_id', '=', String(id))
    .where('action', '=', 'item.delete')
    .executeTakeFirstOrThrow();
  assert.equal(JSON.parse(entry.details).title, '误建的重复草稿');
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);

  // Once submitted, an item keeps its review record: no delete form, and a posted delete is refused.
  const sent = await submitted('已提交的草稿');
  assert.doesNotMatch((await officer.get(sent.url)).text, /删除草稿/);
  const refused = await officer.post(`${sent.url}/delete`, { confirmDelete: 'yes' });
  assert.equal(refused.status, 409);
  assert.match(refused.text, /只能删除从未提交审查的草稿/);
  assert.ok(await db.handle.db.selectFrom('items').select('id').where('id', '=', sent.id).executeTakeFirst());
});

test('a wrong attachment comes off a draft, and a 解读 link off either end; a submitted item keeps its files; the audit log names both', async () => {
  const { url, id } = await drafted('附件上传错了的草稿');
  const other = await drafted('解读材料');
  const officer = await as('officer');
  await officer.get(url);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(800, 67)]);
  assert.equal((await officer.upload(`${url}/attachments`, [{ field: 'file', name: '错的文件.pdf', data: pdf }])).status, 303);
  assert.equal(
    (await officer.upload(`${url}/attachments`, [{ field: 'file', name: '对的文件.pdf', data: Buffer.concat([pdf, pdf]) }])).status,
    303,
  );
  const files = async () =>
    (await db.handle.db.selectFrom('item_attachments').select('name').where('item_id', '=', id).orderBy('id').execute()).map((a) => a.name);
  const page = (await officer.get(url)).text;
  const wrong = page.match(
    /action="(\/admin\/items\/\d+\/attachments\/\d+\/delete)"[\s\S]{0,300}?aria-label="删除附件“错的文件.pdf”"/,
  )?.[1];
  assert.ok(wrong, 'each attachment of a draft has its own delete button, named for screen readers');

  // The reviewer role cannot; the drafter can; the same form sent again finds nothing to delete.
  assert.equal((await (await as('reviewer')).post(wrong!)).status, 403);
  const done = await officer.post(wrong!);
  assert.equal(done.status, 303);
  assert.match((await officer.get(done.location!)).text, /已删除附件“错的文件.pdf”/);
  assert.deepEqual(await files(), ['对的文件.pdf']);
  const again = await officer.post(wrong!);
  assert.equal(again.status, 409);
  assert.match(again.text, /该附件已不存在/);
  assert.equal((await officer.post(`${url}/attachments/abc/delete`)).status, 404);

  // A link, removed from the interpretation's end (where it shows as 解读的文件).
  assert.equal((await officer.post(`${url}/links`, { interpretation: String(other.id) })).status, 303);
  const linkCount = async () =>
    (await db.handle.db.selectFrom('item_links').select('item_id').where('item_id', '=', id).where('related_id', '=', other.id).execute())
      .length;
  assert.equal(await linkCount(), 1);
  const otherPage = (await officer.get(other.url)).text;
  assert.match(otherPage, new RegExp(`action="/admin/items/${other.id}/links/${id}/delete"`));
  const unlinked = await officer.post(`${other.url}/links/${id}/delete`);
  assert.equal(unlinked.status, 303);
  assert.match((await officer.get(unlinked.location!)).text, /已取消与“附件上传错了的草稿”的政策解读关联/);
  assert.equal(await linkCount(), 0);
  assert.equal((await officer.post(`${other.url}/links/${id}/delete`)).status, 409);

  // Each recorded on the item it was done from: the file on the draft, the link on the interpretation.
  const actions = (
    await db.handle.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'details'])
      .where('action', 'in', ['item.detach', 'item.unlink'])
      .where('object_id', 'in', [String(id), String(other.id)])
      .orderBy('seq')
      .execute()
  ).map((e) => [e.action, Number(e.object_id), JSON.parse(e.details)]);
  assert.deepEqual(
    actions.map(([a, o]) => [a, o]),
    [
      ['item.detach', id],
      ['item.unlink', other.id],
    ],
  );
  assert.equal(actions[0]![2].name, '错的文件.pdf');
  assert.deepEqual(actions[1]![2], { policy: id, interpretation: other.id });
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);

  // Submitted: the files are what the reviewers read; no delete button, and a posted delete is refused.
  assert.equal((await officer.post(`${url}/submit`)).status, 303);
  const inReview = (await officer.get(url)).text;
  assert.doesNotMatch(inReview, /attachments\/\d+\/delete/);
  const kept = inReview.match(/href="\/admin\/items\/\d+\/attachments\/(\d+)">对的文件.pdf/)?.[1];
  const refused = await officer.post(`${url}/attachments/${kept}/delete`);
  assert.equal(refused.status, 409);
  assert.match(refused.text, /只有草稿或被退回的信息可以删除附件/);
  assert.deepEqual(await files(), ['对的文件.pdf']);
});

test('saving a body pasted with images, fonts and styles says what was taken out; a clean body says nothing more', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const pasted = '<p class="MsoNormal" style="font-size:16pt">粘贴的正文<img src="https://x.cn/a.png"><font face="宋体">宋体字</font></p>';
  const created = await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '从文档粘贴的正文', body: pasted }));
  assert.equal(created.status, 303);
  const page = (await officer.get(created.location!)).text;
  assert.match(
    page,
    /已保存草稿。正文中以下内容不能在门户网站显示，已去除：图片（&lt;img(?:>|&gt;)，图片请作为附件上传）、字体设置（&lt;font(?:>|&gt;)，文字保留）、样式类（class 属性）、样式（style 属性）。请查看下方正文。/,
  );
  assert.match(page, /<p>粘贴的正文宋体字<\/p>/, 'the preview shows what was kept');
  const edit = (await officer.get(`${created.location!}/edit`)).text;
  const version = edit.match(/name="version" value="([^"]+)"/)?.[1];
  assert.ok(version);
  const saved = await officer.post(created.location!, itemForm(cat, { title: '从文档粘贴的正文', body: '<p>改好的正文</p>', version }));
  assert.equal(saved.status, 303);
  const after = (await officer.get(saved.location!)).text;
  assert.match(after, /已保存/);
  assert.doesNotMatch(after, /已去除/);
});

test('each scan flag names the field it is in, and a hit in the body its line in the body', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const created = await officer.post(
    `/admin/agencies/${t.deptA.id}/items`,
    itemForm(cat, {
      title: '标注字段的检查',
      summary: `联系人身份证号 ${idNo}`,
      body: '<p>第一段</p><p>第二段</p><p>联系电话 13800138000</p>',
    }),
  );
  assert.equal(created.status, 303);
  const page = (await officer.get(created.location!)).text;
  assert.match(page, /<li>内容概述：疑似身份证号（校验位正确）：/, 'the summary, with no line number');
  assert.match(
    page,
    /<li>正文：疑似手机号码（第3行）：/,
    'the third line of the body, not of the fields run together (it would be line 6)',
  );
});

test('two windows editing one draft: the second save is refused with what it typed kept, and saves over the first only when sent again', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const url = (await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '两个窗口', body: '<p>初稿</p>' })))
    .location!;
  const id = Number(url.split('/').pop());
  // Created an hour before the platform's clock, so that a save now gives a new version.
  await db.handle.db.updateTable('items').set({ updated_at: '2024-10-31T01:00:00.000Z' }).where('id', '=', id).execute();
  const versionOf = (html: string) => html.match(/name="version" value="([^"]+)"/)?.[1];
  const tabA = versionOf((await officer.get(`${url}/edit`)).text);
  const tabB = versionOf((await officer.get(`${url}/edit`)).text);
  assert.equal(tabA, '2024-10-31T01:00:00.000Z');
  assert.equal((await officer.post(url, itemForm(cat, { title: '窗口一改的标题', body: '<p>初稿</p>', version: tabA }))).status, 303);
  const second = await officer.post(url, itemForm(cat, { title: '两个窗口', body: '<p>窗口二改的正文</p>', version: tabB }));
  assert.equal(second.status, 409);
  assert.match(second.text, /已被修改并保存过/);
  assert.match(second.text, /窗口二改的正文/, 'what the second window typed comes back');
  const kept = await db.handle.db.selectFrom('items').select(['title', 'body_html']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(kept, { title: '窗口一改的标题', body_html: '<p>初稿</p>' });
  const again = versionOf(second.text);
  assert.equal(again, NOW.toISOString(), 'the form now carries the version it would overwrite');
  assert.equal((await officer.post(url, itemForm(cat, { title: '两个窗口', body: '<p>窗口二改的正文</p>', version: again }))).status, 303);
  assert.equal(
    (await db.handle.db.selectFrom('items').select('body_html').where('id', '=', id).executeTakeFirstOrThrow()).body_html,
    '<p>窗口二改的正文</p>',
  );
});

test('a long body (150,000 characters, 1.3 MB as a form) is saved, not refused as too large', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  const body = `<p>${'政务公开'.repeat(37_500)}</p>`;
  const r = await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '长正文', body }));
  assert.equal(r.status, 303);
  const saved = await db.handle.db
    .selectFrom('items')
    .select('body_html')
    .where('id', '=', Number(r.location!.split('/').pop()))
    .executeTakeFirstOrThrow();
  assert.equal(saved.body_html, body);
});

test('the list counts drafts and items in review already past the 第二十六条 deadline, not those still in time', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  const overdue = async () => {
    const m = (await officer.get(`/admin/agencies/${t.deptA.id}/items`)).text.match(
      /尚未发布但已超过发布期限的 <strong[^>]*>(\d+)<\/strong> 条/,
    );
    assert.ok(m, 'the list states the overdue count');
    return Number(m[1]);
  };
  const before = await overdue();
  await officer.get(`/admin/agencies/${t.deptA.id}/items/new`);
  // Due 2024-10-30 (20 working days after 2024-09-27, National Day skipped): overdue on 2024-10-31.
  assert.equal(
    (await officer.post(`/admin/agencies/${t.deptA.id}/items`, itemForm(cat, { title: '逾期草稿', body: '<p>x</p>' }))).status,
    303,
  );
  // Due 2024-11-25: still in time.
  assert.equal(
    (
      await officer.post(
        `/admin/agencies/${t.deptA.id}/items`,
        itemForm(cat, { title: '未逾期草稿', body: '<p>x</p>', writtenOn: '2024-10-28' }),
      )
    ).status,
    303,
  );
  assert.equal(await overdue(), before + 1);
});

test('the body is edited in the rich-text editor, whose files the app serves; typed without it, each line is a paragraph', async () => {
  const cat = await leafCategory();
  const officer = await as('officer');
  const form = (await officer.get(`/admin/agencies/${t.deptA.id}/items/new`)).text;
  assert.match(form, /<textarea id="f-body" name="body"[^>]* data-rich-text[ =>]/);
  for (const asset of ['/static/vendor/quill/quill.js', '/static/vendor/quill/quill.snow.css', '/static/editor.js']) {
    assert.ok(form.includes(asset), `the form page loads ${asset}`);
    const r = await officer.get(asset);
    assert.equal(r.status, 200, asset);
    assert.match(r.headers.get('content-type') ?? '', asset.endsWith('.css') ? /^text\/css/ : /javascript/, asset);
  }
  assert.match((await officer.get('/static/vendor/quill/quill.js')).text, /Quill/);
  // Only the editor's script and theme come out of the package, not its source maps or other files.
  for (const other of ['/static/vendor/quill/quill.js.map', '/static/vendor/quill/quill.core.js', '/static/vendor/quill/../package.json'])
    assert.equal((await officer.get(other)).status, 404, other);

  const created = await officer.post(
    `/admin/agencies/${t.deptA.id}/items`,
    itemForm(cat, { title: '不用编辑器输入的正文', body: '第一条　为了规范。\r\n\r\n　　第二条　A&B 联系电话 13800138000\r\n' }),
  );
  assert.equal(created.status, 303);
  const id = Number(created.location!.split('/').pop());
  const saved = await db.handle.db.selectFrom('items').select('body_html').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(saved.body_html, '<p>第一条　为了规范。</p><p>　　第二条　A&amp;B 联系电话 13800138000</p>');
  const page = (await officer.get(created.location!)).text;
  assert.match(page, /<li>正文：疑似手机号码（第2行）：/, 'the scan counts the paragraphs as lines');
});
