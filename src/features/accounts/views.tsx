import { type Role, roleDescriptions, roleLabels, roles } from '../../domain/roles.js';
import {
  ActionButton,
  Csrf,
  ErrorSummary,
  type Errors,
  Field,
  formatInstant,
  Layout,
  type PageEnv,
  Select,
  type Values,
} from '../../web/ui.js';
import type { TreeRow } from '../agencies/store.js';
import type { getUser, listUsers } from './service.js';

export const agencyOptions = (agencies: TreeRow[]): [string, string][] =>
  agencies.map((a) => [String(a.id), `${'　'.repeat(a.depth)}${a.name}`]);

export function LoginPage({ env, values, errors, next }: { env: PageEnv; values: Values; errors: Errors; next: string }) {
  return (
    <Layout env={env} title="工作人员登录">
      <form method="post" action="/login" class="narrow" novalidate>
        <ErrorSummary errors={errors} labels={{ username: '用户名', password: '密码' }} />
        <Csrf env={env} />
        <input type="hidden" name="next" value={next} />
        <Field name="username" label="用户名" values={values} errors={errors} required autocomplete="username" maxLength={64} />
        <Field name="password" label="密码" type="password" values={values} errors={errors} required autocomplete="current-password" />
        <button type="submit">登录</button>
      </form>
      <p class="hint">公众申请政府信息公开无需登录。</p>
    </Layout>
  );
}

const passwordLabels = { currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '确认新密码' };

export function PasswordPage({ env, errors, forced }: { env: PageEnv; errors: Errors; forced: boolean }) {
  return (
    <Layout env={env} title="修改密码">
      {forced && <p class="notice">这是您第一次使用此账户或密码已被重置，请先设置新密码。</p>}
      <form method="post" action="/account/password" class="narrow" novalidate>
        <ErrorSummary errors={errors} labels={passwordLabels} />
        <Csrf env={env} />
        <Field
          name="currentPassword"
          label={forced ? '当前密码（一次性密码）' : '当前密码'}
          type="password"
          values={{}}
          errors={errors}
          required
          autocomplete="current-password"
        />
        <Field
          name="newPassword"
          label="新密码"
          type="password"
          values={{}}
          errors={errors}
          required
          autocomplete="new-password"
          hint="至少10个字符，同时包含字母和数字，不能包含用户名。"
        />
        <Field name="confirmPassword" label="确认新密码" type="password" values={{}} errors={errors} required autocomplete="new-password" />
        <button type="submit">保存新密码</button>
      </form>
    </Layout>
  );
}

export function AccountPage({
  env,
  user,
  grants,
}: {
  env: PageEnv;
  user: { username: string; display_name: string; email: string | null };
  grants: { role: string; agency_name: string }[];
}) {
  return (
    <Layout env={env} title="我的账户">
      <dl class="meta">
        <dt>用户名</dt>
        <dd>{user.username}</dd>
        <dt>姓名</dt>
        <dd>{user.display_name}</dd>
        <dt>电子邮箱</dt>
        <dd>{user.email ?? '未填写'}</dd>
      </dl>
      <h2>我的角色</h2>
      {grants.length === 0 ? (
        <p>暂无授权。请联系本机关管理员。</p>
      ) : (
        <ul>
          {grants.map((g) => (
            <li>
              {g.agency_name}：{roleLabels[g.role as Role] ?? g.role}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/account/password">修改密码</a>
      </p>
    </Layout>
  );
}

const userLabels = {
  username: '用户名',
  displayName: '姓名',
  agencyId: '所属机关',
  email: '电子邮箱',
  phone: '联系电话',
  password: '初始密码',
};

export function UserFormPage(p: { env: PageEnv; values: Values; errors: Errors; agencies: TreeRow[]; userId?: number }) {
  const editing = p.userId !== undefined;
  return (
    <Layout env={p.env} title={editing ? '编辑用户' : '新建用户'}>
      <form method="post" action={editing ? `/admin/users/${p.userId}` : '/admin/users'} class="narrow" novalidate>
        <ErrorSummary errors={p.errors} labels={userLabels} />
        <Csrf env={p.env} />
        {!editing && (
          <Field
            name="username"
            label="用户名"
            values={p.values}
            errors={p.errors}
            required
            maxLength={32}
            autocomplete="off"
            hint="3–32位小写字母、数字或 . _ -，登录时使用。"
          />
        )}
        <Field name="displayName" label="姓名" values={p.values} errors={p.errors} required maxLength={50} />
        <Select
          name="agencyId"
          label="所属机关"
          values={p.values}
          errors={p.errors}
          required
          options={agencyOptions(p.agencies)}
          placeholder="请选择"
        />
        <Field name="email" label="电子邮箱" type="email" values={p.values} errors={p.errors} maxLength={120} autocomplete="off" />
        <Field name="phone" label="联系电话" type="tel" values={p.values} errors={p.errors} maxLength={30} autocomplete="off" />
        {!editing && (
          <Field
            name="password"
            label="初始密码"
            type="password"
            values={p.values}
            errors={p.errors}
            autocomplete="new-password"
            hint="可留空：系统将生成一次性密码，只显示一次。用户首次登录时必须修改。"
          />
        )}
        <button type="submit">{editing ? '保存' : '创建用户'}</button>
      </form>
    </Layout>
  );
}

export function OneTimePasswordPage({
  env,
  username,
  password,
  userId,
}: {
  env: PageEnv;
  username: string;
  password: string;
  userId: number;
}) {
  return (
    <Layout env={env} title="一次性密码">
      <p>
        用户 <strong>{username}</strong> 的一次性密码如下。此密码只显示这一次，请当面或通过安全渠道交给本人；首次登录时必须修改。
      </p>
      <p class="secret">
        <code data-testid="one-time-password">{password}</code>
      </p>
      <p>
        <a href={`/admin/users/${userId}`}>返回用户页面</a>
      </p>
    </Layout>
  );
}

export function UserListPage({ env, users }: { env: PageEnv; users: Awaited<ReturnType<typeof listUsers>> }) {
  return (
    <Layout env={env} title="用户">
      <p>
        <a class="button" href="/admin/users/new">
          新建用户
        </a>
      </p>
      {users.length === 0 ? (
        <p>您管理的机关下暂无用户。</p>
      ) : (
        <table>
          <caption class="visually-hidden">用户列表</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">所属机关</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  <a href={`/admin/users/${u.id}`}>{u.username}</a>
                </td>
                <td>{u.display_name}</td>
                <td>{u.agency_name}</td>
                <td>{u.disabled_at ? '已停用' : u.locked_until && new Date(u.locked_until) > new Date() ? '已锁定' : '正常'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function UserPage(p: {
  env: PageEnv;
  data: Awaited<ReturnType<typeof getUser>>;
  agencies: TreeRow[];
  values: Values;
  errors: Errors;
}) {
  const { user, agency, grants } = p.data;
  const locked = user.locked_until && new Date(user.locked_until) > new Date();
  return (
    <Layout env={p.env} title={`用户：${user.display_name}`}>
      <dl class="meta">
        <dt>用户名</dt>
        <dd>{user.username}</dd>
        <dt>所属机关</dt>
        <dd>{agency.name}</dd>
        <dt>电子邮箱</dt>
        <dd>{user.email ?? '未填写'}</dd>
        <dt>联系电话</dt>
        <dd>{user.phone ?? '未填写'}</dd>
        <dt>状态</dt>
        <dd>
          {user.disabled_at
            ? `已停用（${formatInstant(user.disabled_at)}）`
            : locked
              ? `已锁定至 ${formatInstant(user.locked_until)}`
              : '正常'}
          {user.must_change_password === 1 && '；尚未修改初始密码'}
        </dd>
        <dt>创建时间</dt>
        <dd>{formatInstant(user.created_at)}</dd>
      </dl>
      <div class="actions">
        <a class="button secondary" href={`/admin/users/${user.id}/edit`}>
          编辑
        </a>
        <ActionButton env={p.env} action={`/admin/users/${user.id}/reset-password`} label="重置密码" />
        {locked && <ActionButton env={p.env} action={`/admin/users/${user.id}/unlock`} label="解除锁定" />}
        {user.disabled_at ? (
          <ActionButton env={p.env} action={`/admin/users/${user.id}/enable`} label="启用" />
        ) : (
          <ActionButton env={p.env} action={`/admin/users/${user.id}/disable`} label="停用" danger />
        )}
      </div>

      <h2 id="grants-title">角色授权</h2>
      {grants.length === 0 ? (
        <p>尚未授予任何角色。</p>
      ) : (
        <table aria-labelledby="grants-title">
          <thead>
            <tr>
              <th scope="col">机关</th>
              <th scope="col">角色</th>
              <th scope="col">授予时间</th>
              <th scope="col">
                <span class="visually-hidden">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr>
                <td>{g.agency_name}</td>
                <td>{roleLabels[g.role as Role] ?? g.role}</td>
                <td>{formatInstant(g.created_at)}</td>
                <td>
                  <ActionButton env={p.env} action={`/admin/grants/${g.id}/revoke`} label="撤销" danger />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>授予角色</h3>
      <form method="post" action={`/admin/users/${user.id}/grants`} class="narrow" novalidate>
        <ErrorSummary errors={p.errors} labels={{ agencyId: '机关', role: '角色' }} />
        <Csrf env={p.env} />
        <Select
          name="agencyId"
          label="机关"
          values={p.values}
          errors={p.errors}
          required
          options={agencyOptions(p.agencies)}
          placeholder="请选择"
        />
        <Select
          name="role"
          label="角色"
          values={p.values}
          errors={p.errors}
          required
          options={roles.map((r) => [r, `${roleLabels[r]} — ${roleDescriptions[r]}`])}
          placeholder="请选择"
        />
        <button type="submit">授予</button>
      </form>
    </Layout>
  );
}
