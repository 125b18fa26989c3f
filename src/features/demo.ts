import { creditCodeCheckChar, orgCodeCheckChar } from '../domain/creditCode.js';
import { createUser, grantRole } from './accounts/service.js';
import { createAgency } from './agencies/service.js';
import { seedDemoApplications } from './applications/demo.js';
import { audit } from './audit/service.js';
import { seedDemoItems } from './catalog/demo.js';
import type { Ctx } from './context.js';

/** A valid 统一社会信用代码 for a demo government organ (11 = 机构编制/机关) in a region. */
function demoCreditCode(region: string, orgBody: string): string {
  const org = orgBody + orgCodeCheckChar(orgBody);
  const first17 = `11${region}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

interface Node {
  name: string;
  shortName: string;
  kind: 'government' | 'department' | 'subdistrict';
  level: 'city' | 'county' | 'township';
  region: string;
  org: string;
  children?: Node[];
}

const tree: Node = {
  name: '示例市人民政府',
  shortName: '示例市政府',
  kind: 'government',
  level: 'city',
  region: '330700',
  org: '00270001',
  children: [
    { name: '示例市人民政府办公室', shortName: '市政府办', kind: 'department', level: 'city', region: '330700', org: '00270002' },
    { name: '示例市教育局', shortName: '市教育局', kind: 'department', level: 'city', region: '330700', org: '00270003' },
    { name: '示例市生态环境局', shortName: '市生态环境局', kind: 'department', level: 'city', region: '330700', org: '00270004' },
    { name: '示例市自然资源和规划局', shortName: '市自然资源规划局', kind: 'department', level: 'city', region: '330700', org: '00270005' },
    {
      name: '示例县人民政府',
      shortName: '示例县政府',
      kind: 'government',
      level: 'county',
      region: '330727',
      org: '00271001',
      children: [
        { name: '示例县人民政府办公室', shortName: '县政府办', kind: 'department', level: 'county', region: '330727', org: '00271002' },
        { name: '示例县教育局', shortName: '县教育局', kind: 'department', level: 'county', region: '330727', org: '00271003' },
        { name: '示例县卫生健康局', shortName: '县卫健局', kind: 'department', level: 'county', region: '330727', org: '00271004' },
        { name: '示例县城关镇人民政府', shortName: '城关镇', kind: 'government', level: 'township', region: '330727', org: '00271005' },
        { name: '示例县东风街道办事处', shortName: '东风街道', kind: 'subdistrict', level: 'township', region: '330727', org: '00271006' },
      ],
    },
  ],
};

export interface SeedResult {
  seeded: boolean;
  adminUsername?: string;
  adminPassword?: string;
}

/**
 * On first start with an empty database: a city with departments and a county, its published
 * catalog items, on-request cases, and an admin with a one-time password. Claiming the 'demo_seed' key first makes two processes starting together seed once.
 */
export async function seedDemoIfEmpty(ctx: Ctx): Promise<SeedResult> {
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom('agencies').select('id').limit(1).executeTakeFirst();
    if (any) return false;
    const r = await trx
      .insertInto('meta')
      .values({ key: 'demo_seed', value: ctx.now().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await audit(trx, ctx.actor, { action: 'platform.seed', objectType: 'platform', details: { demo: true } }, ctx.now());
    return true;
  });
  if (!claimed) return { seeded: false };

  let city = 0;
  let education = 0;
  const create = async (n: Node, parentId: number | null) => {
    const a = await createAgency(ctx, {
      name: n.name,
      shortName: n.shortName,
      kind: n.kind,
      level: n.level,
      parentId,
      creditCode: demoCreditCode(n.region, n.org),
    });
    if (parentId === null) city = a.id;
    if (n.shortName === '市教育局') education = a.id;
    for (const c of n.children ?? []) await create(c, a.id);
  };
  await create(tree, null);
  const admin = await createUser(ctx, { username: 'admin', displayName: '平台管理员', agencyId: city }, { platformAdmin: true });
  await grantRole(ctx, admin.user.id, { agencyId: city, role: 'admin' });
  await grantRole(ctx, admin.user.id, { agencyId: education, role: 'handler' });
  await seedDemoApplications(ctx, education);
  await seedDemoItems(ctx, city, demoCreditCode(tree.region, tree.org));
  return { seeded: true, adminUsername: 'admin', adminPassword: admin.oneTimePassword! };
}
