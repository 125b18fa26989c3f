import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DbHandle } from '../src/db/connect.js';
import { toTraditional } from '../src/domain/text.js';
import { visitCounterOf } from '../src/features/portal/routes.js';
import { VisitCounter } from '../src/features/portal/visits.js';
import { sitemapSettings } from '../src/features/portal/xml.js';
import { type TestDb, testDb } from './helpers/db.js';
import { type ItemRow, insertCategory, itemRow as makeItemRow, twoTrees } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

// The public portal over real HTTP: what the public sees, in which form, and — as much — what it
// never sees (drafts, items in review, returned, withheld, on-request or expired items, staff).

const NOW = new Date('2025-06-30T02:00:00Z'); // 2025-06-30 in China
const SECRET = '机密标记';
const HOSTILE_BODY =
  '<p>正文开头</p><script>alert("body")</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">链接</a><p onclick="alert(4)">尾</p><iframe src="https://evil.example/"></iframe>';

let db: TestDb;
let running: Running;
let T: Awaited<ReturnType<typeof twoTrees>>;
const ids: Record<string, number> = {};
const cats: Record<string, number> = {};
const att: Record<string, number> = {};
const hidden = new Set<number>();
let serial = 0;

type Row = ItemRow;

async function insert(h: DbHandle, key: string, p: Row): Promise<number> {
  serial++;
  const published = (p.status ?? 'published') === 'published';
  const row = makeItemRow(
    { index_no: published ? `11330100MB0000000X/2024-${String(serial).padStart(5, '0')}` : null, issuer: '甲市人民政府办公室', ...p },
    NOW,
  );
  const { id } = await h.db.insertInto('items').values(row).returning('id').executeTakeFirstOrThrow();
  ids[key] = id;
  return id;
}

async function category(h: DbHandle, key: string, agencyId: number, name: string, parent: string | null = null) {
  cats[key] = await insertCategory(h, { agencyId, name, parentId: parent ? cats[parent]! : null, sort: Object.keys(cats).length }, NOW);
}

async function attach(h: DbHandle, key: string, itemId: number, name: string, mime: string, data: Buffer) {
  const sha = `${key}-${'0'.repeat(60)}`.slice(0, 64);
  await h.db.insertInto('blobs').values({ sha256: sha, size: data.length, data, created_at: NOW.toISOString() }).execute();
  const r = await h.db
    .insertInto('item_attachments')
    .values({ item_id: itemId, name, mime, size: data.length, sha256: sha, created_at: NOW.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  att[key] = r.id;
}

const PDF = Buffer.from('%PDF-1.4\n% test\n');

before(async () => {
  db = await testDb();
  const h = db.handle;
  T = await twoTrees(h);
  const { cityA, deptA, cityB } = T;
  await category(h, 'A1', cityA.id, '法规文件');
  await category(h, 'A1a', cityA.id, '规范性文件', 'A1');
  await category(h, 'A2', cityA.id, '财政预决算');
  await category(h, 'B1', cityB.id, '法规文件');
  await h.db
    .insertInto('agency_settings')
    .values({
      agency_id: cityA.id,
      office_name: '甲市人民政府办公室政务公开科',
      address: '甲市人民路1号',
      office_hours: '工作日 9:00-17:00',
      phone: '0571-12345678',
      fax: '0571-87654321',
      internet_contact: 'https://gk.example.gov.cn/apply',
      how_to_apply: null,
      catalog_arrangement: null,
      index_scheme: null,
      review_chain: '[]',
      updated_at: NOW.toISOString(),
    })
    .execute();

  await insert(h, 'policy', {
    agency_id: cityA.id,
    title: '关于加强安全生产工作的通知',
    doc_no: '甲政发〔2024〕1号',
    published_on: '2024-03-01',
    written_on: '2024-02-26',
    category_id: cats.A1a!,
    topic: '综合政务\\政务公开',
    doc_type: 'normativeDoc',
    validity: 'repealed',
    validity_on: '2025-01-01',
    summary: '部署安全生产大检查',
    // Stored as an officer pasted it, with a Chinese path in a link: the portal sanitizes again at
    // render, and the 繁體 page must not turn 发布/国务院 into 發佈/國務院.
    body_html:
      '<p>各县区要落实<strong>安全生产</strong>责任制。</p><p><a href="https://www.gov.cn/zhengce/发布/国务院.html">国务院文件</a></p>',
  });
  await insert(h, 'interp', {
    agency_id: cityA.id,
    title: '《关于加强安全生产工作的通知》政策解读',
    published_on: '2024-03-02',
    category_id: cats.A1!,
    body_html: '<p>解读</p>',
  });
  await insert(h, 'limited', {
    agency_id: cityA.id,
    title: '2025年度公务员考试录用公告',
    published_on: '2025-03-01',
    period: 'limited',
    period_until: '2025-12-31',
    category_id: cats.A2!,
  });
  await insert(h, 'hostile', {
    agency_id: cityA.id,
    title: '含<script>alert("t")</script>标题 & “引号” \u0001控制字符',
    published_on: '2024-05-05',
    category_id: cats.A2!,
    body_html: HOSTILE_BODY,
    summary: '<b>概述</b>',
  });
  await insert(h, 'deptItem', { agency_id: deptA.id, title: '甲市教育局招生简章', published_on: '2025-05-05' });
  await insert(h, 'other', { agency_id: cityB.id, title: '乙市安全生产措施', published_on: '2024-04-01', category_id: cats.B1! });
  // 25 items in one sub-category for paging, a day apart.
  for (let i = 0; i < 25; i++) {
    const d = new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10);
    await insert(h, `page${i}`, { agency_id: cityA.id, title: `分页测试条目${i}号`, published_on: d, category_id: cats.A1a! });
  }
  // The victim's back office: never on the portal.
  const secret = (key: string, p: Partial<Row>) =>
    insert(h, key, { agency_id: cityA.id, title: `${SECRET}${key}安全生产`, category_id: cats.A1a!, ...p }).then((id) => hidden.add(id));
  await secret('draft', { status: 'draft' });
  await secret('inReview', { status: 'in_review' });
  await secret('returned', { status: 'returned' });
  await secret('withheld', { published_on: '2024-01-01', disclosure_mode: 'withheld' });
  await secret('onRequest', { published_on: '2024-01-01', disclosure_mode: 'onRequest' });
  await secret('expired', { published_on: '2024-01-01', period: 'limited', period_until: '2025-06-29' });
  await attach(h, 'public', ids.policy!, '附件一：安全生产检查表 (2024).pdf', 'application/pdf', PDF);
  await attach(h, 'secret', ids.draft!, `${SECRET}.pdf`, 'application/pdf', PDF);
  await h.db
    .insertInto('item_links')
    .values([
      { item_id: ids.policy!, related_id: ids.interp!, kind: 'interpretation' },
      { item_id: ids.policy!, related_id: ids.draft!, kind: 'interpretation' },
    ])
    .execute();
  running = await startApp(h, { now: () => NOW });
});

after(async () => {
  await running?.close();
  await db?.cleanup();
});

const get = (path: string) => new Client(running.base).get(path);

function assertNothingHidden(text: string, where: string) {
  assert.ok(!text.includes(SECRET), `${where} shows a non-public item`);
  assert.ok(!/<script/i.test(text), `${where} has a <script`);
  assert.ok(!/onerror|onclick/i.test(text), `${where} has an event handler`);
  assert.ok(!/javascript:/i.test(text), `${where} has a javascript: link`);
}

describe('pages', () => {
  test('/gk: the agency tree with public counts, the latest items, a search box', async () => {
    const r = await get('/gk');
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<a href="/gk/${T.cityA.id}">甲市人民政府</a>`));
    assert.match(r.text, /甲市人民政府<\/a> <span class="muted">人民政府 · 公开信息 29 条/);
    assert.match(r.text, /乙市人民政府<\/a> <span class="muted">人民政府 · 公开信息 1 条/);
    assert.match(r.text, /甲市教育局招生简章/);
    assert.match(r.text, /<search><form method="get" action="\/gk\/search"/);
    assertNothingHidden(r.text, '/gk');
  });

  test('an agency home: guide, rules, the catalog with counts, annual reports (暂无), latest items', async () => {
    const r = await get(`/gk/${T.cityA.id}`);
    assert.equal(r.status, 200);
    for (const column of ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开工作年度报告'])
      assert.match(r.text, new RegExp(`<h2 id="[^"]+">${column}</h2>`));
    // 法规文件 counts its own public item and the 26 of its sub-category; drafts are not counted.
    assert.match(r.text, new RegExp(`<a href="/gk/${T.cityA.id}/categories/${cats.A1}">法规文件</a> <span class="muted">（27）</span>`));
    assert.match(r.text, new RegExp(`<a href="/gk/${T.cityA.id}/categories/${cats.A1a}">规范性文件</a> <span class="muted">（26）</span>`));
    assert.match(r.text, /<h2 id="gk-reports">政府信息公开工作年度报告<\/h2><p class="muted">暂无<\/p>/);
    assert.match(r.text, /2025年度公务员考试录用公告/);
    assert.match(r.text, new RegExp(`href="/gk/${T.cityA.id}/feed.atom"`));
    // Feed readers find the feed from the page itself.
    const head = r.text.slice(0, r.text.indexOf('</head>'));
    assert.match(
      head,
      new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+（Atom 订阅）" href="/gk/${T.cityA.id}/feed.atom"/>`),
    );
    assertNothingHidden(r.text, 'agency home');
  });

  test('an agency that has not set up its catalog shows the statutory tree, and the page writes nothing', async () => {
    const before = await db.handle.db.selectFrom('categories').select('id').execute();
    const r = await get(`/gk/${T.deptB.id}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /法定主动公开内容/);
    assert.match(r.text, /机构职能 <span class="muted">（0）<\/span>/);
    const afterRows = await db.handle.db.selectFrom('categories').select('id').execute();
    assert.equal(afterRows.length, before.length);
  });

  test('the guide (条例 第十二条): the office from the settings, how to apply, the catalog arrangement', async () => {
    const r = await get(`/gk/${T.cityA.id}/guide`);
    assert.equal(r.status, 200);
    for (const s of [
      '甲市人民政府办公室政务公开科',
      '甲市人民路1号',
      '工作日 9:00-17:00',
      '0571-12345678',
      '0571-87654321',
      'https://gk.example.gov.cn/apply',
    ])
      assert.ok(r.text.includes(s), s);
    for (const s of ['工作机构', '办公地址', '办公时间', '联系电话', '传真', '互联网联系方式'])
      assert.match(r.text, new RegExp(`<dt>${s}</dt>`));
    assert.match(r.text, /第二十七条/);
    assert.match(r.text, /第二十九条/);
    assert.match(
      r.text,
      new RegExp(`<a href="/gk/${T.cityA.id}/categories/${cats.A1a}">规范性文件</a>`),
      'the catalog arrangement lists the tree',
    );
    // How to apply names the online form, with this agency chosen, and where to follow the case.
    const how = r.text.slice(r.text.indexOf('（二）依申请公开'), r.text.indexOf('id="g-office"'));
    assert.ok(how.includes(`<a href="/apply?agency=${T.cityA.id}">在线提交政府信息公开申请</a>`), how);
    assert.ok(how.includes('<a href="/apply/track">申请查询</a>'), how);
    const form = await get(`/apply?agency=${T.cityA.id}`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`<option value="${T.cityA.id}" selected`), 'the form opens with the agency chosen');
    const bare = await get(`/gk/${T.deptA.id}/guide`);
    assert.equal(bare.status, 200);
    assert.ok(bare.text.includes(`/apply?agency=${T.deptA.id}`));
    assert.match(bare.text, /<dt>工作机构<\/dt><dd>暂未公布<\/dd>/);
    assert.match(bare.text, /条例第二十九条第二款/);
  });

  test('a category page: its items and its sub-categories’, newest first, in keyset pages', async () => {
    const seen: string[] = [];
    let url: string | null = `/gk/${T.cityA.id}/categories/${cats.A1}`;
    let pages = 0;
    while (url) {
      const r = await get(url);
      assert.equal(r.status, 200);
      assertNothingHidden(r.text, url);
      const titles = [...r.text.matchAll(/<a href="\/gk\/items\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);
      for (const t of titles) assert.ok(!seen.includes(t), `${t} twice`);
      seen.push(...titles);
      const next = r.text.match(/<a rel="next" href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
      if (next) assert.match(next, /\?after=\d{4}-\d{2}-\d{2}_\d+$/);
      url = next ?? null;
      pages++;
    }
    assert.equal(pages, 2);
    assert.equal(seen.length, 27);
    assert.equal(seen[0], '《关于加强安全生产工作的通知》政策解读');
    assert.equal(seen[1], '关于加强安全生产工作的通知');
    assert.equal(seen[2], '分页测试条目24号');
    assert.equal(seen[26], '分页测试条目0号');
  });

  const notFound: [string, () => string][] = [
    ['a category of another agency', () => `/gk/${T.cityB.id}/categories/${cats.A1}`],
    ['an unknown category', () => `/gk/${T.cityA.id}/categories/999999`],
    ['an unknown agency', () => '/gk/999999'],
    ['an agency id that is not a number', () => '/gk/abc/guide'],
    ['an item id that is not a number', () => '/gk/items/1x'],
    ['an unknown item', () => '/gk/items/999999'],
    ['an unknown attachment', () => '/gk/attachments/999999'],
    ['an unknown sitemap part', () => '/sitemap.xml?part=zz'],
  ];
  for (const [name, path] of notFound) {
    test(`404: ${name}`, async () => {
      const r = await get(path());
      assert.equal(r.status, 404);
      assert.match(r.text, /找不到/);
    });
  }

  test('a bad keyset cursor on a category page is a 400 with a message', async () => {
    const r = await get(`/gk/${T.cityA.id}/categories/${cats.A1}?after=yesterday`);
    assert.equal(r.status, 400);
    assert.match(r.text, /翻页参数无效/);
  });
});

describe('the item page', () => {
  test('the metadata block as portals show it, the body, attachments, interpretations, the view count', async () => {
    const r = await get(`/gk/items/${ids.policy}`);
    assert.equal(r.status, 200);
    const row = (label: string) => r.text.match(new RegExp(`<th scope="row">${label}</th><td>(.*?)</td>`))?.[1];
    assert.match(row('索引号') ?? '', /^11330100MB0000000X\/2024-\d{5}$/);
    assert.equal(row('主题分类'), '综合政务\\政务公开');
    assert.equal(row('发布机构'), '甲市人民政府办公室');
    assert.equal(row('成文日期'), '<time datetime="2024-02-26">2024-02-26</time>');
    assert.equal(row('发布日期'), '<time datetime="2024-03-01">2024-03-01</time>');
    assert.equal(row('文号'), '甲政发〔2024〕1号');
    assert.equal(row('有效性'), '废止（2025-01-01）');
    assert.equal(row('公开形式'), '主动公开');
    assert.equal(row('公开时限'), '长期公开');
    assert.equal(row('内容概述'), '部署安全生产大检查');
    assert.match(
      r.text,
      /<div class="item-body"><p>各县区要落实<strong>安全生产<\/strong>责任制。<\/p><p><a href="https:\/\/www\.gov\.cn\/zhengce\/%E5%8F%91%E5%B8%83\/%E5%9B%BD%E5%8A%A1%E9%99%A2\.html">国务院文件<\/a><\/p><\/div>/,
    );
    assert.match(r.text, new RegExp(`<a href="/gk/attachments/${att.public}" download>附件一：安全生产检查表 \\(2024\\).pdf</a>`));
    assert.match(r.text, new RegExp(`<h2 id="i-interp">政策解读</h2><ul><li><a href="/gk/items/${ids.interp}">`));
    assert.match(r.text, /浏览次数：\d+/);
    assertNothingHidden(r.text, 'item page');
    const interp = await get(`/gk/items/${ids.interp}`);
    assert.match(interp.text, new RegExp(`<h2 id="i-policy">解读的政策文件</h2><ul><li><a href="/gk/items/${ids.policy}">`));
  });

  test('a page rendered once is reused only while what it shows is unchanged, in every process', async () => {
    // Two app processes on one database, as behind a load balancer: each keeps its own rendered
    // pages, and a change made anywhere shows on the next view in both.
    const apps = [await startApp(db.handle, { now: () => NOW }), await startApp(db.handle, { now: () => NOW })];
    const { title: interpTitle } = await db.handle.db
      .selectFrom('items')
      .select('title')
      .where('id', '=', ids.interp!)
      .executeTakeFirstOrThrow();
    try {
      const id = await insert(db.handle, 'memo', {
        agency_id: T.cityA.id,
        title: '重用渲染测试条目',
        published_on: '2025-01-02',
        category_id: cats.A2!,
        body_html: '<p>第一版正文</p>',
      });
      const views = async () => Promise.all(apps.map(async (a) => (await new Client(a.base).get(`/gk/items/${id}`)).text));
      const changes: [string, () => Promise<unknown>, RegExp][] = [
        ['as first rendered', async () => {}, /第一版正文/],
        ['the same page again', async () => {}, /第一版正文/],
        [
          'the body',
          () => db.handle.db.updateTable('items').set({ body_html: '<p>第二版正文</p>' }).where('id', '=', id).execute(),
          /第二版正文/,
        ],
        [
          'the title',
          () => db.handle.db.updateTable('items').set({ title: '改过的标题' }).where('id', '=', id).execute(),
          /<h1>改过的标题<\/h1>/,
        ],
        [
          'the category’s name',
          () => db.handle.db.updateTable('categories').set({ name: '财政预决算（新）' }).where('id', '=', cats.A2!).execute(),
          /财政预决算（新）/,
        ],
        [
          'the agency’s name',
          () => db.handle.db.updateTable('agencies').set({ name: '甲市人民政府（新）' }).where('id', '=', T.cityA.id).execute(),
          /甲市人民政府（新）/,
        ],
        ['an attachment', () => attach(db.handle, 'memo', id, '新附件.pdf', 'application/pdf', PDF), /新附件\.pdf/],
        [
          'a link to an interpretation',
          () => db.handle.db.insertInto('item_links').values({ item_id: id, related_id: ids.interp!, kind: 'interpretation' }).execute(),
          new RegExp(`<h2 id="i-interp">政策解读</h2><ul><li><a href="/gk/items/${ids.interp}">`),
        ],
        [
          'the linked item’s title',
          () => db.handle.db.updateTable('items').set({ title: '解读的新标题' }).where('id', '=', ids.interp!).execute(),
          /解读的新标题/,
        ],
      ];
      for (const [what, change, shown] of changes) {
        await change();
        for (const [k, text] of (await views()).entries()) assert.match(text, shown, `${what}, process ${k + 1}`);
      }
      const counts = (await views()).map((t) => Number(t.match(/浏览次数：(\d+)/)?.[1]));
      assert.ok(
        counts.every((n) => n >= 1),
        'each view shows its own count',
      );
      await db.handle.db.updateTable('items').set({ period: 'limited', period_until: '2025-06-29' }).where('id', '=', id).execute();
      hidden.add(id);
      for (const a of apps) assert.equal((await new Client(a.base).get(`/gk/items/${id}`)).status, 404, 'expired: gone at once');
    } finally {
      await db.handle.db.updateTable('categories').set({ name: '财政预决算' }).where('id', '=', cats.A2!).execute();
      await db.handle.db.updateTable('agencies').set({ name: T.cityA.name }).where('id', '=', T.cityA.id).execute();
      await db.handle.db.updateTable('items').set({ title: interpTitle }).where('id', '=', ids.interp!).execute();
      for (const a of apps) await a.close();
    }
  });

  test('无文号, no 有效性 for other documents, 限时公开 with its end date, the category path as 主题分类', async () => {
    const r = await get(`/gk/items/${ids.limited}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<th scope="row">文号<\/th><td>无文号<\/td>/);
    assert.doesNotMatch(r.text, /有效性/);
    assert.match(r.text, /<th scope="row">公开时限<\/th><td>限时公开（至 2025-12-31）<\/td>/);
    assert.match(r.text, /<th scope="row">主题分类<\/th><td>财政预决算<\/td>/);
  });

  for (const key of ['draft', 'inReview', 'returned', 'withheld', 'onRequest', 'expired']) {
    test(`a ${key} item is not found: page, API and attachments`, async () => {
      const page = await get(`/gk/items/${ids[key]}`);
      assert.equal(page.status, 404);
      assert.doesNotMatch(page.text, new RegExp(SECRET));
      const api = await get(`/api/v1/public/items/${ids[key]}`);
      assert.equal(api.status, 404);
      assert.equal(api.json().error.status, 404);
      assert.doesNotMatch(api.text, new RegExp(SECRET));
    });
  }

  test('a hostile body stored in the database never reaches a page, the API or a feed as active content', async () => {
    const pages = [
      `/gk/items/${ids.hostile}`,
      `/gk/items/${ids.hostile}?script=tw`,
      '/gk',
      `/gk/${T.cityA.id}`,
      `/gk/${T.cityA.id}/categories/${cats.A2}`,
      `/gk/search?q=${encodeURIComponent('正文开头')}`,
      `/gk/search?q=${encodeURIComponent('控制字符')}`,
    ];
    for (const path of pages) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assertNothingHidden(r.text, path);
      assert.doesNotMatch(r.text, /<iframe/i, path);
    }
    const item = await get(`/gk/items/${ids.hostile}`);
    assert.match(item.text, /<h1>含&lt;script>alert\(&quot;t&quot;\)&lt;\/script>标题/, 'the title is text');
    assert.match(item.text, /<div class="item-body"><p>正文开头<\/p><a>链接<\/a><p>尾<\/p><\/div>/);
    const api = await get(`/api/v1/public/items/${ids.hostile}`);
    assert.equal(api.json().item.bodyHtml, '<p>正文开头</p><a>链接</a><p>尾</p>');
    const feed = await get(`/gk/${T.cityA.id}/feed.atom`);
    parseXml(feed.text);
    assert.doesNotMatch(feed.text, /<script/);
    assert.match(feed.text, /<title type="text">含&lt;script&gt;alert\(&quot;t&quot;\)&lt;\/script&gt;标题 &amp; “引号” 控制字符<\/title>/);
  });
});

describe('attachments', () => {
  test('an attachment of a public item downloads with its type, as an attachment, nosniff', async () => {
    const r = await fetch(`${running.base}/gk/attachments/${att.public}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const cd = r.headers.get('content-disposition') ?? '';
    assert.match(cd, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    assert.ok(cd.includes(`filename*=UTF-8''${encodeURIComponent('附件一：安全生产检查表 ').replace(/'/g, '%27')}%282024%29.pdf`), cd);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), PDF);
  });

  test('an attachment already held (If-None-Match with its ETag) is answered 304 without the file', async () => {
    const first = await fetch(`${running.base}/gk/attachments/${att.public}`);
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[^"]+"$/);
    await first.arrayBuffer();
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const r = await fetch(`${running.base}/gk/attachments/${att.public}`, { headers: { 'if-none-match': inm } });
      assert.equal(r.status, 304, inm);
      assert.equal(r.headers.get('etag'), etag);
      assert.equal((await r.arrayBuffer()).byteLength, 0);
    }
    const changed = await fetch(`${running.base}/gk/attachments/${att.public}`, { headers: { 'if-none-match': '"other"' } });
    assert.equal(changed.status, 200);
    assert.deepEqual(Buffer.from(await changed.arrayBuffer()), PDF);
    const secret = await fetch(`${running.base}/gk/attachments/${att.secret}`, { headers: { 'if-none-match': '*' } });
    assert.equal(secret.status, 404, 'a draft’s attachment stays unfound whatever the client holds');
    await secret.arrayBuffer();
  });

  test('an attachment of a draft is not found', async () => {
    const r = await get(`/gk/attachments/${att.secret}`);
    assert.equal(r.status, 404);
    assert.doesNotMatch(r.text, new RegExp(SECRET));
  });
});

describe('繁體 (?script=tw)', () => {
  const urlsOf = (html: string) => [...html.matchAll(/\s(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!);
  const ascii = (s: string) =>
    Array.from(s)
      .filter((ch) => ch.charCodeAt(0) < 0x80)
      .join('');

  test('the page is in traditional characters, lang zh-Hant-TW, with a switch back to 简体', async () => {
    const r = await get(`/gk/items/${ids.policy}?script=tw`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<html lang="zh-Hant-TW">/);
    assert.match(r.text, /關於加強安全生產工作的通知/);
    assert.match(r.text, /公開形式/);
    assert.doesNotMatch(r.text, /安全生产/);
    assert.match(r.text, new RegExp(`<a href="/gk/items/${ids.policy}" lang="zh-Hans" hreflang="zh-Hans">&#31616;&#20307;</a>`));
    const cn = await get(`/gk/items/${ids.policy}`);
    assert.match(
      cn.text,
      new RegExp(`<a href="/gk/items/${ids.policy}\\?script=tw" lang="zh-Hant" hreflang="zh-Hant">&#32321;&#39636;</a>`),
    );
    // Both pages name both versions in their head, for search engines.
    for (const page of [r.text, cn.text]) {
      const head = page.slice(0, page.indexOf('</head>'));
      assert.match(head, new RegExp(`<link rel="alternate" hreflang="zh-Hans" href="/gk/items/${ids.policy}"/>`));
      assert.match(head, new RegExp(`<link rel="alternate" hreflang="zh-Hant" href="/gk/items/${ids.policy}\\?script=tw"/>`));
    }
  });

  test('links on a traditional page keep script=tw; every URL on it is ASCII, so the conversion cannot touch one', async () => {
    for (const path of [
      '/gk',
      `/gk/${T.cityA.id}`,
      `/gk/${T.cityA.id}/guide`,
      `/gk/items/${ids.policy}`,
      `/gk/search?q=${encodeURIComponent('安全生产')}`,
    ]) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await get(`${path}${sep}script=tw`);
      assert.equal(r.status, 200, path);
      for (const u of urlsOf(r.text)) assert.equal(ascii(u), u, `${path}: ${u}`);
      // Portal links, but not the switch back to 简体 (lang="zh-Hans"), the feeds nor attachments (files, not pages).
      const links = [...r.text.matchAll(/<a href="(\/gk[^"]*)"(?! lang=)/g)]
        .map((m) => m[1]!)
        .filter((u) => !u.endsWith('.atom') && !u.startsWith('/gk/attachments/'));
      assert.ok(links.length > 0, path);
      for (const u of links) assert.match(u, /[?&]script=tw$/, `${path}: ${u}`);
    }
    const item = await get(`/gk/items/${ids.policy}?script=tw`);
    assert.ok(
      item.text.includes('<a href="https://www.gov.cn/zhengce/%E5%8F%91%E5%B8%83/%E5%9B%BD%E5%8A%A1%E9%99%A2.html">國務院文件</a>'),
      'a link in the body keeps its address; only its text is converted',
    );
    const search = await get(`/gk/search?q=${encodeURIComponent('安全生产')}&script=tw`);
    assert.match(search.text, /<input type="hidden" name="script" value="tw"\/>/, 'a new search stays traditional');
  });

  test('OpenCC cn→tw changes only Han characters: markup, attributes and URLs of real pages stay byte for byte', async () => {
    for (const path of [
      '/gk',
      `/gk/${T.cityA.id}`,
      `/gk/${T.cityA.id}/guide`,
      `/gk/items/${ids.policy}`,
      `/gk/items/${ids.hostile}`,
      `/gk/search?q=${encodeURIComponent('安全')}`,
    ]) {
      const cn = (await get(path)).text;
      const tw = toTraditional(cn);
      assert.notEqual(tw, cn, path);
      assert.equal(ascii(tw), ascii(cn), path);
      assert.deepEqual(urlsOf(tw), urlsOf(cn), path);
    }
  });
});

// ---- a strict little XML 1.0 reader, for feeds and sitemaps: well-formedness, entities, nesting ----

interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

function parseXml(s: string): XNode {
  let i = 0;
  const fail = (m: string): never => {
    throw new Error(`not well-formed XML at ${i}: ${m}: ${JSON.stringify(s.slice(i, i + 40))}`);
  };
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const allowed = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c < 0xd800) || (c > 0xdfff && c < 0xfffe) || c >= 0x10000;
    if (!allowed) fail(`U+${c.toString(16)}, which XML 1.0 forbids`);
  }
  const decode = (t: string) => {
    if (t.includes('<')) fail('raw <');
    return t.replace(/&([^;]*);?/g, (m, e: string) => {
      if (!m.endsWith(';')) fail(`bare & in ${t}`);
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (e in named) return named[e]!;
      if (/^#\d+$/.test(e)) return String.fromCodePoint(Number(e.slice(1)));
      if (/^#x[0-9a-fA-F]+$/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
      return fail(`unknown entity &${e};`);
    });
  };
  const ws = () => {
    while (/\s/.test(s[i] ?? '')) i++;
  };
  const name = () => {
    const m = s.slice(i).match(/^[A-Za-z_][\w.:-]*/);
    if (!m) fail('a name');
    i += m![0].length;
    return m![0];
  };
  const element = (): XNode => {
    if (s[i] !== '<') fail('<');
    i++;
    const node: XNode = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      ws();
      if (s.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (s[i] === '>') {
        i++;
        break;
      }
      const a = name();
      ws();
      if (s[i] !== '=') fail('=');
      i++;
      ws();
      const q = s[i];
      if (q !== '"' && q !== "'") fail('a quoted value');
      const end = s.indexOf(q!, i + 1);
      if (end < 0) fail('end of value');
      if (a in node.attrs) fail(`attribute ${a} twice`);
      node.attrs[a] = decode(s.slice(i + 1, end));
      i = end + 1;
    }
    for (;;) {
      if (s.startsWith('</', i)) {
        i += 2;
        if (name() !== node.name) fail(`</${node.name}>`);
        ws();
        if (s[i] !== '>') fail('>');
        i++;
        return node;
      }
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i);
        if (end < 0) fail('end of comment');
        i = end + 3;
      } else if (s[i] === '<') {
        node.children.push(element());
      } else {
        const end = s.indexOf('<', i);
        if (end < 0) fail('end of document inside an element');
        node.text += decode(s.slice(i, end));
        i = end;
      }
    }
  };
  if (s.startsWith('<?xml')) {
    const end = s.indexOf('?>');
    if (end < 0) fail('end of declaration');
    i = end + 2;
  }
  ws();
  const root = element();
  ws();
  if (i !== s.length) fail('content after the root element');
  return root;
}

const child = (n: XNode, name: string) => n.children.find((c) => c.name === name);
const all = (n: XNode, name: string) => n.children.filter((c) => c.name === name);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('feeds and sitemap', () => {
  function checkAtom(xml: string): XNode {
    const feed = parseXml(xml);
    assert.equal(feed.name, 'feed');
    assert.equal(feed.attrs.xmlns, 'http://www.w3.org/2005/Atom');
    for (const el of ['id', 'title', 'updated', 'author']) assert.ok(child(feed, el), `feed has <${el}>`);
    assert.match(child(feed, 'updated')!.text, RFC3339);
    assert.ok(
      all(feed, 'link').some((l) => l.attrs.rel === 'self' && /^http:\/\/127\.0\.0\.1:\d+\/gk\/.+\/feed\.atom$/.test(l.attrs.href!)),
    );
    for (const e of all(feed, 'entry')) {
      for (const el of ['id', 'title', 'updated', 'link']) assert.ok(child(e, el), `entry has <${el}>`);
      assert.match(child(e, 'updated')!.text, RFC3339);
      assert.match(child(e, 'id')!.text, /^http:\/\/127\.0\.0\.1:\d+\/gk\/items\/\d+$/);
    }
    return feed;
  }
  const entryIds = (feed: XNode) => all(feed, 'entry').map((e) => Number(child(e, 'id')!.text.split('/').pop()));

  test('an agency feed: valid Atom, its latest 50 public items, newest first', async () => {
    const r = await get(`/gk/${T.cityA.id}/feed.atom`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/atom\+xml/);
    const feed = checkAtom(r.text);
    const got = entryIds(feed);
    assert.equal(got.length, 29, 'all 29 public items of 甲市 (fewer than 50)');
    assert.equal(got[0], ids.limited);
    assert.ok(!got.some((i) => hidden.has(i)));
    assert.ok(!got.includes(ids.deptItem!), 'a department’s items are in its own feed');
  });

  test('without GONGKAI_PUBLIC_URL, feeds and the sitemap are built from the Host and say they vary by it', async () => {
    for (const path of [`/gk/${T.cityA.id}/feed.atom`, '/sitemap.xml']) {
      const r = await get(path);
      assert.match(r.headers.get('vary') ?? '', /\bHost\b/i, path);
      assert.match(r.headers.get('cache-control') ?? '', /public/, path);
    }
  });

  test('a category feed: the items of the category and its sub-categories only', async () => {
    const r = await get(`/gk/${T.cityA.id}/categories/${cats.A1a}/feed.atom`);
    const feed = checkAtom(r.text);
    const got = entryIds(feed);
    assert.equal(got.length, 26);
    assert.equal(got[0], ids.policy);
    assert.ok(!got.includes(ids.interp!), 'an item of the parent category is not in the sub-category’s feed');
    assert.equal((await get(`/gk/${T.cityB.id}/categories/${cats.A1a}/feed.atom`)).status, 404);
  });

  test('the sitemap lists every public item and agency page, and nothing else', async () => {
    const r = await get('/sitemap.xml');
    assert.equal(r.status, 200);
    const set = parseXml(r.text);
    assert.equal(set.name, 'urlset');
    const locs = all(set, 'url').map((u) => child(u, 'loc')!.text.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''));
    const itemsListed = locs.filter((l) => l.startsWith('/gk/items/')).map((l) => Number(l.split('/').pop()));
    const publicItems = Object.entries(ids)
      .filter(([, id]) => !hidden.has(id))
      .map(([, id]) => id);
    assert.deepEqual(
      [...itemsListed].sort((a, b) => a - b),
      [...publicItems].sort((a, b) => a - b),
    );
    assert.ok(locs.includes('/gk'));
    // <lastmod> is the day the item last changed (updated_at, NOW in the fixtures), not its 发布日期.
    const policy = all(set, 'url').find((u) => child(u, 'loc')!.text.endsWith(`/gk/items/${ids.policy}`))!;
    assert.equal(child(policy, 'lastmod')?.text, '2025-06-30');
    for (const a of Object.values(T)) {
      assert.ok(locs.includes(`/gk/${a.id}`));
      assert.ok(locs.includes(`/gk/${a.id}/guide`));
    }
  });

  test('past the per-file limit the sitemap becomes an index of parts that together list the same URLs', async () => {
    const single = parseXml((await get('/sitemap.xml')).text);
    const expected = all(single, 'url')
      .map((u) => child(u, 'loc')!.text)
      .sort();
    const saved = sitemapSettings.urlsPerFile;
    sitemapSettings.urlsPerFile = 7;
    try {
      const index = parseXml((await get('/sitemap.xml')).text);
      assert.equal(index.name, 'sitemapindex');
      const parts = all(index, 'sitemap').map((s) => child(s, 'loc')!.text);
      assert.ok(parts.length > 5);
      const seen: string[] = [];
      for (const part of parts) {
        const r = await get(part.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''));
        assert.equal(r.status, 200, part);
        const urls = all(parseXml(r.text), 'url').map((u) => child(u, 'loc')!.text);
        assert.ok(urls.length <= 7, `${part} has ${urls.length} URLs`);
        seen.push(...urls);
      }
      assert.deepEqual(seen.sort(), expected);
      // A part one past the last the index lists does not exist: 404, not an empty urlset.
      for (const kind of ['a', 'i']) {
        const last = Math.max(
          ...parts
            .map((u) => u.match(new RegExp(`part=${kind}(\\d+)$`))?.[1])
            .filter(Boolean)
            .map(Number),
        );
        const r = await get(`/sitemap.xml?part=${kind}${last + 1}`);
        assert.equal(r.status, 404, `${kind}${last + 1}`);
        assert.doesNotMatch(r.text, /urlset/);
      }
      assert.equal((await get('/sitemap.xml?part=i9999')).status, 404);
    } finally {
      sitemapSettings.urlsPerFile = saved;
    }
  });
});

describe('the public JSON API', () => {
  test('the OpenAPI document describes every /api/v1/public route, and only real routes', async () => {
    const r = await get('/api/openapi.json');
    assert.equal(r.status, 200);
    const doc = r.json();
    assert.match(doc.openapi, /^3\./);
    const routes = running.app.routeList.filter((x) => x.url.startsWith('/api/v1/public'));
    assert.ok(routes.length >= 2);
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      assert.ok(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url} is documented`);
      assert.ok('public' in route.access);
    }
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        assert.ok(
          running.app.routeList.some((x) => x.url === url && x.method.toLowerCase() === method),
          `documented ${method} ${path} exists`,
        );
      }
    }
    const list = doc.paths['/api/v1/public/items'].get;
    assert.deepEqual(list.parameters.map((p: { name: string }) => p.name).sort(), [
      'after',
      'agencyId',
      'categoryId',
      'docNo',
      'indexNo',
      'limit',
      'q',
      'year',
    ]);
    assert.ok(list.responses['400']);
  });

  test('a public API for any site’s scripts: CORS and CORP cross-origin on answers and errors, no cookie; the 429 is documented', async () => {
    for (const [path, status] of [
      [`/api/v1/public/items/${ids.policy}`, 200],
      ['/api/v1/public/items?limit=1', 200],
      ['/api/openapi.json', 200],
      [`/api/v1/public/items/${ids.draft}`, 404],
      ['/api/v1/public/items?limit=abc', 400],
      ['/api/v1/public/items/%E0%A4', 400],
    ] as const) {
      const r = await fetch(`${running.base}${path}`, { headers: { origin: 'https://other.example' } });
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get('access-control-allow-origin'), '*', path);
      assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin', path);
      assert.equal(r.headers.get('access-control-allow-credentials'), null, path);
      assert.deepEqual(r.headers.getSetCookie(), [], `${path} sets no cookie`);
      await r.arrayBuffer();
    }
    const page = await get(`/gk/items/${ids.policy}`);
    assert.equal(page.headers.get('access-control-allow-origin'), null, 'portal pages are not opened to other sites');
    assert.equal(page.headers.get('cross-origin-resource-policy'), 'same-origin');
    const doc = (await get('/api/openapi.json')).json();
    for (const op of [doc.paths['/api/v1/public/items'].get, doc.paths['/api/v1/public/items/{itemId}'].get]) {
      assert.match(op.responses['429'].description, /600/);
      assert.ok(op.responses['429'].headers['Retry-After']);
      assert.ok(op.responses['429'].content['application/json'].schema.properties.error);
    }
  });

  test('文号 as the 繁體 page shows it (甲政發) finds what the simplified 文号 finds, on the page and in the API', async () => {
    const tw = await get(`/gk/search?docNo=${encodeURIComponent('甲政发〔2024〕')}&script=tw`);
    assert.ok(tw.text.includes('value="甲政發〔2024〕"'), 'the converted page shows the filter in traditional characters');
    const again = await get(`/gk/search?docNo=${encodeURIComponent('甲政發〔2024〕')}&script=tw`);
    assert.ok(again.text.includes(`/gk/items/${ids.policy}?script=tw`), 'sent again from that page, it still finds the item');
    const api = (await get(`/api/v1/public/items?docNo=${encodeURIComponent('甲政發〔2024〕1號')}`)).json();
    assert.deepEqual(
      api.items.map((x: { id: number }) => x.id),
      [ids.policy],
    );
  });

  test('an item in JSON: the metadata, the sanitized body, attachments and public interpretations only', async () => {
    const r = await get(`/api/v1/public/items/${ids.policy}`);
    assert.equal(r.status, 200);
    const i = r.json().item;
    assert.equal(i.title, '关于加强安全生产工作的通知');
    assert.equal(i.docNo, '甲政发〔2024〕1号');
    assert.equal(i.validity, 'repealed');
    assert.equal(i.validityOn, '2025-01-01');
    assert.deepEqual(i.agency, { id: T.cityA.id, name: '甲市人民政府' });
    assert.deepEqual(i.category, { id: cats.A1a, name: '规范性文件' });
    assert.deepEqual(
      i.attachments.map((a: { url: string }) => a.url),
      [`/gk/attachments/${att.public}`],
    );
    assert.deepEqual(
      i.interpretations.map((l: { id: number }) => l.id),
      [ids.interp],
    );
    assert.doesNotMatch(r.text, new RegExp(SECRET));
  });

  test('the list: newest first without q, filtered by agency subtree; nothing hidden', async () => {
    const r = await get(`/api/v1/public/items?agencyId=${T.cityA.id}&limit=100`);
    assert.equal(r.status, 200);
    const body = r.json();
    assert.equal(body.total, 30, '甲市 and its departments: 29 + 1');
    assert.deepEqual(
      body.items.slice(0, 2).map((x: { id: number }) => x.id),
      [ids.deptItem, ids.limited],
    );
    assert.ok(!body.items.some((x: { id: number }) => hidden.has(x.id)));
    assert.equal(body.next, null);
  });
});

describe('visit counts', () => {
  test('50 views are counted in memory, written by one flush, and shown on the page', async () => {
    const app = await startApp(db.handle, { now: () => NOW });
    try {
      const target = `item:${ids.deptItem}`;
      const stored = () => db.handle.db.selectFrom('view_counts').selectAll().where('target', '=', target).execute();
      const c = new Client(app.base);
      for (let k = 0; k < 50; k++) assert.equal((await c.get(`/gk/items/${ids.deptItem}`)).status, 200);
      await c.request('HEAD', `/gk/items/${ids.deptItem}`);
      assert.deepEqual(await stored(), [], 'no view_counts write happens on the request path');
      await visitCounterOf(app.app)!.flush();
      assert.deepEqual(await stored(), [{ target, day: '2025-06-30', count: 50 }]);
      const page = await c.get(`/gk/items/${ids.deptItem}`);
      assert.match(page.text, /浏览次数：51/);
      await visitCounterOf(app.app)!.flush();
      assert.equal((await stored())[0]!.count, 51, 'a second flush adds to the row');
    } finally {
      await app.close();
    }
  });

  test('two processes counting the same targets add up, flushing at once, in batches of many targets', async () => {
    const counters = [new VisitCounter(db.handle.db), new VisitCounter(db.handle.db)];
    const targets = Array.from({ length: 1_200 }, (_, i) => `item:bench-${i}`);
    for (const [k, counter] of counters.entries()) for (const t of targets) for (let n = 0; n <= k; n++) counter.record(t, NOW);
    await Promise.all(counters.map((c) => c.flush()));
    const rows = await db.handle.db.selectFrom('view_counts').select(['target', 'count']).where('target', 'like', 'item:bench-%').execute();
    assert.equal(rows.length, targets.length);
    assert.ok(
      rows.every((r) => r.count === 3),
      'one view from the first process and two from the second',
    );
    await db.handle.db.deleteFrom('view_counts').where('target', 'like', 'item:bench-%').execute();
  });

  test('agency columns are counted per target, and closing the app writes what is pending', async () => {
    const app = await startApp(db.handle, { now: () => NOW });
    const c = new Client(app.base);
    await c.get(`/gk/${T.cityB.id}`);
    await c.get(`/gk/${T.cityB.id}`);
    await c.get(`/gk/${T.cityB.id}/guide`);
    await c.get(`/gk/${T.cityB.id}/categories/${cats.B1}`);
    await c.get('/gk/999999');
    await app.close();
    const rows = await db.handle.db
      .selectFrom('view_counts')
      .select(['target', 'count'])
      .where('target', 'like', `agency:${T.cityB.id}:%`)
      .orderBy('target')
      .execute();
    assert.deepEqual(rows, [
      { target: `agency:${T.cityB.id}:category:${cats.B1}`, count: 1 },
      { target: `agency:${T.cityB.id}:guide`, count: 1 },
      { target: `agency:${T.cityB.id}:home`, count: 2 },
    ]);
  });
});

test('every public portal route, given the victim’s draft, shows nothing of it', async () => {
  const params: Record<string, number> = { agencyId: T.cityA.id, categoryId: cats.A1a!, itemId: ids.draft!, attachmentId: att.secret! };
  const routes = running.app.routeList.filter(
    (r) =>
      'public' in r.access &&
      r.method === 'GET' &&
      (r.url.startsWith('/gk') || r.url.startsWith('/api/v1/public') || r.url === '/sitemap.xml'),
  );
  assert.ok(routes.length >= 12);
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, (_, n: string) => String(params[n]));
    const res = await get(path);
    assert.ok(res.status === 200 || res.status === 404, `${path}: ${res.status}`);
    if (/:itemId|:attachmentId/.test(r.url)) assert.equal(res.status, 404, path);
    assert.ok(!res.text.includes(SECRET), `${path} shows a draft`);
  }
});

test('a body stored as plain text before bodies became paragraphs shows a paragraph a line, its escaped characters as they were typed', async () => {
  // sanitize-html stored typed text escaped: "A & B" as "A &amp; B". Read as typed text again it would show "&amp;".
  const id = await insert(db.handle, 'legacyText', {
    agency_id: T.cityA.id,
    title: '早年保存的纯文本正文',
    published_on: '2024-01-02',
    category_id: cats.A2!,
    body_html: '第一行 A &amp; B\n\n　　第二行 1 &lt; 2',
  });
  const expected = '<p>第一行 A &amp; B</p><p>　　第二行 1 &lt; 2</p>';
  assert.ok((await get(`/gk/items/${id}`)).text.includes(`<div class="item-body">${expected}</div>`));
  assert.equal((await get(`/api/v1/public/items/${id}`)).json().item.bodyHtml, expected);
});
