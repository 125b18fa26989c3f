// Proactive disclosure in a real browser: an officer drafts an item whose body holds a valid
// 身份证号; the first reviewer sees the flag and must tick it; two reviewers approve; the item is on
// the portal and in search, in simplified and traditional script; a 限时公开 item disappears once its
// end date has passed. Every page visited is checked with axe-core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idCardCheckChar } from '../src/domain/scan.js';
import { chinaDate } from '../src/domain/time.js';
import { testDb } from '../test/helpers/db.js';
import { PASSWORD, twoTrees, user } from '../test/helpers/fixtures.js';
import { Client, startApp } from '../test/helpers/http.js';
import { cleanupsAfterAll, clickAndWait, haveChromium, openBrowser, stepper } from './browser.js';

const ID_NUMBER = (() => {
  const first17 = '33070219800101123';
  return first17 + idCardCheckChar(first17);
})();
const TITLE = '关于开展安全生产大检查的通知';
const LIMITED_TITLE = '关于征集交通规划意见的公告';
/** What Word puts on the clipboard for a heading, a numbered and a bulleted list of its own, and a small table (shortened). */
const wordListItem = (marker: string, text: string) =>
  `<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span>${text}</span></p>`;
const WORD_PASTE = [
  '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><style>@list l0:level1 {mso-level-tab-stop:18.0pt}</style></head><body>',
  '<h2 class="MsoNormal" style="mso-outline-level:2"><span style="font-family:黑体">检查安排</span><o:p></o:p></h2>',
  wordListItem('1.', '自查'),
  wordListItem('2.', '抽查'),
  // A bulleted list: Word types the bullet in the Symbol font's private-use character.
  wordListItem('\uF0B7', '学校自查'),
  wordListItem('\uF0B7', '教育局抽查'),
  '<table class="MsoTableGrid" border="1" style="border-collapse:collapse"><tr><td style="width:100pt"><p class="MsoNormal">学校</p></td><td><p class="MsoNormal">检查日期</p></td></tr>',
  '<tr><td><p class="MsoNormal">第一中学</p></td><td><p class="MsoNormal">6月3日</p></td></tr></table>',
  '</body></html>',
].join('');

const cleanup = cleanupsAfterAll();

test('draft with an ID number → flagged → two approvals → on the portal and in search, both scripts; expired item disappears', {
  timeout: 90_000,
}, async (t) => {
  if (!haveChromium(t)) return;
  const db = await testDb();
  cleanup(() => db.cleanup());
  const tr = await twoTrees(db.handle);
  const agencyId = tr.deptA.id;
  await user(db.handle, 'officer', agencyId, [['officer', agencyId]]);
  await user(db.handle, 'reviewer', agencyId, [['reviewer', agencyId]]);
  await user(db.handle, 'approver', agencyId, [['approver', agencyId]]);
  // The platform's clock can be moved forward to let a 限时公开 period run out.
  let clock = Date.now();
  const server = await startApp(db.handle, { now: () => new Date(clock) });
  cleanup(() => server.close());
  const { base } = server;
  const today = chinaDate(new Date(clock));

  const session = await openBrowser();
  cleanup(() => session.close());
  const { page, pageErrors, a11y } = session;
  const step = stepper(t);
  let itemUrl = '';

  const signIn = async (username: string) => {
    await page.goto(`${base}/login`);
    await page.getByLabel(/^用户名/).fill(username);
    await page.getByLabel(/^密码/).fill(PASSWORD);
    await clickAndWait(page, () => page.getByRole('button', { name: '登录' }).click(), /\/admin$/);
  };
  const signOut = async () => {
    await clickAndWait(page, () => page.getByRole('button', { name: '退出登录' }).click(), /\/login$/);
  };

  await step('the officer drafts the item and submits it for review', async () => {
    await signIn('officer');
    await page.goto(`${base}/admin/agencies/${agencyId}/items/new`);
    await a11y('item form');
    await page.getByLabel(/^文号/).fill('甲教发〔2024〕21号');
    await page.locator('#f-categoryId').selectOption({ label: '　法规文件' });
    await page.getByLabel(/^内容概述/).fill('部署全市教育系统安全生产大检查。');
    // The body is typed into the editor, then a heading and a table are pasted from Word.
    const editor = page.getByRole('textbox', { name: /^正文/ });
    await editor.click();
    await page.keyboard.type(`各学校：现部署安全生产大检查。联系人身份证号 ${ID_NUMBER}。`);
    // The line becomes a link, through the theme's link box, which speaks Chinese.
    await page.keyboard.press('Shift+Home');
    await page.getByRole('button', { name: '插入链接' }).click();
    const linkBox = page.getByRole('textbox', { name: '链接地址' });
    assert.equal(
      await page.locator('.ql-tooltip').evaluate((el) => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } };
        return g.getComputedStyle(el, '::before').content;
      }),
      '"输入链接地址："',
    );
    await linkBox.fill('https://www.gov.cn/');
    await linkBox.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await editor.evaluate((el, html) => {
      // Runs in the page (the project's TypeScript has no DOM lib).
      const g = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, data: string): void };
        ClipboardEvent: new (type: string, init: object) => unknown;
      };
      const data = new g.DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', '检查安排');
      (el as { dispatchEvent(e: unknown): void }).dispatchEvent(
        new g.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, WORD_PASTE);
    // Then a table of its own, made and widened from the toolbar at the end of the body.
    const rowBelow = page.getByRole('button', { name: '下方插入行' });
    assert.equal(await rowBelow.isDisabled(), true, 'row and column buttons wait for a table');
    await page.keyboard.press('Control+End');
    await page.getByRole('button', { name: '插入表格' }).click();
    await page.keyboard.type('序号');
    assert.equal(await page.getByRole('button', { name: '插入表格' }).isDisabled(), true, 'no table inside a table');
    await page.getByRole('button', { name: '右侧插入列' }).click();
    // Saved without a title, the form comes back refused with the body in the editor as it was.
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('.error-summary').waitFor();
    await page.waitForLoadState('load'); // the editor starts after the page is parsed
    const kept = page.getByRole('textbox', { name: /^正文/ });
    assert.match((await kept.textContent()) ?? '', new RegExp(`^各学校：.*${ID_NUMBER}`));
    assert.deepEqual(await kept.locator('table').first().locator('td').allTextContents(), ['学校', '检查日期', '第一中学', '6月3日']);
    await page.getByLabel(/^标题/).fill(TITLE);
    await clickAndWait(page, () => page.getByRole('button', { name: '保存草稿' }).click(), /\/admin\/items\/\d+$/);
    itemUrl = page.url();
    await a11y('draft item page');
    assert.match((await page.locator('.flags').textContent()) ?? '', /疑似身份证号/);
    // What the officer typed and pasted is the body: its paragraphs, the heading and the table's cells.
    const body = page.locator('.item-body');
    assert.match((await body.locator('p').first().textContent()) ?? '', /^各学校：现部署安全生产大检查。/);
    assert.equal(await body.locator('h2', { hasText: '检查安排' }).count(), 1);
    assert.equal(await body.locator('p').first().locator('a[href="https://www.gov.cn/"]').count(), 1);
    assert.deepEqual(await body.locator('ol > li').allTextContents(), ['自查', '抽查'], 'Word’s numbered list, numbered by the list');
    assert.deepEqual(await body.locator('ul > li').allTextContents(), ['学校自查', '教育局抽查'], 'and its bulleted one');
    assert.deepEqual(await body.locator('table').first().locator('td').allTextContents(), ['学校', '检查日期', '第一中学', '6月3日']);
    const made = await body.locator('table').nth(1).locator('td').allTextContents();
    assert.deepEqual([made.length, made[0]], [12, '序号'], 'three rows of four cells, 序号 first');
    // Word's classes and styles were taken out, and the officer is told so.
    assert.match((await page.getByRole('status').textContent()) ?? '', /已去除：.*样式/);
    await clickAndWait(page, () => page.getByRole('button', { name: '提交保密审查' }).click(), itemUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /已提交保密审查/);
    await signOut();
  });

  await step('the first reviewer sees the flag, cannot approve without ticking it, then approves', async () => {
    await signIn('reviewer');
    await page.goto(`${base}/admin/reviews`);
    await a11y('review queue');
    await clickAndWait(page, () => page.getByRole('link', { name: TITLE }).click(), itemUrl);
    await a11y('item under review');
    assert.equal(await page.locator('.flags mark').first().textContent(), ID_NUMBER);
    await page.getByLabel('同意').check();
    await clickAndWait(page, () => page.getByRole('button', { name: '提交审查意见' }).click(), itemUrl);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /未确认/);
    await a11y('review refused without acknowledgement');
    await page.getByLabel(/已核对/).check();
    await page.getByLabel('同意').check();
    await clickAndWait(page, () => page.getByRole('button', { name: '提交审查意见' }).click(), itemUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /转下一步审查/);
    await signOut();
  });

  await step('the second reviewer (分管领导) approves and the item is published with its 索引号', async () => {
    await signIn('approver');
    await page.goto(itemUrl);
    await page.getByLabel(/已核对/).check();
    await page.getByLabel('同意').check();
    await clickAndWait(page, () => page.getByRole('button', { name: '提交审查意见' }).click(), itemUrl);
    assert.match((await page.getByRole('status').textContent()) ?? '', /已发布/);
    assert.match((await page.locator('dl.meta').textContent()) ?? '', new RegExp(`${tr.deptA.credit_code}/${today.slice(0, 4)}-00001`));
    await signOut();
  });

  const itemId = () => Number(itemUrl.split('/').pop());

  await step('the public sees the item on the portal with its metadata, in both scripts', async () => {
    const res = await page.goto(`${base}/gk/items/${itemId()}`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), TITLE);
    const meta = (await page.locator('main').textContent()) ?? '';
    assert.match(meta, /索引号/);
    assert.match(meta, /甲教发〔2024〕21号/);
    await a11y('portal item page');
    await page.goto(`${base}/gk/items/${itemId()}?script=tw`);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /安全生產大檢查/);
    await a11y('portal item page, traditional');
  });

  await step('search finds it from simplified and from traditional input', async () => {
    for (const q of ['安全生产', '安全生產', '"安全生产大检查"', '检查 通知']) {
      await page.goto(`${base}/gk/search?q=${encodeURIComponent(q)}`);
      assert.ok(await page.getByRole('link', { name: new RegExp(TITLE.slice(0, 6)) }).count(), `search for ${q}`);
    }
    assert.ok(await page.locator('mark').count(), 'hits are highlighted');
    await a11y('search results');
    await page.goto(`${base}/gk/search?q=${encodeURIComponent('不存在的词语组合')}`);
    assert.equal(await page.getByRole('link', { name: new RegExp(TITLE.slice(0, 6)) }).count(), 0);
  });

  await step('a 限时公开 item is on the portal until its end date, then gone from pages and search', async () => {
    // Drafted and approved over HTTP: the browser part of the flow was shown above.
    const officer = new Client(base);
    await officer.login('officer', PASSWORD);
    const form = await officer.get(`/admin/agencies/${agencyId}/items/new`);
    const category = form.text.match(/<option value="(\d+)">　法规文件/)![1];
    const created = await officer.post(`/admin/agencies/${agencyId}/items`, {
      title: LIMITED_TITLE,
      issuer: tr.deptA.name,
      writtenOn: today,
      categoryId: category,
      disclosureMode: 'proactive',
      period: 'limited',
      periodUntil: today,
      docType: 'other',
      body: '<p>公开征集意见，截止今日。</p>',
    });
    assert.equal(created.status, 303);
    const url = created.location!;
    await officer.post(`${url}/submit`);
    for (const who of ['reviewer', 'approver']) {
      const c = new Client(base);
      await c.login(who, PASSWORD);
      await c.get(url);
      assert.equal((await c.post(`${url}/review`, { decision: 'approved' })).status, 303, who);
    }
    const limitedId = url.split('/').pop();
    assert.equal((await page.goto(`${base}/gk/items/${limitedId}`))?.status(), 200);
    await page.goto(`${base}/gk/search?q=${encodeURIComponent('交通规划')}`);
    assert.equal(await page.getByRole('link', { name: LIMITED_TITLE }).count(), 1);

    clock += 2 * 86_400_000;
    assert.equal((await page.goto(`${base}/gk/items/${limitedId}`))?.status(), 404);
    await page.goto(`${base}/gk/search?q=${encodeURIComponent('交通规划')}`);
    assert.equal(await page.getByRole('link', { name: LIMITED_TITLE }).count(), 0);
    await page.goto(`${base}/gk/${agencyId}`);
    assert.equal(await page.getByText(LIMITED_TITLE).count(), 0);
    assert.equal((await page.getByRole('link', { name: TITLE }).count()) > 0, true, 'the permanent item stays');
    await a11y('agency portal home');
  });

  await step(
    'a body with merged cells opens in the textarea, not the editor, and keeps them when saved; an old plain-text body opens as text',
    async () => {
      const officer = new Client(base);
      await officer.login('officer', PASSWORD);
      const form = await officer.get(`/admin/agencies/${agencyId}/items/new`);
      const category = form.text.match(/<option value="(\d+)">　法规文件/)![1];
      const merged = '<table><tbody><tr><td colspan="2">2024年</td></tr><tr><td>上半年</td><td>下半年</td></tr></tbody></table>';
      const created = await officer.post(`/admin/agencies/${agencyId}/items`, {
        title: '含合并单元格的统计表',
        issuer: tr.deptA.name,
        writtenOn: chinaDate(new Date(clock)),
        categoryId: category,
        disclosureMode: 'proactive',
        period: 'permanent',
        docType: 'other',
        body: merged,
      });
      assert.equal(created.status, 303);
      await signIn('officer');
      const itemPage = `${base}${created.location!}`;
      await page.goto(`${itemPage}/edit`);
      await a11y('item form, body beyond the editor');
      assert.equal(await page.locator('.ql-editor').count(), 0, 'no editor');
      assert.match((await page.locator('#f-body').inputValue()) ?? '', /colspan="2"/);
      assert.equal(await page.getByText(/编辑器不能保留的格式/).count(), 1);
      await clickAndWait(page, () => page.getByRole('button', { name: '保存', exact: true }).click(), itemPage);
      assert.equal(await page.locator('.item-body td[colspan="2"]').textContent(), '2024年');
      // A body stored as plain text in earlier days (escaped by the sanitizer) opens in the editor as text.
      const id = Number(itemPage.split('/').pop());
      await db.handle.db.updateTable('items').set({ body_html: 'A &amp; B\n第二行' }).where('id', '=', id).execute();
      await page.goto(`${itemPage}/edit`);
      const editor = page.getByRole('textbox', { name: /^正文/ });
      assert.deepEqual(await editor.locator('p').allTextContents(), ['A & B', '第二行']);
      await clickAndWait(page, () => page.getByRole('button', { name: '保存', exact: true }).click(), itemPage);
      assert.equal(await page.locator('.item-body').innerHTML(), '<h2 id="body-title">正文</h2><div><p>A &amp; B</p><p>第二行</p></div>');
      await signOut();
    },
  );

  await step('no script errors or CSP violations on any page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
