// Migrations that change what is stored, down and up again over a database that holds items: the
// search index must find the same items afterwards, on both databases.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { syntheticItems } from '../bench/corpus.js';
import { connect } from '../src/db/connect.js';
import { migrateTo, migrateToLatest, migrations } from '../src/db/migrate.js';
import { searchTokensOf } from '../src/features/catalog/service.js';
import { indexedIds, indexedTokens, oldSqliteFile, onPostgres, type TestDb, testDb } from './helpers/db.js';
import { agency, itemRow } from './helpers/fixtures.js';

let db: TestDb;
let agencyId: number;

before(async () => {
  db = await testDb();
  agencyId = (await agency(db.handle, { name: '迁移测试市人民政府' })).id;
});
after(() => db.cleanup());

async function insertItem(title: string, body: string): Promise<number> {
  const row = itemRow({ agency_id: agencyId, title, body_html: `<p>${body}</p>`, published_on: '2024-03-01' });
  return (await db.handle.db.insertInto('items').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Each item's stored column and its tokens in the index. */
async function stored() {
  const rows = await db.handle.db
    .selectFrom('items')
    .select(['id', 'title', 'doc_no', 'summary', 'body_html', 'search_tokens'])
    .orderBy('id')
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      expected: searchTokensOf(r.title, r.doc_no, r.summary, r.body_html),
      column: r.search_tokens,
      indexed: await indexedTokens(db.handle, r.id),
    })),
  );
}

async function integrityCheck() {
  if (!onPostgres) await sql`insert into items_fts(items_fts, rank) values ('integrity-check', 1)`.execute(db.handle.db);
}

describe('0011: SQLite keeps the search tokens only in a contentless index', () => {
  const ids: number[] = [];

  test('at the latest migration the column is empty on SQLite, and the index holds each item’s tokens', async () => {
    assert.ok('0011_fts_contentless' in migrations);
    if (!onPostgres) {
      const def = await sql<{ sql: string }>`select sql from sqlite_master where name = 'items_fts'`.execute(db.handle.db);
      assert.match(def.rows[0]!.sql, /content=''.*contentless_delete=1/);
    }
    ids.push(await insertItem('关于蓝莓种植补贴的通知', '对蓝莓种植户给予补贴。'));
    ids.push(await insertItem('安全生产检查结果公示', '安全生產檢查已完成。'));
    for (const s of await stored()) {
      assert.equal(s.indexed, s.expected);
      assert.equal(s.column, onPostgres ? s.expected : '');
    }
    // An update moves the new tokens in and the old ones out.
    await db.handle.db
      .updateTable('items')
      .set({
        title: '关于草莓种植补贴的通知',
        search_tokens: searchTokensOf('关于草莓种植补贴的通知', null, null, '<p>对蓝莓种植户给予补贴。</p>'),
      })
      .where('id', '=', ids[0]!)
      .execute();
    assert.deepEqual(await indexedIds(db.handle, '草莓'), [ids[0]]);
    assert.deepEqual(await indexedIds(db.handle, '种植补贴'), [ids[0]]);
    assert.deepEqual(await indexedIds(db.handle, '蓝莓'), [ids[0]], 'still in the body');
    assert.deepEqual(await indexedIds(db.handle, '关于蓝莓'), [], 'the old title is gone');
    await integrityCheck();
  });

  test('down to 0010 computes the tokens into the column again; the external-content index finds the same items', async () => {
    await migrateTo(db.handle, '0010_fts_bulk');
    for (const s of await stored()) {
      assert.equal(s.column, s.expected);
      assert.equal(s.indexed, s.expected);
    }
    assert.deepEqual(await indexedIds(db.handle, '安全生产'), [ids[1]]);
    assert.deepEqual(await indexedIds(db.handle, '草莓'), [ids[0]]);
    await integrityCheck();
    // Written at 0010: the old triggers index it.
    ids.push(await insertItem('政府信息公开年度报告', '本年度共收到申请。'));
    assert.deepEqual(await indexedIds(db.handle, '年度报告'), [ids[2]]);
  });

  test('up again converts the stored tokens in place; deleting an item takes it out of the index', async () => {
    await migrateToLatest(db.handle);
    for (const s of await stored()) {
      assert.equal(s.indexed, s.expected);
      assert.equal(s.column, onPostgres ? s.expected : '');
    }
    assert.deepEqual(await indexedIds(db.handle, '年度报告'), [ids[2]]);
    assert.deepEqual(await indexedIds(db.handle, '安全生產'), [ids[1]], 'traditional finds simplified');
    await db.handle.db.deleteFrom('items').where('id', '=', ids[1]!).execute();
    assert.deepEqual(await indexedIds(db.handle, '安全生产'), []);
    if (!onPostgres) assert.equal(await indexedTokens(db.handle, ids[1]!), '', 'no term is left for the deleted row');
    await integrityCheck();
  });
});

describe('0012: on SQLite the index’s leaves fit the page and a statement’s terms make one segment', () => {
  const config = async () =>
    Object.fromEntries(
      (await sql<{ k: string; v: number }>`select k, v from items_fts_config where k <> 'version'`.execute(db.handle.db)).rows.map((r) => [
        r.k,
        Number(r.v),
      ]),
    );
  /** Index segments (FTS5 keeps a row per segment and leaf range in items_fts_idx). */
  const segments = async () =>
    Number((await sql<{ n: number }>`select count(distinct segid) as n from items_fts_idx`.execute(db.handle.db)).rows[0]!.n);
  /** 400 items of the benchmark's kind (~500 characters drawn from the seed reports) in one INSERT; how many segments the index gained. */
  const insert400 = async (title: string) => {
    const rows = [...syntheticItems(400, title.length)].map((it, i) => {
      const t = `${title}第${i}号`;
      return { ...itemRow({ agency_id: agencyId, title: t, body_html: it.body }), search_tokens: searchTokensOf(t, null, null, it.body) };
    });
    const before = onPostgres ? 0 : await segments();
    await db.handle.db.insertInto('items').values(rows).execute();
    assert.equal((await indexedIds(db.handle, title)).length, 400);
    return onPostgres ? 0 : (await segments()) - before;
  };

  test('a new database has 16 KB pages and leaves of 16,338 bytes; 400 long items written at once are one new segment', async () => {
    assert.ok('0012_fts_pages' in migrations);
    const added = await insert400('专项资金使用情况公示');
    if (onPostgres) return;
    assert.equal(Number((await sql<{ page_size: number }>`pragma page_size`.execute(db.handle.db)).rows[0]!.page_size), 16384);
    assert.deepEqual(await config(), { automerge: 16, pgsz: 16338, hashsize: 16 * 1024 * 1024 });
    assert.equal(added, 1);
    await integrityCheck();
  });

  test('down restores FTS5’s defaults (the same INSERT is cut into several segments), up sets them again', async () => {
    await migrateTo(db.handle, '0011_fts_contentless');
    const added = await insert400('农村危房改造补助资金公示');
    if (!onPostgres) {
      assert.deepEqual(await config(), { automerge: 16, pgsz: 4050, hashsize: 1048576 });
      assert.ok(added >= 2, `${added} segments`);
    }
    await migrateToLatest(db.handle);
    if (!onPostgres) assert.equal((await config()).hashsize, 16 * 1024 * 1024);
    assert.equal((await indexedIds(db.handle, '专项资金使用情况公示')).length, 400);
    await integrityCheck();
  });
});

describe('0015: items whose bodies hold tables are indexed again with their cells apart', () => {
  test('tokens written with the cells joined are replaced by the current ones; other items keep theirs', async () => {
    await migrateTo(db.handle, '0014_item_form_token');
    // As the text used to be taken: the cells run together (北京 | 市场 → 北京市场).
    const table = '<table><tr><td>瑶州北京</td><td>市场监管</td></tr></table>';
    const joined = searchTokensOf('瑶州统计表', null, null, '<p>瑶州北京市场监管</p>');
    const tableId = (
      await db.handle.db
        .insertInto('items')
        .values({ ...itemRow({ agency_id: agencyId, title: '瑶州统计表', body_html: table }), search_tokens: joined })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const plainId = await insertItem('瑶州工作通知', '瑶州北京市场监管');
    assert.deepEqual(await indexedIds(db.handle, '北京市场'), [tableId, plainId], 'the old tokens join the cells');
    await migrateToLatest(db.handle);
    assert.deepEqual(await indexedIds(db.handle, '北京市场'), [plainId], 'the cells are apart now');
    assert.deepEqual(await indexedIds(db.handle, '瑶州北京'), [tableId, plainId]);
    for (const s of await stored()) {
      assert.equal(s.indexed, s.expected);
      assert.equal(s.column, onPostgres ? s.expected : '');
    }
    await integrityCheck();
  });
});

test('0012: an existing SQLite file keeps its 4 KB pages and FTS5’s leaf size for them', async () => {
  // A file of its own in both runs: what is checked is SQLite's file format.
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-pages-'));
  const file = join(dir, 'old.sqlite');
  try {
    oldSqliteFile(file);
    const handle = await connect({ sqliteFile: file });
    try {
      await migrateToLatest(handle);
      assert.equal(handle.sqlite!.pragma('page_size', { simple: true }), 4096);
      assert.equal(handle.sqlite!.prepare(`select v from items_fts_config where k = 'pgsz'`).pluck().get(), 4050);
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
