import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DbHandle } from '../src/db/connect.js';
import { PG_WINDOW, pgWindowWays, RANK_WINDOW } from '../src/features/search/service.js';
import { onPostgres, type TestDb, testDb } from './helpers/db.js';
import { agency, type ItemRow, insertCategory, itemRow as makeItemRow, twoTrees } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

// Search over a fixed corpus, on whichever database the suite runs against (SQLite, or PostgreSQL
// with GONGKAI_DATABASE_URL). Every expected answer below is written out by hand, so the two runs
// prove that both backends return the same rows — and, because ranking is computed from the rows
// alone, in the same order.

const NOW = new Date('2025-06-30T02:00:00Z'); // 2025-06-30 in China
const SECRET = '机密标记';

let db: TestDb;
let running: Running;
const ids: Record<string, number> = {};
const nameOf = new Map<number, string>();
const hiddenIds = new Set<number>();
const indexNoOf: Record<string, string> = {};
let A: Awaited<ReturnType<typeof twoTrees>>;
const cats: Record<string, number> = {};
let bulkAgency: number;
let capAgency: number;

type Row = ItemRow;
/** As a Chinese input method types it: ASCII letters, digits and signs in their full-width forms. */
const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const itemRow = (p: Row) => makeItemRow(p, NOW);

async function insert(h: DbHandle, key: string, p: Row): Promise<number> {
  const { id, index_no } = await h.db.insertInto('items').values(itemRow(p)).returning(['id', 'index_no']).executeTakeFirstOrThrow();
  ids[key] = id;
  if (index_no) indexNoOf[key] = index_no;
  nameOf.set(id, key);
  return id;
}

async function category(h: DbHandle, key: string, agencyId: number, name: string, parent: string | null = null) {
  cats[key] = await insertCategory(h, { agencyId, name, parentId: parent ? cats[parent]! : null, sort: Object.keys(cats).length }, NOW);
}

const p = (body: string) => `<p>${body}</p>`;

before(async () => {
  db = await testDb();
  const h = db.handle;
  A = await twoTrees(h);
  await category(h, 'A1', A.cityA.id, '法规文件');
  await category(h, 'A1a', A.cityA.id, '规范性文件', 'A1');
  await category(h, 'A2', A.cityA.id, '财政预决算');
  await category(h, 'D1', A.deptA.id, '教育工作');
  await category(h, 'B1', A.cityB.id, '法规文件');

  const { cityA, deptA, countyA, countyDeptA, cityB, deptB } = A;
  const pub = (key: string, agency_id: number, published_on: string, title: string, more: Partial<Row> = {}) =>
    insert(h, key, { agency_id, published_on, title, ...more });
  await pub('s1', cityA.id, '2024-03-01', '关于加强安全生产工作的通知', {
    category_id: cats.A1a!,
    doc_no: '甲政发〔2024〕1号',
    summary: '部署安全生产大检查',
    body_html: p('各县区要落实安全生产责任制。'),
  });
  await pub('s2', cityA.id, '2023-11-15', '甲市安全生產監督管理辦法', {
    category_id: cats.A1!,
    doc_no: '甲政規〔2023〕2号',
    body_html: p('為加強安全生產監督管理，制定本辦法。'),
  });
  await pub('s3', deptA.id, '2024-05-10', '教育系统安全检查与生产调度安排', {
    category_id: cats.D1!,
    body_html: p('学校安全检查；校办工厂生产调度。'),
  });
  await pub('s4', countyA.id, '2024-02-20', '甲县2024年财政预算报告', {
    doc_no: '甲县财〔2024〕3号',
    summary: '2024年县级财政预算',
    body_html: p('一般公共预算收入增长5%。'),
  });
  await pub('s5', countyDeptA.id, '2023-06-01', '甲县卫生健康局关于COVID-19疫苗接种的公告', { body_html: p('接种点公布。PM2.5 指数') });
  await pub('s6', cityB.id, '2024-04-01', '乙市安全生产十五条措施', {
    category_id: cats.B1!,
    doc_no: '乙政发〔2024〕5号',
    body_html: p('落实安全生产十五条。'),
  });
  await pub('s7', deptB.id, '2024-01-20', '乙市教育局政府信息公开工作年度报告', { body_html: p('本年度共收到政府信息公开申请12件。') });
  await pub('s8', cityA.id, '2023-08-08', '甲市2023年部门决算公开', { category_id: cats.A2!, body_html: p('决算说明：财政拨款支出。') });
  await pub('s9', cityA.id, '2019-05-01', '国务院办公厅关于印发政府信息公开工作要点的通知', {
    category_id: cats.A1a!,
    doc_no: '国办发〔2019〕1号',
    body_html: p('转发全文。'),
  });
  await pub('s10', cityA.id, '2019-06-01', '关于转发国务院办公厅文件的通知', {
    category_id: cats.A1a!,
    doc_no: '甲政办发〔2019〕12号',
    body_html: p('根据国办发〔2019〕12号文件要求。'),
  });
  await pub('s11', cityA.id, '2024-06-01', '環境保護督察整改情況公示', { body_html: p('督察反馈问题整改。') });
  await pub('s12', deptA.id, '2022-12-12', '关于做好环境保护工作的意见', { body_html: p('加强环境保护。') });
  await pub('s13', cityB.id, '2024-02-02', '乙市税务局关于个人所得税的说明', { body_html: p('专项附加扣除。') });
  await pub('s14', deptB.id, '2021-09-01', '乙市教育局招生政策问答', { body_html: p('义务教育招生，免收学杂费和税费。') });
  await pub('s15', cityA.id, '2024-01-01', 'Open Data 开放数据目录', { body_html: p('Open data catalog and API.') });
  await pub('s16', cityA.id, '2020-01-01', '政府信息公开指南', { body_html: p('申请方式和受理机构。') });
  await pub('s17', countyA.id, '2024-07-01', '甲县行政复议决定书', { doc_no: '甲县复决〔2024〕7号', body_html: p('申请人不服行政复议。') });
  await pub('s18', cityA.id, '2024-08-08', '关于进一步优化营商环境的若干措施', {
    body_html: p('为深入贯彻落实党中央国务院关于优化营商环境的决策部署，进一步激发市场主体活力，结合本市实际，制定如下措施。'),
  });
  await pub('s19', cityA.id, '2025-03-01', '2025年度公务员考试录用公告', {
    period: 'limited',
    period_until: '2025-12-31',
    body_html: p('报考条件和录用程序。'),
  });
  await pub('s20', deptA.id, '2025-05-05', '甲市教育局2025年招生简章', { body_html: p('招生计划。') });
  await pub('s21', cityA.id, '2022-06-01', '安全月活动方案', { body_html: p('开展宣传活动。') });
  await pub('s22', countyDeptA.id, '2023-03-03', '甲县卫生健康局检查通报', { body_html: p('医疗机构安全生产检查情况。') });
  await pub('s23', cityA.id, '2024-12-12', '2024年预算执行情况', { category_id: cats.A2!, body_html: p('预算执行良好。') });
  await pub('s24', deptA.id, '2024-10-10', '教育统计数据', { body_html: p('Data release 2024.') });
  await pub('s25', cityB.id, '2023-10-10', '乙市生态规划', { body_html: p('环境质量与保护措施。') });
  await pub('s26', cityA.id, '2024-09-09', '甲市行政规范性文件清理结果', {
    category_id: cats.A1a!,
    doc_no: '甲政发〔2024〕9号',
    doc_type: 'normativeDoc',
    validity: 'repealed',
    validity_on: '2024-12-31',
    body_html: p('废止文件目录。'),
  });
  await pub('s27', countyA.id, '2024-11-11', '甲县乡村振兴补助资金公示', { body_html: p('补助对象名单（已脱敏）。') });
  await pub('s28', cityA.id, '2025-06-30', '今日发布：防汛安全提示', { body_html: p('汛期注意安全。') });

  // Never on the portal, whatever is searched: each carries words the queries above look for.
  const hidden: [string, Row][] = [
    ['h1', { agency_id: cityA.id, title: `${SECRET}草稿安全生产通知`, status: 'draft', body_html: p('环境保护 data 税 招生') }],
    ['h2', { agency_id: deptA.id, title: `${SECRET}审查中环境保护文件`, status: 'in_review', body_html: p('安全生产') }],
    ['h3', { agency_id: cityA.id, title: `${SECRET}退回 data 安全生产`, status: 'returned' }],
    ['h4', { agency_id: cityA.id, title: `${SECRET}不予公开安全生产材料`, published_on: '2024-01-01', disclosure_mode: 'withheld' }],
    ['h5', { agency_id: countyA.id, title: `${SECRET}依申请公开税务 安全生产`, published_on: '2024-01-01', disclosure_mode: 'onRequest' }],
    [
      'h6',
      {
        agency_id: cityA.id,
        title: `${SECRET}过期招生公告 安全生产`,
        published_on: '2024-01-01',
        period: 'limited',
        period_until: '2025-06-29',
      },
    ],
    [
      'h7',
      { agency_id: cityB.id, title: `${SECRET}无截止日期 安全生产`, published_on: '2024-01-01', period: 'limited', period_until: null },
    ],
  ];
  // Each holds the word of the paging corpus below as well, so that its counts (more than one
  // ranked window) must leave them out.
  for (const [key, row] of hidden) hiddenIds.add(await insert(h, key, { ...row, body_html: `${row.body_html ?? ''}${p('zebrapage')}` }));

  // 530 hits for one word, to page across the edge of the ranked window (RANK_WINDOW = 500):
  // item i is published i days after 2020-01-01; every 50th has the word in its title.
  bulkAgency = (await agency(h, { name: '丙市人民政府' })).id;
  const bulk = Array.from({ length: 530 }, (_, i) =>
    itemRow({
      agency_id: bulkAgency,
      published_on: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
      title: i % 50 === 0 ? 'zebrapage notice' : 'bulk notice',
      body_html: p('zebrapage filler eta zeta'),
    }),
  );
  for (let i = 0; i < bulk.length; i += 200)
    await h.db
      .insertInto('items')
      .values(bulk.slice(i, i + 200))
      .execute();
  // More than 10,000 hits, for the capped count.
  capAgency = (await agency(h, { name: '丁市人民政府' })).id;
  const capRow = itemRow({ agency_id: capAgency, published_on: '2010-05-05', title: 'capitem', body_html: p('bulkcap zeta eta') });
  // More than 10,000 + the hidden items, so that SQLite may say "more than 10,000" from its FTS index alone.
  const capRows = Array.from({ length: 10_050 }, (_, i) => ({ ...capRow, index_no: `CAP-${process.pid}-${i}` }));
  for (let i = 0; i < capRows.length; i += 500)
    await h.db
      .insertInto('items')
      .values(capRows.slice(i, i + 500))
      .execute();

  running = await startApp(h, {
    now: () => NOW,
    logStream: {
      write: (l: string) => {
        if (l.includes('"level":50')) process.stderr.write(l);
      },
    },
  });
});

after(async () => {
  await running?.close();
  await db?.cleanup();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
async function api(query: Record<string, string | number>): Promise<{ status: number; body: any }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const r = await new Client(running.base).get(`/api/v1/public/items?${qs}`);
  return { status: r.status, body: r.json() };
}

/** Every hit of a query, following `next` page by page; fails on a hit seen twice. */
async function allHits(
  query: Record<string, string | number>,
  limit = 100,
): Promise<{ ids: number[]; pages: number; total: number; capped: boolean }> {
  const out: number[] = [];
  let after: string | null = null;
  let pages = 0;
  let total = -1;
  let capped = false;
  do {
    const r = await api({ ...query, limit, ...(after ? { after } : {}) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages++;
    if (total === -1) [total, capped] = [r.body.total, r.body.totalCapped];
    else assert.deepEqual([r.body.total, r.body.totalCapped], [total, capped], 'every page shows the count of the first');
    for (const i of r.body.items) {
      assert.ok(!out.includes(i.id), `${JSON.stringify(query)}: hit ${i.id} came twice`);
      out.push(i.id);
    }
    after = r.body.next;
    assert.ok(pages < 1000);
  } while (after);
  return { ids: out, pages, total, capped };
}

const keys = (list: number[]) => list.map((i) => nameOf.get(i) ?? `#${i}`);
const sorted = (list: string[]) => [...list].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b));

// q, filters → the items found (as a set). Written out by hand from the corpus above.
const cases: { name: string; q?: string; f?: () => Record<string, number | string>; expect: string[] }[] = [
  { name: 'a phrase in simplified', q: '安全生产', expect: ['s1', 's2', 's6', 's22'] },
  { name: 'the same phrase in traditional', q: '安全生產', expect: ['s1', 's2', 's6', 's22'] },
  { name: 'a quoted phrase', q: '"安全生产"', expect: ['s1', 's2', 's6', 's22'] },
  { name: 'two terms, ANDed, anywhere in the text', q: '安全 生产', expect: ['s1', 's2', 's3', 's6', 's22'] },
  { name: 'a single character', q: '税', expect: ['s13', 's14'] },
  { name: 'a single character that starts several words', q: '安', expect: ['s1', 's2', 's3', 's6', 's21', 's22', 's28'] },
  { name: 'traditional title, simplified or traditional query', q: '環境保護', expect: ['s11', 's12'] },
  { name: 'two terms that are never adjacent', q: '环境 保护', expect: ['s11', 's12', 's25'] },
  { name: 'Latin letters and digits as one term', q: 'COVID-19', expect: ['s5'] },
  { name: 'a term with a decimal point', q: 'PM2.5', expect: ['s5'] },
  { name: 'a Latin word, any case', q: 'data', expect: ['s15', 's24'] },
  { name: 'two Latin words', q: 'open DATA', expect: ['s15'] },
  { name: 'a quoted Latin phrase', q: '"open data catalog"', expect: ['s15'] },
  { name: 'a number as a word', q: '2024', expect: ['s1', 's4', 's6', 's17', 's23', 's24', 's26'] },
  { name: 'a whole 文号: 1号 is not 12号', q: '国办发〔2019〕1号', expect: ['s9'] },
  { name: 'the issuer code of a 文号', q: '国办发', expect: ['s9', 's10'] },
  { name: 'a long phrase with punctuation', q: '激发市场主体活力，结合本市实际', expect: ['s18'] },
  { name: 'two long terms', q: '优化营商环境 决策部署', expect: ['s18'] },
  { name: 'a word found in titles and bodies', q: '招生', expect: ['s14', 's20'] },
  { name: 'a word', q: '申请', expect: ['s7', 's16', 's17'] },
  { name: 'another word', q: '预算', expect: ['s4', 's23'] },
  { name: 'hidden items are never found', q: SECRET, expect: [] },
  { name: 'agency filter takes the whole subtree', q: '安全生产', f: () => ({ agencyId: A.cityA.id }), expect: ['s1', 's2', 's22'] },
  { name: 'agency filter on a county takes its departments', q: '安全生产', f: () => ({ agencyId: A.countyA.id }), expect: ['s22'] },
  { name: 'agency filter on a city in the other tree', q: '政府信息公开', f: () => ({ agencyId: A.cityB.id }), expect: ['s7'] },
  {
    name: 'category filter takes sub-categories, without q',
    f: () => ({ categoryId: cats.A1! }),
    expect: ['s1', 's2', 's9', 's10', 's26'],
  },
  { name: 'category filter with q', q: '安全', f: () => ({ categoryId: cats.B1! }), expect: ['s6'] },
  { name: 'year filter', f: () => ({ year: 2019 }), expect: ['s9', 's10'] },
  { name: 'year filter with q', q: '通知', f: () => ({ year: 2024 }), expect: ['s1'] },
  { name: '文号 prefix', f: () => ({ docNo: '甲政发〔2024〕' }), expect: ['s1', 's26'] },
  { name: '文号 exact', f: () => ({ docNo: '乙政发〔2024〕5号' }), expect: ['s6'] },
  { name: '文号 in traditional characters (as the 繁體 page shows it)', f: () => ({ docNo: '甲政發〔2024〕' }), expect: ['s1', 's26'] },
  { name: '文号 typed with square brackets', f: () => ({ docNo: '甲政发[2024]' }), expect: ['s1', 's26'] },
  { name: '文号 typed with full-width parentheses, exact', f: () => ({ docNo: '乙政发（2024）5号' }), expect: ['s6'] },
  { name: '文号 in traditional characters with 【】', f: () => ({ docNo: '甲政發【2024】1號' }), expect: ['s1'] },
  { name: 'a limited item before its end date is found', q: '公务员', expect: ['s19'] },
  { name: '索引号, whole', f: () => ({ indexNo: indexNoOf.s6! }), expect: ['s6'] },
  {
    name: '索引号 in lower case and full-width characters, with spaces around',
    f: () => ({ indexNo: ` ${toFullWidth(indexNoOf.s6!.toLowerCase())} ` }),
    expect: ['s6'],
  },
  { name: '索引号 with q: both must hold', q: '安全生产', f: () => ({ indexNo: indexNoOf.s6! }), expect: ['s6'] },
  { name: '索引号 with a q it does not match', q: '预算', f: () => ({ indexNo: indexNoOf.s6! }), expect: [] },
  { name: '索引号 is not a prefix search', f: () => ({ indexNo: indexNoOf.s6!.slice(0, -1) }), expect: [] },
  { name: '索引号 of an item not public', f: () => ({ indexNo: indexNoOf.h4! }), expect: [] },
];

describe(`search equivalence on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  for (const c of cases) {
    test(`${c.name}: ${JSON.stringify(c.q ?? '')} → ${c.expect.join(' ') || 'nothing'}`, async () => {
      const r = await allHits({ ...(c.q !== undefined ? { q: c.q } : {}), ...(c.f?.() ?? {}) }, 3);
      assert.deepEqual(sorted(keys(r.ids)), sorted(c.expect));
      assert.equal(r.total, c.expect.length, 'the count matches the hits');
      assert.ok(!r.ids.some((i) => hiddenIds.has(i)));
    });
  }
});

test('traditional and simplified queries find the same items, in the same order', async () => {
  for (const [tw, cn] of [
    ['安全生產', '安全生产'],
    ['環境保護', '环境保护'],
    ['監督管理辦法', '监督管理办法'],
    ['整改情況', '整改情况'],
  ] as const) {
    const a = await allHits({ q: tw });
    const b = await allHits({ q: cn });
    assert.ok(a.ids.length > 0, tw);
    assert.deepEqual(a.ids, b.ids, `${tw} / ${cn}`);
  }
});

test('a phrase is a subset of its terms: quotes make the words adjacent', async () => {
  const phrase = await allHits({ q: '"安全生产"' });
  const terms = await allHits({ q: '安全 生产' });
  assert.ok(phrase.ids.every((i) => terms.ids.includes(i)));
  assert.deepEqual(keys(terms.ids.filter((i) => !phrase.ids.includes(i))), ['s3']);
});

test('ranking: title hits first, newest first among equals; body-only hits after — the same order on both databases', async () => {
  // s6, s1, s2 have 安全生产 in the title (newest first); s22 only in its body.
  assert.deepEqual(keys((await allHits({ q: '安全生产' })).ids), ['s6', 's1', 's2', 's22']);
  // 2024 in the title counts most (s4 has it in its 文号 too), in the 文号 less, in the body least.
  assert.deepEqual(keys((await allHits({ q: '2024' })).ids), ['s4', 's23', 's26', 's17', 's6', 's1', 's24']);
  // Without a query: newest first.
  assert.deepEqual(keys((await allHits({ year: 2019 })).ids), ['s10', 's9']);
});

test('the same query twice gives the same order, and any page size gives the same sequence', async () => {
  const a = await allHits({ q: '安' }, 100);
  const b = await allHits({ q: '安' }, 100);
  const c = await allHits({ q: '安' }, 2);
  assert.deepEqual(a.ids, b.ids);
  assert.deepEqual(c.ids, a.ids);
  assert.equal(c.pages, 4);
});

test(`paging across the ranked window (${RANK_WINDOW}) returns every hit exactly once, in a known order`, async () => {
  assert.equal(RANK_WINDOW, 500, 'the expected order below assumes a window of 500');
  const r = await allHits({ q: 'zebrapage', agencyId: bulkAgency }, 100);
  assert.equal(r.total, 530);
  assert.equal(r.ids.length, 530);
  assert.equal(r.pages, 6);
  // Item i (0..529) was inserted i-th: map ids back to i.
  const first = Math.min(...r.ids);
  const order = r.ids.map((id) => id - first);
  // The window is the 500 newest (i ≥ 30): its title hits first (newest first), then the rest of it
  // newest first; then the older hits (i < 30) newest first — the title hit i = 0 among them.
  const titleHits = [500, 450, 400, 350, 300, 250, 200, 150, 100, 50];
  const restOfWindow = Array.from({ length: 500 }, (_, k) => 529 - k).filter((i) => !titleHits.includes(i));
  const older = Array.from({ length: 30 }, (_, k) => 29 - k);
  assert.deepEqual(order, [...titleHits, ...restOfWindow, ...older]);
  // Page sizes that do not divide the window still give the same sequence.
  const small = await allHits({ q: 'zebrapage', agencyId: bulkAgency }, 73);
  assert.deepEqual(small.ids, r.ids);
});

test("PostgreSQL's ways to the ranked window (walk, date band, the plain query) find the same hits in the same order", async () => {
  // The reference is taken with the default walk, which on this corpus sees every row or fills the
  // window by walking. A walk of 40 rows sends the same queries through the date bands and the
  // plain query (which one depends on the hits among the 40 newest rows), or sees every row of a
  // small subtree; a walk of 520 rows fills the window of one agency's 530 hits. Counts of more than
  // 10,000 come from a band of dates, 530 from the plain count. On PostgreSQL the counters prove
  // that each way ran; SQLite has none of these ways, and there the same answers are asserted.
  const queries: Record<string, string | number>[] = [
    { q: 'zebrapage' },
    { q: 'zebrapage', agencyId: bulkAgency },
    { q: '"eta zeta" zebrapage' },
    { q: '安' },
    { q: SECRET },
    { q: '安全生产', agencyId: A.cityA.id },
  ];
  const reference = [];
  for (const query of queries) reference.push(await allHits(query, 100));
  const before = { ...pgWindowWays };
  const defaults = { ...PG_WINDOW };
  try {
    PG_WINDOW.walkRows = 40;
    for (const [k, query] of queries.entries()) assert.deepEqual(await allHits(query, 100), reference[k], JSON.stringify(query));
    PG_WINDOW.walkRows = 520;
    assert.deepEqual(await allHits(queries[1]!, 100), reference[1]);
  } finally {
    Object.assign(PG_WINDOW, defaults);
  }
  assert.equal(reference[0]!.ids.length, 530);
  // Counts: more than 10,000 hits, found in a band of dates; 530, counted by the plain count.
  const capped = await api({ q: 'bulkcap', limit: 1 });
  assert.deepEqual([capped.body.total, capped.body.totalCapped], [10_000, true]);
  assert.deepEqual([reference[0]!.total, reference[0]!.capped], [530, false]);
  if (onPostgres)
    for (const way of ['walk', 'walkedAll', 'band', 'exact', 'countBand', 'countExact'] as const)
      assert.ok(pgWindowWays[way] > before[way], `the ${way} way was taken`);
});

test('the hit count is exact up to 10,000, then "10,000+"', async () => {
  // More hits than one ranked window, counted without filters and with one, hidden items left out;
  // a phrase whose words, not adjacent, are in more than 10,000 items (the capped corpus has them
  // the other way round) is counted as the phrase.
  for (const query of [{ q: 'zebrapage' }, { q: 'zebrapage', agencyId: bulkAgency }, { q: '"eta zeta"' }] as Record<
    string,
    string | number
  >[]) {
    const counted = await api({ ...query, limit: 1 });
    assert.deepEqual([counted.body.total, counted.body.totalCapped], [530, false], JSON.stringify(query));
  }
  for (const query of [{ q: 'bulkcap' }, { q: 'bulkcap', agencyId: capAgency }] as Record<string, string | number>[]) {
    const r = await api({ ...query, limit: 1 });
    assert.deepEqual([r.body.total, r.body.totalCapped], [10_000, true], JSON.stringify(query));
  }
  const page = await new Client(running.base).get('/gk/search?q=bulkcap');
  assert.equal(page.status, 200);
  assert.match(page.text, /共找到 10,000\+ 条/);
  const exact = await new Client(running.base).get('/gk/search?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7');
  assert.match(exact.text, /共找到 4 条/);
});

test('the search page highlights hits in <mark>, keeping the characters as written', async () => {
  const r = await new Client(running.base).get(`/gk/search?q=${encodeURIComponent('安全生產')}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<mark>安全生產<\/mark>監督管理辦法/, 'a traditional title keeps its characters');
  assert.match(r.text, /关于加强<mark>安全生产<\/mark>工作的通知/);
  assert.match(r.text, /医疗机构<mark>安全生产<\/mark>检查情况/, 'a body hit shows a snippet');
  assert.match(r.text, /value="安全生產"/, 'the query stays in the box');
  assert.doesNotMatch(r.text, new RegExp(SECRET));
});

test('a term cut to its first 64 characters and the terms past the 10th are named on the page and in the API', async () => {
  const long = '安全生产工作'.repeat(12); // 72 characters, quoted: one phrase
  const extra = Array.from({ length: 10 }, (_, i) => `w${i + 1}`);
  const q = `"${long}" ${extra.join(' ')}`;
  const c = new Client(running.base);
  const page = await c.get(`/gk/search?q=${encodeURIComponent(q)}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`“${long.slice(0, 64)}”超过 64 个字，只按其前 64 个字检索。`), 'the cut term is named');
  assert.ok(page.text.includes('一次最多按 10 个搜索词检索，未使用：“w10”。'), 'the dropped term is named');
  const api = await c.get(`/api/v1/public/items?q=${encodeURIComponent(q)}`);
  assert.equal(api.status, 200);
  const body = JSON.parse(api.text) as { notices: string[] };
  assert.deepEqual(body.notices, [
    `“${long.slice(0, 64)}”超过 64 个字，只按其前 64 个字检索。`,
    '一次最多按 10 个搜索词检索，未使用：“w10”。',
  ]);
  const plain = JSON.parse((await c.get(`/api/v1/public/items?q=${encodeURIComponent('安全生产')}`)).text) as {
    notices: string[];
    total: number;
  };
  assert.deepEqual(plain.notices, []);
  assert.ok(plain.total > 0);
  assert.doesNotMatch((await c.get(`/gk/search?q=${encodeURIComponent('安全生产')}`)).text, /class="caution"/);
});

test('繁體 search page: a highlight inside a word is converted with the word (若干 → 若干, 复议 → 複議), as the item page converts it', async () => {
  const c = new Client(running.base);
  const gan = await c.get(`/gk/search?q=${encodeURIComponent('干')}&script=tw`);
  assert.equal(gan.status, 200);
  assert.match(gan.text, /優化營商環境的若<mark>干<\/mark>措施/, 'converted piece by piece, 干 alone became 幹');
  const fu = await c.get(`/gk/search?q=${encodeURIComponent('复')}&script=tw`);
  assert.match(fu.text, /甲縣行政<mark>複<\/mark>議決定書/, 'converted piece by piece, 复 alone became 復');
  const item = await c.get(`/gk/items/${ids.s17}?script=tw`);
  assert.match(item.text, /甲縣行政複議決定書/);
});

test('the search page pages with an opaque cursor and a next link', async () => {
  const c = new Client(running.base);
  const seen: string[] = [];
  let url: string | null = `/gk/search?q=zebrapage&agencyId=${bulkAgency}`;
  let pages = 0;
  while (url && pages < 3) {
    const r = await c.get(url);
    assert.equal(r.status, 200);
    const found = [...r.text.matchAll(/href="\/gk\/items\/(\d+)"/g)].map((m) => m[1]!);
    assert.equal(found.length, 20);
    for (const id of found) assert.ok(!seen.includes(id));
    seen.push(...found);
    const next = r.text.match(/<a rel="next" href="([^"]+)"/)?.[1];
    url = next ? next.replace(/&amp;/g, '&') : null;
    assert.ok(!url || /after=[A-Za-z0-9_-]+/.test(url));
    assert.ok(!url || !/offset|page=/.test(url));
    pages++;
  }
  assert.equal(seen.length, 60);
});

describe('bad input', () => {
  const badPages: { name: string; qs: () => string; field: RegExp; kept?: RegExp }[] = [
    {
      name: 'a query over 200 characters',
      qs: () => `q=${encodeURIComponent('长'.repeat(201))}`,
      field: /搜索词不能超过200个字/,
      kept: /value="长{201}"/,
    },
    {
      name: 'a year that is not four digits',
      qs: () => `q=${encodeURIComponent('安全')}&year=20x4`,
      field: /发布年份应为四位数字/,
      kept: /value="安全"/,
    },
    { name: 'a year out of range', qs: () => 'year=1800', field: /发布年份应在 1949 年至 2100 年之间/ },
    { name: 'an unknown agency', qs: () => `q=${encodeURIComponent('安全')}&agencyId=999999`, field: /找不到该机关/, kept: /value="安全"/ },
    { name: 'an agency id that is not a number', qs: () => 'q=x&agencyId=abc', field: /机关编号无效/, kept: /value="x"/ },
    { name: 'a category of another agency', qs: () => `q=x&agencyId=${A.cityB.id}&categoryId=${cats.A1}`, field: /该栏目不属于所选机关/ },
    { name: 'an unknown category', qs: () => 'categoryId=999999', field: /找不到该栏目/ },
    { name: 'a 文号 over 100 characters', qs: () => `docNo=${'1'.repeat(101)}`, field: /文号不能超过100个字/ },
    {
      name: 'a 索引号 over 100 characters',
      qs: () => `q=${encodeURIComponent('安全')}&indexNo=${'A'.repeat(101)}`,
      field: /索引号不能超过100个字/,
      kept: /name="indexNo"[^>]*value="A{101}"|value="A{101}"[^>]*name="indexNo"/,
    },
    { name: 'a forged cursor', qs: () => 'q=x&after=bm90LWEtY3Vyc29y', field: /翻页参数无效/ },
    { name: 'a cursor with bad characters', qs: () => `q=x&after=${encodeURIComponent('<script>')}`, field: /翻页参数无效/ },
    { name: 'a repeated parameter', qs: () => 'q=a&q=b', field: /只能出现一次/ },
  ];
  for (const b of badPages) {
    test(`search page: ${b.name} → 400 with the message, the query kept`, async () => {
      const r = await new Client(running.base).get(`/gk/search?${b.qs()}`);
      assert.equal(r.status, 400);
      assert.match(r.text, b.field);
      assert.match(r.text, /<search><form method="get" action="\/gk\/search"/);
      if (b.kept) assert.match(r.text, b.kept);
      assert.doesNotMatch(r.text, /<script>/);
    });
  }

  const badApi: { name: string; qs: () => string; field: string; message: RegExp }[] = [
    { name: 'q too long', qs: () => `q=${encodeURIComponent('长'.repeat(201))}`, field: 'q', message: /200/ },
    { name: 'bad year', qs: () => 'year=24', field: 'year', message: /四位数字/ },
    { name: '索引号 too long', qs: () => `indexNo=${'A'.repeat(101)}`, field: 'indexNo', message: /索引号不能超过100个字/ },
    { name: 'unknown agency', qs: () => 'agencyId=999999', field: 'agencyId', message: /找不到该机关/ },
    { name: 'limit over 100', qs: () => 'limit=101', field: 'limit', message: /1至100/ },
    { name: 'limit zero', qs: () => 'limit=0', field: 'limit', message: /1至100/ },
    { name: 'limit not a number', qs: () => 'limit=ten', field: 'limit', message: /1至100/ },
    { name: 'a cursor from another query', qs: () => 'q=x', field: 'after', message: /翻页参数/ },
    // A misspelt filter would otherwise be dropped, and the answer would look right but be unfiltered.
    { name: 'an unknown parameter (a misspelt filter)', qs: () => 'q=x&yaer=2024', field: 'yaer', message: /不认识的参数“yaer”.*year/ },
  ];
  test('API: a real cursor whose day was changed to an impossible date → 400, not a server error', async () => {
    const first = await api({ q: '安全', limit: 1 });
    assert.ok(first.body.next, 'more than one hit');
    const body = JSON.parse(Buffer.from(first.body.next, 'base64url').toString('utf8'));
    assert.equal(body[0], 'r', 'a ranked cursor');
    for (const day of ['2026-13-45', '2026-02-30', '9999-12-31']) {
      const forged = Buffer.from(JSON.stringify([...body.slice(0, 3), day, ...body.slice(4)])).toString('base64url');
      const r = await new Client(running.base).get(`/api/v1/public/items?q=${encodeURIComponent('安全')}&limit=1&after=${forged}`);
      assert.equal(r.status, 400, day);
      assert.match(r.json().error.fields.after, /翻页参数/);
    }
  });

  for (const b of badApi) {
    test(`API: ${b.name} → 400 { error: { status, message, fields } }`, async () => {
      let qs = b.qs();
      if (b.field === 'after') {
        // A real cursor, made for a different query.
        const first = await api({ q: '安', limit: 1 });
        qs = `q=${encodeURIComponent('生产')}&after=${first.body.next}`;
      }
      const r = await new Client(running.base).get(`/api/v1/public/items?${qs}`);
      assert.equal(r.status, 400);
      const e = r.json().error;
      assert.equal(e.status, 400);
      assert.ok(e.message);
      assert.match(e.fields[b.field], b.message);
    });
  }
});

// Last in the file: it adds an item that no earlier expectation knows about.
test('a hit only past the first 4,000 characters of a body still gets a snippet; a 文号 hit is marked on the page and in the API', async () => {
  const filler = 'lorem ipsum dolor '.repeat(400); // 7,200 characters with no Han in them
  const id = await insert(db.handle, 'deep', {
    agency_id: A.cityA.id,
    published_on: '2024-04-04',
    title: 'Appendix of a long report',
    doc_no: '麒政发〔2024〕8号',
    body_html: p(`${filler}附件：麒麟阁修缮方案。`),
  });
  const c = new Client(running.base);
  const deep = await c.get(`/gk/search?q=${encodeURIComponent('麒麟阁')}`);
  assert.equal(deep.status, 200);
  assert.match(deep.text, new RegExp(`href="/gk/items/${id}"`));
  assert.match(deep.text, /<p class="snippet">[^<]*附件：<mark>麒麟阁<\/mark>修缮方案。/);
  const apiDeep = JSON.parse((await c.get(`/api/v1/public/items?q=${encodeURIComponent('麒麟阁')}`)).text);
  assert.deepEqual(
    apiDeep.items[0].snippet.filter((s: { hit: boolean }) => s.hit),
    [{ text: '麒麟阁', hit: true }],
  );

  const byDocNo = await c.get(`/gk/search?q=${encodeURIComponent('麒政发')}`);
  assert.match(byDocNo.text, / · <mark>麒政发<\/mark>〔2024〕8号/);
  const api = JSON.parse((await c.get(`/api/v1/public/items?q=${encodeURIComponent('麒政发')}`)).text);
  assert.deepEqual(api.items[0].docNoHighlight, [
    { text: '麒政发', hit: true },
    { text: '〔2024〕8号', hit: false },
  ]);
  const none = JSON.parse((await c.get(`/api/v1/public/items?q=${encodeURIComponent('Appendix')}`)).text);
  assert.equal(none.items[0].id, id);
  assert.deepEqual(none.items[0].docNoHighlight, [{ text: '麒政发〔2024〕8号', hit: false }]);
});

// Also late in the file, for the same reason.
test('table cells are searched apart: a phrase does not run from one cell into the next, and the snippet shows them apart', async () => {
  const id = await insert(db.handle, 'cells', {
    agency_id: A.cityA.id,
    title: '麟州统计表',
    published_on: '2024-03-01',
    body_html: '<table><tr><td>麟州北京</td><td>市场监管</td></tr><tr><td>2023</td><td>15</td></tr></table>',
  });
  assert.deepEqual((await allHits({ q: '"京市"' })).ids, [], 'the cells are 北京 | 市场, not 北京市场');
  assert.deepEqual((await allHits({ q: '202315' })).ids, [], 'two numbers, not one');
  assert.deepEqual((await allHits({ q: '麟州北京' })).ids, [id]);
  assert.deepEqual((await allHits({ q: '"市场监管" 2023' })).ids, [id]);
  const r = await api({ q: '市场监管' });
  assert.equal(r.body.items[0].id, id);
  assert.match(r.body.items[0].snippet.map((s: { text: string }) => s.text).join(''), /麟州北京\s+市场监管\s+2023\s+15/);
});
