import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAgency } from '../src/features/agencies/service.js';
import { type ChainFields, ChainVerifier, entryHash, GENESIS_HASH, verifyChain } from '../src/features/audit/chain.js';
import { audit, verifyAuditChain } from '../src/features/audit/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { creditCode, sys } from './helpers/fixtures.js';

type Entry = ChainFields & { hash: string };
type Head = { seq: number; hash: string };

/** A correctly linked chain of n entries, as the writer would leave it. */
function chainOf(n: number, from: Head = { seq: 0, hash: GENESIS_HASH }): Entry[] {
  const out: Entry[] = [];
  let prev = from.hash;
  for (let seq = from.seq + 1; seq <= from.seq + n; seq++) {
    const fields: ChainFields = {
      seq,
      at: new Date(Date.UTC(2025, 0, 1, 8, 0, seq)).toISOString(),
      actor_id: seq % 2 ? 7 : null,
      actor: seq % 2 ? 'zhangsan' : 'cli:root',
      action: 'agency.update',
      object_type: 'agency',
      object_id: String(100 + seq),
      agency_id: 100 + seq,
      details: JSON.stringify({ changes: { name: { from: `旧名${seq}`, to: `新名${seq}` } } }),
      prev_hash: prev,
    };
    const hash = entryHash(fields);
    out.push({ ...fields, hash });
    prev = hash;
  }
  return out;
}

const headOf = (c: Entry[]): Head => (c.length ? { seq: c.at(-1)!.seq, hash: c.at(-1)!.hash } : { seq: 0, hash: GENESIS_HASH });

/** What a forger does: change an entry and give it the hash that fits its new content. */
function rehash(e: Entry): Entry {
  const { hash: _, ...fields } = e;
  return { ...fields, hash: entryHash(fields) };
}

describe('entryHash', () => {
  const [base] = chainOf(1) as [Entry];
  const { hash: _, ...fields } = base;

  test('is a sha256 hex digest and the same for the same entry', () => {
    assert.match(entryHash(fields), /^[0-9a-f]{64}$/);
    assert.equal(entryHash({ ...fields }), entryHash(fields));
  });

  const changes: [string, Partial<ChainFields>][] = [
    ['seq', { seq: 2 }],
    ['at', { at: '2025-01-01T08:00:02.000Z' }],
    ['actor_id', { actor_id: 8 }],
    ['actor_id from a user to none', { actor_id: null }],
    ['actor', { actor: 'lisi' }],
    ['action', { action: 'agency.move' }],
    ['object_type', { object_type: 'user' }],
    ['object_id', { object_id: '102' }],
    ['object_id from a value to none', { object_id: null }],
    ['agency_id', { agency_id: 102 }],
    ['details', { details: '{}' }],
    ['prev_hash', { prev_hash: 'f'.repeat(64) }],
  ];
  for (const [field, change] of changes) {
    test(`changes when ${field} changes`, () => {
      assert.notEqual(entryHash({ ...fields, ...change }), entryHash(fields));
    });
  }

  test('cannot be fooled by moving characters from one field to the next', () => {
    assert.notEqual(entryHash({ ...fields, actor: 'ab', action: 'c' }), entryHash({ ...fields, actor: 'a', action: 'bc' }));
    assert.notEqual(entryHash({ ...fields, object_id: null }), entryHash({ ...fields, object_id: 'null' }));
  });
});

describe('verifyChain', () => {
  test('accepts an intact chain and counts its entries', () => {
    const c = chainOf(5);
    assert.deepEqual(verifyChain(c, headOf(c)), { ok: true, checked: 5 });
  });

  test('accepts an empty chain whose head is still the genesis', () => {
    assert.deepEqual(verifyChain([], { seq: 0, hash: GENESIS_HASH }), { ok: true, checked: 0 });
  });

  // Each case tampers with an intact chain of five entries (and its head) and names the entry
  // that verification must point at.
  const cases: {
    name: string;
    tamper(c: Entry[], head: Head): { entries: Entry[]; head: Head };
    kind: 'removed' | 'altered';
    seq: number;
    message: RegExp;
  }[] = [
    {
      name: 'details of entry 3 changed',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 3 ? { ...e, details: '{"changes":{}}' } : e)),
        head,
      }),
      kind: 'altered',
      seq: 3,
      message: /^第 3 条审计记录已被改动（内容与其哈希不符）$/,
    },
    {
      name: 'actor of entry 1 changed',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 1 ? { ...e, actor: 'someone-else' } : e)),
        head,
      }),
      kind: 'altered',
      seq: 1,
      message: /第 1 条审计记录已被改动/,
    },
    {
      name: 'time of the newest entry changed',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 5 ? { ...e, at: '2020-01-01T00:00:00.000Z' } : e)),
        head,
      }),
      kind: 'altered',
      seq: 5,
      message: /第 5 条审计记录已被改动/,
    },
    {
      name: 'stored hash of entry 4 changed',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 4 ? { ...e, hash: 'a'.repeat(64) } : e)),
        head,
      }),
      kind: 'altered',
      seq: 4,
      message: /第 4 条审计记录已被改动/,
    },
    {
      name: 'link (prev_hash) of entry 3 changed',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 3 ? { ...e, prev_hash: GENESIS_HASH } : e)),
        head,
      }),
      kind: 'altered',
      seq: 3,
      message: /第 3 条审计记录已被改动/,
    },
    {
      name: 'entry 3 removed from the middle',
      tamper: (c, head) => ({ entries: c.filter((e) => e.seq !== 3), head }),
      kind: 'removed',
      seq: 3,
      message: /^第 3 条审计记录已被删除（记录序号从 2 跳到 4）$/,
    },
    {
      name: 'entries 2 and 3 removed from the middle',
      tamper: (c, head) => ({ entries: c.filter((e) => e.seq !== 2 && e.seq !== 3), head }),
      kind: 'removed',
      seq: 2,
      message: /^第 2 条至第 3 条审计记录已被删除/,
    },
    {
      name: 'entry 1 removed from the start',
      tamper: (c, head) => ({ entries: c.slice(1), head }),
      kind: 'removed',
      seq: 1,
      message: /^第 1 条审计记录已被删除/,
    },
    {
      name: 'entry 5 removed from the end',
      tamper: (c, head) => ({ entries: c.slice(0, 4), head }),
      kind: 'removed',
      seq: 5,
      message: /^第 5 条审计记录已被删除$/,
    },
    {
      name: 'entries 4 and 5 removed from the end',
      tamper: (c, head) => ({ entries: c.slice(0, 3), head }),
      kind: 'removed',
      seq: 4,
      message: /^第 4 条至第 5 条审计记录已被删除$/,
    },
    {
      name: 'every entry removed',
      tamper: (_c, head) => ({ entries: [], head }),
      kind: 'removed',
      seq: 1,
      message: /^第 1 条至第 5 条审计记录已被删除$/,
    },
    {
      name: 'entries 2 and 3 handed over in swapped order',
      tamper: (c, head) => ({ entries: [c[0]!, c[2]!, c[1]!, c[3]!, c[4]!], head }),
      kind: 'removed',
      seq: 2,
      message: /第 2 条/,
    },
    {
      name: 'entries 2 and 3 swapped by exchanging their numbers',
      tamper: (c, head) => ({
        entries: [c[0]!, { ...c[2]!, seq: 2 }, { ...c[1]!, seq: 3 }, c[3]!, c[4]!],
        head,
      }),
      kind: 'altered',
      seq: 2,
      message: /^第 2 条审计记录已被改动/,
    },
    {
      name: 'entry 2 repeated',
      tamper: (c, head) => ({ entries: [c[0]!, c[1]!, c[1]!, c[2]!, c[3]!, c[4]!], head }),
      kind: 'altered',
      seq: 3,
      message: /第 3 条审计记录的位置上是序号为 2 的记录/,
    },
    {
      name: 'head hash altered',
      tamper: (c, head) => ({ entries: c, head: { ...head, hash: 'b'.repeat(64) } }),
      kind: 'altered',
      seq: 5,
      message: /第 5 条审计记录或链头已被改动/,
    },
    {
      name: 'head wound back by one while every entry stays',
      tamper: (c) => ({ entries: c, head: headOf(c.slice(0, 4)) }),
      kind: 'altered',
      seq: 5,
      message: /链头记录为第 4 条，但存在第 5 条及以后的记录/,
    },
    {
      name: 'head moved forward past the last entry',
      tamper: (c, head) => ({ entries: c, head: { ...head, seq: 6 } }),
      kind: 'removed',
      seq: 6,
      message: /^第 6 条审计记录已被删除$/,
    },
    {
      name: 'an entry appended without going through the writer',
      tamper: (c, head) => ({ entries: [...c, ...chainOf(1, head)], head }),
      kind: 'altered',
      seq: 6,
      message: /链头记录为第 5 条/,
    },
    {
      name: 'forger rewrites details of entry 2 and recomputes its hash',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 2 ? rehash({ ...e, details: '{"changes":{}}' }) : e)),
        head,
      }),
      kind: 'altered',
      seq: 2,
      message: /^第 2 条审计记录已被改动（第 3 条记录所存的前序哈希不再相符）$/,
    },
    {
      name: 'forger rewrites entry 1 and recomputes its hash',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 1 ? rehash({ ...e, actor: 'nobody' }) : e)),
        head,
      }),
      kind: 'altered',
      seq: 1,
      message: /^第 1 条审计记录已被改动/,
    },
    {
      name: 'forger rewrites the newest entry and recomputes its hash',
      tamper: (c, head) => ({
        entries: c.map((e) => (e.seq === 5 ? rehash({ ...e, action: 'agency.create' }) : e)),
        head,
      }),
      kind: 'altered',
      seq: 5,
      message: /第 5 条审计记录或链头已被改动/,
    },
  ];

  for (const c of cases) {
    test(`names entry ${c.seq} as ${c.kind} when ${c.name}`, () => {
      const intact = chainOf(5);
      const { entries, head } = c.tamper(structuredClone(intact), headOf(intact));
      const v = verifyChain(entries, head);
      assert.equal(v.ok, false);
      assert.equal(v.problem?.kind, c.kind);
      assert.equal(v.problem?.seq, c.seq);
      assert.match(v.problem?.message ?? '', c.message);
      assert.equal(v.checked, c.seq - 1, 'the entries before the one named count as checked');
    });
  }
});

describe('ChainVerifier', () => {
  test('picks up from a checkpoint instead of the genesis', () => {
    const c = chainOf(5);
    const v = new ChainVerifier({ seq: 2, hash: c[1]!.hash });
    for (const e of c.slice(2)) assert.equal(v.push(e), true);
    assert.deepEqual(v.finish(headOf(c)), { ok: true, checked: 3 });
  });

  test('stops at the first problem and ignores later entries', () => {
    const c = chainOf(5);
    c[1] = { ...c[1]!, details: '{}' };
    const v = new ChainVerifier();
    assert.deepEqual(
      c.map((e) => v.push(e)),
      [true, false, false, false, false],
    );
    const verdict = v.finish(headOf(c));
    assert.equal(verdict.checked, 1);
    assert.equal(verdict.problem?.seq, 2);
  });
});

describe('audit log in the database', () => {
  let db: TestDb;
  before(async () => {
    db = await testDb();
  });
  after(() => db.cleanup());

  const count = async () =>
    Number(
      (
        await db.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const head = () => db.handle.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();

  test('audit() appends linked entries that verifyAuditChain accepts', async () => {
    const at = new Date('2025-03-01T02:03:04.567Z');
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      seqs.push(
        await db.handle.db.transaction().execute((trx) =>
          audit(
            trx,
            { id: null, label: 'test' },
            {
              action: 'test.write',
              objectType: 'thing',
              objectId: i,
              agencyId: null,
              details: { i, 名称: '测试' },
            },
            at,
          ),
        ),
      );
    }
    assert.deepEqual(seqs, [1, 2, 3]);
    const rows = await db.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    assert.deepEqual(
      rows.map((r) => [Number(r.seq), r.at, r.object_id, JSON.parse(r.details)]),
      [
        [1, at.toISOString(), '0', { i: 0, 名称: '测试' }],
        [2, at.toISOString(), '1', { i: 1, 名称: '测试' }],
        [3, at.toISOString(), '2', { i: 2, 名称: '测试' }],
      ],
    );
    assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
    assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
    for (const r of rows) assert.equal(entryHash({ ...r, seq: Number(r.seq) }), r.hash);
    const h = await head();
    assert.deepEqual([Number(h.seq), h.hash], [3, rows[2]!.hash]);
    assert.deepEqual(await verifyAuditChain(db.handle.db), { ok: true, checked: 3 });
  });

  test('a rolled-back transaction leaves no audit entry and the chain intact', async () => {
    const before = await count();
    const headBefore = await head();
    await assert.rejects(
      db.handle.db.transaction().execute(async (trx) => {
        const seq = await audit(trx, { id: null, label: 'test' }, { action: 'test.rollback', objectType: 'thing' });
        assert.equal(seq, before + 1);
        const inside = await trx.selectFrom('audit_log').select('seq').where('seq', '=', seq).executeTakeFirst();
        assert.ok(inside, 'the entry exists inside the transaction');
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await count(), before);
    assert.deepEqual(await head(), headBefore);
    assert.equal((await db.handle.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.rollback').execute()).length, 0);
    assert.deepEqual(await verifyAuditChain(db.handle.db), { ok: true, checked: before });
    // The next entry takes the number the rolled-back one would have had.
    const next = await db.handle.db
      .transaction()
      .execute((trx) => audit(trx, { id: null, label: 'test' }, { action: 'test.after', objectType: 'thing' }));
    assert.equal(next, before + 1);
  });

  test('20 agencies created in parallel leave a gap-free chain that verifies', async () => {
    const before = await count();
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createAgency(sys(db.handle), {
          name: `并发测试市人民政府${i}`,
          shortName: `并发${i}`,
          kind: 'government',
          level: 'city',
          creditCode: creditCode(),
        }),
      ),
    );
    assert.equal(new Set(created.map((a) => a.id)).size, 20);
    const rows = await db.handle.db
      .selectFrom('audit_log')
      .select(['seq', 'object_id', 'action'])
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      rows.map((r) => Number(r.seq)),
      Array.from({ length: 20 }, (_, i) => before + 1 + i),
    );
    assert.deepEqual(new Set(rows.map((r) => r.object_id)), new Set(created.map((a) => String(a.id))));
    assert.ok(rows.every((r) => r.action === 'agency.create'));
    assert.equal(Number((await head()).seq), before + 20);
    assert.deepEqual(await verifyAuditChain(db.handle.db), { ok: true, checked: before + 20 });
  });

  test('verifying while entries are being written reports no false alarm', async () => {
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing || n < 5) {
        await db.handle.db
          .transaction()
          .execute((trx) => audit(trx, { id: null, label: 'test' }, { action: 'test.live', objectType: 'thing', objectId: n++ }));
        // Let the verifier's queries in between (on SQLite both share the one connection).
        await new Promise((r) => setImmediate(r));
      }
      return n;
    })();
    const verdicts = [];
    try {
      for (let i = 0; i < 15; i++) verdicts.push(await verifyAuditChain(db.handle.db));
    } finally {
      writing = false;
      assert.ok((await writer) >= 5);
    }
    assert.deepEqual(
      verdicts.filter((v) => !v.ok),
      [],
    );
    assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
  });

  test('a change past the first page of 5000 entries is found', async () => {
    // Written straight into the table, in bulk, so the test stays fast.
    const h = await head();
    const more = chainOf(5100 - Number(h.seq), { seq: Number(h.seq), hash: h.hash });
    for (let i = 0; i < more.length; i += 500)
      await db.handle.db
        .insertInto('audit_log')
        .values(more.slice(i, i + 500))
        .execute();
    await db.handle.db.updateTable('audit_head').set(headOf(more)).where('id', '=', 1).execute();
    assert.deepEqual(await verifyAuditChain(db.handle.db), { ok: true, checked: 5100 });
    await db.handle.db.updateTable('audit_log').set({ details: '{"forged":true}' }).where('seq', '=', 5050).execute();
    const v = await verifyAuditChain(db.handle.db);
    assert.equal(v.problem?.seq, 5050);
    assert.equal(v.checked, 5049);
    const original = more.find((e) => e.seq === 5050)!.details;
    await db.handle.db.updateTable('audit_log').set({ details: original }).where('seq', '=', 5050).execute();
    assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
  });

  test('an entry slipped in past the head, with a valid link and hash, is found', async () => {
    const h = await head();
    const [extra] = chainOf(1, { seq: Number(h.seq), hash: h.hash });
    await db.handle.db.insertInto('audit_log').values(extra!).execute();
    const v = await verifyAuditChain(db.handle.db);
    assert.equal(v.ok, false);
    assert.equal(v.problem?.seq, Number(h.seq) + 1);
    assert.match(v.problem?.message ?? '', new RegExp(`链头记录为第 ${h.seq} 条，但存在第 ${Number(h.seq) + 1} 条`));
  });
});
