// On-request disclosure in a real browser, CSP on: a citizen applies on a phone-sized screen (once
// with a wrong 身份证号), gets a 查询码; a handler confirms receipt and asks for a correction; the
// citizen corrects on the tracking page; the handler asks for an extension, an approver approves
// it; the handler attaches a document and replies 部分公开; the citizen sees every letter and the
// released document. Every page visited is checked with axe-core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idCardCheckChar } from '../src/domain/scan.js';
import { testDb } from '../test/helpers/db.js';
import { PASSWORD, twoTrees, user } from '../test/helpers/fixtures.js';
import { startApp } from '../test/helpers/http.js';
import { cleanupsAfterAll, clickAndWait, haveChromium, openBrowser, stepper } from './browser.js';

const FIRST17 = '33070219850615123';
const ID_NUMBER = FIRST17 + idCardCheckChar(FIRST17);
const WRONG_ID = FIRST17 + (idCardCheckChar(FIRST17) === '0' ? '1' : '0');
const REQUEST = '请公开2024年全市中小学校舍安全检查的结果';
const PHONE = '13800138000';

const cleanup = cleanupsAfterAll();

test('apply → correction → corrected → extension approved → 部分公开 → the citizen reads the letters', { timeout: 300_000 }, async (t) => {
  if (!haveChromium(t)) return;
  const db = await testDb();
  cleanup(() => db.cleanup());
  const tr = await twoTrees(db.handle);
  const agencyId = tr.deptA.id;
  await user(db.handle, 'handler', agencyId, [['handler', agencyId]]);
  await user(db.handle, 'approver', agencyId, [['approver', agencyId]]);
  await user(db.handle, 'admin', agencyId, [['admin', agencyId]]);
  const server = await startApp(db.handle);
  cleanup(() => server.close());
  const { base } = server;

  const session = await openBrowser();
  cleanup(() => session.close());
  const { page, pageErrors, a11y } = session;
  const step = stepper(t);
  let code = '';
  let caseUrl = '';

  const signIn = async (username: string) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/login`);
    await page.getByLabel(/^用户名/).fill(username);
    await page.getByLabel(/^密码/).fill(PASSWORD);
    await clickAndWait(page, () => page.getByRole('button', { name: '登录' }).click(), /\/admin$/);
  };
  const signOut = async () => {
    await clickAndWait(page, () => page.getByRole('button', { name: '退出登录' }).click(), /\/login$/);
  };
  const trackAsCitizen = async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/apply/track`);
    await page.getByLabel(/^查询码/).fill(code);
    await page.getByLabel(/^联系电话或电子邮箱/).fill(PHONE);
    await clickAndWait(page, () => page.getByRole('button', { name: '查询' }).click(), /\/apply\/case$/);
  };

  await step('the citizen applies from the agency portal on a phone, is told what is wrong, and gets a 查询码', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/gk/${agencyId}`);
    await clickAndWait(page, () => page.getByRole('link', { name: /依申请公开/ }).click(), /\/apply\?agency=/);
    await a11y('application form');
    await page.getByLabel(/^申请人类型/).selectOption('natural');
    await page.getByLabel(/^姓名或名称/).fill('李明');
    await page.getByLabel(/^身份证件类型/).selectOption('idCard');
    await page.getByLabel(/^证件号码/).fill(WRONG_ID);
    await page.getByLabel(/^联系电话/).fill(PHONE);
    await page.getByLabel(/^申请公开的政府信息/).fill(REQUEST);
    await page.getByLabel(/^信息的形式/).selectOption('electronic');
    await page.getByLabel(/^获取方式/).selectOption('online');
    await clickAndWait(page, () => page.getByRole('button', { name: '提交申请' }).click(), /\/apply$/);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /校验位错误/);
    assert.equal(await page.getByLabel(/^申请公开的政府信息/).inputValue(), REQUEST, 'what was typed is kept');
    await a11y('application form with errors');
    await page.getByLabel(/^证件号码/).fill(ID_NUMBER);
    await clickAndWait(page, () => page.getByRole('button', { name: '提交申请' }).click(), /\/apply\/submitted/);
    code = ((await page.locator('.secret code').textContent()) ?? '').trim();
    assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    assert.match((await page.locator('main').textContent()) ?? '', /双方确认之日为收到申请之日/);
    await a11y('confirmation page');
  });

  await step('the handler confirms receipt and asks, once, for a correction', async () => {
    await signIn('handler');
    await page.goto(`${base}/admin/applications`);
    await a11y('my queue');
    await clickAndWait(page, () => page.getByRole('link', { name: code }).first().click(), /\/admin\/applications\/\d+$/);
    caseUrl = page.url();
    await a11y('case page, awaiting receipt');
    await clickAndWait(page, () => page.getByRole('button', { name: '确认收到' }).click(), caseUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /受理回执/);
    await page.getByLabel(/^补正事项/).fill('请写明需要哪一所学校或哪一个区县的检查结果。');
    await clickAndWait(page, () => page.getByRole('button', { name: '发出补正告知书' }).click(), caseUrl);
    assert.match((await page.locator('main').textContent()) ?? '', /待申请人补正/);
    await a11y('case page, awaiting correction');
    await signOut();
  });

  await step('the citizen reads the correction notice and corrects on the tracking page', async () => {
    await trackAsCitizen();
    await a11y('tracking page, awaiting correction');
    await clickAndWait(
      page,
      () => page.getByRole('link', { name: '政府信息公开申请补正告知书', exact: true }).click(),
      /\/apply\/case\/letters\/\d+$/,
    );
    assert.match((await page.locator('.letter').textContent()) ?? '', /请写明需要哪一所学校/);
    await a11y('correction notice');
    await page.goto(`${base}/apply/case`);
    await page.getByLabel(/^补正内容/).fill('需要示例市第一中学的检查结果。');
    await clickAndWait(page, () => page.getByRole('button', { name: '提交补正' }).click(), /\/apply\/case$/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /重新计算/);
  });

  await step('the handler asks for an extension; an approver approves it', async () => {
    await signIn('handler');
    await page.goto(caseUrl);
    await page.getByLabel(/^延长的工作日数/).fill('20');
    await page.getByLabel(/^延期理由/).fill('需要调取学校的检查档案');
    await clickAndWait(page, () => page.getByRole('button', { name: '提交延期审批' }).click(), caseUrl);
    assert.match((await page.locator('#ext-title').textContent()) ?? '', /待审批：延长答复期限 20 个工作日/);
    await signOut();
    await signIn('approver');
    await page.goto(caseUrl);
    await a11y('case page, extension to approve');
    await page.getByLabel('同意延期').check();
    await clickAndWait(page, () => page.getByRole('button', { name: '提交审批意见' }).click(), caseUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /延期答复告知书/);
    assert.match((await page.locator('#clock-title + dl').textContent()) ?? '', /延长 20 个工作日/);
    await signOut();
  });

  await step('the handler attaches the document and replies 部分公开 with the reason for the part withheld', async () => {
    await signIn('handler');
    await page.goto(caseUrl);
    await page
      .getByLabel(/^附件/)
      .setInputFiles({ name: '检查结果.txt', mimeType: 'text/plain', buffer: Buffer.from('示例市第一中学校舍安全检查结果：合格。\n') });
    await clickAndWait(page, () => page.getByRole('button', { name: '上传' }).click(), caseUrl);
    await page
      .getByLabel(/部分公开/)
      .first()
      .check();
    await page.getByLabel(/^不予公开的部分及理由/).fill('检查人员的手机号码：涉及个人隐私（《条例》第十五条）');
    await page.getByLabel(/^获取方式/).fill('随本答复提供电子文档，可在查询页面下载');
    await page.getByLabel('检查结果.txt').check();
    await clickAndWait(page, () => page.getByRole('button', { name: '答复并发出答复书' }).click(), caseUrl);
    assert.match((await page.locator('main').textContent()) ?? '', /已办结/);
    await a11y('case page, replied');
    await signOut();
  });

  await step('the citizen sees every letter and the released document', async () => {
    await trackAsCitizen();
    const letters = page.locator('#letters-title + ul li');
    const titles = await letters.allTextContents();
    for (const title of ['受理回执', '补正告知书', '延期答复告知书', '答复书'])
      assert.ok(
        titles.some((x) => x.includes(title)),
        title,
      );
    assert.equal(
      titles.some((x) => x.includes('征求意见函')),
      false,
    );
    assert.match((await page.locator('main').textContent()) ?? '', /（二）部分公开/);
    await a11y('tracking page, replied');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: '检查结果.txt' }).click();
    assert.equal((await download).suggestedFilename(), '检查结果.txt');
    await clickAndWait(
      page,
      () => page.getByRole('link', { name: '政府信息公开申请答复书', exact: true }).click(),
      /\/apply\/case\/letters\/\d+$/,
    );
    const letter = (await page.locator('.letter').textContent()) ?? '';
    assert.match(letter, /检查人员的手机号码：涉及个人隐私/);
    assert.match(letter, /六十日内.*行政复议.*六个月内.*行政诉讼/);
    await a11y('reply letter');
  });

  await step('the other back-office pages of on-request disclosure are accessible too', async () => {
    await signIn('admin');
    for (const [what, path] of [
      ['agency queue', `/admin/agencies/${agencyId}/applications`],
      ['registration form', `/admin/agencies/${agencyId}/applications/new`],
      ['consultations', `/admin/agencies/${agencyId}/consultations`],
      ['appeals', `/admin/agencies/${agencyId}/appeals`],
      ['letter templates', `/admin/agencies/${agencyId}/letter-templates`],
      ['outbox', '/admin/outbox'],
      ['staff view of a letter', new URL(caseUrl).pathname],
    ] as const) {
      await page.goto(`${base}${path}`);
      if (what === 'staff view of a letter')
        await clickAndWait(
          page,
          () => page.getByRole('link', { name: '政府信息公开申请答复书', exact: true }).first().click(),
          /\/admin\/letters\/\d+$/,
        );
      await a11y(what);
    }
    await signOut();
  });

  await step('no script errors or CSP violations on any page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
