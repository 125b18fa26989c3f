import { type AgencyKind, type AgencyLevel, agencyKindLabels, agencyKinds, agencyLevelLabels, agencyLevels } from '../../domain/agency.js';
import { formatOrgCode } from '../../domain/creditCode.js';
import { Csrf, ErrorSummary, type Errors, Field, formatInstant, Layout, type PageEnv, Select, type Values } from '../../web/ui.js';
import { agencyOptions } from '../accounts/views.js';
import type { getAgency } from './service.js';
import type { TreeRow } from './store.js';

const kindLabel = (k: string) => agencyKindLabels[k as AgencyKind] ?? k;
const levelLabel = (l: string) => agencyLevelLabels[l as AgencyLevel] ?? l;

export function AgencyTable({ agencies, caption }: { agencies: TreeRow[]; caption: string }) {
  return (
    <table class="tree-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">机关</th>
          <th scope="col">类型</th>
          <th scope="col">层级</th>
          <th scope="col">统一社会信用代码</th>
        </tr>
      </thead>
      <tbody>
        {agencies.map((a) => (
          <tr>
            <td class={`tree-cell depth-${Math.min(a.depth, 8)}`}>
              <a href={`/admin/agencies/${a.id}`}>{a.name}</a>
              {a.dissolved_on && <span class="muted">（已撤销）</span>}
            </td>
            <td>{kindLabel(a.kind)}</td>
            <td>{levelLabel(a.level)}</td>
            <td>
              <code>{a.credit_code ?? (a.org_code ? formatOrgCode(a.org_code) : '')}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DashboardPage({ env, agencies }: { env: PageEnv; agencies: TreeRow[] }) {
  return (
    <Layout env={env} title="工作台">
      {agencies.length === 0 ? (
        <p>您还没有任何机关的授权。请联系本机关的管理员为您授予角色。</p>
      ) : (
        <>
          <p>您可以查看以下 {agencies.length} 个机关的工作。</p>
          <AgencyTable agencies={agencies} caption="我可以查看的机关" />
        </>
      )}
    </Layout>
  );
}

export function AgencyListPage({ env, agencies, canCreate }: { env: PageEnv; agencies: TreeRow[]; canCreate: boolean }) {
  return (
    <Layout env={env} title="机关">
      {canCreate && (
        <p>
          <a class="button" href="/admin/agencies/new">
            新建机关
          </a>
        </p>
      )}
      {agencies.length === 0 ? <p>暂无可查看的机关。</p> : <AgencyTable agencies={agencies} caption="机关树" />}
    </Layout>
  );
}

const labels = {
  name: '机关全称',
  shortName: '机关简称',
  kind: '机关类型',
  level: '行政层级',
  parentId: '上级机关',
  creditCode: '统一社会信用代码',
  orgCode: '组织机构代码',
  dissolvedOn: '撤销日期',
  note: '变更说明',
};

export function AgencyFormPage(p: {
  env: PageEnv;
  values: Values;
  errors: Errors;
  parents: TreeRow[];
  agencyId?: number;
  allowRoot: boolean;
}) {
  const editing = p.agencyId !== undefined;
  return (
    <Layout env={p.env} title={editing ? '编辑机关' : '新建机关'}>
      <form method="post" action={editing ? `/admin/agencies/${p.agencyId}` : '/admin/agencies'} class="narrow" novalidate>
        <ErrorSummary errors={p.errors} labels={labels} />
        <Csrf env={p.env} />
        <Field name="name" label={labels.name} values={p.values} errors={p.errors} required maxLength={100} hint="如：示例市教育局" />
        <Field name="shortName" label={labels.shortName} values={p.values} errors={p.errors} required maxLength={30} hint="如：市教育局" />
        <Select
          name="kind"
          label={labels.kind}
          values={p.values}
          errors={p.errors}
          required
          options={agencyKinds.map((k) => [k, agencyKindLabels[k]])}
          placeholder="请选择"
        />
        <Select
          name="level"
          label={labels.level}
          values={p.values}
          errors={p.errors}
          required
          options={agencyLevels.map((l) => [l, agencyLevelLabels[l]])}
          placeholder="请选择"
        />
        <Select
          name="parentId"
          label={labels.parentId}
          values={p.values}
          errors={p.errors}
          required={!p.allowRoot}
          options={agencyOptions(p.parents.filter((a) => a.id !== p.agencyId))}
          placeholder={p.allowRoot ? '（无，顶级机关）' : '请选择'}
          hint={editing ? '更改上级机关即调整机构隶属关系，原隶属关系保留在变更历史中。' : undefined}
        />
        <Field
          name="creditCode"
          label={labels.creditCode}
          values={p.values}
          errors={p.errors}
          maxLength={18}
          hint="18位，按 GB 32100-2015 校验。"
          autocomplete="off"
        />
        <Field
          name="orgCode"
          label={labels.orgCode}
          values={p.values}
          errors={p.errors}
          maxLength={10}
          hint="9位，如 01392653-1。仅撤销的历史机关可只填此项。"
          autocomplete="off"
        />
        <Field
          name="dissolvedOn"
          label={labels.dissolvedOn}
          type="date"
          values={p.values}
          errors={p.errors}
          hint="机关已撤销时填写（YYYY-MM-DD）。"
        />
        {editing && (
          <Field
            name="note"
            label={labels.note}
            values={p.values}
            errors={p.errors}
            maxLength={200}
            hint="如：依据机构改革方案调整隶属关系。"
          />
        )}
        <button type="submit">{editing ? '保存' : '创建机关'}</button>
      </form>
    </Layout>
  );
}

export function AgencyPage({
  env,
  data,
  users,
}: {
  env: PageEnv;
  data: Awaited<ReturnType<typeof getAgency>>;
  users: { id: number; username: string; display_name: string }[] | null;
}) {
  const { agency: a, parent, children, versions } = data;
  return (
    <Layout env={env} title={a.name}>
      <dl class="meta">
        <dt>简称</dt>
        <dd>{a.short_name}</dd>
        <dt>类型</dt>
        <dd>{kindLabel(a.kind)}</dd>
        <dt>层级</dt>
        <dd>{levelLabel(a.level)}</dd>
        <dt>上级机关</dt>
        <dd>{parent ? <a href={`/admin/agencies/${parent.id}`}>{parent.name}</a> : '无（顶级机关）'}</dd>
        <dt>统一社会信用代码</dt>
        <dd>
          <code>{a.credit_code ?? '无'}</code>
        </dd>
        {a.org_code && (
          <>
            <dt>组织机构代码</dt>
            <dd>
              <code>{formatOrgCode(a.org_code)}</code>
            </dd>
          </>
        )}
        {a.dissolved_on && (
          <>
            <dt>撤销日期</dt>
            <dd>{a.dissolved_on}</dd>
          </>
        )}
      </dl>
      <div class="actions">
        <a class="button secondary" href={`/admin/agencies/${a.id}/items`}>
          政府信息
        </a>
        <a class="button secondary" href={`/admin/agencies/${a.id}/reports`}>
          年度报告
        </a>
        <a class="button secondary" href={`/gk/${a.id}`}>
          公开页面
        </a>
        <a class="button secondary" href={`/admin/agencies/${a.id}/historic-reports`}>
          历年年报
        </a>
      </div>
      {data.canManage && (
        <div class="actions">
          <a class="button secondary" href={`/admin/agencies/${a.id}/settings`}>
            公开设置
          </a>
          <a class="button secondary" href={`/admin/agencies/${a.id}/categories`}>
            目录栏目
          </a>
          <a class="button secondary" href={`/admin/agencies/${a.id}/edit`}>
            编辑或调整隶属
          </a>
          <a class="button secondary" href={`/admin/agencies/new?parentId=${a.id}`}>
            新建下级机关
          </a>
          <a class="button secondary" href={`/admin/users/new?agencyId=${a.id}`}>
            新建本机关用户
          </a>
        </div>
      )}
      <h2>下级机关</h2>
      {children.length === 0 ? (
        <p>无</p>
      ) : (
        <ul>
          {children.map((c) => (
            <li>
              <a href={`/admin/agencies/${c.id}`}>{c.name}</a> <span class="muted">{kindLabel(c.kind)}</span>
            </li>
          ))}
        </ul>
      )}
      {users && (
        <>
          <h2>本机关用户</h2>
          {users.length === 0 ? (
            <p>无</p>
          ) : (
            <ul>
              {users.map((u) => (
                <li>
                  <a href={`/admin/users/${u.id}`}>{u.display_name}</a> <span class="muted">{u.username}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h2 id="history-title">变更历史</h2>
      <table aria-labelledby="history-title">
        <thead>
          <tr>
            <th scope="col">起</th>
            <th scope="col">止</th>
            <th scope="col">名称</th>
            <th scope="col">上级机关</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr>
              <td>{formatInstant(v.valid_from)}</td>
              <td>{v.valid_to ? formatInstant(v.valid_to) : '至今'}</td>
              <td>{v.name}</td>
              <td>{v.parent_name ?? '无'}</td>
              <td>{v.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
