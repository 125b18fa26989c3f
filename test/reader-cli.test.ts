// `gongkai read-report` as a real child process: reading, JSON, a folder compared into CSV and
// JSON, bad input with exit status 2, and the import into historic figures on the test database
// (SQLite or PostgreSQL).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type TestDb, testDb } from './helpers/db.js';
import { agency } from './helpers/fixtures.js';
import { FIXTURES } from './helpers/reader.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-read-report-'));
let db: TestDb;

before(async () => {
  db = await testDb();
});
after(async () => {
  await db?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

async function gongkai(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/gongkai.js', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
const read = (...args: string[]) => gongkai({}, 'read-report', ...args);
const fixture = (name: string) => join(FIXTURES, name);

test('read-report prints agency, year, format, the failing sums and every figure with its line and column', async () => {
  const r = await read(fixture('24_hongze_qzf_2024.txt'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /机关：淮安市洪泽区人民政府（据标题，第2行第1列）/);
  assert.match(r.stdout, /年度：2024/);
  assert.match(r.stdout, /格式：2021年版全国统一格式/);
  assert.match(r.stdout, /核对：41 项，成立 40，不成立 1，无法判断 0/);
  assert.match(r.stdout, /✗ 正文所述收到申请数＝表三“一、本年新收”总计：17 ≠ 95，相差 -78/);
  assert.match(r.stdout, /t3\.received\.total {2}三、一、本年新收政府信息公开申请数量 总计：95 件（第81行第31列“95”）/);
  assert.match(r.stdout, /未读取（1 项）：\n {2}公开政府常务会议7期/);
});

test('read-report --json gives the same reading to programs; several files give an array', async () => {
  const one = await read('--json', fixture('000_2e55ee7b79297551.txt'));
  assert.equal(one.code, 0);
  const j = JSON.parse(one.stdout);
  assert.equal(j.agency.name, '衡阳市安监局');
  assert.equal(j.format, 'legacy');
  const f01 = j.figures.find((f: { key: string }) => f.key === 'legacy.01');
  assert.deepEqual([f01.kind, f01.value, f01.source.line, f01.source.column, f01.source.text], ['atLeast', 500, 42, 1, '500余条']);
  assert.equal(j.figures.find((f: { key: string }) => f.key === 'legacy.19').kind, 'blank');
  const two = JSON.parse((await read('--json', fixture('22_hongze_qzf_2023.txt'), fixture('23_huaian_szf_2024.txt'))).stdout);
  assert.equal(two.length, 2);
  const failing = two[0].checks
    .filter((c: { status: string }) => c.status === 'fails')
    .map((c: { id: string; difference: number }) => [c.id, c.difference]);
  assert.deepEqual(failing, [
    ['t4.reconsideration', 11],
    ['t4.litigationAfter', 5],
  ]);
});

test('bad input: exit status 2 and a Chinese message naming the file; the other files are still read', async () => {
  const empty = join(tmp, 'empty.txt');
  writeFileSync(empty, '');
  const big = join(tmp, 'big.txt');
  writeFileSync(big, '');
  truncateSync(big, 200 * 1024 * 1024);
  const binary = join(tmp, 'data.bin');
  writeFileSync(binary, Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)));
  const gbkBroken = join(tmp, 'broken.txt');
  writeFileSync(gbkBroken, Buffer.from([0xe5, 0x85, 0xac, 0x80, 0xff, 0x41]));
  for (const [file, message] of [
    [empty, /empty\.txt：文件是空的/],
    [big, /big\.txt：文件过大（200\.0 MB），年度报告文件不能超过 20\.0 MB/],
    [binary, /data\.bin：这是二进制文件/],
    [gbkBroken, /broken\.txt：无法识别文件的编码/],
    [join(tmp, 'missing.txt'), /missing\.txt：无法读取文件（不存在或没有权限）/],
  ] as const) {
    const r = await read(file);
    assert.equal(r.code, 2, file);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
  }
  const mixed = await read(empty, fixture('003_e9741e6e1e8bbdf1.txt'));
  assert.equal(mixed.code, 2);
  assert.match(mixed.stdout, /淄博市安监局/);
  const none = await read();
  assert.equal(none.code, 2);
  assert.match(none.stderr, /请指定要读取的年度报告文件/);
});

test('read-report --compare DIR --out: agency × year × figure as CSV and JSON; unreadable files listed, exit 3', async () => {
  const dir = join(tmp, 'reports');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const f of ['22_hongze_qzf_2023.txt', '23_huaian_szf_2024.txt']) copyFileSync(fixture(f), join(dir, f));
  copyFileSync(fixture('24_hongze_qzf_2024.txt'), join(dir, 'sub', '24.txt'));
  const csvOut = join(tmp, 'compare.csv');
  const r = await read('--compare', dir, '--out', csvOut);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /已读取 3 份年报（未能读取 0 个文件）/);
  assert.match(
    r.stdout,
    /勾稽关系不成立的年报 2 份：\n {2}22_hongze_qzf_2023\.txt（洪泽区人民政府 2023）：2 项不成立\n {2}sub\/24\.txt（淮安市洪泽区人民政府 2024）：1 项不成立/,
  );
  const csv = readFileSync(csvOut, 'utf8');
  assert.ok(csv.startsWith('\uFEFFfile,agency,year,format,key,label,unit,kind,value,line,column,from,report_failed_checks\r\n'));
  assert.ok(
    csv.includes(
      '\r\nsub/24.txt,淮安市洪泽区人民政府,2024,national2021,t3.received.total,三、一、本年新收政府信息公开申请数量 总计,件,exact,95,81,31,table,1\r\n',
    ),
  );
  assert.ok(
    csv.includes(
      '\r\n23_huaian_szf_2024.txt,淮安市人民政府,2024,national2021,t2.fee.amount,二、第二十条第（八）项 行政事业性收费 本年收费金额（单位：万元）,万元,exact,96171.6,106,31,table,0\r\n',
    ),
  );

  writeFileSync(join(dir, 'notes.txt'), '会议纪要');
  const jsonOut = join(tmp, 'compare.json');
  const j = await read('--compare', dir, '--out', jsonOut);
  assert.equal(j.code, 3);
  assert.match(j.stderr, /未能读取：notes\.txt：文中没有“政府信息公开”或“政务公开”字样/);
  const out = JSON.parse(readFileSync(jsonOut, 'utf8'));
  assert.deepEqual(
    out.reports.map((x: { file: string; agency: string; year: number; failed: unknown[] }) => [x.file, x.agency, x.year, x.failed.length]),
    [
      ['22_hongze_qzf_2023.txt', '洪泽区人民政府', 2023, 2],
      ['23_huaian_szf_2024.txt', '淮安市人民政府', 2024, 0],
      ['sub/24.txt', '淮安市洪泽区人民政府', 2024, 1],
    ],
  );
  assert.equal(out.unreadable[0].file, 'notes.txt');
  assert.equal((await read('--compare', dir)).code, 2);
  assert.match((await read('--compare', dir, '--out', join(tmp, 'x.xlsx'))).stderr, /扩展名为 \.csv 或 \.json/);
  assert.match((await read('--compare', join(tmp, 'nope'), '--out', csvOut)).stderr, /不是文件夹/);
});

test('read-report --import --agency stores historic figures in the database, refuses the same year twice unless --replace', async () => {
  const a = await agency(db.handle, { name: '张掖市人民政府' });
  const file = fixture('004_a236c2d85176b38f.txt');
  const r = await gongkai(db.env, 'read-report', file, '--import', '--agency', String(a.id));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /已导入 .*004_a236c2d85176b38f\.txt：2012年度，57 个数字/);
  const count = async () => (await db.handle.db.selectFrom('historic_figures').select('id').where('agency_id', '=', a.id).execute()).length;
  assert.equal(await count(), 57);
  const again = await gongkai(db.env, 'read-report', file, '--import', '--agency', String(a.id));
  assert.equal(again.code, 2);
  assert.match(again.stderr, /该机关2012年度已导入年报/);
  const replaced = await gongkai(db.env, 'read-report', file, '--import', '--agency', String(a.id), '--replace');
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.match(replaced.stdout, /替换了原有的同年度年报/);
  assert.equal(await count(), 57);
  const audit = await db.handle.db
    .selectFrom('audit_log')
    .select(['action', 'actor'])
    .where('agency_id', '=', a.id)
    .where('action', 'like', 'report.history.%')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((x) => x.action),
    ['report.history.import', 'report.history.replace'],
  );
  assert.match(audit[0]!.actor, /^cli:/);
  const noAgency = await gongkai(db.env, 'read-report', file, '--import');
  assert.equal(noAgency.code, 2);
  assert.match(noAgency.stderr, /--agency/);
  const unknown = await gongkai(db.env, 'read-report', file, '--import', '--agency', '999999');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /找不到该机关/);
});
