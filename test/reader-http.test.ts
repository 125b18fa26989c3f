// The report reader in the back office, over real HTTP on SQLite and PostgreSQL: the upload page,
// the comparison of uploaded reports, the import of an agency's past reports as historic figures
// (audited, replaceable, deletable), the history page with trends and the export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { t3Key } from '../src/domain/report/formats.js';
import { publishReport, saveNarrative } from '../src/features/reports/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { agency, PASSWORD, sys, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';
import { FIXTURES } from './helpers/reader.js';
import { insertCases } from './helpers/reportCases.js';
import { writeReport } from './helpers/reportWriter.js';

let db: TestDb;
let running: Running;
let tree: Awaited<ReturnType<typeof twoTrees>>;
const real = (name: string) => ({ name, data: readFileSync(`${FIXTURES}${name}`) });
const OWN = new URL('./fixtures/reader/', import.meta.url).pathname;

before(async () => {
  db = await testDb();
  tree = await twoTrees(db.handle);
  await user(db.handle, 'city-admin', tree.cityA.id, [['admin', tree.cityA.id]]);
  await user(db.handle, 'city-supervisor', tree.cityA.id, [['supervisor', tree.cityA.id]]);
  await user(db.handle, 'dept-officer', tree.deptA.id, [['officer', tree.deptA.id]]);
  running = await startApp(db.handle);
});
after(async () => {
  await running?.close();
  await db?.cleanup();
});

async function signedIn(username: string) {
  const c = new Client(running.base);
  assert.equal((await c.login(username, PASSWORD)).status, 303);
  await c.get('/admin/reader');
  return c;
}

const audits = (action: string) => db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

test('the reader page reads uploaded reports, shows every figure with its place, the failing sums, and compares them', async () => {
  const c = await signedIn('dept-officer');
  const page = await c.get('/admin/reader');
  assert.equal(page.status, 200);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  const res = await c.upload('/admin/reader', [
    real('24_hongze_qzf_2024.txt'),
    real('22_hongze_qzf_2023.txt'),
    real('004_a236c2d85176b38f.txt'),
  ]);
  assert.equal(res.status, 200);
  // Each report: agency, year, format, and the figure with its line and column.
  assert.match(res.text, /淮安市洪泽区人民政府（据标题，第2行第1列）/);
  assert.match(res.text, /张掖市环境保护局/);
  assert.match(res.text, /第81行第31列/);
  // The failing sums, by how much.
  assert.match(res.text, /正文所述收到申请数＝表三“一、本年新收”总计：17 ≠ 95，相差 -78/);
  assert.match(res.text, /四、行政复议：结果维持＋结果纠正＋其他结果＋尚未审结＝总计：11 ≠ 0，相差 11/);
  assert.match(res.text, /代码53＋54＝代码52（“其中”各项之和）：1 ≠ 3，相差 -2（空白按0计）/);
  // The comparison: charts drawn on the server, shipped as images, with their tables.
  assert.match(res.text, /<h2 id="compare-title">对比<\/h2>/);
  assert.match(res.text, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]{200,}"/);
  const svg = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(res.text)![1]!, 'base64').toString('utf8');
  assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /本年新收政府信息公开申请/);
  assert.match(res.text, /<tr class="fails">/);
  // Nothing was stored by reading.
  assert.equal((await db.handle.db.selectFrom('report_readings').select('id').execute()).length, 0);
});

test('bad uploads on the reader page: a Chinese message next to the file field, status 400, no crash', async () => {
  const c = await signedIn('dept-officer');
  const cases: [string, { name: string; data: Uint8Array }[], RegExp][] = [
    ['no file', [], /请选择要读取的年度报告文件/],
    ['an empty file', [{ name: 'empty.txt', data: new Uint8Array(0) }], /empty\.txt：文件是空的/],
    ['a picture', [{ name: 'scan.png', data: Buffer.from('89504e470d0a1a0a0000', 'hex') }], /图片文件/],
    [
      'a 25 MB file',
      [{ name: 'huge.txt', data: new Uint8Array(25 * 1024 * 1024).fill(0x41) }],
      /huge\.txt”过大：年度报告文件不能超过 20 MB/,
    ],
    ['no report', [{ name: 'note.txt', data: new TextEncoder().encode('今天天气很好。') }], /不是政府信息公开工作年度报告/],
  ];
  for (const [what, files, message] of cases) {
    const res = await c.upload('/admin/reader', files);
    assert.equal(res.status, 400, what);
    assert.match(res.text, /class="error-summary"/, what);
    assert.match(res.text, message, what);
  }
  // One good file among bad ones: the good one is read, the bad one listed.
  const mixed = await c.upload('/admin/reader', [real('23_huaian_szf_2024.txt'), { name: 'empty.txt', data: new Uint8Array(0) }]);
  assert.equal(mixed.status, 200);
  assert.match(mixed.text, /淮安市人民政府/);
  assert.match(mixed.text, /未能读取的文件[\s\S]*empty\.txt[\s\S]*文件是空的/);
  // The server is still there.
  assert.equal((await c.get('/admin/reader')).status, 200);
});

test('importing past reports as historic figures: stored with the file, audited; the same year again needs replace; the year is asked when the report lacks it', async () => {
  const c = await signedIn('city-admin');
  const dept = tree.deptA.id;
  const res = await c.upload(`/admin/agencies/${dept}/historic-reports`, [real('004_a236c2d85176b38f.txt')]);
  assert.equal(res.status, 200);
  assert.match(res.text, /已导入“004_a236c2d85176b38f\.txt”：2012年度，57 个数字/);
  assert.match(res.text, /报告中的机关为“张掖市环境保护局”，已按您的选择导入到“甲市教育局”/);
  const readings = await db.handle.db.selectFrom('report_readings').selectAll().where('agency_id', '=', dept).execute();
  assert.equal(readings.length, 1);
  const reading = readings[0]!;
  assert.deepEqual([reading.year, reading.format, reading.script, reading.figure_count], [2012, 'legacy', 'traditional', 57]);
  const figures = await db.handle.db
    .selectFrom('historic_figures')
    .selectAll()
    .where('reading_id', '=', reading.id)
    .orderBy('key')
    .execute();
  assert.equal(figures.length, 57);
  const f14 = figures.find((f) => f.key === 'legacy.14')!;
  assert.deepEqual([f14.kind, Number(f14.value), f14.unit, f14.line, f14.col, f14.origin], ['exact', 232895, '人次', 43, 27, 'table']);
  assert.equal(figures.find((f) => f.key === 'legacy.53')!.value, null);
  // The original file is kept by its hash, and can be downloaded for checking.
  const file = await c.get(`/admin/report-readings/${reading.id}/file`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition') ?? '', /attachment/);
  assert.equal(file.text, readFileSync(`${FIXTURES}004_a236c2d85176b38f.txt`, 'utf8'));
  const [entry] = await audits('report.history.import');
  assert.deepEqual([entry!.object_id, entry!.agency_id], [String(reading.id), dept]);

  // The same agency and year again: refused unless replacing.
  const again = await c.upload(`/admin/agencies/${dept}/historic-reports`, [real('004_a236c2d85176b38f.txt')]);
  assert.equal(again.status, 400);
  assert.match(again.text, /该机关2012年度已导入年报“004_a236c2d85176b38f\.txt”.*如需替换请勾选/);
  const replaced = await c.upload(`/admin/agencies/${dept}/historic-reports`, [real('004_a236c2d85176b38f.txt')], { replace: '1' });
  assert.equal(replaced.status, 200);
  assert.equal((await db.handle.db.selectFrom('report_readings').select('id').where('agency_id', '=', dept).execute()).length, 1);
  assert.equal((await audits('report.history.replace')).length, 1);
  assert.equal((await db.handle.db.selectFrom('historic_figures').select('id').where('agency_id', '=', dept).execute()).length, 57);

  // A report that does not say its year: the form asks for it, and keeps what was typed.
  const noYear = { name: 'no-year.txt', data: new TextEncoder().encode('某局政府信息公开工作情况\n本局主动公开政府信息100条。') };
  const ask = await c.upload(`/admin/agencies/${dept}/historic-reports`, [noYear]);
  assert.equal(ask.status, 400);
  assert.match(ask.text, /无法从“no-year\.txt”中识别报告年度，请填写报告年度/);
  const bad = await c.upload(`/admin/agencies/${dept}/historic-reports`, [noYear], { year: '20x5' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /报告年度应为2000至\d{4}之间的四位年份/);
  assert.match(bad.text, /name="year"[^>]*value="20x5"/);
  const ok = await c.upload(`/admin/agencies/${dept}/historic-reports`, [noYear], { year: '2015' });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /2015年度，1 个数字/);
  // A year that contradicts the report is refused, naming where the report says its year.
  const wrong = await c.upload(`/admin/agencies/${dept}/historic-reports`, [real('003_e9741e6e1e8bbdf1.txt')], { year: '2014' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /报告写明是2015年度（据标题，第1行），与填写的2014年不一致/);
  assert.match(wrong.text, /value="2014"/);
});

test('only who manages the agency imports or deletes; a reader sees the history but not the forms', async () => {
  const officer = await signedIn('dept-officer');
  const dept = tree.deptA.id;
  const before = await db.handle.db.selectFrom('report_readings').select('id').execute();
  const res = await officer.upload(`/admin/agencies/${dept}/historic-reports`, [real('003_e9741e6e1e8bbdf1.txt')]);
  assert.equal(res.status, 403);
  assert.deepEqual(await db.handle.db.selectFrom('report_readings').select('id').execute(), before);
  const page = await officer.get(`/admin/agencies/${dept}/historic-reports`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /导入年报<\/h2>/);
  const id = before[0]!.id;
  assert.equal((await officer.post(`/admin/report-readings/${id}/delete`)).status, 403);
  assert.equal((await db.handle.db.selectFrom('report_readings').select('id').where('id', '=', id).execute()).length, 1);
});

test('the history page compares the agencies below over the years: trends across formats, failing reports highlighted, the carry check across years, export', async () => {
  const admin = await signedIn('city-admin');
  const { cityA, countyA } = tree;
  assert.equal((await admin.upload(`/admin/agencies/${cityA.id}/historic-reports`, [real('23_huaian_szf_2024.txt')])).status, 200);
  assert.equal(
    (await admin.upload(`/admin/agencies/${countyA.id}/historic-reports`, [real('22_hongze_qzf_2023.txt'), real('24_hongze_qzf_2024.txt')]))
      .status,
    200,
  );
  // The county's own 2019 and 2020: 2020's 二（上年结转） must equal 2019's 四（结转下年度）.
  const district2020 = readFileSync(`${OWN}示例区2020.txt`);
  const w2019 = await writeReport({ agency: '甲县人民政府', year: 2019, format: 'national2019', layout: 'pipes', seed: 5 });
  assert.notEqual(
    w2019.expected[t3Key('carriedOut', 'natural')],
    3,
    'the generated 2019 report must carry another number than 2020 carries in',
  );
  const up = await admin.upload(`/admin/agencies/${countyA.id}/historic-reports`, [
    { name: '2019.txt', data: w2019.bytes },
    { name: '示例区2020.txt', data: district2020 },
  ]);
  assert.equal(up.status, 200);

  const sup = await signedIn('city-supervisor');
  const page = await sup.get(`/admin/agencies/${cityA.id}/historic-reports?key=${t3Key('received', 'total')}`);
  assert.equal(page.status, 200);
  // Readings of the city and of the county below it.
  for (const f of ['23_huaian_szf_2024.txt', '22_hongze_qzf_2023.txt', '24_hongze_qzf_2024.txt', '示例区2020.txt'])
    assert.match(page.text, new RegExp(f));
  // The trend of new applications spans both national formats: county 2019…2024, city 2024.
  assert.match(page.text, /<figcaption id="m-applications-cap">本年新收政府信息公开申请（件）/);
  const applications = page.text.slice(page.text.indexOf('m-applications-cap'));
  const countyRow = applications.slice(applications.indexOf('<th scope="row">甲县人民政府</th>'));
  const cells = [...countyRow.slice(0, countyRow.indexOf('</tr>')).matchAll(/<td[^>]*>([^<]*)/g)].map((m) => m[1]);
  // Years 2012 and 2015 (the department's legacy reports, no figure for the county), 2019, 2020, 2023, 2024.
  assert.deepEqual(cells, ['—', '—', String(w2019.expected[t3Key('received', 'total')]), '46', '21', '95']);
  // Failing reports are marked: 2020 (its (七)总计), 2023 (table 四), 2024 (prose 17 against 95) — and 2020's carry check.
  assert.match(page.text, /本年“二、上年结转”＝上年“四、结转下年度继续办理”（2019年报告：2019\.txt）/);
  assert.match(page.text, /<td class="fails">95<span class="bad"> ✗/);
  // The chosen figure compared agencies × years.
  assert.match(page.text, /三、一、本年新收政府信息公开申请数量 总计（件）/);
  assert.match(page.text, /<img src="data:image\/svg\+xml;base64,/);

  const csv = await sup.get(`/admin/agencies/${cityA.id}/historic-reports/export?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  const lines = csv.text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines[0], 'file,agency,year,format,key,label,unit,kind,value,line,column,from,report_failed_checks');
  const stored = await db.handle.db
    .selectFrom('historic_figures')
    .select('id')
    .where('agency_id', 'in', [cityA.id, tree.deptA.id, countyA.id, tree.countyDeptA.id])
    .execute();
  assert.equal(lines.length - 1, stored.length);
  assert.ok(
    lines.includes(
      '23_huaian_szf_2024.txt,甲市人民政府,2024,national2021,t3.received.total,三、一、本年新收政府信息公开申请数量 总计,件,exact,3119,123,81,table,0',
    ),
  );
  const json = (await sup.get(`/admin/agencies/${cityA.id}/historic-reports/export?format=json`)).json();
  // The city, its department (2012, 2015) and the county (2019, 2020, 2023, 2024).
  assert.equal(json.reports.length, 7);
  assert.equal(json.reports.find((r: { file: string }) => r.file === '24_hongze_qzf_2024.txt').figures['t3.received.total'].value, 95);
  assert.equal((await sup.get(`/admin/agencies/${cityA.id}/historic-reports/export?format=xml`)).status, 400);
});

test('a stored reading shows what was imported; deleting it is audited and removes its figures', async () => {
  const admin = await signedIn('city-admin');
  const r = await db.handle.db
    .selectFrom('report_readings')
    .select(['id', 'agency_id'])
    .where('file_name', '=', '24_hongze_qzf_2024.txt')
    .executeTakeFirstOrThrow();
  const page = await admin.get(`/admin/report-readings/${r.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /正文所述收到申请数＝表三“一、本年新收”总计：17 ≠ 95/);
  assert.match(page.text, /第81行第31列/);
  const del = await admin.post(`/admin/report-readings/${r.id}/delete`);
  assert.equal(del.status, 303);
  assert.equal((await db.handle.db.selectFrom('historic_figures').select('id').where('reading_id', '=', r.id).execute()).length, 0);
  assert.equal((await db.handle.db.selectFrom('report_readings').select('id').where('id', '=', r.id).execute()).length, 0);
  const [entry] = await audits('report.history.delete');
  assert.deepEqual([entry!.object_id, entry!.agency_id], [String(r.id), r.agency_id]);
  assert.equal((await admin.get(`/admin/report-readings/${r.id}`)).status, 404);
});

test('an agency’s trend joins its imported past reports with the reports it published on the platform', async () => {
  const admin = await signedIn('city-admin');
  const dept = (await agency(db.handle, { name: '甲市交通运输局', kind: 'department', parentId: tree.cityA.id })).id;
  // Four applications received in 2025, the year the agency reports on the platform.
  await insertCases(db.handle, dept, [
    ['natural', '2025-02-03', '2025-02-20', 'granted'],
    ['natural', '2025-03-03', '2025-03-20', 'granted'],
    ['business', '2025-04-01', '2025-04-18', 'partial'],
    ['legalService', '2025-12-22', null, null],
  ]);
  const at = { ...sys(db.handle), now: () => new Date('2026-02-10T02:00:00Z') };
  await saveNarrative(at, dept, 2025, { overview: '2025年，本局认真贯彻《条例》。', problems: '政策解读形式单一。' });
  await publishReport(at, dept, 2025, {});
  assert.equal((await admin.upload(`/admin/agencies/${dept}/historic-reports`, [real('22_hongze_qzf_2023.txt')])).status, 200);
  const page = await admin.get(`/admin/agencies/${dept}/historic-reports`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<a href="\/admin\/agencies\/\d+\/reports\/2025">平台发布的2025年度报告（第1版）<\/a>/);
  const applications = page.text.slice(page.text.indexOf('m-applications-cap'));
  const row = applications.slice(applications.indexOf('<th scope="row">甲市交通运输局</th>'));
  const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td[^>]*>([^<]*)/g)].map((m) => m[1]);
  // 2023 from the imported report (21), 2025 from the platform's published report (4).
  assert.deepEqual(cells, ['21', '4']);
});
