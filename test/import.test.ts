// Bulk import of historic catalog items: the service on both databases, the file formats, and the
// `gongkai import items` command as an operator runs it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Item } from '../src/db/schema.js';
import { InputError } from '../src/errors.js';
import { verifyAuditChain } from '../src/features/audit/service.js';
import {
  CsvParser,
  type ImportOptions,
  importItems,
  parseLooseDate,
  type Rejection,
  readCategoryMap,
} from '../src/features/catalog/import.js';
import { categoryTree, createItem, searchTokensOf } from '../src/features/catalog/service.js';
import { indexedIds, indexedTokens, onPostgres, type TestDb, testDb } from './helpers/db.js';
import { agency, sys } from './helpers/fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
let fileNo = 0;

/** Writes a fixture file and returns its path. */
function fixture(ext: string, content: string | Buffer): string {
  const path = join(dir, `f${++fileNo}.${ext}`);
  writeFileSync(path, content);
  return path;
}

/** Text in GBK/GB18030 two-byte form (ASCII as it is), by inverting Node's GB18030 decoder over the two-byte range. */
function gbkBytes(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const codes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (!codes.has(ch)) codes.set(ch, [lead, trail]);
    }
  return Buffer.from(
    Array.from(text).flatMap((ch) => {
      if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
      const b = codes.get(ch);
      if (!b) throw new Error(`no GBK code for ${ch}`);
      return b;
    }),
  );
}

/** A CSV cell, quoted when it needs to be. */
const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;

interface Run {
  result: Awaited<ReturnType<typeof importItems>>;
  rejected: Rejection[];
}

async function load(db: TestDb, agencyId: number, file: string, opts: Partial<ImportOptions> = {}): Promise<Run> {
  const rejected: Rejection[] = [];
  const result = await importItems(sys(db.handle), { file, agencyId, onRejected: (r) => void rejected.push(r), ...opts });
  return { result, rejected };
}

const counts = (r: Run) => {
  const { inserted, updated, unchanged, rejected } = r.result;
  return { inserted, updated, unchanged, rejected };
};

async function itemByIndexNo(db: TestDb, indexNo: string): Promise<Item | undefined> {
  return db.handle.db.selectFrom('items').selectAll().where('index_no', '=', indexNo).executeTakeFirst();
}

async function categoryId(db: TestDb, agencyId: number, name: string): Promise<number> {
  const c = await db.handle.db
    .selectFrom('categories')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return c.id;
}

async function auditEntries(db: TestDb, action = 'item.import') {
  return db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
}

const search = (db: TestDb, q: string) => indexedIds(db.handle, q);

after(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV parsing', () => {
  const records = (text: string, pieces: number[] = [text.length]) => {
    const out: { fields: string[]; line: number; malformed: boolean }[] = [];
    const p = new CsvParser((fields, line, malformed) => out.push({ fields, line, malformed }));
    let at = 0;
    for (const n of pieces) {
      p.push(text.slice(at, at + n));
      at += n;
    }
    p.push(text.slice(at));
    p.end();
    return out;
  };
  const text = 'a,b,c\r\n"x, y","say ""hi""",\r\n\r\n"line\none\r\nline two",2,3\nlast,"",z';

  test('quoted commas, quotes and line breaks; CRLF and LF; records carry the line they start on; blank lines skipped', () => {
    assert.deepEqual(records(text), [
      { fields: ['a', 'b', 'c'], line: 1, malformed: false },
      { fields: ['x, y', 'say "hi"', ''], line: 2, malformed: false },
      { fields: ['line\none\r\nline two', '2', '3'], line: 4, malformed: false },
      { fields: ['last', '', 'z'], line: 7, malformed: false },
    ]);
  });

  test('gives the same records however the text is cut into pieces (a CRLF or a doubled quote split between two)', () => {
    const whole = records(text);
    for (let cut = 1; cut < text.length; cut++) assert.deepEqual(records(text, [cut]), whole, `cut at ${cut}`);
    assert.deepEqual(records(text, Array(text.length).fill(1)), whole, 'one character at a time');
  });

  test('marks a record with text after a closing quote as malformed, and refuses an unclosed quote at the end', () => {
    assert.deepEqual(records('"ab"c,d\nok,1\n'), [
      { fields: ['abc', 'd'], line: 1, malformed: true },
      { fields: ['ok', '1'], line: 2, malformed: false },
    ]);
    assert.throws(() => records('a,"never closed\n'), /第1行开始的引号没有闭合/);
  });
});

describe('dates as historic exports write them', () => {
  test('YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 and a time of day after the date', () => {
    for (const [given, date] of [
      ['2016-03-05', '2016-03-05'],
      ['2016/3/5', '2016-03-05'],
      ['2016/03/05', '2016-03-05'],
      ['2016.3.5', '2016-03-05'],
      ['2016年3月5日', '2016-03-05'],
      ['2016年03月05日', '2016-03-05'],
      [' 2016-03-05 00:00:00 ', '2016-03-05'],
    ])
      assert.deepEqual(parseLooseDate(given!), { ok: true, date }, given);
  });
  test('refuses impossible dates and other text, in Chinese', () => {
    for (const bad of ['2016-02-30', '2016-13-01', '2016/3-5', '16/3/5', '三月五日', '2016-03'])
      assert.equal(parseLooseDate(bad).ok, false, bad);
    const r = parseLooseDate('2023-02-29');
    assert.ok(!r.ok && /2023年2月没有29日/.test(r.reason), JSON.stringify(r));
  });
});

describe('import items', { concurrency: false }, () => {
  let db: TestDb;
  let city: Awaited<ReturnType<typeof agency>>;
  let other: Awaited<ReturnType<typeof agency>>;
  let platformItem: Item;
  const PLATFORM_INDEX_NO = '11330100MB0000000X/2024-00001';

  before(async () => {
    db = await testDb();
    city = await agency(db.handle, { name: '导入测试市人民政府' });
    other = await agency(db.handle, { name: '另一个市人民政府' });
    // An item made and published on the platform, whose 索引号 an import must never take over.
    const ctx = sys(db.handle);
    await categoryTree(ctx, city.id); // makes the default tree
    platformItem = await createItem(ctx, city.id, {
      title: '平台上发布的通知',
      issuer: city.name,
      writtenOn: '2024-01-02',
      categoryId: String(await categoryId(db, city.id, '法规文件')),
      disclosureMode: 'proactive',
      period: 'permanent',
      docType: 'other',
      body: '<p>平台正文</p>',
    });
    await db.handle.db
      .updateTable('items')
      .set({ status: 'published', index_no: PLATFORM_INDEX_NO, published_on: '2024-01-03' })
      .where('id', '=', platformItem.id)
      .execute();
  });
  after(() => db.cleanup());

  const header = ['索引号', '标题', '文号', '发布机构', '成文日期', '发布日期', '栏目', '正文', '公开渠道', '文件类型', '有效性'];
  const goodRows = [
    [
      '11370300MB2856822A/2016-None',
      '关于印发政府信息公开工作办法的通知',
      '测政发〔2016〕1号',
      '',
      '2016/3/1',
      '2016年3月5日',
      '法定主动公开内容/法规文件',
      '<p style="color:red">第一条\n为了规范政府信息公开工作……</p>',
      '政府网站、政府公报',
      '行政规范性文件',
      '有效',
    ],
    ['0142768-8/2022-00185', '2022年财政预算公开', '无文号', '测试市财政局', '', '2022-01-05', '财政预决算', '<p>预算表</p>', '', '', ''],
    [
      '01527918X-2020-153077',
      '公务员招考公告',
      '',
      '',
      '2020-06-01',
      '2020-06-02',
      '公务员招考',
      '一、招考岗位\n\n二、报名方式',
      'website',
      'other',
      '',
    ],
  ];
  const badRows = [
    ['X/2020-00001', '', '', '', '', '2020-01-01', '法规文件', '', '', '', ''],
    ['X/2020-00002', '日期不对', '', '', '', '2020-02-30', '法规文件', '', '', '', ''],
    ['X/2020-00003', '栏目不对', '', '', '', '2020-01-01', '不存在的栏目', '', '', '', ''],
    ['X/2020-00004', '正文带脚本', '', '', '', '2020-01-01', '法规文件', '<p>x</p><script>alert(1)</script>', '', '', ''],
    ['0142768-8/2022-00185', '同一索引号第二次出现', '', '', '', '2022-01-05', '法规文件', '', '', '', ''],
    [PLATFORM_INDEX_NO, '想覆盖平台信息', '', '', '', '2024-01-03', '法规文件', '', '', '', ''],
  ];
  let firstFile = '';

  test('loads valid rows as published imported items, index numbers exactly as given, and rejects the others with line numbers', async () => {
    firstFile = fixture('csv', `\uFEFF${csv([header, ...goodRows, ...badRows])}`);
    const r = await load(db, city.id, firstFile);
    assert.deepEqual(counts(r), { inserted: 3, updated: 0, unchanged: 0, rejected: 6 });
    // The first and third data rows' bodies hold line breaks inside quotes (one, then two): rows after them start lines later.
    assert.deepEqual(
      r.rejected.map((x) => [x.line, x.indexNo]),
      [
        [8, 'X/2020-00001'],
        [9, 'X/2020-00002'],
        [10, 'X/2020-00003'],
        [11, 'X/2020-00004'],
        [12, '0142768-8/2022-00185'],
        [13, PLATFORM_INDEX_NO],
      ],
    );
    const [noTitle, badDate, badCategory, script, duplicate, platform] = r.rejected.map((x) => x.reason);
    assert.match(noTitle!, /缺少标题/);
    assert.match(badDate!, /发布日期“2020-02-30”无效：2020年2月没有30日/);
    assert.match(badCategory!, /本机关的目录中没有栏目“不存在的栏目”/);
    assert.match(script!, /正文不能包含脚本/);
    assert.match(duplicate!, /索引号“0142768-8\/2022-00185”在文件中重复（第4行已有）/);
    assert.match(platform!, /本平台发布的信息.*导入不能覆盖/);

    const a = (await itemByIndexNo(db, '11370300MB2856822A/2016-None'))!;
    assert.equal(a.agency_id, city.id);
    assert.equal(a.status, 'published');
    assert.equal(a.index_imported, 1);
    assert.equal(a.title, '关于印发政府信息公开工作办法的通知');
    assert.equal(a.doc_no, '测政发〔2016〕1号');
    assert.equal(a.issuer, city.name, 'the issuer defaults to the agency');
    assert.deepEqual([a.written_on, a.published_on], ['2016-03-01', '2016-03-05']);
    assert.equal(a.category_id, await categoryId(db, city.id, '法规文件'));
    assert.equal(a.body_html, '<p>第一条\n为了规范政府信息公开工作……</p>', 'sanitized: the style attribute is gone');
    assert.deepEqual(JSON.parse(a.channels), ['website', 'gazette']);
    assert.deepEqual([a.doc_type, a.validity, a.disclosure_mode, a.period], ['normativeDoc', 'valid', 'proactive', 'permanent']);
    assert.equal(await indexedTokens(db.handle, a.id), searchTokensOf(a.title, a.doc_no, a.summary, a.body_html));
    // SQLite keeps the tokens only in the full-text index (migration 0011).
    assert.equal(a.search_tokens, onPostgres ? searchTokensOf(a.title, a.doc_no, a.summary, a.body_html) : '');

    const b = (await itemByIndexNo(db, '0142768-8/2022-00185'))!;
    assert.equal(b.doc_no, null, '无文号 is no 文号');
    assert.equal(b.issuer, '测试市财政局');
    assert.equal(b.written_on, '2022-01-05', 'no 成文日期: the 发布日期');
    assert.equal(b.category_id, await categoryId(db, city.id, '财政预决算'));
    const c = (await itemByIndexNo(db, '01527918X-2020-153077'))!;
    assert.equal(c.body_html, '<p>一、招考岗位</p><p>二、报名方式</p>', 'a body without markup: a paragraph a line');

    const untouched = (await db.handle.db.selectFrom('items').selectAll().where('id', '=', platformItem.id).executeTakeFirstOrThrow())!;
    assert.equal(untouched.title, '平台上发布的通知');
    assert.equal(untouched.index_imported, 0);
  });

  test('the imported items are found by the platform search, as published items of the agency', async () => {
    const a = (await itemByIndexNo(db, '11370300MB2856822A/2016-None'))!;
    const tokens = (await indexedTokens(db.handle, a.id)).split(' ');
    for (const bigram of ['印发', '信息', '公开', '办法', '规范']) assert.ok(tokens.includes(bigram), bigram);
    assert.deepEqual(await search(db, '公开工作办法'), [a.id]);
    assert.deepEqual(await search(db, '财政预算'), [(await itemByIndexNo(db, '0142768-8/2022-00185'))!.id]);
    const published = await db.handle.db
      .selectFrom('items')
      .select('index_no')
      .where('agency_id', '=', city.id)
      .where('status', '=', 'published')
      .where('index_imported', '=', 1)
      .orderBy('index_no')
      .execute();
    assert.deepEqual(
      published.map((p) => p.index_no),
      ['0142768-8/2022-00185', '01527918X-2020-153077', '11370300MB2856822A/2016-None'],
    );
  });

  test('after the import every write is indexed as before: the platform item made earlier and one made now are found, the index checks out', async () => {
    const ctx = sys(db.handle);
    const later = await createItem(ctx, city.id, {
      title: '导入之后起草的蓝莓种植通知',
      issuer: city.name,
      writtenOn: '2024-02-02',
      categoryId: String(await categoryId(db, city.id, '法规文件')),
      disclosureMode: 'proactive',
      period: 'permanent',
      docType: 'other',
      body: '<p>正文</p>',
    });
    assert.deepEqual(await search(db, '蓝莓种植'), [later.id]);
    assert.deepEqual(await search(db, '平台正文'), [platformItem.id]);
    // Every item, imported or made on the platform, has exactly its own tokens in the index.
    const all = await db.handle.db.selectFrom('items').select(['id', 'title', 'doc_no', 'summary', 'body_html', 'search_tokens']).execute();
    assert.ok(all.length >= 5);
    for (const it of all) {
      assert.equal(await indexedTokens(db.handle, it.id), searchTokensOf(it.title, it.doc_no, it.summary, it.body_html), it.title);
      assert.equal(it.search_tokens === '', !onPostgres, 'SQLite keeps the tokens only in the index (migration 0011)');
    }
    if (!onPostgres) await sql`insert into items_fts(items_fts, rank) values ('integrity-check', 1)`.execute(db.handle.db);
  });

  test('one audit entry for the batch, with the file and its lines; the chain verifies', async () => {
    const entries = await auditEntries(db);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.agency_id, city.id);
    assert.deepEqual(JSON.parse(entries[0]!.details), { file: firstFile, firstLine: 2, lastLine: 13, inserted: 3, updated: 0 });
    assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
  });

  test('running the same file again changes nothing', async () => {
    const before = await db.handle.db.selectFrom('items').selectAll().orderBy('id').execute();
    const auditBefore = (await auditEntries(db)).length;
    const r = await load(db, city.id, firstFile);
    assert.deepEqual(counts(r), { inserted: 0, updated: 0, unchanged: 3, rejected: 6 });
    assert.deepEqual(await db.handle.db.selectFrom('items').selectAll().orderBy('id').execute(), before);
    assert.equal((await auditEntries(db)).length, auditBefore, 'no audit entry when nothing changed');
  });

  test('a changed row updates the imported item: new title, new search tokens', async () => {
    const rows = goodRows.map((r) => [...r]);
    rows[1]![1] = '2022年部门决算公开';
    const before = (await itemByIndexNo(db, '0142768-8/2022-00185'))!;
    const r = await load(db, city.id, fixture('csv', csv([header, ...rows])));
    assert.deepEqual(counts(r), { inserted: 0, updated: 1, unchanged: 2, rejected: 0 });
    const after = (await itemByIndexNo(db, '0142768-8/2022-00185'))!;
    assert.equal(after.id, before.id);
    assert.equal(after.title, '2022年部门决算公开');
    assert.equal(after.created_at, before.created_at);
    const indexed = await indexedTokens(db.handle, after.id);
    assert.equal(indexed, searchTokensOf(after.title, after.doc_no, after.summary, after.body_html));
    const tokens = indexed.split(' ');
    assert.ok(tokens.includes('决算') && !tokens.includes('财政'), indexed);
    assert.deepEqual(await search(db, '部门决算'), [after.id]);
    assert.deepEqual(await search(db, '财政预算'), []);
    const last = (await auditEntries(db)).at(-1)!;
    assert.deepEqual(JSON.parse(last.details).updated, 1);
    assert.deepEqual(JSON.parse(last.details).inserted, 0);
    assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
  });

  test('a 索引号 imported into another agency is neither taken over nor updated', async () => {
    const r = await load(
      db,
      other.id,
      fixture(
        'csv',
        csv([
          ['index_no', 'title', 'published_on', 'category'],
          ['0142768-8/2022-00185', '别家的', '2022-01-05', '法规文件'],
        ]),
      ),
    );
    assert.deepEqual(counts(r), { inserted: 0, updated: 0, unchanged: 0, rejected: 1 });
    assert.match(r.rejected[0]!.reason, /已被其他机关的信息使用/);
    assert.equal((await itemByIndexNo(db, '0142768-8/2022-00185'))!.agency_id, city.id);
  });

  test('JSON Lines with English or Chinese keys, channel arrays, blank lines and a line that is not JSON', async () => {
    const lines = [
      JSON.stringify({
        index_no: 'JL/2021-00001',
        title: '关于征收土地的公告',
        published_on: '2021-05-06',
        category: '重点领域信息/土地征收',
        channels: ['政府网站', 'noticeBoard'],
        disclosure_mode: '主动公开',
        period: '限时公开',
        period_until: '2031-05-06',
        summary: '土地征收范围',
        body: '<p>征收范围……</p>',
      }),
      '',
      JSON.stringify({ 索引号: 'JL/2021-00002', 标题: '中文键名', 发布日期: '2021/5/7', 栏目: '统计信息', 有效性: '有效' }),
      '{"index_no": "JL/2021-00003", "title": ',
      JSON.stringify({ 索引号: 'JL/2021-00004', 标题: '数字文号', 文号: 12, 发布日期: '2021-05-08', 栏目: '统计信息' }),
    ];
    const r = await load(db, city.id, fixture('jsonl', `${lines.join('\r\n')}\r\n`));
    assert.deepEqual(counts(r), { inserted: 2, updated: 0, unchanged: 0, rejected: 2 });
    assert.deepEqual(
      r.rejected.map((x) => x.line),
      [3, 4],
    );
    assert.match(r.rejected[0]!.reason, /只有规章和行政规范性文件需要填写有效性/);
    assert.match(r.rejected[1]!.reason, /不是有效的 JSON/);
    const a = (await itemByIndexNo(db, 'JL/2021-00001'))!;
    assert.deepEqual(JSON.parse(a.channels), ['website', 'noticeBoard']);
    assert.deepEqual([a.period, a.period_until, a.summary], ['limited', '2031-05-06', '土地征收范围']);
    assert.equal(a.category_id, await categoryId(db, city.id, '土地征收'));
    assert.equal((await itemByIndexNo(db, 'JL/2021-00004'))!.doc_no, '12');
  });

  test('a category map turns the old system’s names into the agency’s categories; a map naming no category is refused', async () => {
    const mapFile = fixture('txt', '# 旧栏目=新栏目\n政策文件=法定主动公开内容/法规文件\n人事信息 = 公务员招考\n');
    const categoryMap = await readCategoryMap(mapFile);
    assert.deepEqual(categoryMap, { 政策文件: '法定主动公开内容/法规文件', 人事信息: '公务员招考' });
    const file = fixture(
      'csv',
      csv([
        ['索引号', '标题', '发布日期', '栏目'],
        ['MAP/2019-00001', '旧栏目一', '2019-01-01', '政策文件'],
        ['MAP/2019-00002', '旧栏目二', '2019-01-01', '人事信息'],
        ['MAP/2019-00003', '旧栏目三', '2019-01-01', '机构设置'],
      ]),
    );
    const r = await load(db, city.id, file, { categoryMap });
    assert.deepEqual(counts(r), { inserted: 2, updated: 0, unchanged: 0, rejected: 1 });
    assert.equal((await itemByIndexNo(db, 'MAP/2019-00001'))!.category_id, await categoryId(db, city.id, '法规文件'));
    assert.equal((await itemByIndexNo(db, 'MAP/2019-00002'))!.category_id, await categoryId(db, city.id, '公务员招考'));
    assert.match(r.rejected[0]!.reason, /没有栏目“机构设置”/);
    await assert.rejects(
      load(db, city.id, file, { categoryMap: { 政策文件: '没有这个栏目' } }),
      /“政策文件”对应的本机关的目录中没有栏目“没有这个栏目”/,
    );
    const json = fixture('json', JSON.stringify({ 政策文件: '法规文件' }));
    assert.deepEqual(await readCategoryMap(json), { 政策文件: '法规文件' });
  });

  test('a GB18030 (GBK) CSV from an older system is recognised and read', async () => {
    // 索引号,标题,发布日期,栏目 / GB/2020-00001,关于政府信息公开的通知,2020-01-02,法规文件 in GB18030, CRLF.
    const bytes = Buffer.from(
      'cbf7d2fdbac52cb1eacce22cb7a2b2bcc8d5c6da2cc0b8c4bf0d0a47422f323032302d30303030312cb9d8d3dad5feb8aed0c5cfa2b9abbfaab5c4cda8d6aa2c323032302d30312d30322cb7a8b9e6cec4bcfe0d0a',
      'hex',
    );
    const notices: string[] = [];
    const r = await load(db, city.id, fixture('csv', bytes), { onNotice: (m) => void notices.push(m) });
    assert.deepEqual(counts(r), { inserted: 1, updated: 0, unchanged: 0, rejected: 0 });
    assert.equal((await itemByIndexNo(db, 'GB/2020-00001'))!.title, '关于政府信息公开的通知');
    assert.ok(notices.some((n) => /GB18030/.test(n)));
  });

  test('a header without the required columns, a file that is not there and an unknown extension are refused before anything is loaded', async () => {
    await assert.rejects(
      load(db, city.id, fixture('csv', '标题,栏目\n某某,法规文件\n')),
      /表头缺少必需的列：索引号（index_no）、发布日期（published_on）/,
    );
    await assert.rejects(load(db, city.id, join(dir, 'missing.csv')), /无法读取文件/);
    await assert.rejects(load(db, city.id, fixture('xlsx', 'PK')), /无法从文件扩展名判断格式/);
    await assert.rejects(load(db, city.id, fixture('csv', '索引号,标题,发布日期,栏目\nA,"未闭合,2020-01-01,法规文件\n')), /引号没有闭合/);
  });

  test('a dry run checks everything and writes nothing', async () => {
    const file = fixture(
      'csv',
      csv([
        ['索引号', '标题', '发布日期', '栏目'],
        ['DRY/2020-00001', '试运行', '2020-01-01', '法规文件'],
      ]),
    );
    const auditBefore = (await auditEntries(db)).length;
    const r = await load(db, city.id, file, { dryRun: true });
    assert.deepEqual(counts(r), { inserted: 1, updated: 0, unchanged: 0, rejected: 0 });
    assert.equal(await itemByIndexNo(db, 'DRY/2020-00001'), undefined);
    assert.equal((await auditEntries(db)).length, auditBefore);
  });

  test('small batches: one audit entry per batch that changed something, rejections still in line order; worker threads give the same rows', async () => {
    const rows = (prefix: string) =>
      Array.from({ length: 25 }, (_, i) => [
        `${prefix}/2018-${String(i + 1).padStart(5, '0')}`,
        i === 24 ? '' : `第${i + 1}号批次测试文件${'公开'.repeat(i)}`,
        i % 10 === 9 ? '2018-02-30' : '2018-03-01',
        '法规文件',
        `<p>正文${i}：政府信息公开</p>`,
      ]);
    const head = ['索引号', '标题', '发布日期', '栏目', '正文'];
    const auditBefore = (await auditEntries(db)).length;
    const inline = await load(db, city.id, fixture('csv', csv([head, ...rows('BAT')])), { batchSize: 4, workers: 0 });
    assert.deepEqual(counts(inline), { inserted: 22, updated: 0, unchanged: 0, rejected: 3 });
    assert.deepEqual(
      inline.rejected.map((x) => x.line),
      [11, 21, 26],
    );
    const entries = (await auditEntries(db)).slice(auditBefore);
    assert.equal(entries.length, 6, 'seven batches, the last of which loaded nothing');
    const details = entries.map((e) => JSON.parse(e.details)).sort((x, y) => x.firstLine - y.firstLine);
    assert.deepEqual(
      details.map((d) => [d.firstLine, d.lastLine, d.inserted]),
      [
        [2, 5, 4],
        [6, 9, 4],
        [10, 13, 3],
        [14, 17, 4],
        [18, 21, 3],
        [22, 25, 4],
        [26, 26, 0],
      ].filter(([, , n]) => n! > 0),
    );

    const threaded = await load(db, other.id, fixture('csv', csv([head, ...rows('THR')])), { batchSize: 4, workers: 2 });
    assert.deepEqual(counts(threaded), counts(inline));
    assert.deepEqual(
      threaded.rejected.map((x) => x.line),
      [11, 21, 26],
    );
    const stored = async (agencyId: number) =>
      (
        await db.handle.db
          .selectFrom('items')
          .select(['id', 'title', 'body_html', 'published_on'])
          .where('agency_id', '=', agencyId)
          .where('index_no', 'like', '%/2018-%')
          .orderBy('index_no')
          .execute()
      ).map(async ({ id, ...x }) => ({ ...x, tokens: await indexedTokens(db.handle, id) }));
    assert.deepEqual(await Promise.all(await stored(other.id)), await Promise.all(await stored(city.id)));
    // Worker threads again, now updating: each changed item's index terms follow its new body.
    const changed = rows('THR').map((r) => [...r.slice(0, 4), r[4]!.replace('政府信息公开', '财政预算决算')]);
    const again = await load(db, other.id, fixture('csv', csv([head, ...changed])), { batchSize: 4, workers: 2 });
    assert.deepEqual(counts(again), { inserted: 0, updated: 22, unchanged: 0, rejected: 3 });
    const updated = await db.handle.db
      .selectFrom('items')
      .select(['id', 'title', 'doc_no', 'summary', 'body_html'])
      .where('agency_id', '=', other.id)
      .where('index_no', 'like', 'THR/2018-%')
      .execute();
    assert.equal(updated.length, 22);
    for (const it of updated) {
      assert.match(it.body_html, /财政预算决算/);
      assert.equal(await indexedTokens(db.handle, it.id), searchTokensOf(it.title, it.doc_no, it.summary, it.body_html));
    }
    assert.equal((await indexedIds(db.handle, '预算决算')).length, 22);
    assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
  });

  test('JSON Lines read in chunks: threads or not, BOM, CRLF, GB18030, a 索引号 repeated chunks later, no final line break, blank chunks', async () => {
    const lines = (prefix: string) => {
      const out = Array.from({ length: 14 }, (_, i) =>
        JSON.stringify({
          index_no: `${prefix}/2019-${String(i + 1).padStart(5, '0')}`,
          标题: `分块读取第${i + 1}条`,
          发布日期: '2019-04-01',
          栏目: '法规文件',
          旧系统编号: i,
        }),
      );
      out[9] = JSON.stringify({ index_no: `${prefix}/2019-00002`, title: '第二次出现', published_on: '2019-04-02', category: '法规文件' });
      out[4] = '{"index_no": "坏行", ';
      out.splice(6, 0, '', '', '', ''); // a chunk of three lines holding nothing
      return out;
    };
    const seenNotices: string[][] = [];
    const run = async (agencyId: number, file: string, workers: number) => {
      const notices: string[] = [];
      seenNotices.push(notices);
      return load(db, agencyId, file, { batchSize: 3, workers, onNotice: (m) => notices.push(m) });
    };
    const utf8 = (prefix: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(prefix).join('\r\n'))]);
    const inline = await run(city.id, fixture('jsonl', utf8('JCI')), 0);
    assert.deepEqual(counts(inline), { inserted: 12, updated: 0, unchanged: 0, rejected: 2 });
    assert.deepEqual(
      inline.rejected.map((x) => [x.line, x.reason]),
      [
        [5, '不是有效的 JSON'],
        [14, '索引号“JCI/2019-00002”在文件中重复（第2行已有）'],
      ],
    );
    assert.equal((await itemByIndexNo(db, 'JCI/2019-00001'))!.title, '分块读取第1条', 'the BOM is not part of the first key');
    assert.equal((await itemByIndexNo(db, 'JCI/2019-00014'))!.title, '分块读取第14条', 'the last line has no line break');

    const threaded = await run(other.id, fixture('jsonl', utf8('JCT')), 2);
    assert.deepEqual(counts(threaded), counts(inline));
    assert.deepEqual(
      threaded.rejected.map((x) => x.line),
      [5, 14],
    );
    // GB18030 bytes, through the threads: recognised, and the same rows.
    const gb = fixture('jsonl', gbkBytes(lines('JCG').join('\n')));
    const fromGb = await run(other.id, gb, 2);
    assert.deepEqual(counts(fromGb), counts(inline));
    assert.equal((await itemByIndexNo(db, 'JCG/2019-00003'))!.title, '分块读取第3条');
    for (const notices of seenNotices)
      assert.equal(notices.filter((m) => m === '忽略不认识的字段：旧系统编号').length, 1, notices.join('\n'));
    assert.ok(seenNotices[2]!.some((m) => /GB18030/.test(m)));

    // A line over 8 MB stops the import with its line number, threads or not.
    const long = fixture('jsonl', `${lines('JCL')[0]}\n${JSON.stringify({ index_no: 'JCL/x', title: '长'.repeat(3 * 1024 * 1024) })}\n`);
    for (const workers of [0, 2])
      await assert.rejects(
        run(city.id, long, workers),
        (e: unknown) => e instanceof InputError && /第2行超过8MB/.test(JSON.stringify(e.fields)),
      );
  });
});

// ---------- the command ----------

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function gongkai(env: Record<string, string>, ...args: string[]): Promise<Result> {
  try {
    const r = await run(process.execPath, ['bin/gongkai.js', ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

const SUMMARY = /^导入完成：新增 (\d+)，更新 (\d+)，未变 (\d+)，拒绝 (\d+)，用时 \d+\.\d 秒$/m;

describe('gongkai import items', { concurrency: false }, () => {
  let db: TestDb;
  let agencyId = 0;
  before(async () => {
    db = await testDb();
    agencyId = (await agency(db.handle, { name: '命令行导入市人民政府' })).id;
  });
  after(() => db.cleanup());

  const clean = () =>
    fixture(
      'csv',
      csv([
        ['索引号', '标题', '发布日期', '栏目'],
        ['CLI/2020-00001', '命令行导入一', '2020-01-01', '法规文件'],
        ['CLI/2020-00002', '命令行导入二', '2020-01-02', '统计信息'],
      ]),
    );

  test('all rows loaded: exit 0 and the summary line; a second run reports them unchanged', async () => {
    const file = clean();
    const r = await gongkai(db.env, 'import', 'items', file, '--agency', String(agencyId));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.match(SUMMARY)?.slice(1), ['2', '0', '0', '0'], r.stdout);
    const again = await gongkai(db.env, 'import', 'items', file, '--agency', String(agencyId));
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.stdout.match(SUMMARY)?.slice(1), ['0', '0', '2', '0'], again.stdout);
  });

  test('some rows rejected: exit 3, each on stderr with its line, and a CSV report line,index_no,reason', async () => {
    const file = fixture(
      'ndjson',
      [
        JSON.stringify({ index_no: 'CLI/2020-00003', title: '好的一行', published_on: '2020-01-03', category: '法规文件' }),
        JSON.stringify({ index_no: 'CLI/2020-00004', title: '', published_on: '2020-01-03', category: '法规文件' }),
        JSON.stringify({ index_no: 'CLI/2020-00005', title: '带"引号",和逗号', published_on: '2020-01-03', category: '没有' }),
      ].join('\n'),
    );
    const report = join(dir, 'report.csv');
    const r = await gongkai(db.env, 'import', 'items', file, '--agency', String(agencyId), '--report', report, '--progress');
    assert.equal(r.code, 3, r.stderr);
    assert.deepEqual(r.stdout.match(SUMMARY)?.slice(1), ['1', '0', '0', '2'], r.stdout);
    assert.match(r.stderr, /^第2行（索引号 CLI\/2020-00004）：缺少标题$/m);
    assert.match(r.stderr, /^第3行（索引号 CLI\/2020-00005）：本机关的目录中没有栏目“没有”$/m);
    assert.match(r.stderr, /已处理 \d+ 行/, 'progress with --progress even when stderr is not a terminal');
    const lines = readFileSync(report, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    assert.deepEqual(lines, ['line,index_no,reason', '2,CLI/2020-00004,缺少标题', '3,CLI/2020-00005,本机关的目录中没有栏目“没有”']);
  });

  test('no progress without --progress when stderr is not a terminal', async () => {
    const r = await gongkai(db.env, 'import', 'items', clean(), '--agency', String(agencyId));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /已处理/);
  });

  const refusals: { name: string; args: () => string[]; stderr: RegExp }[] = [
    {
      name: 'a file that cannot be read',
      args: () => ['import', 'items', join(dir, 'nope.csv'), '--agency', String(agencyId)],
      stderr: /无法读取文件/,
    },
    { name: 'no --agency', args: () => ['import', 'items', clean()], stderr: /--agency：请用 --agency 指定/ },
    {
      name: 'an agency that does not exist',
      args: () => ['import', 'items', clean(), '--agency', '99999'],
      stderr: /找不到编号为 99999 的机关/,
    },
    { name: 'no file', args: () => ['import', 'items', '--agency', String(agencyId)], stderr: /请指定要导入的文件/ },
    {
      name: 'an unknown option',
      args: () => ['import', 'items', clean(), '--agency', String(agencyId), '--bogus'],
      stderr: /不认识的选项 --bogus/,
    },
    {
      name: 'an unknown format',
      args: () => ['import', 'items', clean(), '--agency', String(agencyId), '--format', 'xlsx'],
      stderr: /--format：应为 csv 或 jsonl/,
    },
    {
      name: 'a header without 索引号',
      args: () => ['import', 'items', fixture('csv', '标题,发布日期,栏目\n甲,2020-01-01,法规文件\n'), '--agency', String(agencyId)],
      stderr: /表头缺少必需的列：索引号/,
    },
  ];
  for (const c of refusals) {
    test(`exit 2 with a Chinese message for ${c.name}`, async () => {
      const r = await gongkai(db.env, ...c.args());
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /错误：/);
      assert.match(r.stderr, c.stderr);
      assert.equal(r.stdout, '');
    });
  }
});

// ---------- memory ----------

describe('a 20,000-row file', () => {
  let db: TestDb;
  before(async () => {
    db = await testDb();
  });
  after(() => db.cleanup());

  test('imports in bounded memory (measured in a child process)', { timeout: 300_000 }, async (t) => {
    const agencyId = (await agency(db.handle, { name: '内存测试市人民政府' })).id;
    const vocab = '政府信息公开工作年度报告关于印发实施方案通知意见规划建设管理服务保障教育医疗卫生健康安全生产环境保护财政预算决算';
    let seed = 1;
    const words = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += vocab[seed % vocab.length];
      }
      return s;
    };
    const rows = (from: number, n: number) =>
      Array.from(
        { length: n },
        (_, i) => `MEM/2020-${String(from + i).padStart(6, '0')},${words(30)},2020-05-06,法规文件,<p>${words(300)}</p>`,
      );
    const head = '索引号,标题,发布日期,栏目,正文';
    const warm = fixture('csv', `${[head, ...rows(1, 200)].join('\n')}\n`);
    const big = fixture('csv', `${[head, ...rows(1001, 20_000)].join('\n')}\n`);
    const script = fixture(
      'mjs',
      `import { loadConfig } from ${JSON.stringify(`${root}src/config.ts`)};
import { openPlatform, systemCtx } from ${JSON.stringify(`${root}src/platform.ts`)};
import { importItems } from ${JSON.stringify(`${root}src/features/catalog/import.ts`)};
const h = await openPlatform(loadConfig());
const ctx = systemCtx(h, { id: null, label: 'test' });
await importItems(ctx, { file: ${JSON.stringify(warm)}, agencyId: ${agencyId} });
const base = process.memoryUsage().rss;
const samples = [];
let heapAt5000;
const r = await importItems(ctx, {
  file: ${JSON.stringify(big)},
  agencyId: ${agencyId},
  onProgress: (p) => {
    samples.push([p.rows, process.memoryUsage().rss]);
    if (p.rows >= 5000 && heapAt5000 === undefined) {
      globalThis.gc();
      heapAt5000 = process.memoryUsage().heapUsed;
    }
  },
});
globalThis.gc();
const heapAtEnd = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ base, samples, heapAt5000, heapAtEnd, inserted: r.inserted, rejected: r.rejected, ms: r.elapsedMs }));
await h.close();
`,
    );
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, ...db.env },
      timeout: 280_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const m = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      base: number;
      samples: [number, number][];
      heapAt5000: number;
      heapAtEnd: number;
      inserted: number;
      rejected: number;
      ms: number;
    };
    assert.equal(m.inserted, 20_000);
    assert.equal(m.rejected, 0);
    const mb = (x: number) => Math.round(x / 2 ** 20);
    const peak = Math.max(...m.samples.map(([, rss]) => rss));
    t.diagnostic(
      `20,000 rows in ${(m.ms / 1000).toFixed(1)} s (${Math.round(20_000 / (m.ms / 1000))} rows/s); rss ${mb(m.base)} MB before, peak ${mb(peak)} MB (+${mb(peak - m.base)} MB); live heap after 5,000 rows ${mb(m.heapAt5000)} MB, at the end ${mb(m.heapAtEnd)} MB`,
    );
    // What stays alive must not grow with the rows read (the set of index numbers seen takes ~1 MB
    // here); the process as a whole — heaps V8 sizes to the allocation rate, a preparing thread —
    // stays bounded.
    assert.ok(m.heapAtEnd - m.heapAt5000 < 8 * 2 ** 20, `the live heap grew by ${mb(m.heapAtEnd - m.heapAt5000)} MB over 15,000 rows`);
    assert.ok(peak - m.base < 400 * 2 ** 20, `rss grew by ${mb(peak - m.base)} MB`);
    assert.equal(
      Number(
        (
          await db.handle.db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      20_200,
    );
    assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
  });
});
