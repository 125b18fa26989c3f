// Roles are granted per agency. Everything a user may do follows from this one list.

export const roles = ['admin', 'officer', 'reviewer', 'approver', 'handler', 'supervisor'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: '管理员',
  officer: '信息员',
  reviewer: '审核人',
  approver: '审批人',
  handler: '依申请办理人',
  supervisor: '监督人',
};

export const roleDescriptions: Record<Role, string> = {
  admin: '管理本机关及下级机关的机构、用户和授权',
  officer: '起草公开目录条目，登记申请，记录咨询',
  reviewer: '保密审查（如科室负责人、法制科室）',
  approver: '审批发布、延期和答复（如分管领导）',
  handler: '办理依申请公开，从收到到答复',
  supervisor: '查看本机关及全部下级机关（上级政务公开办）',
};

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (roles as readonly string[]).includes(v);
}

/**
 * Roles whose grant on an agency reaches every agency below it. An admin of a city government
 * manages its departments and counties; a supervisor reads them. Other roles act where granted.
 */
export const subtreeRoles: readonly Role[] = ['admin', 'supervisor'];

/**
 * What a role lets a user do. `read` is seeing an agency's back-office data; `manage` its users,
 * sub-agencies, settings and catalog tree; `draft` writing catalog items; `review` and `approve`
 * acting as a step of the confidentiality review (保密审查) — which step needs which is the agency's
 * review chain; `handle` working applications; `intake` registering applications that came in by
 * hand, post, fax or e-mail and recording consultations (咨询).
 */
export type Capability = 'read' | 'manage' | 'draft' | 'review' | 'approve' | 'handle' | 'intake';

export const roleCapabilities: Record<Role, readonly Capability[]> = {
  admin: ['read', 'manage', 'draft', 'intake'],
  officer: ['read', 'draft', 'intake'],
  reviewer: ['read', 'review'],
  approver: ['read', 'review', 'approve'],
  handler: ['read', 'handle', 'intake'],
  supervisor: ['read'],
};
