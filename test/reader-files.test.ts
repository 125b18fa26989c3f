// The report reader on files: reports of our own in the 2019 and 2021 national formats (plain
// text, HTML as saved from a portal, DOCX made here with the docx package; simplified and
// traditional; UTF-8 and GB18030), with known figures, broken sums, messy tables and figures only
// in prose — and every kind of file that is no report.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import { toTraditional } from '../src/domain/text.js';
import { readDocument, readPath } from '../src/features/reader/reading.js';
import { assertSourcesTrue, checkStatus, type Expected, figuresOf, t3Row } from './helpers/reader.js';
import { encodeGb18030, type Fault, type Layout, type ReportSpec, writeReport } from './helpers/reportWriter.js';

const OWN = new URL('./fixtures/reader/', import.meta.url).pathname;
const own = (name: string) => readFileSync(join(OWN, name));
const zeros = [0, 0, 0, 0, 0, 0, 0];
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-reader-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const failing = (r: { checks: { identity: { id: string }; result: { status: string; difference: number | null } }[] }) =>
  r.checks.filter((c) => c.result.status === 'fails').map((c) => [c.identity.id, c.result.difference]);

/** 示例区2020.txt, written by hand in the 2019 format; every number below is in that file. */
const DISTRICT_2020: Record<string, Expected> = {
  'prose.applications.received': 46, // "2020 年共收到政府信息公开申请 46 件" (line 9)
  'prose.pressConferences': 9, // "全年召开新闻发布会 9 场" (10)
  'prose.reconsideration.total': 2, // "被申请行政复议 2 件" (10)
  'prose.litigation.total': 1, // "被\n提起行政诉讼 1 件" (10–11)
  't2.rule.made': 0,
  't2.rule.published': 0,
  't2.rule.total': 3,
  't2.normativeDoc.made': 12,
  't2.normativeDoc.published': 12,
  't2.normativeDoc.total': 87,
  't2.license.previous': 156,
  't2.license.change': -4,
  't2.license.decisions': 2310,
  't2.otherService.previous': 42,
  't2.otherService.change': 3,
  't2.otherService.decisions': 518,
  't2.penalty.previous': 210,
  't2.penalty.change': 0,
  't2.penalty.decisions': 187,
  // 行政强制 prints two numbers for three columns: left out.
  't2.fee.previous': 18,
  't2.fee.change': -1,
  't2.procurement.projects': 24,
  't2.procurement.amount': 1532.6,
  ...t3Row('received', [38, 5, 0, 1, 2, 0, 46]),
  ...t3Row('carriedIn', [3, 0, 0, 0, 0, 0, 3]),
  ...t3Row('granted', [20, 3, 0, 1, 1, 0, 25]),
  ...t3Row('partial', [4, 0, 0, 0, 0, 0, 4]),
  ...t3Row('stateSecret', zeros),
  ...t3Row('lawForbids', [1, 0, 0, 0, 0, 0, 1]),
  ...t3Row('endangersSecurity', zeros),
  ...t3Row('thirdPartyRights', [2, 1, 0, 0, 0, 0, 3]),
  ...t3Row('internalAffairs', zeros),
  ...t3Row('processInfo', [1, 0, 0, 0, 0, 0, 1]),
  ...t3Row('enforcementFile', zeros),
  ...t3Row('adminQuery', [2, 0, 0, 0, 0, 0, 2]),
  ...t3Row('notHeld', [5, 1, 0, 0, 1, 0, 7]),
  ...t3Row('needsCreation', [1, 0, 0, 0, 0, 0, 1]),
  ...t3Row('unclearAfterCorrection', zeros),
  ...t3Row('petition', [2, 0, 0, 0, 0, 0, 2]),
  ...t3Row('repeat', [1, 0, 0, 0, 0, 0, 1]),
  ...t3Row('publication', zeros),
  ...t3Row('massRepeat', zeros),
  ...t3Row('confirmReissue', zeros),
  ...t3Row('otherHandling', [1, 0, 0, 0, 0, 0, 1]),
  // (七)总计 prints 47 where its row and column add up to 48.
  ...t3Row('total', [40, 5, 0, 1, 2, 0, 47]),
  ...t3Row('carriedOut', [1, 0, 0, 0, 0, 0, 1]),
  't4.reconsideration.upheld': 1,
  't4.reconsideration.corrected': 0,
  't4.reconsideration.other': 1,
  't4.reconsideration.pending': 0,
  't4.reconsideration.total': 2,
  't4.litigationDirect.upheld': 0,
  't4.litigationDirect.corrected': 0,
  't4.litigationDirect.other': 0,
  't4.litigationDirect.pending': 1,
  't4.litigationDirect.total': 1,
  't4.litigationAfter.upheld': 0,
  't4.litigationAfter.corrected': 0,
  't4.litigationAfter.other': 0,
  't4.litigationAfter.pending': 0,
  't4.litigationAfter.total': 0,
};

test('our 2019-format report (space-aligned, page header and number inside table 三, wrapped labels): every figure, the broken total, what was left out', async () => {
  const bytes = own('示例区2020.txt');
  const { reading: r, kind, encoding } = await readDocument(bytes, '示例区2020.txt');
  assertSourcesTrue(r, bytes.toString('utf8'));
  assert.deepEqual([kind, encoding, r.format, r.year?.value, r.agency?.name], ['text', 'utf-8', 'national2019', 2020, '示例区人民政府']);
  assert.deepEqual(figuresOf(r), DISTRICT_2020);
  // 48 ≠ 47 in (七)'s row, in the 总计 column's outcomes, and in its balance 46 + 3 ≠ 47 + 1.
  assert.deepEqual(failing(r), [
    ['t3.balance.total', 1],
    ['t3.outcomes.total', 1],
    ['t3.row.total', 1],
  ]);
  assert.equal(checkStatus(r)['prose.litigation.total'], 'holds');
  assert.deepEqual(
    r.leftOut.map((l) => [l.source?.line, l.reason]),
    [
      [7, '“约3000”是约数，不读取'],
      [8, '同一句中有“截至”，这个数字可能不只是本年度的，不读取'],
      [24, '应有3个数字（上一年项目数量、本年增/减、处理决定数量），找到2个，无法确定各数字所在的栏'],
    ],
  );
});

test('the same report in GB18030 and in traditional characters reads the same figures', async () => {
  const text = own('示例区2020.txt').toString('utf8');
  for (const [name, bytes, script] of [
    ['gbk.txt', encodeGb18030(text), 'simplified'],
    ['tw.txt', new TextEncoder().encode(toTraditional(text)), 'traditional'],
    ['tw-gbk.txt', encodeGb18030(toTraditional(text)), 'traditional'],
  ] as const) {
    const res = await readDocument(bytes, name);
    assert.equal(res.reading.script, script, name);
    assert.equal(res.encoding, name.includes('gbk') ? 'gb18030' : 'utf-8', name);
    assert.deepEqual(figuresOf(res.reading), DISTRICT_2020, name);
  }
});

test('an HTML page as saved from a portal, traditional, 2021 format: rowspans, empty cells that the report says mean 0, positions in the page source', async () => {
  const bytes = own('示例市卫健委2022.html');
  const { reading: r, kind } = await readDocument(bytes, '示例市卫健委2022.html');
  assert.equal(kind, 'html');
  assert.deepEqual([r.format, r.script, r.year?.value, r.agency?.name], ['national2021', 'traditional', 2022, '示例市卫生健康委员会']);
  assert.equal(r.blanksMeanZero?.text, '空白處表示為0');
  const blanksAreZero = (row: string, values: number[]) => t3Row(row as never, values);
  assert.deepEqual(figuresOf(r), {
    'prose.proactive.total': 1286, // "主動公開政府信息1,286條"
    'prose.applications.received': 14,
    't2.rule.issued': 0,
    't2.rule.repealed': 0,
    't2.rule.inForce': 0,
    't2.normativeDoc.issued': 2,
    't2.normativeDoc.repealed': 1,
    't2.normativeDoc.inForce': 17,
    't2.license.decisions': 1532, // "1 532"
    't2.penalty.decisions': 64,
    't2.enforcement.decisions': 3,
    't2.fee.amount': 12.5,
    ...blanksAreZero('received', [12, 2, 0, 0, 0, 0, 14]),
    ...blanksAreZero('carriedIn', [1, 0, 0, 0, 0, 0, 1]),
    ...blanksAreZero('granted', [6, 1, 0, 0, 0, 0, 7]),
    ...blanksAreZero('partial', [2, 0, 0, 0, 0, 0, 2]),
    ...Object.assign(
      {},
      ...['stateSecret', 'lawForbids', 'endangersSecurity', 'internalAffairs', 'processInfo', 'enforcementFile', 'adminQuery'].map((k) =>
        blanksAreZero(k, zeros),
      ),
    ),
    ...blanksAreZero('thirdPartyRights', [1, 0, 0, 0, 0, 0, 1]),
    ...blanksAreZero('notHeld', [2, 1, 0, 0, 0, 0, 3]),
    ...blanksAreZero('needsCreation', zeros),
    ...blanksAreZero('unclearAfterCorrection', zeros),
    ...blanksAreZero('petition', [1, 0, 0, 0, 0, 0, 1]),
    ...Object.assign(
      {},
      ...['repeat', 'publication', 'massRepeat', 'confirmReissue', 'noCorrection', 'unpaidFee', 'otherReason'].map((k) =>
        blanksAreZero(k, zeros),
      ),
    ),
    ...blanksAreZero('total', [12, 2, 0, 0, 0, 0, 14]),
    ...blanksAreZero('carriedOut', [1, 0, 0, 0, 0, 0, 1]),
    't4.reconsideration.upheld': 1,
    't4.reconsideration.corrected': 0,
    't4.reconsideration.other': 0,
    't4.reconsideration.pending': 0,
    't4.reconsideration.total': 1,
    ...Object.fromEntries(
      ['litigationDirect', 'litigationAfter'].flatMap((g) =>
        ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => [`t4.${g}.${c}`, 0]),
      ),
    ),
  });
  assert.deepEqual(failing(r), []);
  // A position is a line and column of the .html file, where the number stands.
  const html = bytes.toString('utf8');
  const lines = html.split('\n');
  for (const f of r.figures)
    assert.equal(lines[f.source.line - 1]!.slice(f.source.column - 1, f.source.column - 1 + f.source.length), f.source.text, f.key);
  const received = r.figures.find((f) => f.key === 't3.received.natural')!;
  assert.equal(received.source.line, 39);
  assert.equal(received.note, undefined);
  assert.equal(r.figures.find((f) => f.key === 't3.received.research')!.note, '空白；报告说明“空白處表示為0”，记为0');
  // The script's "12345 件" and the navigation are not text of the report.
  assert.ok(!r.figures.some((f) => f.value === 12345));
  assert.equal(r.fields.find((f) => f.key === 'header.indexNo')?.value, '11990000MB0000000X/2023-00012');
});

test('a report with figures only in prose, in GB18030: counts, statements of none with the year, parts left out', async () => {
  const bytes = encodeGb18030(own('示例镇2022-prose.txt').toString('utf8'));
  const { reading: r, encoding } = await readDocument(bytes, 'prose.txt');
  assert.equal(encoding, 'gb18030');
  assert.deepEqual([r.format, r.year?.value, r.agency?.name], ['national2021', 2022, '示例镇人民政府']);
  assert.deepEqual(figuresOf(r), {
    'prose.proactive.total': 326,
    'prose.applications.received': 3,
    'prose.reconsideration.total': 0, // "2022年，本镇未发生因政府信息公开引起的行政复议、行政诉讼案件"
    'prose.litigation.total': 0,
    'prose.processingFee': 0, // "2022年，本镇未收取政府信息公开信息处理费"
  });
  assert.deepEqual(
    r.leftOut.map((l) => l.what),
    ['其中通过政府网站公开298条', '其中予以公开2件', '部分公开1件'],
  );
  assert.deepEqual(r.checks, []);
});

// ---------------------------------------------------------------------------------------------
// Generated reports: every format, layout, script and encoding, with and without faults

const layouts: Layout[] = ['spaces', 'pipes', 'raw', 'html', 'docx'];
const faultSets: Fault[][] = [[], ['pageBreaks', 'wrapped'], ['brokenSum', 'blanks'], ['proseMismatch', 'pageBreaks']];

test('generated reports read back to exactly their figures, and exactly the sums put out of balance fail', async () => {
  const specs: ReportSpec[] = [];
  let seed = 1;
  for (const format of ['national2021', 'national2019', 'legacy'] as const)
    for (const layout of layouts)
      for (const traditional of [false, true])
        for (const faults of faultSets)
          specs.push({
            agency: traditional ? '示例市人力资源和社会保障局' : '示例县交通运输局',
            year: { national2021: 2023, national2019: 2020, legacy: 2011 }[format],
            format,
            layout,
            traditional,
            gbk: layout !== 'docx' && seed % 3 === 0,
            uncoded: format === 'legacy' && seed % 2 === 0,
            faults: format === 'legacy' ? faults.filter((f) => f !== 'proseMismatch') : faults,
            seed: seed++,
          });
  const problems: string[] = [];
  for (const spec of specs) {
    const w = await writeReport(spec);
    const { reading: r } = await readDocument(w.bytes, w.name);
    const got = figuresOf(r);
    for (const k of new Set([...Object.keys(got), ...Object.keys(w.expected)]))
      if (got[k] !== w.expected[k]) problems.push(`${w.name}: ${k} read ${got[k]}, printed ${w.expected[k]}`);
    const fails = r.checks.filter((c) => c.result.status === 'fails').map((c) => c.identity.id);
    if (fails.sort().join() !== [...w.failing].sort().join()) problems.push(`${w.name}: failing ${fails} instead of ${w.failing}`);
    if (r.leftOut.length) problems.push(`${w.name}: left out ${r.leftOut.map((l) => l.what)}`);
    if (r.script !== (spec.traditional ? 'traditional' : 'simplified')) problems.push(`${w.name}: script ${r.script}`);
  }
  assert.deepEqual(problems.slice(0, 20), []);
  assert.equal(specs.length, 120);
});

test('a DOCX report made with the docx package: tables read cell by cell, positions count lines of the text read from it', async () => {
  const w = await writeReport({ agency: '示例市统计局', year: 2021, format: 'national2021', layout: 'docx', seed: 7 });
  const res = await readDocument(w.bytes, 'report.docx');
  assert.deepEqual([res.kind, res.encoding, res.positions], ['docx', null, 'docxText']);
  assert.deepEqual(figuresOf(res.reading), w.expected);
  const lines = res.text.split('\n');
  for (const f of res.reading.figures)
    assert.equal(lines[f.source.line - 1]!.slice(f.source.column - 1, f.source.column - 1 + f.source.length), f.source.text, f.key);
});

// ---------------------------------------------------------------------------------------------
// Bad input

test('files that are no report each get a clear Chinese message, and nothing breaks', async () => {
  const zipNotDocx = Buffer.from('504b0304140000000800', 'hex');
  const docxWithoutText = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('')] }] })));
  const cases: [string, Uint8Array, RegExp][] = [
    ['an empty file', new Uint8Array(0), /文件是空的/],
    ['only spaces and line breaks', new TextEncoder().encode('  \n\r\n  '), /文件中没有文字/],
    ['a binary file', Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256), /二进制文件/],
    ['a PNG picture', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /图片文件/],
    ['a PDF', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF 文件无法直接读取/],
    ['an old Word .doc', Buffer.from('d0cf11e0a1b11ae10000000000000000', 'hex'), /旧版 Word/],
    ['a zip that is no DOCX', zipNotDocx, /不是 Word 文档/],
    ['a DOCX with no text', docxWithoutText, /DOCX 文档中没有文字/],
    ['bytes valid in neither UTF-8 nor GB18030', Uint8Array.from([0xe5, 0x85, 0xac, 0x80, 0xff, 0x41, 0x42]), /无法识别文件的编码/],
    ['a UTF-8 file with a BOM but broken bytes', Uint8Array.from([0xef, 0xbb, 0xbf, 0xe5, 0x85, 0xff]), /无法解码的字节/],
    [
      'a text that is no report',
      new TextEncoder().encode('会议纪要\n2023年3月5日召开会议，研究部署全年工作。'),
      /不是政府信息公开工作年度报告/,
    ],
    [
      'a disclosure text with no year, table or figure',
      new TextEncoder().encode('政府信息公开指南\n本机关依法公开政府信息。'),
      /没有找到报告年度/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    await assert.rejects(readDocument(bytes, 'x'), (e: Error & { fields?: Record<string, string> }) => {
      assert.match(e.fields?.file ?? '', message, what);
      return true;
    });
  }
});

test('a 200 MB file is refused by its size without being read; a missing path or a directory is named as such', async () => {
  const big = join(tmp, 'big.txt');
  writeFileSync(big, '');
  truncateSync(big, 200 * 1024 * 1024);
  // Read, it would be a binary file of zeros: the message shows it was refused by its size.
  await assert.rejects(readPath(big), (e: Error & { fields?: Record<string, string> }) =>
    /文件过大（200\.0 MB）/.test(e.fields?.file ?? ''),
  );
  await assert.rejects(readPath(join(tmp, 'none.txt')), (e: Error & { fields?: Record<string, string> }) =>
    /无法读取文件/.test(e.fields?.file ?? ''),
  );
  await assert.rejects(readPath(tmp), (e: Error & { fields?: Record<string, string> }) => /不是文件/.test(e.fields?.file ?? ''));
});

test('a row the format does not have (a 小计 line) is left out, never added to the row above it', async () => {
  const w = await writeReport({ agency: '示例市统计局', year: 2022, format: 'national2021', layout: 'pipes', seed: 11 });
  const text = new TextDecoder()
    .decode(w.bytes)
    .replace(/(\n8\.属于行政查询事项 \|[^\n]*)/, '$1\n（三）小计 | 9 | 9 | 9 | 9 | 9 | 9 | 54 |');
  assert.match(text, /小计/);
  const { reading: r } = await readDocument(new TextEncoder().encode(text), 'subtotal.txt');
  assert.deepEqual(figuresOf(r), w.expected);
  assert.ok(r.leftOut.some((l) => l.reason.includes('找不到所属的行') && l.source?.text.startsWith('9')));
});
