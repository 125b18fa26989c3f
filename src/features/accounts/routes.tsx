import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../errors.js';
import type { Errors, Values } from '../../web/ui.js';
import { requireUser } from '../access.js';
import { listAgencies } from '../agencies/service.js';
import {
  changeOwnPassword,
  createUser,
  getUser,
  grantAgencyId,
  grantRole,
  listUsers,
  login,
  logout,
  resetPassword,
  revokeGrant,
  setUserDisabled,
  unlockUser,
  updateUser,
  userAgencyId,
} from './service.js';
import { SESSION_COOKIE } from './sessions.js';
import { AccountPage, LoginPage, OneTimePasswordPage, PasswordPage, UserFormPage, UserListPage, UserPage } from './views.js';

type Body = Record<string, unknown>;
const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});
const userParam = (req: FastifyRequest) => Number((req.params as { userId: string }).userId);

/** Only same-site paths: an open redirect after login would help phishing. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) && !v.startsWith('/login') ? v : '/admin';
}

/** Without the password fields: a re-shown form must never echo a password. */
function keep(b: Body): Values {
  const { password: _p, currentPassword: _c, newPassword: _n, confirmPassword: _k, _csrf: _t, ...rest } = b;
  return rest;
}

export function registerAccountRoutes(app: FastifyInstance, opts: { sessionHours: number; secureCookies: boolean }) {
  const pub = { config: { access: { public: true as const } } };
  const signedIn = { config: { access: { signedIn: true as const } } };
  const pending = { config: { access: { signedIn: true as const, allowPendingPasswordChange: true } } };
  const manageUser = {
    config: { access: { object: { param: 'userId', capability: 'manage' as const, agencyOf: userAgencyId } } },
  };
  const manageGrant = {
    config: { access: { object: { param: 'grantId', capability: 'manage' as const, agencyOf: grantAgencyId } } },
  };

  app.get('/login', pub, async (req, reply) => {
    const next = safeNext((req.query as Body).next);
    if (req.ctx.principal.kind === 'user') return reply.redirect(next, 303);
    return reply.page(200, (env) => <LoginPage env={env} values={{}} errors={{}} next={next} />);
  });

  app.post('/login', pub, async (req, reply) => {
    const b = body(req);
    const next = safeNext(b.next);
    try {
      const r = await login(req.ctx, b, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, opts.sessionHours);
      reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies });
      return reply.redirect(r.mustChangePassword ? '/account/password' : next, 303);
    } catch (e) {
      if (e instanceof InputError) return reply.page(400, (env) => <LoginPage env={env} values={keep(b)} errors={e.fields} next={next} />);
      throw e;
    }
  });

  app.post('/logout', pending, async (req, reply) => {
    await logout(req.ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.doneTo('/login', '您已退出登录');
  });

  app.get('/account', signedIn, async (req, reply) => {
    const me = requireUser(req.ctx);
    const user = await req.ctx.db
      .selectFrom('users')
      .select(['username', 'display_name', 'email'])
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    const grants = await req.ctx.db
      .selectFrom('grants')
      .innerJoin('agencies', 'agencies.id', 'grants.agency_id')
      .select(['grants.role', 'agencies.name as agency_name'])
      .where('grants.user_id', '=', me.id)
      .execute();
    return reply.page(200, (env) => <AccountPage env={env} user={user} grants={grants} />);
  });

  app.get('/account/password', pending, async (req, reply) => {
    const forced = requireUser(req.ctx).mustChangePassword;
    return reply.page(200, (env) => <PasswordPage env={env} errors={{}} forced={forced} />);
  });

  app.post('/account/password', pending, async (req, reply) => {
    const forced = requireUser(req.ctx).mustChangePassword;
    try {
      await changeOwnPassword(req.ctx, body(req));
      return reply.doneTo(forced ? '/admin' : '/account', '密码已修改');
    } catch (e) {
      if (e instanceof InputError) return reply.page(400, (env) => <PasswordPage env={env} errors={e.fields} forced={forced} />);
      throw e;
    }
  });

  app.get('/admin/users', signedIn, async (req, reply) => {
    const users = await listUsers(req.ctx);
    return reply.page(200, (env) => <UserListPage env={env} users={users} />);
  });

  const userForm = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors, userId?: number) => {
    const agencies = await listAgencies(req.ctx, 'manage');
    return reply.page(status, (env) => <UserFormPage env={env} values={values} errors={errors} agencies={agencies} userId={userId} />);
  };

  app.get('/admin/users/new', signedIn, async (req, reply) => {
    const q = req.query as Body;
    return userForm(req, reply, 200, { agencyId: q.agencyId }, {});
  });

  app.post('/admin/users', signedIn, async (req, reply) => {
    const b = body(req);
    try {
      const r = await createUser(req.ctx, b);
      if (r.oneTimePassword) {
        const pw = r.oneTimePassword;
        return reply.page(201, (env) => <OneTimePasswordPage env={env} username={r.user.username} password={pw} userId={r.user.id} />);
      }
      return reply.doneTo(`/admin/users/${r.user.id}`, `已创建用户 ${r.user.username}`);
    } catch (e) {
      if (e instanceof InputError) return userForm(req, reply, 400, keep(b), e.fields);
      throw e;
    }
  });

  const userPage = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors) => {
    const data = await getUser(req.ctx, userParam(req));
    const agencies = await listAgencies(req.ctx, 'manage');
    return reply.page(status, (env) => <UserPage env={env} data={data} agencies={agencies} values={values} errors={errors} />);
  };

  app.get('/admin/users/:userId', manageUser, async (req, reply) => userPage(req, reply, 200, {}, {}));

  app.get('/admin/users/:userId/edit', manageUser, async (req, reply) => {
    const { user } = await getUser(req.ctx, userParam(req));
    const values = { displayName: user.display_name, agencyId: user.agency_id, email: user.email, phone: user.phone };
    return userForm(req, reply, 200, values, {}, user.id);
  });

  app.post('/admin/users/:userId', manageUser, async (req, reply) => {
    const b = body(req);
    try {
      await updateUser(req.ctx, userParam(req), b);
      return reply.doneTo(`/admin/users/${userParam(req)}`, '已保存');
    } catch (e) {
      if (e instanceof InputError) return userForm(req, reply, 400, keep(b), e.fields, userParam(req));
      throw e;
    }
  });

  const userAction = (path: string, run: (req: FastifyRequest) => Promise<unknown>, notice: string) =>
    app.post(`/admin/users/:userId/${path}`, manageUser, async (req, reply) => {
      try {
        await run(req);
      } catch (e) {
        if (e instanceof InputError) return userPage(req, reply, 400, {}, e.fields);
        throw e;
      }
      return reply.doneTo(`/admin/users/${userParam(req)}`, notice);
    });
  userAction('disable', (req) => setUserDisabled(req.ctx, userParam(req), true), '已停用该用户，其登录会话已结束');
  userAction('enable', (req) => setUserDisabled(req.ctx, userParam(req), false), '已启用该用户');
  userAction('unlock', (req) => unlockUser(req.ctx, userParam(req)), '已解除锁定');

  app.post('/admin/users/:userId/reset-password', manageUser, async (req, reply) => {
    const pw = await resetPassword(req.ctx, userParam(req));
    const { user } = await getUser(req.ctx, userParam(req));
    return reply.page(200, (env) => <OneTimePasswordPage env={env} username={user.username} password={pw} userId={user.id} />);
  });

  app.post('/admin/users/:userId/grants', manageUser, async (req, reply) => {
    const b = body(req);
    try {
      await grantRole(req.ctx, userParam(req), b);
      return reply.doneTo(`/admin/users/${userParam(req)}`, '已授予角色');
    } catch (e) {
      if (e instanceof InputError) return userPage(req, reply, 400, keep(b), e.fields);
      throw e;
    }
  });

  app.post('/admin/grants/:grantId/revoke', manageGrant, async (req, reply) => {
    const grantId = Number((req.params as { grantId: string }).grantId);
    const { userId } = await revokeGrant(req.ctx, grantId);
    return reply.doneTo(`/admin/users/${userId}`, '已撤销角色');
  });

  // JSON API: the same use cases for other systems. Session cookie plus the x-csrf-token header.
  app.get('/api/v1/session', pending, async (req, reply) => {
    const me = requireUser(req.ctx);
    return reply.send({
      user: { id: me.id, username: me.username, displayName: me.displayName, agencyId: me.agencyId },
      csrfToken: reply.generateCsrf(),
    });
  });
  app.get('/api/v1/users', signedIn, async (req) => ({ users: await listUsers(req.ctx) }));
  app.post('/api/v1/users', signedIn, async (req, reply) => {
    const r = await createUser(req.ctx, body(req));
    return reply.code(201).send(r);
  });
  app.get('/api/v1/users/:userId', manageUser, async (req) => getUser(req.ctx, userParam(req)));
  app.patch('/api/v1/users/:userId', manageUser, async (req) => ({ user: await updateUser(req.ctx, userParam(req), body(req)) }));
  app.post('/api/v1/users/:userId/grants', manageUser, async (req, reply) =>
    reply.code(201).send({ grant: await grantRole(req.ctx, userParam(req), body(req)) }),
  );
  app.delete('/api/v1/grants/:grantId', manageGrant, async (req, reply) => {
    await revokeGrant(req.ctx, Number((req.params as { grantId: string }).grantId));
    return reply.code(204).send();
  });
}
