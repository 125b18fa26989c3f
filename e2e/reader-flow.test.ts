// The report reader in a real browser: upload two published reports, read the result (figures with
// their places, the failing sums), import them as a county's historic figures, compare the years
// with a server-rendered chart, open a stored reading. Every page visited is checked with axe-core;
// no script error or CSP violation is allowed (the charts are images, not inline SVG).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDb } from '../test/helpers/db.js';
import { PASSWORD, twoTrees, user } from '../test/helpers/fixtures.js';
import { startApp } from '../test/helpers/http.js';
import { FIXTURES } from '../test/helpers/reader.js';
import { cleanupsAfterAll, clickAndWait, haveChromium, openBrowser, stepper } from './browser.js';

const cleanup = cleanupsAfterAll();

test('upload → result → import → compare, all pages accessible', { timeout: 180_000 }, async (t) => {
  if (!haveChromium(t)) return;
  const db = await testDb();
  cleanup(() => db.cleanup());
  const tr = await twoTrees(db.handle);
  await user(db.handle, 'city-admin', tr.cityA.id, [['admin', tr.cityA.id]]);
  const server = await startApp(db.handle);
  cleanup(() => server.close());
  const { base } = server;
  const session = await openBrowser();
  cleanup(() => session.close());
  const { page, pageErrors, a11y } = session;
  const step = stepper(t);
  const files = [`${FIXTURES}22_hongze_qzf_2023.txt`, `${FIXTURES}24_hongze_qzf_2024.txt`];

  await step('sign in and open 年报解读 from the navigation', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel(/^用户名/).fill('city-admin');
    await page.getByLabel(/^密码/).fill(PASSWORD);
    await clickAndWait(page, () => page.getByRole('button', { name: '登录' }).click(), /\/admin$/);
    await clickAndWait(page, () => page.getByRole('link', { name: '年报解读' }).click(), /\/admin\/reader$/);
    await a11y('reader upload page');
  });

  await step('submitting without a file says so next to the field', async () => {
    await clickAndWait(page, () => page.getByRole('button', { name: '读取' }).click(), /\/admin\/reader$/);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /请选择要读取的年度报告文件/);
    await a11y('reader upload page with an error');
  });

  await step('upload two reports: each read with its places, the failing sums shown, the two compared', async () => {
    await page.getByLabel('年度报告文件').setInputFiles(files);
    await clickAndWait(page, () => page.getByRole('button', { name: '读取' }).click(), /\/admin\/reader$/);
    const main = (await page.locator('main').textContent()) ?? '';
    assert.match(main, /淮安市洪泽区人民政府（据标题，第2行第1列）/);
    assert.match(main, /正文所述收到申请数＝表三“一、本年新收”总计：17 ≠ 95，相差 -78/);
    assert.match(main, /四、行政复议：结果维持＋结果纠正＋其他结果＋尚未审结＝总计：11 ≠ 0，相差 11/);
    assert.equal(await page.getByRole('heading', { name: '对比' }).count(), 1);
    // The chart is an image the browser can draw.
    const chart = page.locator('figure.trend img').first();
    assert.ok(await chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0));
    await a11y('reader result with comparison');
  });

  await step('import both as the county’s historic figures', async () => {
    await page.goto(`${base}/admin/agencies/${tr.countyA.id}`);
    await clickAndWait(page, () => page.getByRole('link', { name: '历年年报' }).click(), /\/historic-reports$/);
    await a11y('history page, empty');
    await page.getByLabel('年度报告文件').setInputFiles(files);
    await clickAndWait(page, () => page.getByRole('button', { name: '导入' }).click(), /\/historic-reports$/);
    const notice = (await page.getByRole('status').textContent()) ?? '';
    assert.match(notice, /已导入“22_hongze_qzf_2023\.txt”：2023年度，\d+ 个数字，2 项勾稽关系不成立/);
    assert.match(notice, /已导入“24_hongze_qzf_2024\.txt”：2024年度/);
    await a11y('history page after import');
  });

  await step('compare one figure over the years: chart and table, the failing years marked', async () => {
    await page.getByLabel('比较统计项').selectOption({ label: '三、一、本年新收政府信息公开申请数量 总计' });
    await clickAndWait(page, () => page.getByRole('button', { name: '比较' }).click(), /key=t3\.received\.total/);
    const figure = page.locator('figure', { hasText: '三、一、本年新收政府信息公开申请数量 总计（件）' });
    assert.equal(await figure.count(), 1);
    assert.match((await figure.locator('tbody').textContent()) ?? '', /21.*95/);
    assert.ok((await figure.locator('td.fails').count()) >= 2);
    await a11y('history comparison');
  });

  await step('open a stored reading', async () => {
    await clickAndWait(
      page,
      () => page.getByRole('link', { name: '24_hongze_qzf_2024.txt' }).first().click(),
      /\/admin\/report-readings\/\d+$/,
    );
    assert.match((await page.locator('main').textContent()) ?? '', /17 ≠ 95/);
    await a11y('stored reading');
  });

  assert.deepEqual(pageErrors, []);
  assert.equal(session.checked.length, 7);
});
