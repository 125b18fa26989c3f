// The agency tree: which kinds of agency exist and which may sit under which.
// 条例 第三条、第四条: every level of people's government and every department of a government at
// county level and above runs its own disclosure work; 第二十一条 adds townships (乡镇).

export const agencyKinds = ['government', 'department', 'subdistrict'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const agencyKindLabels: Record<AgencyKind, string> = {
  government: '人民政府',
  department: '政府部门',
  subdistrict: '街道办事处',
};

export const agencyLevels = ['province', 'city', 'county', 'township'] as const;
export type AgencyLevel = (typeof agencyLevels)[number];

export const agencyLevelLabels: Record<AgencyLevel, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级',
};

const rank: Record<AgencyLevel, number> = { province: 1, city: 2, county: 3, township: 4 };

export function isAgencyKind(v: unknown): v is AgencyKind {
  return typeof v === 'string' && (agencyKinds as readonly string[]).includes(v);
}
export function isAgencyLevel(v: unknown): v is AgencyLevel {
  return typeof v === 'string' && (agencyLevels as readonly string[]).includes(v);
}

export interface TreeNode {
  kind: AgencyKind;
  level: AgencyLevel;
}

/** Where a placement breaks the tree's shape: the field to blame and a message for the user. */
export interface PlacementProblem {
  field: 'kind' | 'level' | 'parentId';
  message: string;
}

/**
 * Checks that an agency of this kind and level may sit under this parent (null: a root).
 * people's government → its departments → lower governments → their departments → townships.
 */
export function checkPlacement(node: TreeNode, parent: TreeNode | null): PlacementProblem | null {
  switch (node.kind) {
    case 'government':
      if (!parent) return null;
      if (parent.kind !== 'government') return { field: 'parentId', message: '人民政府的上级只能是上一级人民政府' };
      if (rank[node.level] <= rank[parent.level])
        return { field: 'level', message: `下级人民政府的层级应低于上级（上级为${agencyLevelLabels[parent.level]}）` };
      return null;
    case 'department':
      if (node.level === 'township') return { field: 'level', message: '乡级没有政府工作部门，请选择“人民政府”或“街道办事处”' };
      if (!parent) return { field: 'parentId', message: '政府部门必须隶属于一个人民政府或上级部门' };
      if (parent.kind === 'subdistrict') return { field: 'parentId', message: '政府部门不能设在街道办事处之下' };
      if (parent.level !== node.level)
        return { field: 'level', message: `部门的层级应与所属机关相同（${agencyLevelLabels[parent.level]}）` };
      return null;
    case 'subdistrict':
      if (node.level !== 'township') return { field: 'level', message: '街道办事处的层级为乡级' };
      if (parent?.kind !== 'government' || parent.level !== 'county')
        return { field: 'parentId', message: '街道办事处是县级人民政府的派出机关，上级应为县级人民政府' };
      return null;
  }
}
