// Migrations that change what is stored, down and up again over a database that holds items: the
// search index must find the same items afterwards, on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest, migrations } from '../src/db/migrate.js';
import { searchTokensOf } from '../src/features/catalog/service.js';
import { indexedIds, indexedTokens, onPostgres, type TestDb, testDb } from './helpers/db.js';
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
