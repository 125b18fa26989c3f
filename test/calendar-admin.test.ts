import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SHIPPED_YEARS } from '../src/domain/calendar/index.js';
import { formatYear, parseYearText } from '../src/features/calendar/format.js';
import { currentCalendar } from '../src/features/calendar/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { PASSWORD, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

let db: TestDb;
let running: Running;

before(async () => {
  db = await testDb();
  const t = await twoTrees(db.handle);
  const root = await user(db.handle, 'root-admin', t.cityA.id);
  await db.handle.db.updateTable('users').set({ is_platform_admin: 1 }).where('id', '=', root.id).execute();
  await user(db.handle, 'city-admin', t.cityA.id, [['admin', t.cityA.id]]);
  running = await startApp(db.handle);
});
after(async () => {
  await running.close();
  await db.cleanup();
});

test('every shipped year survives the admin text form unchanged', () => {
  for (const y of SHIPPED_YEARS) {
    const parsed = parseYearText(y.year, formatYear(y));
    assert.ok(parsed.ok, `${y.year}: ${!parsed.ok && parsed.errors.join('; ')}`);
    assert.deepEqual(
      parsed.year.periods.map((p) => [p.name, p.off, p.makeupWorkdays]),
      y.periods.map((p) => [p.name, p.off, p.makeupWorkdays]),
      String(y.year),
    );
  }
});

test('staff compute a deadline and see why: the start day is not counted, holidays are skipped', async () => {
  const c = new Client(running.base);
  await c.login('city-admin', PASSWORD);
  const r = await c.get('/admin/calendar?from=2024-09-27&days=20');
  assert.equal(r.status, 200);
  assert.match(r.text, /2024-09-27 起第 20 个工作日：<strong>2024-10-30<\/strong>/);
  assert.match(r.text, /10-01（国庆节）/);
  assert.match(r.text, /计入的调休上班日：2024-09-29、2024-10-12/);
});

const badQueries: [string, RegExp][] = [
  ['from=2024-02-30&days=20', /起算日/],
  ['from=yesterday&days=20', /起算日/],
  ['from=2024-09-27&days=abc', /工作日数应为1至1000之间的整数/],
  ['from=2024-09-27&days=0', /工作日数应为1至1000之间的整数/],
];
for (const [q, message] of badQueries) {
  test(`a bad deadline query is answered with a 400 naming the field: ${q}`, async () => {
    const c = new Client(running.base);
    await c.login('city-admin', PASSWORD);
    const r = await c.get(`/admin/calendar?${q}`);
    assert.equal(r.status, 400);
    assert.match(r.text, message);
    const typed = new URLSearchParams(q);
    assert.match(r.text, new RegExp(`value="${typed.get('days')}"`), 'what was typed is still there');
  });
}

const year2027 = [
  '通知：国务院办公厅关于2027年部分节假日安排的通知｜国办发明电〔2026〕9号｜2026-11-10｜https://www.gov.cn/zhengce/2027',
  '元旦：2027-01-01 至 2027-01-03',
  '春节：2027-02-05 至 2027-02-11；补班 2027-02-14、2027-02-20',
].join('\n');

test('a platform admin enters next year from the notice; deadlines then use it', async () => {
  const before = await currentCalendar(db.handle.db);
  assert.equal(before.isWorkday('2027-02-08'), true, 'a Monday is a working day while 2027 is not entered');
  assert.equal(before.addWorkdaysExplained('2027-02-01', 5).provisional, true);
  const c = new Client(running.base);
  await c.login('root-admin', PASSWORD);
  await c.get('/admin/calendar/2027');
  const r = await c.post('/admin/calendar/2027', { text: year2027 });
  assert.equal(r.status, 303);
  const after = await currentCalendar(db.handle.db);
  assert.equal(after.isWorkday('2027-02-08'), false);
  assert.equal(after.isWorkday('2027-02-14'), true, 'a make-up Sunday is worked');
  assert.equal(after.addWorkdays('2027-02-03', 3), '2027-02-14');
  const page = await c.get('/admin/calendar/2027');
  assert.match(page.text, /国办发明电〔2026〕9号/);
  const audit = await db.handle.db.selectFrom('audit_log').select(['action', 'actor']).where('object_type', '=', 'calendar_year').execute();
  assert.deepEqual(audit, [{ action: 'calendar.add', actor: 'root-admin' }]);
});

test('a correction of a shipped year moves the deadlines computed from it', async () => {
  const c = new Client(running.base);
  await c.login('root-admin', PASSWORD);
  const before = (await currentCalendar(db.handle.db)).addWorkdays('2026-09-30', 1);
  const page = await c.get('/admin/calendar/2026');
  const text = page.text.match(/<textarea[^>]*>([\s\S]*?)<\/textarea>/)![1]!.replace(/&amp;/g, '&');
  // Pretend a later notice added 2026-10-09 (a Friday) to the National Day break.
  const corrected = text.replace(/国庆节：2026-10-01 至 2026-10-0\d/, (m) => m.replace(/0\d$/, '09'));
  assert.notEqual(corrected, text, 'the 2026 National Day line was found');
  assert.equal((await c.post('/admin/calendar/2026', { text: corrected })).status, 303);
  const after = (await currentCalendar(db.handle.db)).addWorkdays('2026-09-30', 1);
  assert.ok(after > before, `${after} should be later than ${before}`);
  assert.equal((await currentCalendar(db.handle.db)).isWorkday('2026-10-09'), false);
});

test('bad calendar text is refused line by line and what was typed stays in the box', async () => {
  const c = new Client(running.base);
  await c.login('root-admin', PASSWORD);
  await c.get('/admin/calendar/2028');
  const text = '通知：国务院办公厅关于2028年部分节假日安排的通知\n春节：2028-01-25 至 2028-01-31；补班 2028-01-24\n清明节 2028-04-04';
  const r = await c.post('/admin/calendar/2028', { text });
  assert.equal(r.status, 400);
  assert.match(r.text, /第3行/);
  assert.match(r.text, /清明节 2028-04-04/);
  const r2 = await c.post('/admin/calendar/2028', {
    text: '通知：国务院办公厅关于2028年部分节假日安排的通知\n春节：2028-01-25 至 2028-01-31；补班 2028-01-24',
  });
  assert.equal(r2.status, 400, 'a make-up day on a Monday is refused by the domain check');
  const saved = await db.handle.db.selectFrom('calendar_years').select('year').where('year', '=', 2028).execute();
  assert.equal(saved.length, 0);
});

test('only platform admins change the calendar', async () => {
  const c = new Client(running.base);
  await c.login('city-admin', PASSWORD);
  const page = await c.get('/admin/calendar/2029');
  assert.doesNotMatch(page.text, /<textarea/);
  const r = await c.post('/admin/calendar/2029', { text: year2027.replaceAll('2027', '2029') });
  assert.equal(r.status, 403);
  assert.equal((await db.handle.db.selectFrom('calendar_years').select('year').where('year', '=', 2029).execute()).length, 0);
});
