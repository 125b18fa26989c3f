import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { passwordProblem } from '../src/features/accounts/password.js';
import { IP_FAILURES_PER_WINDOW, LOCK_AFTER_FAILURES } from '../src/features/accounts/service.js';
import { verifyAuditChain } from '../src/features/audit/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { PASSWORD, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

let db: TestDb;
let running: Running;
let t: Awaited<ReturnType<typeof twoTrees>>;

before(async () => {
  db = await testDb();
  t = await twoTrees(db.handle);
  await user(db.handle, 'city-admin', t.cityA.id, [['admin', t.cityA.id]]);
  running = await startApp(db.handle);
});
after(async () => {
  await running.close();
  await db.cleanup();
});

test('password rules', () => {
  const cases: [string, string | null][] = [
    ['short1', '密码至少需要10个字符'],
    ['onlyletterspassword', '密码需要同时包含字母和数字'],
    ['1234567890123', '密码需要同时包含字母和数字'],
    ['aaaaaaaaaa1', '密码中不同的字符太少'],
    ['password123', '这是常见密码，请换一个'],
    ['zhangsan-2026!', '密码不能包含用户名'],
    ['长城永远不倒2026年', null],
    ['correct horse 42 battery', null],
  ];
  for (const [pw, expected] of cases) assert.equal(passwordProblem(pw, 'zhangsan'), expected, pw);
});

test('login sets an HttpOnly SameSite session cookie stored server-side, and logout ends it', async () => {
  const c = new Client(running.base);
  await c.get('/login');
  const r = await c.post('/login', { username: 'City-Admin ', password: PASSWORD });
  assert.equal(r.status, 303);
  const cookie = r.headers.getSetCookie().find((x) => x.startsWith('gk_session='))!;
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  const token = cookie.split(';')[0]!.split('=')[1]!;
  const stored = await db.handle.db.selectFrom('sessions').select('id').execute();
  assert.ok(stored.length >= 1);
  assert.ok(!stored.some((s) => s.id === token), 'only a hash of the token is stored');
  assert.equal((await c.get('/admin')).status, 200);
  await c.get('/admin');
  const out = await c.post('/logout');
  assert.equal(out.location, '/login');
  const again = new Client(running.base);
  again.cookies.set('gk_session', token);
  assert.equal((await again.get('/admin')).status, 303, 'the old cookie no longer works');
});

test('a wrong password is refused without saying which part was wrong, and the username stays in the form', async () => {
  const c = new Client(running.base);
  await c.get('/login');
  const r = await c.post('/login', { username: 'city-admin', password: 'wrong-password-1' });
  assert.equal(r.status, 400);
  assert.match(r.text, /用户名或密码不正确/);
  assert.match(r.text, /value="city-admin"/);
  assert.doesNotMatch(r.text, /wrong-password-1/, 'a password is never echoed');
  const unknown = await c.post('/login', { username: 'nobody-here', password: 'wrong-password-1' });
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /用户名或密码不正确/);
  const empty = await c.post('/login', { username: '', password: '' });
  assert.match(empty.text, /请填写用户名/);
});

test(`${LOCK_AFTER_FAILURES} wrong passwords in a row lock the account; an admin unlocks it`, async () => {
  const victim = await user(db.handle, 'lock-me', t.deptA.id);
  const c = new Client(running.base);
  await c.get('/login');
  let last: Awaited<ReturnType<Client['post']>> | undefined;
  for (let i = 0; i < LOCK_AFTER_FAILURES; i++) last = await c.post('/login', { username: 'lock-me', password: `wrong-${i}-password` });
  assert.match(last!.text, /账户已锁定15分钟/);
  const right = await c.post('/login', { username: 'lock-me', password: PASSWORD });
  assert.equal(right.status, 400, 'even the right password is refused while locked');
  assert.match(right.text, /已锁定至/);
  const locks = await db.handle.db
    .selectFrom('audit_log')
    .select('action')
    .where('action', '=', 'user.lock')
    .where('object_id', '=', String(victim.id))
    .execute();
  assert.equal(locks.length, 1);

  const admin = new Client(running.base);
  await admin.login('city-admin', PASSWORD);
  const page = await admin.get(`/admin/users/${victim.id}`);
  assert.match(page.text, /解除锁定/);
  assert.equal((await admin.post(`/admin/users/${victim.id}/unlock`)).status, 303);
  assert.equal((await c.post('/login', { username: 'lock-me', password: PASSWORD })).status, 303);
});

test('many failed logins from one address must wait, counted in the database', async () => {
  // Its own app and database: this test exhausts the address's allowance.
  const own = await testDb();
  const app = await startApp(own.handle);
  try {
    const c = new Client(app.base);
    await c.get('/login');
    for (let i = 0; i < IP_FAILURES_PER_WINDOW; i++) await c.post('/login', { username: `u${i}`, password: 'whatever-123456' });
    const r = await c.post('/login', { username: 'u0', password: 'whatever-123456' });
    assert.equal(r.status, 429);
    assert.match(r.text, /登录失败次数过多/);
    // A second app process on the same database sees the same count.
    const other = await startApp(own.handle);
    try {
      const c2 = new Client(other.base);
      await c2.get('/login');
      assert.equal((await c2.post('/login', { username: 'u1', password: 'whatever-123456' })).status, 429);
    } finally {
      await other.close();
    }
  } finally {
    await app.close();
    await own.cleanup();
  }
});

test('sessions live in the database: a second app process accepts the cookie, and logout there ends it everywhere', async () => {
  const second = await startApp(db.handle);
  try {
    const a = new Client(running.base);
    await a.login('city-admin', PASSWORD);
    const b = new Client(second.base);
    b.cookies = new Map(a.cookies);
    assert.equal((await b.get('/admin')).status, 200);
    await b.post('/logout');
    assert.equal((await a.get('/admin')).status, 303);
  } finally {
    await second.close();
  }
});

test('an admin creates a user with a one-time password; the user must change it before anything else', async () => {
  const admin = new Client(running.base);
  await admin.login('city-admin', PASSWORD);
  await admin.get('/admin/users/new');
  const r = await admin.post('/admin/users', {
    username: 'Li.Si',
    displayName: '李四',
    agencyId: t.deptA.id,
    email: 'lisi@example.gov.cn',
  });
  assert.equal(r.status, 201);
  const otp = r.text.match(/data-testid="one-time-password">([^<]+)</)?.[1];
  assert.ok(otp && otp.length === 16);

  const u = new Client(running.base);
  const login = await u.login('li.si', otp!);
  assert.equal(login.location, '/account/password');
  assert.equal((await u.get('/admin')).location, '/account/password', 'every page leads to the password change first');
  await u.get('/account/password');
  const weak = await u.post('/account/password', { currentPassword: otp, newPassword: 'short', confirmPassword: 'short' });
  assert.equal(weak.status, 400);
  assert.match(weak.text, /至少需要10个字符/);
  const mismatch = await u.post('/account/password', {
    currentPassword: otp,
    newPassword: 'Lisi-new-pass-2026',
    confirmPassword: 'Lisi-new-pass-2027',
  });
  assert.match(mismatch.text, /两次输入的新密码不一致/);
  const wrongCurrent = await u.post('/account/password', {
    currentPassword: 'not-it-123456',
    newPassword: 'Lisi-new-pass-2026',
    confirmPassword: 'Lisi-new-pass-2026',
  });
  assert.match(wrongCurrent.text, /当前密码不正确/);
  const ok = await u.post('/account/password', {
    currentPassword: otp,
    newPassword: 'Lisi-new-pass-2026',
    confirmPassword: 'Lisi-new-pass-2026',
  });
  assert.equal(ok.status, 303);
  assert.equal((await u.get('/admin')).status, 200);
  const fresh = new Client(running.base);
  assert.equal((await fresh.login('li.si', 'Lisi-new-pass-2026')).location, '/admin');
});

const badUsers: { name: string; form: Record<string, unknown>; field: string; message: RegExp }[] = [
  { name: 'empty name', form: { displayName: '' }, field: 'displayName', message: /请填写姓名/ },
  { name: 'duplicate username', form: { username: 'city-admin' }, field: 'username', message: /已被使用/ },
  { name: 'username with spaces', form: { username: 'a b' }, field: 'username', message: /用户名为3–32位/ },
  { name: 'weak password', form: { password: '12345' }, field: 'password', message: /至少需要10个字符/ },
  { name: 'unknown agency', form: { agencyId: 999999 }, field: 'agencyId', message: /所选机关不存在/ },
  { name: 'agency id that is not a positive number', form: { agencyId: -1 }, field: 'agencyId', message: /请选择所属机关/ },
  { name: 'bad e-mail', form: { email: 'not-an-email' }, field: 'email', message: /电子邮箱格式不正确/ },
];
for (const c of badUsers) {
  test(`creating a user with bad input is refused on its field and keeps what was typed: ${c.name}`, async () => {
    const admin = new Client(running.base);
    await admin.login('city-admin', PASSWORD);
    await admin.get('/admin/users/new');
    const form = {
      username: 'wang.wu',
      displayName: '王五',
      agencyId: t.deptA.id,
      email: 'ww@example.gov.cn',
      phone: '0571-12345678',
      ...c.form,
    };
    const r = await admin.post('/admin/users', form);
    assert.equal(r.status, 400);
    assert.match(r.text, c.message);
    assert.match(r.text, new RegExp(`href="#f-${c.field}"`));
    if (c.field !== 'displayName') assert.match(r.text, /value="王五"/);
    if (c.field !== 'email') assert.match(r.text, /value="ww@example.gov.cn"/);
  });
}

test('an admin of another tree cannot place a user in this one', async () => {
  await user(db.handle, 'b-admin', t.cityB.id, [['admin', t.cityB.id]]);
  const b = new Client(running.base);
  await b.login('b-admin', PASSWORD);
  await b.get('/admin/users/new');
  const r = await b.post('/admin/users', { username: 'sneaky', displayName: '潜入者', agencyId: t.deptA.id });
  assert.equal(r.status, 400);
  assert.match(r.text, /您没有管理该机关用户的权限/);
});

test('grants: an admin grants and revokes a role; a duplicate grant is refused; grants reach only their agency', async () => {
  const officer = await user(db.handle, 'officer-x', t.deptA.id);
  const admin = new Client(running.base);
  await admin.login('city-admin', PASSWORD);
  await admin.get(`/admin/users/${officer.id}`);
  assert.equal((await admin.post(`/admin/users/${officer.id}/grants`, { agencyId: t.deptA.id, role: 'officer' })).status, 303);
  const dup = await admin.post(`/admin/users/${officer.id}/grants`, { agencyId: t.deptA.id, role: 'officer' });
  assert.equal(dup.status, 400);
  assert.match(dup.text, /已有“信息员”角色/);
  const badRole = await admin.post(`/admin/users/${officer.id}/grants`, { agencyId: t.deptA.id, role: 'king' });
  assert.match(badRole.text, /请选择角色/);

  const o = new Client(running.base);
  await o.login('officer-x', PASSWORD);
  assert.equal((await o.get(`/admin/agencies/${t.deptA.id}`)).status, 200);
  assert.equal((await o.get(`/admin/agencies/${t.cityA.id}`)).status, 403, 'an officer sees only the agency granted');
  assert.equal((await o.get(`/admin/agencies/${t.deptA.id}/edit`)).status, 403, 'an officer does not manage it');

  const g = await db.handle.db.selectFrom('grants').select('id').where('user_id', '=', officer.id).executeTakeFirstOrThrow();
  await admin.get(`/admin/users/${officer.id}`);
  assert.equal((await admin.post(`/admin/grants/${g.id}/revoke`)).status, 303);
  assert.equal((await o.get(`/admin/agencies/${t.deptA.id}`)).status, 403);
});

test('a supervisor reads the whole subtree but manages nothing', async () => {
  await user(db.handle, 'sup', t.cityA.id, [['supervisor', t.cityA.id]]);
  const s = new Client(running.base);
  await s.login('sup', PASSWORD);
  for (const a of [t.cityA, t.deptA, t.countyA, t.countyDeptA]) assert.equal((await s.get(`/admin/agencies/${a.id}`)).status, 200, a.name);
  assert.equal((await s.get(`/admin/agencies/${t.cityB.id}`)).status, 403);
  assert.equal((await s.get(`/admin/agencies/${t.countyA.id}/edit`)).status, 403);
  const list = await s.get('/admin/agencies');
  assert.match(list.text, /甲县卫生健康局/);
  assert.doesNotMatch(list.text, /乙市教育局/);
});

test('disabling a user ends their sessions and blocks login; every step is in an intact audit chain', async () => {
  const target = await user(db.handle, 'to-disable', t.deptA.id, [['officer', t.deptA.id]]);
  const victim = new Client(running.base);
  await victim.login('to-disable', PASSWORD);
  assert.equal((await victim.get('/admin')).status, 200);
  const admin = new Client(running.base);
  await admin.login('city-admin', PASSWORD);
  await admin.get(`/admin/users/${target.id}`);
  assert.equal((await admin.post(`/admin/users/${target.id}/disable`)).status, 303);
  assert.equal((await victim.get('/admin')).status, 303);
  const again = await new Client(running.base).login('to-disable', PASSWORD);
  assert.match(again.text, /该账户已停用/);
  const actions = await db.handle.db
    .selectFrom('audit_log')
    .select('action')
    .where('object_type', '=', 'user')
    .where('object_id', '=', String(target.id))
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['user.create', 'session.login', 'user.disable'],
  );
  assert.equal((await verifyAuditChain(db.handle.db)).ok, true);
});
