import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { User } from '../../db/schema.js';
import { roleLabels, roles } from '../../domain/roles.js';
import { ForbiddenError, InputError, NotFoundError, TooManyRequestsError } from '../../errors.js';
import { formatInstant } from '../../format.js';
import { id, optionalText, parseInput, text } from '../../validate.js';
import { can, isPlatformAdmin, requireAgency, requireUser, scope } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { type Actor, audit } from '../audit/service.js';
import type { Ctx } from '../context.js';
import { hashPassword, oneTimePassword, passwordProblem, verifyPassword } from './password.js';
import { createSession, deleteUserSessions } from './sessions.js';

/** Consecutive failures before an account is locked, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Failed logins from one address within the window before it must wait (shared by all processes). */
export const IP_FAILURES_PER_WINDOW = 30;
export const IP_WINDOW_MINUTES = 15;

const username = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z
    .string({ error: '请填写用户名' })
    .min(1, '请填写用户名')
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '用户名为3–32位小写字母、数字或 . _ -，以字母或数字开头'),
);

const email = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : (v ?? null)),
  z.email({ error: '电子邮箱格式不正确' }).max(120, '电子邮箱过长').nullable(),
);
const phone = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : (v ?? null)),
  z
    .string()
    .regex(/^[0-9+\-() ]{5,30}$/, '电话号码只能包含数字、空格和 + - ( )')
    .nullable(),
);

const newUserSchema = z.object({
  username,
  displayName: text('请填写姓名', 50, '姓名不能超过50个字'),
  agencyId: id('请选择所属机关'),
  email,
  phone,
  password: optionalText(200),
});

const editUserSchema = z.object({
  displayName: text('请填写姓名', 50, '姓名不能超过50个字'),
  agencyId: id('请选择所属机关'),
  email,
  phone,
});

export type PublicUser = Omit<User, 'password_hash'>;

function strip(u: User): PublicUser {
  const { password_hash: _, ...rest } = u;
  return rest;
}

async function checkUserAgency(ctx: Ctx, agencyId: number, field = 'agencyId') {
  if (!(await findAgency(ctx.db, agencyId))) throw new InputError({ [field]: '所选机关不存在' });
  if (!(await can(ctx, 'manage', agencyId))) throw new InputError({ [field]: '您没有管理该机关用户的权限' });
}

/** Creates a staff account. Without a password given, a one-time password is generated and returned once. */
export async function createUser(
  ctx: Ctx,
  raw: unknown,
  opts: { platformAdmin?: boolean } = {},
): Promise<{ user: PublicUser; oneTimePassword: string | null }> {
  const p = parseInput(newUserSchema, raw);
  await checkUserAgency(ctx, p.agencyId);
  if (opts.platformAdmin && !isPlatformAdmin(ctx)) throw new ForbiddenError('只有平台管理员可以创建平台管理员');
  let generated: string | null = null;
  if (p.password) {
    const problem = passwordProblem(p.password, p.username);
    if (problem) throw new InputError({ password: problem });
  } else {
    generated = oneTimePassword();
  }
  const passwordHash = await hashPassword(p.password ?? generated!);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', p.username).executeTakeFirst();
    if (taken) throw new InputError({ username: `用户名“${p.username}”已被使用` });
    const now = ctx.now().toISOString();
    const u = await trx
      .insertInto('users')
      .values({
        username: p.username,
        display_name: p.displayName,
        agency_id: p.agencyId,
        email: p.email,
        phone: p.phone,
        password_hash: passwordHash,
        must_change_password: 1,
        is_platform_admin: opts.platformAdmin ? 1 : 0,
        failed_logins: 0,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'user.create',
        objectType: 'user',
        objectId: u.id,
        agencyId: u.agency_id,
        details: { username: u.username, displayName: u.display_name, platformAdmin: !!opts.platformAdmin },
      },
      ctx.now(),
    );
    return u;
  });
  return { user: strip(user), oneTimePassword: generated };
}

/** A user the principal may manage: one whose home agency they manage. */
async function manageableUser(ctx: Ctx, userId: number): Promise<User> {
  const u = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u) throw new NotFoundError('找不到该用户');
  await requireAgency(ctx, 'manage', u.agency_id);
  return u;
}

export async function getUser(ctx: Ctx, userId: number) {
  const u = await manageableUser(ctx, userId);
  const grants = await ctx.db
    .selectFrom('grants')
    .innerJoin('agencies', 'agencies.id', 'grants.agency_id')
    .select(['grants.id', 'grants.role', 'grants.agency_id', 'grants.created_at', 'agencies.name as agency_name'])
    .where('grants.user_id', '=', userId)
    .orderBy('grants.id')
    .execute();
  const agency = await findAgency(ctx.db, u.agency_id);
  return { user: strip(u), agency: agency!, grants };
}

export async function updateUser(ctx: Ctx, userId: number, raw: unknown): Promise<PublicUser> {
  const before = await manageableUser(ctx, userId);
  const p = parseInput(editUserSchema, raw);
  if (p.agencyId !== before.agency_id) await checkUserAgency(ctx, p.agencyId);
  return ctx.db.transaction().execute(async (trx) => {
    const after = { display_name: p.displayName, agency_id: p.agencyId, email: p.email, phone: p.phone };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of Object.keys(after) as (keyof typeof after)[])
      if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
    if (Object.keys(changes).length === 0) return strip(before);
    const u = await trx
      .updateTable('users')
      .set({ ...after, updated_at: ctx.now().toISOString() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      { action: 'user.update', objectType: 'user', objectId: userId, agencyId: u.agency_id, details: { changes } },
      ctx.now(),
    );
    return strip(u);
  });
}

/** Disables or re-enables an account; disabling also ends its sessions. */
export async function setUserDisabled(ctx: Ctx, userId: number, disabled: boolean): Promise<void> {
  const u = await manageableUser(ctx, userId);
  const me = requireUserOrSystem(ctx);
  if (disabled && me === userId) throw new InputError({ _form: '不能停用自己的账户' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ disabled_at: disabled ? ctx.now().toISOString() : null, updated_at: ctx.now().toISOString() })
      .where('id', '=', userId)
      .execute();
    if (disabled) await deleteUserSessions(trx, userId);
    await audit(
      trx,
      ctx.actor,
      { action: disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: userId, agencyId: u.agency_id },
      ctx.now(),
    );
  });
}

function requireUserOrSystem(ctx: Ctx): number | null {
  return ctx.principal.kind === 'system' ? null : requireUser(ctx).id;
}

export async function unlockUser(ctx: Ctx, userId: number): Promise<void> {
  const u = await manageableUser(ctx, userId);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
    await audit(trx, ctx.actor, { action: 'user.unlock', objectType: 'user', objectId: userId, agencyId: u.agency_id }, ctx.now());
  });
}

/** Sets a new one-time password (returned once); the user must change it at next login. */
export async function resetPassword(ctx: Ctx, userId: number): Promise<string> {
  const u = await manageableUser(ctx, userId);
  const pw = oneTimePassword();
  const h = await hashPassword(pw);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    await trx
      .updateTable('users')
      .set({ password_hash: h, must_change_password: 1, failed_logins: 0, locked_until: null, password_changed_at: now, updated_at: now })
      .where('id', '=', userId)
      .execute();
    await deleteUserSessions(trx, userId);
    await audit(trx, ctx.actor, { action: 'user.reset_password', objectType: 'user', objectId: userId, agencyId: u.agency_id }, ctx.now());
  });
  return pw;
}

const changePasswordSchema = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码'),
  newPassword: z.string({ error: '请填写新密码' }).min(1, '请填写新密码'),
  confirmPassword: z.string({ error: '请再次输入新密码' }).min(1, '请再次输入新密码'),
});

/** The signed-in user changes their own password; their other sessions end. */
export async function changeOwnPassword(ctx: Ctx, raw: unknown): Promise<void> {
  const me = requireUser(ctx);
  const p = parseInput(changePasswordSchema, raw);
  const u = await ctx.db.selectFrom('users').selectAll().where('id', '=', me.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(u.password_hash, p.currentPassword))) throw new InputError({ currentPassword: '当前密码不正确' });
  const problem = passwordProblem(p.newPassword, u.username);
  if (problem) throw new InputError({ newPassword: problem });
  if (p.newPassword !== p.confirmPassword) throw new InputError({ confirmPassword: '两次输入的新密码不一致' });
  if (await verifyPassword(u.password_hash, p.newPassword)) throw new InputError({ newPassword: '新密码不能与当前密码相同' });
  const h = await hashPassword(p.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    await trx
      .updateTable('users')
      .set({ password_hash: h, must_change_password: 0, password_changed_at: now, updated_at: now })
      .where('id', '=', me.id)
      .execute();
    await deleteUserSessions(trx, me.id, me.sessionId);
    await audit(trx, ctx.actor, { action: 'user.change_password', objectType: 'user', objectId: me.id, agencyId: u.agency_id }, ctx.now());
  });
}

const grantSchema = z.object({
  agencyId: id('请选择授权的机关'),
  role: z.enum(roles, { error: '请选择角色' }),
});

export async function grantRole(ctx: Ctx, userId: number, raw: unknown) {
  const u = await manageableUser(ctx, userId);
  const p = parseInput(grantSchema, raw);
  if (!(await findAgency(ctx.db, p.agencyId))) throw new InputError({ agencyId: '所选机关不存在' });
  if (!(await can(ctx, 'manage', p.agencyId))) throw new InputError({ agencyId: '您没有在该机关授权的权限' });
  return ctx.db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('grants')
      .select('id')
      .where('user_id', '=', userId)
      .where('agency_id', '=', p.agencyId)
      .where('role', '=', p.role)
      .executeTakeFirst();
    if (exists) throw new InputError({ role: `该用户在此机关已有“${roleLabels[p.role]}”角色` });
    const g = await trx
      .insertInto('grants')
      .values({ user_id: userId, agency_id: p.agencyId, role: p.role, created_at: ctx.now().toISOString(), created_by: ctx.actor.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'grant.create',
        objectType: 'grant',
        objectId: g.id,
        agencyId: p.agencyId,
        details: { userId, username: u.username, role: p.role },
      },
      ctx.now(),
    );
    return g;
  });
}

export async function grantAgencyId(ctx: Ctx, grantId: number): Promise<number> {
  const g = await ctx.db.selectFrom('grants').select('agency_id').where('id', '=', grantId).executeTakeFirst();
  if (!g) throw new NotFoundError('找不到该授权');
  return g.agency_id;
}

export async function revokeGrant(ctx: Ctx, grantId: number): Promise<{ userId: number }> {
  const g = await ctx.db.selectFrom('grants').selectAll().where('id', '=', grantId).executeTakeFirst();
  if (!g) throw new NotFoundError('找不到该授权');
  await requireAgency(ctx, 'manage', g.agency_id);
  const me = requireUserOrSystem(ctx);
  if (me === g.user_id && g.role === 'admin') throw new InputError({ _form: '不能撤销自己的管理员角色，请由其他管理员操作' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('grants').where('id', '=', grantId).execute();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'grant.revoke',
        objectType: 'grant',
        objectId: grantId,
        agencyId: g.agency_id,
        details: { userId: g.user_id, role: g.role },
      },
      ctx.now(),
    );
  });
  return { userId: g.user_id };
}

/** Users whose home agency the principal manages. */
export async function listUsers(ctx: Ctx) {
  const s = await scope(ctx, 'manage');
  if (s !== 'all' && s.size === 0) return [];
  let q = ctx.db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.agency_id',
      'users.disabled_at',
      'users.locked_until',
      'users.is_platform_admin',
      'agencies.short_name as agency_name',
    ])
    .orderBy('users.agency_id')
    .orderBy('users.username');
  if (s !== 'all') q = q.where('users.agency_id', 'in', [...s]);
  return q.execute();
}

export async function userAgencyId(ctx: Ctx, userId: number): Promise<number> {
  const u = await ctx.db.selectFrom('users').select('agency_id').where('id', '=', userId).executeTakeFirst();
  if (!u) throw new NotFoundError('找不到该用户');
  return u.agency_id;
}

const loginSchema = z.object({
  username: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.string({ error: '请填写用户名' }).min(1, '请填写用户名').max(64, '用户名过长'),
  ),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(200, '密码过长'),
});

export interface LoginResult {
  token: string;
  userId: number;
  mustChangePassword: boolean;
}

/**
 * Checks credentials. Five failures in a row lock the account for 15 minutes; many failures
 * from one address make it wait. Both counters live in the database, so every app process
 * behind a load balancer sees the same numbers.
 */
export async function login(
  ctx: Ctx,
  raw: unknown,
  meta: { ip: string; userAgent: string | null },
  sessionHours: number,
): Promise<LoginResult> {
  const p = parseInput(loginSchema, raw);
  const now = ctx.now();
  const since = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000).toISOString();
  const fromIp = await ctx.db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', meta.ip)
    .where('ok', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(fromIp.n) >= IP_FAILURES_PER_WINDOW) throw new TooManyRequestsError(`登录失败次数过多，请${IP_WINDOW_MINUTES}分钟后再试`);

  const u = await ctx.db.selectFrom('users').selectAll().where('username', '=', p.username).executeTakeFirst();
  const record = (ok: boolean) =>
    ctx.db
      .insertInto('login_attempts')
      .values({ username: p.username, ip: meta.ip, at: now.toISOString(), ok: ok ? 1 : 0 })
      .execute();
  const wrong = new InputError({ password: '用户名或密码不正确' });

  if (!u) {
    await verifyPassword(await DUMMY_HASH(), p.password); // same time as a real check: no user enumeration by timing
    await record(false);
    throw wrong;
  }
  if (u.locked_until && new Date(u.locked_until) > now) {
    await record(false);
    throw new InputError({ password: `密码连续错误次数过多，账户已锁定至 ${formatInstant(u.locked_until)}，请稍后再试或联系管理员解锁` });
  }
  if (!(await verifyPassword(u.password_hash, p.password))) {
    await record(false);
    const failures = u.failed_logins + 1;
    const lock = failures >= LOCK_AFTER_FAILURES;
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          failed_logins: lock ? 0 : failures,
          locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : u.locked_until,
        })
        .where('id', '=', u.id)
        .execute();
      if (lock)
        await audit(
          trx,
          { id: null, label: 'system' },
          { action: 'user.lock', objectType: 'user', objectId: u.id, agencyId: u.agency_id, details: { ip: meta.ip, failures } },
          now,
        );
    });
    if (lock) throw new InputError({ password: `密码连续错误${LOCK_AFTER_FAILURES}次，账户已锁定${LOCK_MINUTES}分钟` });
    throw wrong;
  }
  if (u.disabled_at) {
    await record(false);
    throw new InputError({ username: '该账户已停用，请联系管理员' });
  }
  await record(true);
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', u.id).execute();
    const s = await createSession(trx, u.id, meta, now, sessionHours);
    const actor: Actor = { id: u.id, label: u.username };
    await audit(
      trx,
      actor,
      { action: 'session.login', objectType: 'user', objectId: u.id, agencyId: u.agency_id, details: { ip: meta.ip } },
      now,
    );
    return { token: s.token, userId: u.id, mustChangePassword: u.must_change_password === 1 };
  });
}

export async function logout(ctx: Ctx): Promise<void> {
  const me = requireUser(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', me.sessionId).execute();
    await audit(trx, ctx.actor, { action: 'session.logout', objectType: 'user', objectId: me.id, agencyId: me.agencyId }, ctx.now());
  });
}

// The hash of a random string, made once, used only to spend the same time on unknown users.
let dummyHash: Promise<string> | undefined;
const DUMMY_HASH = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
