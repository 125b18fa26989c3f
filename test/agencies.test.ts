import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InputError } from '../src/errors.js';
import { createAgency, getAgency, listAgencies, updateAgency } from '../src/features/agencies/service.js';
import { treeAt } from '../src/features/agencies/store.js';
import { verifyAuditChain } from '../src/features/audit/service.js';
import type { Ctx } from '../src/features/context.js';
import { type TestDb, testDb } from './helpers/db.js';
import { agency, creditCode, sys, twoTrees } from './helpers/fixtures.js';

let db: TestDb;
let ctx: Ctx;
before(async () => {
  db = await testDb();
  ctx = sys(db.handle);
});
after(() => db.cleanup());

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e.fields;
    throw e;
  }
  assert.fail('expected an InputError');
}

test('creating an agency stores it, its first version and an audit entry', async () => {
  const code = creditCode();
  const a = await createAgency(ctx, {
    name: ' 丙市人民政府 ',
    shortName: '丙市政府',
    kind: 'government',
    level: 'city',
    creditCode: code.toLowerCase(),
  });
  assert.equal(a.name, '丙市人民政府', 'names are trimmed');
  assert.equal(a.credit_code, code, 'credit codes are stored upper-case');
  const d = await getAgency(ctx, a.id);
  assert.equal(d.versions.length, 1);
  assert.equal(d.versions[0]!.valid_to, null);
  const e = await db.handle.db
    .selectFrom('audit_log')
    .selectAll()
    .where('object_type', '=', 'agency')
    .where('object_id', '=', String(a.id))
    .execute();
  assert.deepEqual(
    e.map((x) => x.action),
    ['agency.create'],
  );
});

const bad: { name: string; input: Record<string, unknown>; field: string; message: RegExp }[] = [
  { name: 'empty name', input: { name: '  ' }, field: 'name', message: /请填写机关全称/ },
  { name: 'name too long', input: { name: '很'.repeat(101) }, field: 'name', message: /100/ },
  { name: 'missing short name', input: { shortName: '' }, field: 'shortName', message: /简称/ },
  { name: 'unknown kind', input: { kind: 'ministry' }, field: 'kind', message: /机关类型/ },
  { name: 'unknown level', input: { level: 'galaxy' }, field: 'level', message: /层级/ },
  {
    name: 'bad credit code check character',
    input: { creditCode: '91350100M000100Y4Z' },
    field: 'creditCode',
    message: /校验位错误，应为“3”/,
  },
  { name: 'credit code of wrong length', input: { creditCode: '1133' }, field: 'creditCode', message: /18位/ },
  { name: 'no code at all', input: { creditCode: '', orgCode: '' }, field: 'creditCode', message: /请填写统一社会信用代码/ },
  { name: 'bad org code', input: { creditCode: '', orgCode: '035210000' }, field: 'orgCode', message: /校验位错误/ },
  { name: 'unknown parent agency', input: { kind: 'department', parentId: 999999 }, field: 'parentId', message: /上级机关不存在/ },
  { name: 'parent id that is not a number', input: { parentId: 'abc' }, field: 'parentId', message: /上级机关无效/ },
  { name: 'department without a parent', input: { kind: 'department' }, field: 'parentId', message: /政府部门必须隶属/ },
  { name: 'bad dissolution date', input: { dissolvedOn: '2024-13-45' }, field: 'dissolvedOn', message: /YYYY-MM-DD/ },
];
for (const c of bad) {
  test(`bad input is refused with a message on its field: ${c.name}`, async () => {
    const f = await fieldErrors(
      createAgency(ctx, {
        name: '丁市人民政府',
        shortName: '丁市政府',
        kind: 'government',
        level: 'city',
        creditCode: creditCode(),
        ...c.input,
      }),
    );
    assert.ok(f[c.field], `expected an error on ${c.field}, got ${JSON.stringify(f)}`);
    assert.match(f[c.field]!, c.message);
  });
}

test('a credit code belongs to one agency only', async () => {
  const code = creditCode();
  const first = await agency(db.handle, { name: '戊市人民政府' });
  await db.handle.db.updateTable('agencies').set({ credit_code: code }).where('id', '=', first.id).execute();
  const f = await fieldErrors(
    createAgency(ctx, { name: '己市人民政府', shortName: '己市', kind: 'government', level: 'city', creditCode: code }),
  );
  assert.match(f.creditCode!, /戊市人民政府/);
});

test('a historic agency may carry only the 9-character organisation code', async () => {
  const a = await createAgency(ctx, {
    name: '张掖市环境保护局（历史）',
    shortName: '张掖环保局',
    kind: 'government',
    level: 'city',
    orgCode: '01392653-1',
    dissolvedOn: '2019-03-01',
  });
  assert.equal(a.org_code, '013926531');
  assert.equal(a.credit_code, null);
  assert.equal(a.dissolved_on, '2019-03-01');
});

test('moving an agency keeps where it was before, with dates, and writes agency.move to the audit log', async () => {
  const t = await twoTrees(db.handle);
  const moved = await updateAgency(ctx, t.countyDeptA.id, {
    name: '甲县卫生健康局',
    shortName: '甲县卫健局',
    kind: 'department',
    level: 'city',
    parentId: t.cityB.id,
    creditCode: t.countyDeptA.credit_code,
    note: '机构改革',
  });
  assert.equal(moved.parent_id, t.cityB.id);
  const d = await getAgency(ctx, t.countyDeptA.id);
  assert.equal(d.versions.length, 2);
  const [now, was] = d.versions;
  assert.equal(now!.parent_id, t.cityB.id);
  assert.equal(now!.valid_to, null);
  assert.equal(now!.note, '机构改革');
  assert.equal(was!.parent_id, t.countyA.id);
  assert.equal(was!.valid_to, now!.valid_from, 'the old placement ends when the new one starts');
  const entries = await db.handle.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('object_id', '=', String(t.countyDeptA.id))
    .where('object_type', '=', 'agency')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries.map((e) => e.action),
    ['agency.create', 'agency.move'],
  );
  assert.deepEqual(JSON.parse(entries[1]!.details).changes.parent_id, { from: t.countyA.id, to: t.cityB.id });
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
});

test('an agency cannot be moved under itself or its own subtree', async () => {
  const t = await twoTrees(db.handle);
  const f = await fieldErrors(
    updateAgency(ctx, t.countyA.id, {
      name: t.countyA.name,
      shortName: 'x',
      kind: 'government',
      level: 'township',
      parentId: t.countyDeptA.id,
      creditCode: t.countyA.credit_code,
    }),
  );
  assert.ok(f.parentId, JSON.stringify(f));
  const f2 = await fieldErrors(
    updateAgency(ctx, t.cityA.id, {
      name: t.cityA.name,
      shortName: 'x',
      kind: 'government',
      level: 'province',
      parentId: t.cityA.id,
      creditCode: t.cityA.credit_code,
    }),
  );
  assert.match(f2.parentId!, /自己或它的下级/);
});

test('saving without changes writes no version and no audit entry', async () => {
  const a = await agency(db.handle, { name: '庚市人民政府' });
  const before = await db.handle.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await updateAgency(ctx, a.id, {
    name: a.name,
    shortName: a.short_name,
    kind: a.kind,
    level: a.level,
    parentId: null,
    creditCode: a.credit_code,
  });
  const after = await db.handle.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
  assert.equal((await getAgency(ctx, a.id)).versions.length, 1);
});

test('the tree lists parents before children, indented by depth', async () => {
  const t = await twoTrees(db.handle);
  const rows = (await listAgencies(ctx)).filter((r) => [t.cityA.id, t.deptA.id, t.countyA.id, t.countyDeptA.id].includes(r.id));
  assert.deepEqual(
    rows.map((r) => [r.name, r.depth]),
    [
      ['甲市人民政府', 0],
      ['甲市教育局', 1],
      ['甲县人民政府', 1],
      ['甲县卫生健康局', 2],
    ],
  );
});

test('the tree at a past instant shows where an agency sat then, under the name it had', async () => {
  const t = await twoTrees(db.handle);
  const beforeMove = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  await updateAgency(ctx, t.deptA.id, {
    name: '甲市教育体育局',
    shortName: '甲市教体局',
    kind: 'department',
    level: 'city',
    parentId: t.cityB.id,
    creditCode: t.deptA.credit_code,
    note: '机构改革：更名并划转',
  });
  const then = (await treeAt(db.handle.db, beforeMove)).find((r) => r.id === t.deptA.id)!;
  assert.equal(then.name, '甲市教育局');
  assert.equal(then.parent_id, t.cityA.id);
  const today = (await treeAt(db.handle.db, new Date().toISOString())).find((r) => r.id === t.deptA.id)!;
  assert.equal(today.name, '甲市教育体育局');
  assert.equal(today.parent_id, t.cityB.id);
  const beforeItExisted = (await treeAt(db.handle.db, '2000-01-01T00:00:00.000Z')).find((r) => r.id === t.deptA.id);
  assert.equal(beforeItExisted, undefined);
});
