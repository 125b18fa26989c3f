// The five seed reports (2008–2015, legacy era) read by the report reader. Every expected figure
// below was read off the report text by hand; line numbers are the report's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readReport } from '../../src/domain/reader/read.js';
import { legacyIndicators, legacyKey } from '../../src/domain/report/legacy.js';
import { assertSourcesTrue, checkStatus, type Expected, figuresOf, fixture } from '../helpers/reader.js';

const SEED = {
  hengyang: '000_2e55ee7b79297551.txt',
  panzhihua: '001_86f14a9c844d59f4.txt',
  county: '002_83e0bbcdbf90f655.txt',
  zibo: '003_e9741e6e1e8bbdf1.txt',
  zhangye: '004_a236c2d85176b38f.txt',
};

const read = (f: string) => {
  const text = fixture(f);
  const r = readReport(text);
  assertSourcesTrue(r, text);
  return r;
};

test('seed 000 (衡阳市安监局 2012): the uncoded 指标|单位|数量 tables, "500余条" as at least 500, empty cells as blanks, prose figures', () => {
  const r = read(SEED.hengyang);
  assert.equal(r.agency?.name, '衡阳市安监局');
  assert.equal(r.year?.value, 2012);
  assert.equal(r.format, 'legacy');
  assert.equal(r.script, 'simplified');
  const blank = (codes: string[]) => Object.fromEntries(codes.map((c) => [legacyKey(c), null]));
  const expected: Record<string, Expected> = {
    // 二、主动公开: "市安监局2012年共主动公开500余条,其中全文电子化率达100%" (line 9)
    'prose.proactive.total': '500+',
    'prose.proactive.fullTextRate': 100,
    // 三、"我局2012年度未收到公民、法人和其他组织提请的政府信息公开申请" (line 13)
    'prose.applications.received': 0,
    // 四、"共接受……咨询0人次" (15), "专栏访问量为13000人次" (16)
    'prose.consultations': 0,
    'prose.siteVisits': 13000,
    // 五、"行政复议申请0件" (18), "行政诉讼案0件" (19)
    'prose.reconsideration.total': 0,
    'prose.litigation.total': 0,
    // 六、"2012年,我局没有政府信息公开的收费及减免情况" (21)
    'prose.fees.charged': 0,
    'prose.fees.waivers': 0,
    // 附表 1: 主动公开信息数 500余条, 全文电子化 500余条, 新增的行政规范性文件数 4
    'legacy.01': '500+',
    'legacy.fullText': '500+',
    'legacy.09': 4,
    // 附表 2: every count empty (申请总数 … (11)其它原因), 电子邮件 included
    ...blank([
      '19',
      '20',
      '22',
      '21',
      '23',
      '24',
      '25',
      '26',
      '27',
      '28',
      '29',
      '30',
      '31',
      '32',
      '33',
      '34',
      '35',
      '36',
      '37',
      '38',
      '39',
    ]),
    'legacy.email': null,
    // 附表 3: 提供服务类信息数, 网上咨询数, 现场接待人数, 咨询电话接听数 empty; 网站专栏页面访问量 13000
    ...blank(['13', '17', '16', '18']),
    'legacy.14': 13000,
    // 附表 4: 行政复议数, 行政诉讼数, 行政申诉数, 首次处理不满意 — all empty
    ...blank(['40', '41', '42', '43']),
  };
  assert.deepEqual(figuresOf(r), expected);
  const at = (key: string) => {
    const f = r.figures.find((x) => x.key === key)!;
    return `${f.source.line}:${f.source.column} ${f.source.text}`;
  };
  assert.equal(at('prose.proactive.total'), '9:24 500余条');
  assert.equal(at('legacy.01'), '42:1 500余条');
  assert.equal(at('legacy.14'), '205:1 13000');
  // The five cut-off labels "(5)“免予公开范围" … "(10)“免予公开范围" are told apart by their ordinals.
  assert.equal(r.figures.find((x) => x.key === 'legacy.38')!.source.line, 167);
  // Identities: 全文电子化 ≤ 主动公开 cannot be decided on two "500余条"; the visit counts agree.
  assert.deepEqual(checkStatus(r), {
    'legacy.fullText≤01': 'unknown',
    'prose.proactive.total': 'unknown',
    'prose.applications.received': 'unknown',
    'prose.siteVisits': 'holds',
    'prose.reconsideration.total': 'unknown',
    'prose.litigation.total': 'unknown',
  });
  // The prose's 0 against the table's empty cell holds if blanks are zero.
  assert.equal(r.checks.find((c) => c.identity.id === 'prose.applications.received')!.ifBlanksZero?.status, 'holds');
  assert.deepEqual(r.leftOut, []);
});

test('seed 001 (攀枝花市 2012, traditional script): prose figures only; the 其中 breakdown that does not add up is left out with its sum', () => {
  const r = read(SEED.panzhihua);
  assert.equal(r.agency?.name, '攀枝花市');
  assert.equal(r.year?.value, 2012);
  assert.equal(r.script, 'traditional');
  assert.equal(r.format, 'legacy');
  assert.deepEqual(figuresOf(r), {
    // "全年主動公開信息數量1075703條" and "全年召開新聞發布會18場" (line 7)
    'prose.proactive.total': 1075703,
    'prose.pressConferences': 18,
    // "全年共編輯《攀枝花政報》12期" (19)
    'prose.gazetteIssues': 12,
    // "2012年,全市收到申請公開1件" (24)
    'prose.applications.received': 1,
    // "2012年,市本級未收到因政府信息依申請公開的行政復議、行政訴訟案件" (28)
    'prose.reconsideration.total': 0,
    'prose.litigation.total': 0,
  });
  const total = r.figures.find((f) => f.key === 'prose.proactive.total')!;
  assert.deepEqual([total.source.line, total.source.column, total.source.text], [7, 58, '1075703條']);
  // 237 + 4580 + 713726 + 265 + 356782 = 1,075,590: 113 short of the total.
  const parts = r.leftOut.filter((l) => l.reason.startsWith('“其中”'));
  assert.deepEqual(
    parts.map((p) => p.source!.text),
    ['237條', '4580條', '713726條', '265條', '356782條'],
  );
  assert.ok(parts.every((p) => p.reason.includes('各分项合计1075590，比总数1075703少113')));
  // "查询信息数量1973628条" is not a statistic of the format; the fee sentence names no year.
  assert.ok(r.leftOut.some((l) => l.source?.text === '1973628條'));
  assert.ok(r.leftOut.some((l) => l.key === 'prose.fees.charged' && l.reason.includes('没有说明是哪一年')));
  // "舉辦市政府新聞發布會、在線訪談等共50余場" counts more than press conferences: not read.
  assert.ok(!r.figures.some((f) => f.value === 50));
});

test('seed 002 (县应急管理局, dated 2009-03-30): no title year, so the year comes from the signing date; statements without a year are not zeros', () => {
  const r = read(SEED.county);
  assert.equal(r.year?.value, 2008);
  assert.match(r.year!.basis, /落款日期2009年3月30日/);
  assert.equal(r.agency?.name, '应急管理局');
  assert.equal(r.agency?.basis, '发布机构');
  assert.deepEqual(figuresOf(r), {});
  assert.deepEqual(
    r.fields.map((f) => [f.key, f.value]),
    [
      ['header.indexNo', '11330727775738086F/2022-56162'],
      ['header.docNo', null],
      ['header.issuer', '应急管理局'],
      ['header.publishedOn', '2014-10-29'],
    ],
  );
  // "从运行一段时间来看……也未发生因政府信息公开申请行政复议、提起行政诉讼的情况" (line 9)
  assert.deepEqual(
    r.leftOut.map((l) => l.key),
    ['prose.reconsideration.total', 'prose.litigation.total'],
  );
});

test('seed 003 (淄博市安监局 2015): "979条", "2起", none of fees, appeals; the reply split "1起……1起……" is left out', () => {
  const r = read(SEED.zibo);
  assert.equal(r.agency?.name, '淄博市安监局');
  assert.equal(r.year?.value, 2015);
  assert.deepEqual(figuresOf(r), {
    'prose.proactive.total': 979, // "今年以来主动公开各类政务信息979条" (14)
    'prose.applications.received': 2, // "2015年共受理2起信息公开申请" (77)
    'prose.fees.charged': 0, // "2015年全年无信息公开的收费及减免情况" (79)
    'prose.fees.waivers': 0,
    'prose.reconsideration.total': 0, // "2015年我局无信息公开被举报、复议和被诉讼的情形发生" (81)
    'prose.litigation.total': 0,
  });
  assert.deepEqual(
    r.leftOut.map((l) => l.what),
    ['1起按照规定进行了及时回复', '1起不属于本部门权限'],
  );
  assert.equal(r.fields.find((f) => f.key === 'header.indexNo')?.value, '11370300MB2856822A/2016-None');
  assert.equal(r.fields.find((f) => f.key === 'header.docNo')?.value, '无文号');
});

test('seed 004 (张掖市环境保护局 2012, traditional): the coded table 01–57 cell by cell; 52 ≠ 53 + 54', () => {
  const r = read(SEED.zhangye);
  assert.equal(r.agency?.name, '张掖市环境保护局');
  assert.equal(r.year?.value, 2012);
  assert.equal(r.script, 'traditional');
  assert.equal(r.format, 'legacy');
  const filled: Record<string, number> = { '01': 339, '03': 118, '04': 220, '07': 1, '09': 80, '10': 80, '14': 232895, '52': 3, '54': 1 };
  const expected = Object.fromEntries(legacyIndicators.map((i) => [legacyKey(i.code), filled[i.code] ?? null]));
  assert.deepEqual(figuresOf(r), expected);
  // 53 全职人员 is printed "----" where 52 and 54 have their numbers.
  const f53 = r.figures.find((f) => f.key === 'legacy.53')!;
  assert.deepEqual([f53.kind, f53.note, f53.source.line, f53.source.text], ['blank', '填写为“----”', 82, '----']);
  const f14 = r.figures.find((f) => f.key === 'legacy.14')!;
  assert.deepEqual([f14.source.line, f14.source.column, f14.unit], [43, 27, '人次']);
  assert.deepEqual(Object.fromEntries(r.fields.map((f) => [f.key, f.value])), {
    'header.unitName': '张掖市环保局',
    'header.unitHead': '周建军',
    'header.regionCode': null,
    'header.unitCode': '01392653-1',
    'header.parentName': '张掖市环保局',
    'header.parentCode': '01392653-1',
    'header.filer': '陈立军',
    'header.phone': '18993620021',
    'header.reportDate': '2012年 12 月 31 日',
  });
  const byId = Object.fromEntries(r.checks.map((c) => [c.identity.id, c]));
  // 01 = 339 is at least each channel: 118 (市政府网站), 220 (部门网站), 1 (新闻媒体).
  for (const id of ['legacy.03≤01', 'legacy.04≤01', 'legacy.07≤01']) assert.equal(byId[id]!.result.status, 'holds');
  // 09 = 80 = 10 (80) + 11 + 12 (empty): holds if the empty cells are zero.
  assert.equal(byId['legacy.09']!.result.status, 'unknown');
  assert.equal(byId['legacy.09']!.ifBlanksZero?.status, 'holds');
  // 52 = 3 staff, 53 "----", 54 = 1: even with the empty cell as 0 the parts are 2 short.
  assert.equal(byId['legacy.52']!.result.status, 'unknown');
  assert.equal(byId['legacy.52']!.ifBlanksZero?.status, 'fails');
  assert.equal(byId['legacy.52']!.ifBlanksZero?.difference, -2);
  // Identities over cells that are all empty are not listed: they tell nothing.
  assert.equal(byId['legacy.19'], undefined);
  assert.deepEqual(r.leftOut, []);
});
