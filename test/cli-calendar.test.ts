import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { type TestDb, testDb } from './helpers/db.js';

const run = promisify(execFile);
let db: TestDb;
before(async () => {
  db = await testDb();
});
after(() => db.cleanup());

async function gongkai(...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/gongkai.js', ...args], { env: { ...process.env, ...db.env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

test('calendar is-workday prints true or false, make-up weekend days and holidays included', async () => {
  const cases: [string, string][] = [
    ['2024-10-12', 'true'], // Saturday worked for 国庆节
    ['2024-10-01', 'false'],
    ['2020-01-31', 'false'], // the 2020 Spring Festival extension
    ['2015-09-03', 'false'], // the 70th anniversary
    ['2019-05-05', 'true'], // the 2019 Labour Day change
    ['2026-03-16', 'true'],
  ];
  const out = await Promise.all(cases.map(([d]) => gongkai('calendar', 'is-workday', d)));
  for (const [i, [d, want]] of cases.entries()) assert.equal(out[i]!.stdout.trim(), want, d);
});

test('calendar add prints the Nth working day after the date (spec §5.2 worked deadlines)', async () => {
  const cases: [string, string, string][] = [
    ['2024-09-27', '7', '2024-10-12'],
    ['2024-09-27', '20', '2024-10-30'],
    ['2025-12-31', '20', '2026-01-29'],
    ['2026-02-10', '20', '2026-03-16'],
    ['2026-02-10', '40', '2026-04-14'],
    ['2020-01-20', '20', '2020-02-25'],
  ];
  const out = await Promise.all(cases.map(([d, n]) => gongkai('calendar', 'add', d, n)));
  for (const [i, [d, n, want]] of cases.entries()) assert.equal(out[i]!.stdout.trim(), want, `${d} + ${n}`);
  const explained = await gongkai('calendar', 'add', '2024-09-27', '7', '--explain');
  assert.match(explained.stdout, /跳过 2024-10-01（国庆节）/);
  assert.match(explained.stdout, /计入调休上班日 2024-09-29/);
});

test('calendar commands refuse bad input with exit 2 and say when a year is not yet entered', async () => {
  const bad = await gongkai('calendar', 'add', '2024-02-30', '3');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /2024年2月没有30日/);
  const n = await gongkai('calendar', 'add', '2024-02-01', 'x');
  assert.equal(n.code, 2);
  assert.match(n.stderr, /工作日数应为正整数/);
  const future = await gongkai('calendar', 'is-workday', '2027-02-08');
  assert.equal(future.stdout.trim(), 'true');
  assert.match(future.stderr, /尚未录入2027年/);
});
