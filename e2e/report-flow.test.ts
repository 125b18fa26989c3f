// The annual report in a real browser: the officer opens the computed 2025 report, enters the
// 行政许可 figure with its source, writes the prose over the generated draft, sees the checks pass;
// the approver publishes it; the portal's 公开年报 column shows it and the public report page has
// the figures. The supervisor compares the children. Every page visited is checked with axe-core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDb } from '../test/helpers/db.js';
import { PASSWORD, twoTrees, user } from '../test/helpers/fixtures.js';
import { startApp } from '../test/helpers/http.js';
import { insertAppeals, insertCases } from '../test/helpers/reportCases.js';
import { cleanupsAfterAll, clickAndWait, haveChromium, openBrowser, stepper } from './browser.js';

const cleanup = cleanupsAfterAll();

test('compute → check → narrative → publish → on the portal; the supervisor compares', { timeout: 120_000 }, async (t) => {
  if (!haveChromium(t)) return;
  const db = await testDb();
  cleanup(() => db.cleanup());
  const tr = await twoTrees(db.handle);
  const agencyId = tr.deptA.id;
  await user(db.handle, 'officer', agencyId, [['officer', agencyId]]);
  await user(db.handle, 'approver', agencyId, [['approver', agencyId]]);
  await user(db.handle, 'supervisor', tr.cityA.id, [['supervisor', tr.cityA.id]]);
  await insertCases(db.handle, agencyId, [
    ['natural', '2025-02-03', '2025-02-20', 'granted'],
    ['natural', '2025-04-07', '2025-04-25', 'partial'],
    ['business', '2025-06-02', '2025-06-20', 'notHeld'],
    ['natural', '2024-12-23', '2025-01-13', 'granted'],
    ['legalService', '2025-12-26', null, null],
  ]);
  await insertAppeals(db.handle, agencyId, [['reconsideration', '2025-05-06', 'upheld', '2025-07-01']]);
  const server = await startApp(db.handle, { now: () => new Date('2026-01-20T02:00:00Z') });
  cleanup(() => server.close());
  const { base } = server;
  const session = await openBrowser();
  cleanup(() => session.close());
  const { page, pageErrors, a11y } = session;
  const step = stepper(t);
  const reportUrl = `${base}/admin/agencies/${agencyId}/reports/2025`;

  const signIn = async (username: string) => {
    await page.goto(`${base}/login`);
    await page.getByLabel(/^用户名/).fill(username);
    await page.getByLabel(/^密码/).fill(PASSWORD);
    await clickAndWait(page, () => page.getByRole('button', { name: '登录' }).click(), /\/admin$/);
  };
  const signOut = () => clickAndWait(page, () => page.getByRole('button', { name: '退出登录' }).click(), /\/login$/);
  const cell = (key: string) => page.locator(`.annual-report td[data-key="${key}"]`).first().textContent();

  await step('the officer finds the report from the agency page; the tables are computed', async () => {
    await signIn('officer');
    await page.goto(`${base}/admin/agencies/${agencyId}`);
    await clickAndWait(page, () => page.getByRole('link', { name: '年度报告' }).click(), /\/reports$/);
    await a11y('report years');
    await clickAndWait(page, () => page.getByRole('link', { name: '2025年度' }).click(), reportUrl);
    await a11y('report page (draft)');
    assert.equal(await cell('t3.received.total'), '4');
    assert.equal(await cell('t3.carriedIn.total'), '1');
    assert.equal(await cell('t3.carriedOut.legalService'), '1');
    assert.equal(await cell('t4.reconsideration.upheld'), '1');
    assert.match((await page.locator('#f-overview').inputValue()) ?? '', /新收政府信息公开申请4件，上年结转1件/);
  });

  await step('a negative figure is refused in place, then the figure is entered with its source', async () => {
    await page.locator('[id="f-v:t2.license.decisions"]').fill('-12');
    await page.locator('[id="f-n:t2.license.decisions"]').fill('市政务服务网审批记录');
    await clickAndWait(page, () => page.getByRole('button', { name: '保存录入的数字' }).click(), /\/figures$/);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /不能为负数/);
    assert.equal(await page.locator('[id="f-n:t2.license.decisions"]').inputValue(), '市政务服务网审批记录');
    await a11y('report page with a figure refused');
    await page.locator('[id="f-v:t2.license.decisions"]').fill('312');
    await clickAndWait(page, () => page.getByRole('button', { name: '保存录入的数字' }).click(), reportUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /已保存录入的数字/);
    assert.equal(await cell('t2.license.decisions'), '312');
  });

  await step('the officer writes the prose over the draft; only the approver can publish', async () => {
    const overview = await page.locator('#f-overview').inputValue();
    await page.locator('#f-overview').fill(overview.replace(/【请补充[^】]*】/g, '已按要求开展。'));
    await page.locator('#f-problems').fill('一是政策解读形式较单一；二是依申请公开答复说理不够充分。');
    await clickAndWait(page, () => page.getByRole('button', { name: '保存文字部分' }).click(), reportUrl);
    assert.match((await page.locator('#checks-title + p').textContent()) ?? '', /未通过 0 项/);
    assert.equal(await page.getByRole('button', { name: '发布年度报告' }).count(), 0);
    await signOut();
  });

  await step('the approver publishes; the report is locked', async () => {
    await signIn('approver');
    await page.goto(reportUrl);
    await clickAndWait(page, () => page.getByRole('button', { name: '发布年度报告' }).click(), reportUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /已发布（第1版）/);
    assert.match((await page.locator('dl.meta').textContent()) ?? '', /已发布（第1版）/);
    assert.equal(await page.getByRole('button', { name: '保存文字部分' }).count(), 0);
    await a11y('report page (published)');
    await signOut();
  });

  await step('the portal lists it in 公开年报 and shows the published report', async () => {
    await page.goto(`${base}/gk/${agencyId}`);
    await clickAndWait(page, () => page.getByRole('link', { name: '2025年政府信息公开工作年度报告' }).click(), /\/gk\/\d+\/reports\/2025$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '甲市教育局2025年政府信息公开工作年度报告');
    assert.equal(await cell('t2.license.decisions'), '312');
    assert.match((await page.locator('.annual-report').textContent()) ?? '', /政策解读形式较单一/);
    await a11y('public report page');
    await page.goto(`${base}/gk/reports`);
    assert.equal(await page.getByRole('link', { name: /甲市教育局2025年/ }).count(), 1);
    await a11y('public report list');
  });

  await step('the supervisor compares the city’s children and sees who is late', async () => {
    await signIn('supervisor');
    await page.goto(`${base}/admin/agencies/${tr.cityA.id}/reports/2025/children`);
    await a11y('side-by-side');
    assert.ok(await page.getByRole('link', { name: tr.deptA.short_name }).count());
    await page.goto(`${base}/admin/agencies/${tr.cityA.id}/reports/2025/timeliness`);
    await a11y('timeliness');
    assert.match((await page.locator('main').textContent()) ?? '', /按时发布/);
  });

  await step('no script errors or CSP violations on any page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
