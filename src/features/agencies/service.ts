import { z } from 'zod';
import type { Agency } from '../../db/schema.js';
import { type AgencyKind, type AgencyLevel, agencyKinds, agencyLevels, checkPlacement } from '../../domain/agency.js';
import { checkCreditCode, checkOrgCode } from '../../domain/creditCode.js';
import { InputError, NotFoundError } from '../../errors.js';
import { optionalId, optionalText, parseInput, text } from '../../validate.js';
import { can, isPlatformAdmin, requireAgency, scope } from '../access.js';
import { audit, type Tx } from '../audit/service.js';
import type { Ctx } from '../context.js';
import { findAgency, orderAsTree, subtreeIds, type TreeRow } from './store.js';

const agencySchema = z.object({
  name: text('请填写机关全称', 100, '机关全称不能超过100个字'),
  shortName: text('请填写机关简称', 30, '机关简称不能超过30个字'),
  kind: z.enum(agencyKinds, { error: '请选择机关类型' }),
  level: z.enum(agencyLevels, { error: '请选择行政层级' }),
  parentId: optionalId('上级机关无效'),
  creditCode: optionalText(40),
  orgCode: optionalText(20),
  dissolvedOn: z.preprocess((v) => (v === '' || v == null ? null : v), z.iso.date({ error: '撤销日期格式应为 YYYY-MM-DD' }).nullable()),
  note: optionalText(200, '变更说明不能超过200个字'),
});

export type AgencyInput = z.input<typeof agencySchema>;
type Parsed = z.output<typeof agencySchema>;

/** Validates the codes: a 统一社会信用代码, or, for historic agencies, a 组织机构代码. */
function checkCodes(p: Parsed): { creditCode: string | null; orgCode: string | null } {
  const errors: Record<string, string> = {};
  let creditCode: string | null = null;
  let orgCode: string | null = null;
  if (p.creditCode) {
    const r = checkCreditCode(p.creditCode);
    if (r.ok) creditCode = r.normalized;
    else errors.creditCode = r.reason;
  }
  if (p.orgCode) {
    const r = checkOrgCode(p.orgCode);
    if (r.ok) orgCode = r.normalized;
    else errors.orgCode = r.reason;
  }
  if (!p.creditCode && !p.orgCode) errors.creditCode = '请填写统一社会信用代码（撤销的历史机关可只填组织机构代码）';
  if (Object.keys(errors).length) throw new InputError(errors);
  return { creditCode, orgCode };
}

async function checkParent(ctx: Ctx | { db: Tx }, p: Parsed, self: number | null): Promise<Agency | null> {
  if (p.parentId === null) return null;
  const parent = await findAgency(ctx.db, p.parentId);
  if (!parent) throw new InputError({ parentId: '上级机关不存在' });
  if (self !== null) {
    const below = await subtreeIds(ctx.db, [self]);
    if (below.includes(parent.id)) throw new InputError({ parentId: '不能把机关移到它自己或它的下级机关之下' });
  }
  const problem = checkPlacement({ kind: p.kind, level: p.level }, { kind: parent.kind as AgencyKind, level: parent.level as AgencyLevel });
  if (problem) throw new InputError({ [problem.field]: problem.message });
  return parent;
}

async function checkUniqueCode(db: Tx, creditCode: string | null, self: number | null) {
  if (!creditCode) return;
  const other = await db.selectFrom('agencies').select(['id', 'name']).where('credit_code', '=', creditCode).executeTakeFirst();
  if (other && other.id !== self) throw new InputError({ creditCode: `该统一社会信用代码已属于“${other.name}”` });
}

export async function createAgency(ctx: Ctx, raw: unknown): Promise<Agency> {
  const p = parseInput(agencySchema, raw);
  const codes = checkCodes(p);
  if (p.parentId === null) {
    const problem = checkPlacement({ kind: p.kind, level: p.level }, null);
    if (problem) throw new InputError({ [problem.field]: problem.message });
    if (!isPlatformAdmin(ctx)) throw new InputError({ parentId: '只有平台管理员可以新建顶级机关，请选择上级机关' });
  } else {
    if (!(await findAgency(ctx.db, p.parentId))) throw new InputError({ parentId: '上级机关不存在' });
    if (!(await can(ctx, 'manage', p.parentId))) throw new InputError({ parentId: '您没有在该上级机关下新建机关的权限' });
  }
  return ctx.db.transaction().execute(async (trx) => {
    await checkParent({ db: trx }, p, null);
    await checkUniqueCode(trx, codes.creditCode, null);
    const now = ctx.now().toISOString();
    const row = {
      name: p.name,
      short_name: p.shortName,
      kind: p.kind,
      level: p.level,
      parent_id: p.parentId,
      credit_code: codes.creditCode,
      org_code: codes.orgCode,
      dissolved_on: p.dissolvedOn,
    };
    const agency = await trx
      .insertInto('agencies')
      .values({ ...row, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('agency_versions')
      .values({ ...row, agency_id: agency.id, valid_from: now, valid_to: null, changed_by: ctx.actor.id, note: p.note ?? '新建' })
      .execute();
    await audit(
      trx,
      ctx.actor,
      { action: 'agency.create', objectType: 'agency', objectId: agency.id, agencyId: agency.id, details: row },
      ctx.now(),
    );
    return agency;
  });
}

const tracked = ['name', 'short_name', 'kind', 'level', 'parent_id', 'credit_code', 'org_code', 'dissolved_on'] as const;

/**
 * Changes an agency. The previous state is kept as a closed version, so a move in the tree (机构改革)
 * keeps the history of where the agency sat and under which name.
 */
export async function updateAgency(ctx: Ctx, agencyId: number, raw: unknown): Promise<Agency> {
  await requireAgency(ctx, 'manage', agencyId);
  const p = parseInput(agencySchema, raw);
  const codes = checkCodes(p);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findAgency(trx, agencyId);
    if (!before) throw new NotFoundError('找不到该机关');
    if (p.parentId !== before.parent_id) {
      if (p.parentId === null) {
        if (!isPlatformAdmin(ctx)) throw new InputError({ parentId: '只有平台管理员可以把机关设为顶级机关' });
      } else if (!(await can(ctx, 'manage', p.parentId))) {
        throw new InputError({ parentId: '您没有把机关移到该上级机关之下的权限' });
      }
    }
    if (p.parentId === null) {
      const problem = checkPlacement({ kind: p.kind, level: p.level }, null);
      if (problem) throw new InputError({ [problem.field]: problem.message });
    } else {
      await checkParent({ db: trx }, p, agencyId);
    }
    await checkUniqueCode(trx, codes.creditCode, agencyId);
    const after = {
      name: p.name,
      short_name: p.shortName,
      kind: p.kind,
      level: p.level,
      parent_id: p.parentId,
      credit_code: codes.creditCode,
      org_code: codes.orgCode,
      dissolved_on: p.dissolvedOn,
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of tracked) if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
    if (Object.keys(changes).length === 0) return before;
    const now = ctx.now().toISOString();
    const updated = await trx
      .updateTable('agencies')
      .set({ ...after, updated_at: now })
      .where('id', '=', agencyId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('agency_versions')
      .set({ valid_to: now })
      .where('agency_id', '=', agencyId)
      .where('valid_to', 'is', null)
      .execute();
    await trx
      .insertInto('agency_versions')
      .values({ ...after, agency_id: agencyId, valid_from: now, valid_to: null, changed_by: ctx.actor.id, note: p.note })
      .execute();
    const action = 'parent_id' in changes ? 'agency.move' : 'agency.update';
    await audit(
      trx,
      ctx.actor,
      { action, objectType: 'agency', objectId: agencyId, agencyId, details: { changes, note: p.note } },
      ctx.now(),
    );
    return updated;
  });
}

export async function getAgency(ctx: Ctx, agencyId: number) {
  await requireAgency(ctx, 'read', agencyId);
  const agency = (await findAgency(ctx.db, agencyId))!;
  const [parent, children, versions] = await Promise.all([
    agency.parent_id ? findAgency(ctx.db, agency.parent_id) : Promise.resolve(undefined),
    ctx.db.selectFrom('agencies').selectAll().where('parent_id', '=', agencyId).orderBy('id').execute(),
    ctx.db
      .selectFrom('agency_versions')
      .leftJoin('agencies as p', 'p.id', 'agency_versions.parent_id')
      .selectAll('agency_versions')
      .select('p.name as parent_name')
      .where('agency_versions.agency_id', '=', agencyId)
      .orderBy('agency_versions.valid_from', 'desc')
      .orderBy('agency_versions.id', 'desc')
      .execute(),
  ]);
  return { agency, parent, children, versions, canManage: await can(ctx, 'manage', agencyId) };
}

/** The agencies the principal may see, as a tree. */
export async function listAgencies(ctx: Ctx, capability: 'read' | 'manage' = 'read'): Promise<TreeRow[]> {
  const s = await scope(ctx, capability);
  if (s !== 'all' && s.size === 0) return [];
  let q = ctx.db.selectFrom('agencies').selectAll();
  if (s !== 'all') q = q.where('id', 'in', [...s]);
  return orderAsTree(await q.execute());
}

/** The whole tree, for the public portal: names and kinds only are public. */
export async function publicAgencyTree(ctx: Ctx): Promise<TreeRow[]> {
  return orderAsTree(await ctx.db.selectFrom('agencies').selectAll().where('dissolved_on', 'is', null).execute());
}
