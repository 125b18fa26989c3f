import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseSearch } from '../src/features/search/params.js';
import { COUNT_CAP, RANK_WINDOW, searchItems } from '../src/features/search/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { agency, itemRow, sys } from './helpers/fixtures.js';

// The hit count of a query with more hits than one ranked window, as the items not public for good
// come and go: on SQLite it is read from the FTS index alone while there are none (and while the
// matches exceed COUNT_CAP by more than their number), and checked item by item otherwise.

const NOW = new Date('2025-06-30T02:00:00Z');
const HITS = RANK_WINDOW + 100;
let db: TestDb;
let agencyId: number;

before(async () => {
  db = await testDb();
  agencyId = (await agency(db.handle, { name: '计数市人民政府' })).id;
  const rows = Array.from({ length: HITS }, (_, i) =>
    itemRow({ agency_id: agencyId, title: `countword ${i}`, published_on: '2024-01-02', index_no: `CNT-${process.pid}-${i}` }, NOW),
  );
  for (let i = 0; i < rows.length; i += 200)
    await db.handle.db
      .insertInto('items')
      .values(rows.slice(i, i + 200))
      .execute();
});
after(() => db?.cleanup());

async function count(q: string, more: Record<string, string> = {}) {
  const r = await searchItems({ ...sys(db.handle), now: () => NOW }, parseSearch({ q, ...more }, { api: false }));
  return [r.total, r.totalCapped];
}

test('the count leaves out what is not public, whether or not anything is hidden', async () => {
  assert.deepEqual(await count('countword'), [HITS, false], 'every item public');
  const hidden = [
    { status: 'draft' },
    { disclosure_mode: 'withheld' },
    { period: 'limited', period_until: '2025-06-29' },
    { period: 'limited', period_until: '2025-07-31' },
  ];
  for (const [i, more] of hidden.entries())
    await db.handle.db
      .insertInto('items')
      .values(itemRow({ agency_id: agencyId, title: 'countword hidden', published_on: '2024-01-02', index_no: `CNT-H-${i}`, ...more }, NOW))
      .execute();
  // The last one is 限时公开 until a day still to come: public, though not for good.
  assert.deepEqual(await count('countword'), [HITS + 1, false], 'three hidden, one public until July');
  assert.deepEqual(await count('countword', { agencyId: String(agencyId) }), [HITS + 1, false], 'filtered');
  assert.ok(HITS + 1 < COUNT_CAP);
});
