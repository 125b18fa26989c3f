// The first-start administrator flow in a real browser: sign in with the demo's one-time password,
// set a new one, create an agency (once with a wrong 统一社会信用代码), create a user, grant a role,
// and sign in as that user. Every page visited is checked with axe-core for serious and critical
// WCAG 2.1 A/AA and best-practice violations.
//
// Needs Debian's chromium (apt-get install chromium fonts-wqy-zenhei). Without it the test is
// skipped, unless GONGKAI_REQUIRE_BROWSER=1 (as in CI), where it fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { creditCodeCheckChar, orgCodeCheckChar } from '../src/domain/creditCode.js';
import { systemActor } from '../src/features/audit/service.js';
import { seedDemoIfEmpty } from '../src/features/demo.js';
import { systemCtx } from '../src/platform.js';
import { testDb } from '../test/helpers/db.js';
import { startApp } from '../test/helpers/http.js';
import { cleanupsAfterAll, clickAndWait, haveChromium, openBrowser, stepper } from './browser.js';

const AGENCY_NAME = '示例市文化广电旅游局';
const AGENCY_SHORT = '市文广旅局';
const OFFICER = 'wenlv.officer';
const OFFICER_NAME = '王信息';
const ADMIN_NEW_PASSWORD = 'Guanli-2024-kaifang';
const OFFICER_NEW_PASSWORD = 'Xinxi-2024-gongkai';

// A valid 统一社会信用代码 for the new agency (11 = 机关, region 330700), and one whose last character is wrong.
const ORG_BODY = '00279990';
const FIRST17 = `11330700${ORG_BODY}${orgCodeCheckChar(ORG_BODY)}`;
const CREDIT_CODE = FIRST17 + creditCodeCheckChar(FIRST17);
const WRONG_CREDIT_CODE = FIRST17 + (CREDIT_CODE.endsWith('0') ? '1' : '0');

// Closed in reverse order: browser, then server, then database.
const cleanup = cleanupsAfterAll();

test('admin first start: agency, user, role and the officer signing in, all pages accessible', {
  // The demo it seeds includes on-request cases with their letters; a loaded CI machine needs the room.
  timeout: 120_000,
}, async (t) => {
  if (!haveChromium(t)) return;

  // The database and demo exactly as a first start makes them.
  const db = await testDb();
  cleanup(() => db.cleanup());
  const seed = await seedDemoIfEmpty(systemCtx(db.handle, systemActor));
  assert.equal(seed.seeded, true);
  assert.equal(seed.adminUsername, 'admin');
  const adminOneTime = seed.adminPassword!;
  assert.ok(adminOneTime, 'the demo seed returns a one-time password for admin');

  const server = await startApp(db.handle);
  cleanup(() => server.close());
  const { base } = server;

  const session = await openBrowser();
  cleanup(() => session.close());
  const { page, pageErrors, checked, a11y } = session;
  const step = stepper(t);
  const url = (path: string) => new RegExp(`^${base.replace(/[.]/g, '\\.')}${path}$`);
  const nav = () => page.getByRole('navigation', { name: '主导航' });
  const h1 = () => page.getByRole('heading', { level: 1 });
  const notice = () => page.getByRole('status');

  let agencyId = 0;
  let officerOneTime = '';
  let officerId = 0;

  await step('login page: skip link is the first Tab stop', async () => {
    const res = await page.goto(`${base}/login`);
    assert.equal(res?.status(), 200);
    assert.equal(await h1().textContent(), '工作人员登录');
    await a11y('login');

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到正文' });
    assert.equal(await skip.evaluate((el) => el === el.ownerDocument.activeElement), true, 'first Tab focuses 跳到正文');
    // Following it puts focus on <main>, so the next Tab continues in the content.
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/login#main`);
    assert.equal(await page.locator('main').evaluate((el) => el === el.ownerDocument.activeElement), true, 'skip link moves focus to main');
  });

  await step('admin signs in with the one-time password and must change it', async () => {
    await page.getByLabel(/^用户名/).fill('admin');
    await page.getByLabel(/^密码/).fill(adminOneTime);
    await clickAndWait(page, () => page.getByRole('button', { name: '登录' }).click(), url('/account/password'));
    assert.equal(await h1().textContent(), '修改密码');
    // Until the password is changed the back-office navigation is hidden.
    assert.equal(await nav().getByRole('link', { name: '工作台' }).count(), 0);
    await a11y('password change (forced, admin)');

    await page.getByLabel(/^当前密码（一次性密码）/).fill(adminOneTime);
    await page.getByLabel(/^新密码/).fill(ADMIN_NEW_PASSWORD);
    await page.getByLabel(/^确认新密码/).fill(ADMIN_NEW_PASSWORD);
    await clickAndWait(page, () => page.getByRole('button', { name: '保存新密码' }).click(), url('/admin'));
    assert.equal(await h1().textContent(), '工作台');
    assert.equal(await notice().textContent(), '密码已修改');
    assert.equal(await page.getByRole('link', { name: '示例市人民政府', exact: true }).count(), 1);
    await a11y('dashboard (admin)');
  });

  await step('admin creates an agency, first with a wrong 统一社会信用代码', async () => {
    await clickAndWait(page, () => nav().getByRole('link', { name: '机关' }).click(), url('/admin/agencies'));
    assert.equal(await h1().textContent(), '机关');
    await a11y('agency list');

    await clickAndWait(page, () => page.getByRole('link', { name: '新建机关' }).click(), url('/admin/agencies/new'));
    assert.equal(await h1().textContent(), '新建机关');
    await a11y('agency form');

    await page.getByRole('textbox', { name: /^机关全称/ }).fill(AGENCY_NAME);
    await page.getByRole('textbox', { name: /^机关简称/ }).fill(AGENCY_SHORT);
    await page.getByRole('combobox', { name: /^机关类型/ }).selectOption('department');
    await page.getByRole('combobox', { name: /^行政层级/ }).selectOption('city');
    await page.getByRole('combobox', { name: /^上级机关/ }).selectOption({ label: '示例市人民政府' });
    const code = page.getByRole('textbox', { name: /^统一社会信用代码/ });
    await code.fill(WRONG_CREDIT_CODE);
    await clickAndWait(page, () => page.getByRole('button', { name: '创建机关' }).click(), url('/admin/agencies'));

    const summary = page.getByRole('alert');
    assert.match((await summary.textContent()) ?? '', /统一社会信用代码/, 'the error summary names the field');
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#e-creditCode').textContent()) ?? '', /校验位/);
    // What the user typed is still there.
    assert.equal(await page.getByRole('textbox', { name: /^机关全称/ }).inputValue(), AGENCY_NAME);
    assert.equal(await page.getByRole('textbox', { name: /^机关简称/ }).inputValue(), AGENCY_SHORT);
    assert.equal(await page.getByRole('combobox', { name: /^机关类型/ }).inputValue(), 'department');
    assert.equal(await code.inputValue(), WRONG_CREDIT_CODE);
    await a11y('agency form with errors');

    // The summary links to the field.
    await clickAndWait(page, () => summary.getByRole('link', { name: /统一社会信用代码/ }).click(), url('/admin/agencies#f-creditCode'));
    await code.fill(CREDIT_CODE);
    await clickAndWait(page, () => page.getByRole('button', { name: '创建机关' }).click(), url('/admin/agencies/\\d+'));
    agencyId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal(await h1().textContent(), AGENCY_NAME);
    assert.equal(await notice().textContent(), `已创建机关“${AGENCY_NAME}”`);
    assert.equal(await page.getByText(CREDIT_CODE, { exact: true }).count(), 1);
    assert.equal(await page.getByRole('link', { name: '示例市人民政府', exact: true }).count(), 1, 'parent is linked');
    await a11y('agency page');
  });

  await step('admin creates a user for it and gets a one-time password', async () => {
    await clickAndWait(page, () => nav().getByRole('link', { name: '用户' }).click(), url('/admin/users'));
    assert.equal(await h1().textContent(), '用户');
    await a11y('user list');

    await clickAndWait(page, () => page.getByRole('link', { name: '新建用户' }).click(), url('/admin/users/new'));
    assert.equal(await h1().textContent(), '新建用户');
    await a11y('user form');

    await page.getByRole('textbox', { name: /^用户名/ }).fill(OFFICER);
    await page.getByRole('textbox', { name: /^姓名/ }).fill(OFFICER_NAME);
    const agencySelect = page.getByRole('combobox', { name: /^所属机关/ });
    const value = await agencySelect.locator('option', { hasText: AGENCY_NAME }).getAttribute('value');
    assert.equal(value, String(agencyId));
    await agencySelect.selectOption(value!);
    assert.equal(await page.getByLabel(/^初始密码/).inputValue(), '', '初始密码 left empty');
    await clickAndWait(page, () => page.getByRole('button', { name: '创建用户' }).click(), url('/admin/users'));

    assert.equal(await h1().textContent(), '一次性密码');
    officerOneTime = ((await page.locator('[data-testid=one-time-password]').textContent()) ?? '').trim();
    assert.match(officerOneTime, /^[A-Za-z0-9]{16}$/);
    await a11y('one-time password page');

    await clickAndWait(page, () => page.getByRole('link', { name: '返回用户页面' }).click(), url('/admin/users/\\d+'));
    officerId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal(await h1().textContent(), `用户：${OFFICER_NAME}`);
  });

  await step('admin grants 信息员 on the new agency', async () => {
    assert.equal(await page.getByText('尚未授予任何角色。').count(), 1);
    await a11y('user page (no grants)');

    const agencySelect = page.getByRole('combobox', { name: /^机关/ });
    const value = await agencySelect.locator('option', { hasText: AGENCY_NAME }).getAttribute('value');
    await agencySelect.selectOption(value!);
    await page.getByRole('combobox', { name: /^角色/ }).selectOption('officer');
    await clickAndWait(page, () => page.getByRole('button', { name: '授予', exact: true }).click(), url(`/admin/users/${officerId}`));

    assert.equal(await notice().textContent(), '已授予角色');
    const grants = page.getByRole('table', { name: '角色授权' });
    const row = grants.getByRole('row').filter({ hasText: AGENCY_NAME });
    assert.equal(await row.count(), 1);
    assert.equal(await row.getByRole('cell').nth(1).textContent(), '信息员');
    await a11y('user page (with grant)');
  });

  await step('admin signs out', async () => {
    await clickAndWait(page, () => page.getByRole('banner').getByRole('button', { name: '退出登录' }).click(), url('/login'));
    assert.equal(await notice().textContent(), '您已退出登录');
    await a11y('login after sign-out');
  });

  await step('the officer signs in, changes the password and sees the agency', async () => {
    await page.getByLabel(/^用户名/).fill(OFFICER);
    await page.getByLabel(/^密码/).fill(officerOneTime);
    // Like a person: Enter in the password field submits.
    await clickAndWait(page, () => page.getByLabel(/^密码/).press('Enter'), url('/account/password'));
    assert.equal(await h1().textContent(), '修改密码');
    await a11y('password change (forced, officer)');

    await page.getByLabel(/^当前密码（一次性密码）/).fill(officerOneTime);
    await page.getByLabel(/^新密码/).fill(OFFICER_NEW_PASSWORD);
    await page.getByLabel(/^确认新密码/).fill(OFFICER_NEW_PASSWORD);
    await clickAndWait(page, () => page.getByRole('button', { name: '保存新密码' }).click(), url('/admin'));
    assert.equal(await h1().textContent(), '工作台');
    assert.equal(await page.getByRole('banner').getByRole('link', { name: OFFICER_NAME }).count(), 1);
    // An officer reads only where granted: exactly the new agency.
    const rows = page.getByRole('table', { name: '我可以查看的机关' }).getByRole('row');
    assert.equal(await rows.count(), 2, 'header row plus one agency');
    assert.equal(await rows.nth(1).getByRole('link').textContent(), AGENCY_NAME);
    await a11y('dashboard (officer)');

    await clickAndWait(page, () => page.getByRole('banner').getByRole('button', { name: '退出登录' }).click(), url('/login'));
    assert.equal(await notice().textContent(), '您已退出登录');
  });

  await step('404 page and the public home', async () => {
    const missing = await page.goto(`${base}/no-such-page`);
    assert.equal(missing?.status(), 404);
    assert.equal(await h1().textContent(), '找不到页面');
    await a11y('404 page');

    const home = await page.goto(`${base}/`);
    assert.equal(home?.status(), 200);
    assert.equal(await page.getByText(AGENCY_NAME).count(), 1, 'the new agency is on the public home');
    await a11y('public home');
  });

  await step('every page was checked, no script errors', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(checked, [
      'login',
      'password change (forced, admin)',
      'dashboard (admin)',
      'agency list',
      'agency form',
      'agency form with errors',
      'agency page',
      'user list',
      'user form',
      'one-time password page',
      'user page (no grants)',
      'user page (with grant)',
      'login after sign-out',
      'password change (forced, officer)',
      'dashboard (officer)',
      '404 page',
      'public home',
    ]);
  });
});
