// Every export of a report read back: the JSON against the committed JSON Schema, the Word tables'
// merged cells and values from the document XML, the workbook's sheets, merges and numbers, the
// standalone HTML, and the PDF when chromium is installed. On both databases.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { t3Key } from '../src/domain/report/formats.js';
import type { ReportDocument } from '../src/features/reports/document.js';
import { renderExport } from '../src/features/reports/export/index.js';
import { annualReportKeysMarkdown, annualReportSchema } from '../src/features/reports/schema.js';
import { liveReport, publishReport, saveFigures, saveNarrative } from '../src/features/reports/service.js';
import { type TestDb, testDb } from './helpers/db.js';
import { agency, sys } from './helpers/fixtures.js';
import { insertAppeals, insertCases } from './helpers/reportCases.js';

let db: TestDb;
let dept: number;
const docs: Record<string, ReportDocument> = {};
const ctx = () => ({ ...sys(db.handle), now: () => new Date('2026-02-10T02:00:00Z') });

before(async () => {
  db = await testDb();
  const city = (await agency(db.handle, { name: '丁市人民政府' })).id;
  dept = (await agency(db.handle, { name: '丁市交通运输局', kind: 'department', parentId: city })).id;
  await insertCases(db.handle, dept, [
    ['natural', '2025-02-03', '2025-02-20', 'granted'],
    ['natural', '2025-03-03', '2025-03-20', 'granted'],
    ['business', '2025-04-01', '2025-04-18', 'partial'],
    ['legalService', '2025-12-22', null, null],
    ['natural', '2020-05-06', '2020-05-20', 'noCorrection'],
    ['natural', '2012-05-06', '2012-05-20', 'granted'],
  ]);
  await insertAppeals(db.handle, dept, [['reconsideration', '2025-05-01', 'upheld', '2025-07-01']]);
  await saveFigures(ctx(), dept, 2025, {
    'v:t2.license.decisions': '4520',
    'n:t2.license.decisions': '政务服务网审批记录',
    'v:t2.fee.amount': '96171.6',
    'n:t2.fee.amount': '非税收入系统',
  });
  await saveNarrative(ctx(), dept, 2025, { overview: '2025年，本局认真贯彻《条例》。', problems: '政策解读形式单一。' });
  docs.national2021 = await publishReport(ctx(), dept, 2025, {});
  docs.national2019 = (await liveReport(ctx(), dept, 2020)).document;
  await saveFigures(ctx(), dept, 2012, {
    'v:legacy.52': '3',
    'n:legacy.52': '人事科',
    'v:legacy.53': '1',
    'n:legacy.53': '人事科',
    'v:legacy.54': '2',
    'n:legacy.54': '人事科',
  });
  docs.legacy = (await liveReport(ctx(), dept, 2012)).document;
});

after(async () => {
  await db?.cleanup();
});

describe('JSON', () => {
  test('the committed schema and key list are the generated ones (npm run docs:report)', () => {
    assert.deepEqual(JSON.parse(readFileSync('docs/annual-report.schema.json', 'utf8')), annualReportSchema());
    assert.equal(readFileSync('docs/annual-report.md', 'utf8'), annualReportKeysMarkdown());
  });

  test('a published 2021-format report, a 2019-format and a legacy draft are valid against the schema', async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync('docs/annual-report.schema.json', 'utf8')),
    );
    for (const [format, doc] of Object.entries(docs)) {
      const json = JSON.parse(String((await renderExport(doc, 'json')).body));
      assert.equal(json.format, format);
      assert.ok(validate(json), `${format}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    const json = JSON.parse(String((await renderExport(docs.national2021!, 'json')).body));
    assert.equal(json.figures['t3.received.total'], 4);
    assert.equal(json.figures['t2.fee.amount'], 96171.6);
    assert.equal(json.figures['t2.penalty.decisions'], null);
    assert.deepEqual(json.entered['t2.license.decisions'], [
      { agencyId: dept, agencyName: '丁市交通运输局', value: 4520, note: '政务服务网审批记录' },
    ]);
  });

  test('the schema refuses what is not a report: an unknown key, a negative count, another format’s cell', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(annualReportSchema());
    const bad = (change: (d: Record<string, unknown> & { figures: Record<string, unknown> }) => void) => {
      const d = structuredClone(docs.national2021!) as unknown as Record<string, unknown> & { figures: Record<string, unknown> };
      change(d);
      return validate(d);
    };
    assert.equal(
      bad((d) => {
        d.figures['t3.invented.total'] = 1;
      }),
      false,
    );
    assert.equal(
      bad((d) => {
        d.figures['t3.received.total'] = -1;
      }),
      false,
    );
    assert.equal(
      bad((d) => {
        d.figures['legacy.01'] = 1;
      }),
      false,
    );
    assert.equal(
      bad(() => {}),
      true,
    );
  });
});

/** The rows of the n-th table of a Word document, each a list of cells with their text and merge marks. */
async function wordTables(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => ({
        text: [...c[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
        gridSpan: Number(c[1]!.match(/<w:gridSpan w:val="(\d+)"/)?.[1] ?? 1),
        vMerge: c[1]!.match(/<w:vMerge(?: w:val="(\w+)")?\/>/) ? (c[1]!.match(/<w:vMerge w:val="(\w+)"/)?.[1] ?? 'continue') : null,
      })),
    ),
  );
}

describe('DOCX', () => {
  test('table 三 has the format’s merged header and the figures; 三、本年度办理结果 spans 22 rows', async () => {
    const tables = await wordTables((await renderExport(docs.national2021!, 'docx')).body as Buffer);
    // 二 is four tables (第二十条第（一）（五）（六）（八）项), then 三 and 四.
    assert.equal(tables.length, 6);
    const t3 = tables[4]!;
    assert.deepEqual(
      t3[0]!.map((c) => [c.text.slice(0, 11), c.gridSpan, c.vMerge]),
      [
        ['（本列数据的勾稽关系为', 3, 'restart'],
        ['申请人情况', 7, null],
      ],
    );
    assert.deepEqual(
      t3[1]!.map((c) => [c.text, c.gridSpan, c.vMerge]),
      [
        ['', 3, 'continue'],
        ['自然人', 1, 'restart'],
        ['法人或其他组织', 5, null],
        ['总计', 1, 'restart'],
      ],
    );
    const received = t3.find((r) => r[0]!.text === '一、本年新收政府信息公开申请数量')!;
    assert.deepEqual(
      received.map((c) => c.text),
      ['一、本年新收政府信息公开申请数量', '2', '1', '0', '0', '1', '0', '4'],
    );
    assert.equal(received[0]!.gridSpan, 3);
    const results = t3.findIndex((r) => r[0]!.text === '三、本年度办理结果');
    assert.equal(t3[results]![0]!.vMerge, 'restart');
    const continued = t3.slice(results + 1).filter((r) => r[0]!.vMerge === 'continue' && r[0]!.gridSpan === 1).length;
    assert.equal(continued, 21);
    const granted = t3[results]!;
    assert.deepEqual(
      granted.map((c) => c.text),
      ['三、本年度办理结果', '（一）予以公开', '2', '0', '0', '0', '0', '0', '2'],
    );
    // 四: 行政复议 spans five columns and two rows; the figures row has fifteen cells.
    const t4 = tables[5]!;
    assert.deepEqual([t4[0]![0]!.text, t4[0]![0]!.gridSpan, t4[0]![0]!.vMerge], ['行政复议', 5, 'restart']);
    assert.deepEqual(
      t4[3]!.map((c) => c.text),
      ['1', '0', '0', '0', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'],
    );
    // 二 第二十条第（八）项 carries the decimal amount.
    assert.deepEqual(
      tables[3]!.at(-1)!.map((c) => c.text),
      ['行政事业性收费', '96171.6'],
    );
  });
});

describe('XLSX', () => {
  test('one sheet per table, merged heads, numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderExport(docs.national2021!, 'xlsx')).body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '校验', '数据来源'],
    );
    const t3 = wb.getWorksheet('三、收到和处理政府信息公开申请情况')!;
    const merges = (t3.model as unknown as { merges: string[] }).merges;
    for (const m of ['A3:C5', 'D3:J3', 'D4:D5', 'E4:I4', 'J4:J5', 'A6:C6', 'A8:A29'])
      assert.ok(merges.includes(m), `${m} in ${merges.join(' ')}`);
    assert.equal(t3.getCell('A6').value, '一、本年新收政府信息公开申请数量');
    assert.deepEqual(
      [4, 5, 6, 7, 8, 9, 10].map((c) => t3.getRow(6).getCell(c).value),
      [2, 1, 0, 0, 1, 0, 4],
    );
    assert.equal(t3.getCell('B8').value, '（一）予以公开');
    assert.equal(t3.getCell('J8').value, 2);
    const t2 = wb.getWorksheet('二、主动公开政府信息情况')!;
    const values = t2
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'number');
    assert.ok(values.includes(96171.6) && values.includes(4520));
    const legacy = new ExcelJS.Workbook();
    await legacy.xlsx.load((await renderExport(docs.legacy!, 'xlsx')).body as unknown as ArrayBuffer);
    const sheet = legacy.getWorksheet('二、政府信息公开情况统计报表')!;
    const rowOf = (code: string) => sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(3).value === code)!;
    assert.equal(rowOf('26').getCell(4).value, 1);
    assert.equal(rowOf('52').getCell(4).value, 3);
    assert.equal(rowOf('55').getCell(4).value, null);
  });
});

describe('HTML and PDF', () => {
  test('the standalone HTML has the title, print styles and every figure, and no script', async () => {
    const html = String((await renderExport(docs.national2021!, 'html')).body);
    assert.match(html, /<title>丁市交通运输局2025年政府信息公开工作年度报告<\/title>/);
    assert.match(html, /@media print/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, new RegExp(`data-key="${t3Key('received', 'total')}"[^>]*>4<`));
    assert.match(html, /本报告于2026年2月10日发布/);
  });

  test('the PDF, when chromium is installed', { timeout: 60_000 }, async (t) => {
    if (!existsSync('/usr/bin/chromium')) return t.skip('chromium not installed');
    const pdf = (await renderExport(docs.national2021!, 'pdf')).body as Buffer;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 20_000, `PDF of ${pdf.length} bytes`);
  });
});
