import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../db/schema.js';
import { formatInstant, Layout, type PageEnv } from '../../web/ui.js';
import { isPlatformAdmin, scope } from '../access.js';
import type { ChainVerdict } from './chain.js';
import { verifyAuditChain } from './service.js';

export const actionLabels: Record<string, string> = {
  'agency.create': '新建机关',
  'agency.update': '修改机关',
  'agency.move': '调整机关隶属',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.unlock': '解除锁定',
  'user.lock': '账户锁定',
  'user.reset_password': '重置密码',
  'user.change_password': '修改密码',
  'grant.create': '授予角色',
  'grant.revoke': '撤销角色',
  'session.login': '登录',
  'session.logout': '退出登录',
  'platform.seed': '创建演示数据',
  'calendar.add': '录入节假日安排',
  'calendar.correct': '更正节假日安排',
  'settings.update': '修改公开工作设置',
  'category.create': '新建栏目',
  'category.rename': '修改栏目',
  'category.delete': '删除栏目',
  'item.create': '新建信息',
  'item.update': '修改信息',
  'item.attach': '上传附件',
  'item.detach': '删除附件',
  'item.link': '关联政策解读',
  'item.unlink': '取消政策解读关联',
  'item.submit': '提交保密审查',
  'item.approve': '保密审查同意',
  'item.return': '保密审查退回',
  'item.publish': '发布信息',
  'item.validity': '登记有效性变更',
  'item.withdraw': '撤回信息',
  'item.delete': '删除草稿',
  'item.import': '批量导入信息',
  'consultation.record': '登记征求意见',
  'appeal.record': '登记复议或诉讼',
  'appeal.decide': '登记复议或诉讼结果',
  'letters.settings': '修改告知书设置',
  'report.figures': '修改年报数字',
  'report.narrative': '修改年报文字',
  'report.publish': '发布年度报告',
  'report.reopen': '重新打开年度报告',
  'report.history.import': '导入历年年报',
  'report.history.replace': '替换历年年报',
};

const PAGE = 100;

function AuditPage(p: {
  env: PageEnv;
  entries: (AuditEntry & { agency_name: string | null })[];
  verdict: ChainVerdict | null;
  canVerify: boolean;
  before: number | null;
}) {
  return (
    <Layout env={p.env} title="审计日志" wide>
      <p>每一次状态变更都记录在此，并以哈希与前一条记录相连；任何改动或删除都能被发现。</p>
      {p.canVerify && (
        <p>
          {p.verdict ? (
            p.verdict.ok ? (
              <span class="ok" role="status">
                校验通过：共 {p.verdict.checked} 条记录，哈希链完整。
              </span>
            ) : (
              <span class="bad" role="alert">
                校验失败：{p.verdict.problem?.message}
              </span>
            )
          ) : (
            <a href="/admin/audit?verify=1">校验哈希链</a>
          )}
        </p>
      )}
      {p.entries.length === 0 ? (
        <p>暂无记录。</p>
      ) : (
        <table>
          <caption class="visually-hidden">审计记录</caption>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">机关</th>
              <th scope="col">详情</th>
            </tr>
          </thead>
          <tbody>
            {p.entries.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>{formatInstant(e.at)}</td>
                <td>{e.actor}</td>
                <td>{actionLabels[e.action] ?? e.action}</td>
                <td>
                  {e.object_type} {e.object_id}
                </td>
                <td>{e.agency_name ?? ''}</td>
                <td>
                  <code class="details">{e.details === '{}' ? '' : e.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.before !== null && (
        <p>
          <a href={`/admin/audit?before=${p.before}`}>更早的记录</a>
        </p>
      )}
    </Layout>
  );
}

export function registerAuditRoutes(app: FastifyInstance) {
  app.get('/admin/audit', { config: { access: { signedIn: true } } }, async (req, reply) => {
    const q = req.query as { before?: string; verify?: string };
    const before = q.before && /^\d{1,15}$/.test(q.before) ? Number(q.before) : null;
    // Admins and supervisors see the entries of the agencies they manage or supervise.
    const [managed, platform] = [await scope(req.ctx, 'manage'), isPlatformAdmin(req.ctx)];
    const supervised = await req.ctx.db
      .selectFrom('grants')
      .select('agency_id')
      .where('user_id', '=', req.ctx.actor.id ?? -1)
      .where('role', '=', 'supervisor')
      .execute();
    let visible: Set<number> | 'all' = managed;
    if (visible !== 'all' && supervised.length) {
      const readable = await scope(req.ctx, 'read');
      if (readable !== 'all') visible = new Set([...visible, ...readable]);
    }
    let entries: (AuditEntry & { agency_name: string | null })[] = [];
    if (visible === 'all' || visible.size > 0) {
      let query = req.ctx.db
        .selectFrom('audit_log')
        .leftJoin('agencies', 'agencies.id', 'audit_log.agency_id')
        .selectAll('audit_log')
        .select('agencies.short_name as agency_name')
        .orderBy('audit_log.seq', 'desc')
        .limit(PAGE);
      if (visible !== 'all') query = query.where('audit_log.agency_id', 'in', [...visible]);
      if (before !== null) query = query.where('audit_log.seq', '<', before);
      entries = (await query.execute()).map((e) => ({ ...e, seq: Number(e.seq) }));
    }
    const verdict = platform && q.verify === '1' ? await verifyAuditChain(req.ctx.db) : null;
    const older = entries.length === PAGE ? entries[entries.length - 1]!.seq : null;
    return reply.page(200, (env) => <AuditPage env={env} entries={entries} verdict={verdict} canVerify={platform} before={older} />);
  });
}
