// The annual report over real HTTP: the pages, each kind of bad input answered clearly with what was
// typed kept, the approver's publication with recorded reasons, the lock, re-opening, the portal's
// 公开年报 column and the downloads. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestDb, testDb } from './helpers/db.js';
import { PASSWORD, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';
import { insertCases } from './helpers/reportCases.js';

let db: TestDb;
let running: Running;
let dept: number;
let city: number;
const NOW = new Date('2026-02-10T02:00:00Z');
const url = (agencyId: number, year: number | string, rest = '') => `/admin/agencies/${agencyId}/reports/${year}${rest}`;

before(async () => {
  db = await testDb();
  const t = await twoTrees(db.handle);
  dept = t.deptA.id;
  city = t.cityA.id;
  await user(db.handle, 'officer', dept, [['officer', dept]]);
  await user(db.handle, 'approver', dept, [['approver', dept]]);
  await user(db.handle, 'supervisor', city, [['supervisor', city]]);
  await insertCases(db.handle, dept, [
    ['natural', '2025-03-03', '2025-03-20', 'granted'],
    ['business', '2025-05-06', '2025-05-26', 'notHeld'],
    ['natural', '2025-12-29', null, null],
  ]);
  running = await startApp(db.handle, { now: () => NOW });
});

after(async () => {
  await running?.close();
  await db?.cleanup();
});

const signedIn = async (name: string) => {
  const c = new Client(running.base);
  assert.equal((await c.login(name, PASSWORD)).status, 303);
  return c;
};

test('the report page shows the computed tables and the generated draft', async () => {
  const officer = await signedIn('officer');
  const r = await officer.get(url(dept, 2025));
  assert.equal(r.status, 200);
  assert.match(r.text, /甲市教育局2025年政府信息公开工作年度报告/);
  assert.match(r.text, /data-key="t3.received.total"[^>]*>3</);
  assert.match(r.text, /新收政府信息公开申请3件/);
  assert.match(r.text, /2026-01-31/);
});

test('bad input is answered clearly, naming the field, and keeps what was typed', async () => {
  const officer = await signedIn('officer');
  await officer.get(url(dept, 2025));
  const cases: { name: string; form: Record<string, string>; status: number; message: RegExp; kept?: RegExp }[] = [
    {
      name: 'a negative figure',
      form: { 'v:t2.license.decisions': '-5', 'n:t2.license.decisions': '审批系统' },
      status: 400,
      message: /行政许可 本年处理决定数量：不能为负数/,
      kept: /name="v:t2.license.decisions" value="-5"/,
    },
    {
      name: 'a figure that is not a number',
      form: { 'v:t2.penalty.decisions': '约300', 'n:t2.penalty.decisions': '执法系统' },
      status: 400,
      message: /“约300”不是数字/,
      kept: /name="n:t2.penalty.decisions" value="执法系统"/,
    },
    {
      name: 'decimals in a count',
      form: { 'v:t2.enforcement.decisions': '2.5', 'n:t2.enforcement.decisions': '执法系统' },
      status: 400,
      message: /应为整数（单位：件）/,
    },
    {
      name: 'a figure without its source',
      form: { 'v:t2.fee.amount': '12.5', 'n:t2.fee.amount': '' },
      status: 400,
      message: /请注明数据来源/,
      kept: /name="v:t2.fee.amount" value="12.5"/,
    },
    { name: 'a key of no format', form: { 'v:t9.nothing': '1', 'n:t9.nothing': 'x' }, status: 400, message: /不是本年度报告格式中的指标/ },
  ];
  for (const c of cases) {
    const r = await officer.post(url(dept, 2025, '/figures'), c.form);
    assert.equal(r.status, c.status, c.name);
    assert.match(r.text, c.message, c.name);
    if (c.kept) assert.match(r.text, c.kept, c.name);
    assert.doesNotMatch(r.text, /at .*\.ts:\d+/, `${c.name}: no stack trace`);
  }
  assert.equal((await db.handle.db.selectFrom('report_figures').selectAll().execute()).length, 0, 'nothing saved');

  for (const [year, message] of [
    ['2027', /2027年尚未到来/],
    ['2005', /自2008年度起编制/],
    ['20x5', /报告年度应为四位数的年份/],
  ] as const) {
    const r = await officer.get(url(dept, year));
    assert.equal(r.status, 400, year);
    assert.match(r.text, message, year);
  }
  const bad = await officer.get(url(dept, 2025, '/export?format=exe'));
  assert.equal(bad.status, 400);
  assert.match(bad.text, /导出格式应为 html、docx、xlsx、json、pdf 之一/);
});

test('figures from a CSV file: all rows right or nothing saved, errors by line', async () => {
  const officer = await signedIn('officer');
  await officer.get(url(dept, 2025));
  const upload = async (csv: string) => {
    const form = new FormData();
    form.set('_csrf', officer.csrf);
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'figures.csv');
    const r = await fetch(`${running.base}${url(dept, 2025, '/import')}`, {
      method: 'POST',
      body: form,
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      redirect: 'manual',
    });
    return { status: r.status, text: await r.text() };
  };
  const wrong = await upload(
    '指标,数值,数据来源\nt2.license.decisions,120,审批系统\n行政处罚 本年处理决定数量,-3,执法系统\nt2.nothing,1,x\n',
  );
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /第3行：.*不能为负数/);
  assert.match(wrong.text, /第4行：“t2.nothing”不是本报告格式中的指标/);
  assert.equal((await db.handle.db.selectFrom('report_figures').selectAll().execute()).length, 0);
  const ok = await upload(
    '\uFEFF指标,数值,数据来源\nt2.license.decisions,120,审批系统\n二、第二十条第（六）项 行政处罚 本年处理决定数量,3,执法系统\nt2.fee.amount,"1,204.5",非税系统\n',
  );
  assert.equal(ok.status, 303);
  const rows = await db.handle.db.selectFrom('report_figures').select(['key', 'value', 'note']).orderBy('key').execute();
  assert.deepEqual(
    rows.map((r) => [r.key, r.value, r.note]),
    [
      ['t2.fee.amount', '1204.5', '非税系统'],
      ['t2.license.decisions', '120', '审批系统'],
      ['t2.penalty.decisions', '3', '执法系统'],
    ],
  );
});

test('publish: only an approver, failing checks only with recorded reasons; then locked; re-opened with a reason; the revision shows', async () => {
  const officer = await signedIn('officer');
  await officer.get(url(dept, 2025));
  assert.equal((await officer.post(url(dept, 2025, '/publish'), {})).status, 403);
  // A correction the approver must explain: the paper register had one more natural-person application.
  await officer.post(url(dept, 2025, '/figures'), { correctKey: 't3.received.natural', correctValue: '3', correctNote: '纸质登记簿补录' });
  await officer.post(url(dept, 2025, '/narrative'), { overview: '本年度工作情况。', problems: '政策解读不够通俗。', other: '' });

  const approver = await signedIn('approver');
  await approver.get(url(dept, 2025));
  const refused = await approver.post(url(dept, 2025, '/publish'), {});
  assert.equal(refused.status, 400);
  assert.match(refused.text, /校验未通过，须填写发布理由：三、自然人列：一（本年新收）＋二（上年结转）＝三（七）总计＋四（结转下年度）/);
  const reason = '1件纸质申请未录入系统，答复结果待补录';
  const ok = await approver.post(url(dept, 2025, '/publish'), {
    'reason:t3.balance.natural': reason,
    'reason:t3.row.received': reason,
    'reason:t3.balance.total': reason,
  });
  assert.equal(ok.status, 303, ok.text.slice(0, 500));

  const pub = await new Client(running.base).get(`/gk/${dept}/reports/2025`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, /数据校验说明/);
  assert.match(pub.text, new RegExp(reason));
  assert.match((await new Client(running.base).get(`/gk/${dept}`)).text, /2025年政府信息公开工作年度报告/);
  assert.match((await new Client(running.base).get('/gk/reports')).text, /甲市教育局2025年政府信息公开工作年度报告/);

  // Locked.
  await officer.get(url(dept, 2025));
  const locked = await officer.post(url(dept, 2025, '/narrative'), { overview: '改写的总体情况', problems: 'x' });
  assert.equal(locked.status, 409);
  assert.match(locked.text, /已发布并锁定，不能修改/);
  assert.match(locked.text, /改写的总体情况|已发布的报告/);
  const lockedFigures = await officer.post(url(dept, 2025, '/figures'), {
    'v:t2.license.decisions': '130',
    'n:t2.license.decisions': '审批系统',
  });
  assert.equal(lockedFigures.status, 409);

  // Re-open: a reason is required.
  await approver.get(url(dept, 2025));
  const noReason = await approver.post(url(dept, 2025, '/reopen'), { reason: '  ' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /请填写重新打开的原因/);
  assert.equal((await approver.post(url(dept, 2025, '/reopen'), { reason: '补录纸质申请的答复结果' })).status, 303);
  await officer.get(url(dept, 2025));
  assert.equal((await officer.post(url(dept, 2025, '/figures'), { 'v:t3.received.natural': '' })).status, 303);
  await approver.get(url(dept, 2025));
  assert.equal((await approver.post(url(dept, 2025, '/publish'), {})).status, 303);
  const revised = await new Client(running.base).get(`/gk/${dept}/reports/2025`);
  assert.match(revised.text, /此后修订1次（2026年2月10日：补录纸质申请的答复结果），现为第2版/);
  const actions = await db.handle.db
    .selectFrom('audit_log')
    .select('action')
    .where('action', 'in', ['report.publish', 'report.reopen'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['report.publish', 'report.reopen', 'report.publish'],
  );
});

test('downloads: each format with its type and a Chinese file name; public downloads only of published reports', async () => {
  const officer = await signedIn('officer');
  for (const [format, type] of [
    ['docx', /wordprocessingml/],
    ['xlsx', /spreadsheetml/],
    ['json', /application\/json/],
    ['html', /text\/html/],
  ] as const) {
    const r = await fetch(`${running.base}${url(dept, 2025, `/export?format=${format}`)}`, {
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    assert.equal(r.status, 200, format);
    assert.match(r.headers.get('content-type') ?? '', type, format);
    assert.match(
      r.headers.get('content-disposition') ?? '',
      new RegExp(`filename\\*=UTF-8''${encodeURIComponent('甲市教育局2025年政府信息公开工作年度报告')}`),
      format,
    );
  }
  const json = await (await fetch(`${running.base}/gk/${dept}/reports/2025/export?format=json`)).json();
  assert.equal(json.revision, 2);
  assert.equal(json.figures['t3.received.total'], 3);
  assert.equal((await fetch(`${running.base}/gk/${dept}/reports/2024/export?format=json`)).status, 404);
  assert.equal((await fetch(`${running.base}/gk/${city}/reports/2025`)).status, 404);
});

test('the supervisor sees the children side by side and who is late', async () => {
  const sup = await signedIn('supervisor');
  const cmp = await sup.get(url(city, 2025, '/children'));
  assert.equal(cmp.status, 200);
  assert.match(cmp.text, new RegExp(`href="/admin/agencies/${dept}/reports/2025"`));
  assert.match(cmp.text, /已发布（第2版）/);
  const late = await sup.get(url(city, 2025, '/timeliness'));
  assert.equal(late.status, 200);
  // The department published on 10 February, after its 31 January deadline; the county's department has not published.
  assert.match(late.text, /逾期发布（10天）/);
  assert.match(late.text, /逾期未发布（10天）/);
  assert.match(late.text, /共 4 个机关，其中 <strong class="late">2<\/strong> 个逾期/);
});
