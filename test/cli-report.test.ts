// `gongkai report` as an operator runs it: a real child process on the test database.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type TestDb, testDb } from './helpers/db.js';
import { agency } from './helpers/fixtures.js';
import { insertCases } from './helpers/reportCases.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
let db: TestDb;
let dept: { id: number; credit_code: string | null };
let dir: string;

async function gongkai(...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/gongkai.js', ...args], {
      cwd: root,
      env: { ...process.env, ...db.env },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

before(async () => {
  db = await testDb();
  const city = await agency(db.handle, { name: '戊市人民政府' });
  dept = await agency(db.handle, { name: '戊市民政局', kind: 'department', parentId: city.id });
  await insertCases(db.handle, dept.id, [
    ['natural', '2025-03-03', '2025-03-20', 'granted'],
    ['natural', '2025-12-29', null, null],
    ['natural', '2012-03-03', '2012-03-20', 'granted'],
  ]);
  dir = mkdtempSync(join(tmpdir(), 'gongkai-report-cli-'));
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.cleanup();
});

test('check, import, publish with reasons, export, re-open: each step as an operator types it', { timeout: 600_000 }, async () => {
  const summary = await gongkai('report', String(dept.id), '2025');
  assert.equal(summary.code, 0, summary.stderr);
  assert.match(summary.stdout, /戊市民政局2025年度报告（2021年版全国统一格式/);
  const check = await gongkai('report', String(dept.id), '2025', '--check');
  assert.equal(check.code, 1);
  assert.match(check.stdout, /未通过 publication.problemsWritten：尚未填写“存在的主要问题及改进情况”/);

  const csv = join(dir, 'figures.csv');
  writeFileSync(csv, '指标,数值,数据来源\n行政许可 本年处理决定数量,86,政务服务网\nt2.fee.amount,3.25,非税收入系统\n');
  const imported = await gongkai('report', dept.credit_code!, '2025', '--import', csv);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /已导入2项数字/);

  const refused = await gongkai('report', String(dept.id), '2025', '--publish');
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /错误：--override publication.overviewComplete：校验未通过，须填写发布理由/);
  const published = await gongkai(
    'report',
    String(dept.id),
    '2025',
    '--publish',
    '--override',
    'publication.overviewComplete=总体情况见门户专栏',
    '--override',
    'publication.problemsWritten=本年度无',
  );
  assert.equal(published.code, 0, published.stderr);
  assert.match(published.stderr, /已发布戊市民政局2025年度报告（第1版）/);

  const json = await gongkai('report', String(dept.id), '2025', '--format', 'json');
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.status, 'published');
  assert.equal(doc.figures['t2.license.decisions'], 86);
  assert.equal(doc.figures['t3.carriedOut.total'], 1);
  assert.equal(doc.checks.find((c: { id: string }) => c.id === 'publication.problemsWritten').override.reason, '本年度无');

  for (const format of ['docx', 'xlsx', 'html']) {
    const out = join(dir, `r.${format}`);
    const r = await gongkai('report', String(dept.id), '2025', '--format', format, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const head = readFileSync(out).subarray(0, 15).toString('latin1');
    assert.ok(format === 'html' ? head.startsWith('<!doctype html>') : head.startsWith('PK'), `${format}: ${head}`);
  }

  const noReason = await gongkai('report', String(dept.id), '2025', '--reopen');
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /请填写重新打开的原因/);
  const reopened = await gongkai('report', String(dept.id), '2025', '--reopen', '--reason', '更正行政许可数');
  assert.equal(reopened.code, 0, reopened.stderr);

  const legacy = await gongkai('report', String(dept.id), '2012', '--format', 'json');
  assert.equal(JSON.parse(legacy.stdout).format, 'legacy');
  assert.equal(JSON.parse(legacy.stdout).figures['legacy.26'], 1);

  for (const [args, message] of [
    [['2027'], /2027年尚未到来/],
    [['2025', '--format', 'odt'], /--format：导出格式应为/],
  ] as const) {
    const r = await gongkai('report', String(dept.id), ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  const unknown = await gongkai('report', '99999', '2025');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /找不到机关“99999”/);
});
