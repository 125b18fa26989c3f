import type { DbHandle } from '../../src/db/connect.js';
import type { ItemTable } from '../../src/db/schema.js';
import { creditCodeCheckChar, orgCodeCheckChar } from '../../src/domain/creditCode.js';
import type { Role } from '../../src/domain/roles.js';
import { createUser, grantRole } from '../../src/features/accounts/service.js';
import { createAgency } from '../../src/features/agencies/service.js';
import { searchTokensOf } from '../../src/features/catalog/service.js';
import type { Ctx } from '../../src/features/context.js';
import { systemCtx } from '../../src/platform.js';

let serial = 0;

/** A valid, unique 统一社会信用代码 for a test agency. */
export function creditCode(region = '330100'): string {
  serial++;
  const body = String(10000000 + ((serial * 7919 + process.pid) % 89999999)).slice(0, 8);
  const org = body + orgCodeCheckChar(body);
  const first17 = `11${region}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

export const sys = (handle: DbHandle): Ctx => systemCtx(handle, { id: null, label: 'test' });

export async function agency(
  handle: DbHandle,
  p: {
    name: string;
    kind?: 'government' | 'department' | 'subdistrict';
    level?: 'province' | 'city' | 'county' | 'township';
    parentId?: number | null;
  },
) {
  return createAgency(sys(handle), {
    name: p.name,
    shortName: p.name.slice(0, 10),
    kind: p.kind ?? 'government',
    level: p.level ?? 'city',
    parentId: p.parentId ?? null,
    creditCode: creditCode(),
  });
}

/** The context of a signed-in staff member (or the public, for null) on a given China day, 10:00. */
export function actingOn(
  handle: DbHandle,
  u: { id: number; username: string; display_name: string; agency_id: number } | null,
  day: string,
): Ctx {
  const base = { db: handle.db, dbKind: handle.kind, now: () => new Date(`${day}T02:00:00Z`) };
  if (!u) return { ...base, principal: { kind: 'anonymous' }, actor: { id: null, label: 'public' } };
  return {
    ...base,
    principal: {
      kind: 'user',
      user: {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        agencyId: u.agency_id,
        isPlatformAdmin: false,
        mustChangePassword: false,
        sessionId: 'test',
      },
    },
    actor: { id: u.id, label: u.username },
  };
}

export const PASSWORD = 'correct horse 42 battery';

/** A user with a known password (no forced change) and the given grants. */
export async function user(handle: DbHandle, username: string, agencyId: number, grants: [Role, number][] = []) {
  const r = await createUser(sys(handle), { username, displayName: `测试${username}`, agencyId, password: PASSWORD });
  await handle.db.updateTable('users').set({ must_change_password: 0 }).where('id', '=', r.user.id).execute();
  for (const [role, a] of grants) await grantRole(sys(handle), r.user.id, { agencyId: a, role });
  return r.user;
}

/**
 * Two unrelated trees for isolation tests:
 * cityA (gov) → deptA, countyA (gov) → countyDeptA ; cityB (gov) → deptB.
 */
export async function twoTrees(handle: DbHandle) {
  const cityA = await agency(handle, { name: '甲市人民政府' });
  const deptA = await agency(handle, { name: '甲市教育局', kind: 'department', parentId: cityA.id });
  const countyA = await agency(handle, { name: '甲县人民政府', level: 'county', parentId: cityA.id });
  const countyDeptA = await agency(handle, { name: '甲县卫生健康局', kind: 'department', level: 'county', parentId: countyA.id });
  const cityB = await agency(handle, { name: '乙市人民政府' });
  const deptB = await agency(handle, { name: '乙市教育局', kind: 'department', parentId: cityB.id });
  return { cityA, deptA, countyA, countyDeptA, cityB, deptB };
}

export type ItemRow = Partial<Omit<ItemTable, 'id'>> & { agency_id: number; title: string };

let itemSerial = 0;

/**
 * A complete items row for inserting directly (tests of what is shown, not of how it was made):
 * published by default, with a unique 索引号 and the search tokens the platform would store.
 */
export function itemRow(p: ItemRow, now = new Date()) {
  itemSerial++;
  const at = now.toISOString();
  const status = p.status ?? 'published';
  const r = {
    index_no: status === 'published' ? `TEST-${process.pid}-${itemSerial}` : null,
    index_imported: 0,
    doc_no: null,
    issuer: '测试发布机构',
    written_on: p.published_on ?? '2024-01-01',
    published_on: null,
    category_id: null,
    topic: null,
    disclosure_mode: 'proactive',
    period: 'permanent',
    period_until: null,
    doc_type: 'other',
    validity: null,
    validity_on: null,
    summary: null,
    body_html: '',
    channels: '[]',
    status,
    review_round: 1,
    created_by: null,
    created_at: at,
    updated_at: at,
    ...p,
  };
  return { ...r, search_tokens: searchTokensOf(r.title, r.doc_no, r.summary, r.body_html) };
}

/** A catalog category inserted directly, for tests of what the portal and search show. */
export async function insertCategory(
  h: DbHandle,
  p: { agencyId: number; name: string; parentId?: number | null; sort?: number },
  now = new Date(),
) {
  const r = await h.db
    .insertInto('categories')
    .values({
      agency_id: p.agencyId,
      parent_id: p.parentId ?? null,
      name: p.name,
      basis: null,
      default_key: null,
      sort: p.sort ?? 0,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
