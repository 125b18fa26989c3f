import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { after, before, test } from 'node:test';
import { type TestDb, testDb } from './helpers/db.js';
import { creditCode, PASSWORD, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

let db: TestDb;
let running: Running;
const logLines: string[] = [];
let cityId: number;

before(async () => {
  db = await testDb();
  const t = await twoTrees(db.handle);
  cityId = t.cityA.id;
  await user(db.handle, 'city-admin', t.cityA.id, [['admin', t.cityA.id]]);
  running = await startApp(db.handle, {
    logStream: { write: (l) => void logLines.push(l) },
    extraRoutes: (app) => {
      app.get('/boom', { config: { access: { public: true } } }, async () => {
        throw new Error('database exploded at secret/path.ts:42');
      });
    },
  });
});
after(async () => {
  await running.close();
  await db.cleanup();
});

test('pages carry the security headers', async () => {
  const r = await new Client(running.base).get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(r.headers.get('x-frame-options'));
  assert.ok(r.headers.get('referrer-policy'));
  assert.match(r.text, /<html lang="zh-CN">/);
  assert.match(r.text, /<main id="main"/);
  assert.match(r.text, /<nav aria-label="主导航">/);
});

test('an unknown page gets a 404 page in Chinese with the layout; an unknown API path gets JSON', async () => {
  const c = new Client(running.base);
  const r = await c.get('/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.text, /找不到页面/);
  assert.match(r.text, /返回首页/);
  const api = await c.get('/api/v1/nothing');
  assert.equal(api.status, 404);
  assert.equal(api.json().error.message, '没有这个接口');
});

test('a URL with a broken percent-escape gets a Chinese 400, as a page or as API JSON, and the server keeps running', async () => {
  const c = new Client(running.base);
  const page = await c.get('/gk/%E0%A4%A');
  assert.equal(page.status, 400);
  assert.match(page.text, /<html lang="zh-CN">/);
  assert.match(page.text, /网址中含有无法识别的编码/);
  assert.doesNotMatch(page.text, /FST_ERR|Bad Request/);
  assert.match(page.text, /class="site-header"/, 'the error page has the layout');
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/, 'and the security headers');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  const api = await c.get('/api/v1/public/items/%E0%A4');
  assert.equal(api.status, 400);
  assert.equal(api.json().error.status, 400);
  assert.match(api.json().error.message, /网址中含有无法识别的编码/);
  // A path segment past the router's 100 characters is a page that does not exist, not Fastify's English 414.
  const long = await c.get(`/gk/items/${'9'.repeat(101)}`);
  assert.equal(long.status, 404);
  assert.match(long.text, /您访问的页面不存在/);
  assert.equal((await c.get(`/api/v1/public/items/${'9'.repeat(101)}`)).json().error.message, '没有这个接口');
  assert.equal((await c.get('/no/such/page')).status, 404, 'still serving');
});

test('what the HTTP parser refuses (a URL past 16 KB, a malformed request) gets a Chinese page with its status, and the server keeps running', async () => {
  // A search link with 5,000 characters in it: 45 KB of percent-escapes, refused before routing.
  const long = await fetch(`${running.base}/gk/search?q=${encodeURIComponent('安全'.repeat(2500))}`);
  assert.equal(long.status, 431);
  assert.equal(long.headers.get('content-type'), 'text/html; charset=utf-8');
  const text = await long.text();
  assert.match(text, /<html lang="zh-CN">/);
  assert.match(text, /网址或请求头过长/);
  assert.doesNotMatch(text, /Exceeded maximum|statusCode/);
  assert.equal(long.headers.get('x-content-type-options'), 'nosniff');
  const { port } = new URL(running.base);
  const raw = await new Promise<string>((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port: Number(port) }, () => s.write('NOT A REQUEST\r\n\r\n'));
    let got = '';
    s.on('data', (d) => {
      got += d.toString('utf8');
    });
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(raw, /请求的格式有误/);
  assert.equal((await new Client(running.base).get('/gk/search?q=安全')).status, 200, 'still serving');
});

test('an error gets a friendly page with a reference id; the details go to the log only; the server keeps running', async () => {
  const c = new Client(running.base);
  const r = await c.get('/boom');
  assert.equal(r.status, 500);
  const ref = r.text.match(/参考编号：<code>([0-9a-f]{12})<\/code>/)?.[1];
  assert.ok(ref, 'the page shows a reference id');
  assert.doesNotMatch(r.text, /exploded|secret\/path|at .*\.ts/, 'no error text or stack trace reaches the user');
  const logged = logLines.find((l) => l.includes(ref!) && l.includes('exploded'));
  assert.ok(logged, 'the log has the error with the same reference id');
  assert.match(JSON.parse(logged!).err.stack, /Error: database exploded/);
  assert.equal((await c.get('/')).status, 200);
});

test('a state-changing request without the CSRF token is refused with a Chinese message', async () => {
  const c = new Client(running.base);
  await c.login('city-admin', PASSWORD);
  const r = await c.request('POST', '/admin/agencies', { form: { name: '无令牌机关' } });
  assert.equal(r.status, 403);
  assert.match(r.text, /页面已过期或表单来源无法验证/);
  const forged = await c.request('POST', '/admin/agencies', { form: { name: '伪造令牌', _csrf: 'forged-token' } });
  assert.equal(forged.status, 403);
  const api = await c.request('POST', '/api/v1/agencies', { json: { name: 'x' } });
  assert.equal(api.status, 403);
  assert.ok(api.json().error.message);
  const count = await db.handle.db.selectFrom('agencies').select('id').where('name', 'in', ['无令牌机关', '伪造令牌']).execute();
  assert.equal(count.length, 0);
});

test('a bad form comes back with a 400, the message on the field, and everything typed still there', async () => {
  const c = new Client(running.base);
  await c.login('city-admin', PASSWORD);
  await c.get('/admin/agencies/new');
  const r = await c.post('/admin/agencies', {
    name: '示例市文化广电旅游局',
    shortName: '市文广旅局',
    kind: 'department',
    level: 'city',
    parentId: cityId,
    creditCode: '91350100M000100Y4Z',
  });
  assert.equal(r.status, 400);
  assert.match(r.text, /统一社会信用代码校验位错误，应为“3”/);
  assert.match(r.text, /href="#f-creditCode"/, 'the error summary links to the field');
  assert.match(r.text, /value="示例市文化广电旅游局"/);
  assert.match(r.text, /value="市文广旅局"/);
  assert.match(r.text, /value="91350100M000100Y4Z"/);
  assert.match(r.text, new RegExp(`<option value="${cityId}" selected`));
  assert.match(r.text, /aria-invalid="true"/);
});

test('the JSON API answers bad input with 400 and a message per field, and bad JSON with a Chinese message', async () => {
  const c = new Client(running.base);
  await c.login('city-admin', PASSWORD);
  const token = (await c.get('/api/v1/session')).json().csrfToken;
  const r = await c.request('POST', '/api/v1/agencies', {
    json: { name: '', shortName: 'x', kind: 'department', level: 'city', parentId: cityId, creditCode: 'ABC' },
    headers: { 'x-csrf-token': token },
  });
  assert.equal(r.status, 400);
  const e = r.json().error;
  assert.equal(e.fields.name, '请填写机关全称');
  const ok = await c.request('POST', '/api/v1/agencies', {
    json: { name: '示例市统计局', shortName: '市统计局', kind: 'department', level: 'city', parentId: cityId, creditCode: creditCode() },
    headers: { 'x-csrf-token': token },
  });
  assert.equal(ok.status, 201);
  assert.equal(ok.json().agency.name, '示例市统计局');
  const broken = await c.request('POST', '/api/v1/agencies', {
    headers: { 'x-csrf-token': token, 'content-type': 'application/json' } as Record<string, string>,
    json: undefined,
  });
  assert.ok(broken.status >= 400 && broken.status < 500);
  const raw = await fetch(`${running.base}/api/v1/agencies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: '{"name": ',
  });
  assert.equal(raw.status, 400);
  assert.match((await raw.json()).error.message, /JSON/);
});

test('signed-out users are sent to the login page for staff pages, and get 401 from the API', async () => {
  const c = new Client(running.base);
  const r = await c.get('/admin/agencies');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=%2Fadmin%2Fagencies');
  assert.equal((await c.get('/api/v1/agencies')).status, 401);
});

test('after login, only same-site paths are followed', async () => {
  for (const [next, expected] of [
    ['/admin/users', '/admin/users'],
    ['//evil.example/x', '/admin'],
    ['https://evil.example/', '/admin'],
    ['/\\evil.example', '/admin'],
  ]) {
    const c = new Client(running.base);
    await c.get('/login');
    const r = await c.post('/login', { username: 'city-admin', password: PASSWORD, next });
    assert.equal(r.location, expected, `next=${next}`);
  }
});
