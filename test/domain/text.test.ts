import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import * as OpenCC from 'opencc-js';
import pg from 'pg';
import {
  ftsMatch,
  highlight,
  indexText,
  indexTokens,
  MAX_QUERY_TERMS,
  MAX_TERM_CHARS,
  normalize,
  normalizeAligned,
  parseQuery,
  toSimplified,
  toTraditional,
  tsQuery,
} from '../../src/domain/text.js';
import { randomStrings } from '../helpers/random.js';

describe('normalize', () => {
  const cases = [
    { what: 'traditional safety production becomes simplified', input: '安全生產', expected: '安全生产' },
    { what: 'traditional website becomes simplified', input: '網站', expected: '网站' },
    // 資訊 is simplified character by character; it stays a different word from 信息 (see text.ts).
    { what: 'traditional 資訊 becomes 资讯', input: '政府資訊公開', expected: '政府资讯公开' },
    { what: 'the Hong Kong variant 衞 becomes 卫', input: '衞生局', expected: '卫生局' },
    { what: 'the Taiwan variant 裡 becomes 里', input: '這裡', expected: '这里' },
    {
      what: 'a phrase keeps its character (乾隆 is a name, 乾淨 means clean)',
      input: '乾隆 乾淨',
      expected: '乾隆 干净',
    },
    {
      what: 'full-width letters and digits become half-width and lower-case',
      input: 'ＧＢ３２１００',
      expected: 'gb32100',
    },
    {
      what: 'a full-width space and runs of whitespace become one space',
      input: ' 信息\u3000\u3000公开\n\t报告 ',
      expected: '信息 公开 报告',
    },
    { what: 'upper-case Latin becomes lower-case', input: 'PDF Report', expected: 'pdf report' },
    // U+F900 is the compatibility twin of 豈 (U+8C48), which is then simplified like any 豈.
    { what: 'a compatibility ideograph becomes the unified one', input: '\uF900', expected: '岂' },
    { what: 'full-width punctuation becomes half-width', input: '安全，生产：', expected: '安全,生产:' },
  ];
  for (const { what, input, expected } of cases) {
    test(`${what}: ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(normalize(input), expected);
    });
  }

  // Each of these is an ordinary simplified word that a Taiwan-vocabulary conversion ('twp')
  // would rewrite (程序 → 进程, 文件 → 文档, 建立 → 创建, 效能 → 性能) or that the 'tw' variant table
  // would change (么 → 幺); all come from the seed reports.
  test('simplified text from the seed reports passes through unchanged', () => {
    const simplified = '不按程序办理的 规范性文件数 最终建立起规范的工作程序 政府效能 这就么一点 著作权';
    assert.equal(normalize(simplified), simplified);
  });
});

describe('toSimplified and toTraditional', () => {
  test('toSimplified converts traditional and leaves simplified alone', () => {
    assert.equal(toSimplified('安全生產監督管理局'), '安全生产监督管理局');
    assert.equal(toSimplified('安全生产监督管理局'), '安全生产监督管理局');
  });
  test('toTraditional renders Taiwan forms (裡, not OpenCC-standard 裏) and keeps mainland wording', () => {
    assert.equal(toTraditional('政府信息公开 安全生产 里面'), '政府信息公開 安全生產 裡面');
  });
  test('a traditional rendering converts back to the same simplified text', () => {
    const text = '关于做好政府信息公开工作年度报告编制和发布工作的通知';
    assert.equal(toSimplified(toTraditional(text)), text);
  });
});

describe('toSimplified converts only the pieces a dictionary entry can change, with the same result as OpenCC', () => {
  // The same converter text.ts builds, used whole on every text.
  const opencc = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const shared = new URL('../../../shared/', import.meta.url).pathname;
  const sharedDir = [shared, new URL('../../../../shared/', import.meta.url).pathname].find((d) => existsSync(join(d, 'seeds')));
  const reports = sharedDir
    ? ['seeds', 'reports'].flatMap((d) =>
        readdirSync(join(sharedDir, d))
          .filter((f) => f.endsWith('.txt'))
          .map((f) => readFileSync(join(sharedDir, d, f), 'utf8')),
      )
    : [];
  const cases: [string, string][] = [
    ['simplified text', '关于做好政府信息公开工作年度报告编制和发布工作的通知，平台用户户籍。'],
    ['traditional text', '關於做好政府信息公開工作年度報告編制和發佈工作的通知'],
    ['HK variants and phrases', '衞生署 回覆 反覆 一乾二淨 著作 么麼 台灣 祕書'],
    ['text around characters in no dictionary key', 'abc，台。户 \n 𠮷臺x 戶'],
    ['an ideographic description sequence', '⿰台户 臺'],
    ['empty', ''],
  ];
  for (const [what, text] of cases) test(what, () => assert.equal(toSimplified(text), opencc(text)));
  test(`the seed and report texts, whole and line by line, simplified and in traditional (${reports.length} files)`, () => {
    assert.ok(reports.length > 0, 'shared/seeds and shared/reports hold the texts');
    for (const r of reports)
      for (const t of [r, toTraditional(r)]) {
        assert.equal(toSimplified(t), opencc(t));
        for (const line of t.split('\n')) assert.equal(toSimplified(line), opencc(line));
      }
  });
  test('20,000 random strings of dictionary characters, punctuation and astral characters', () => {
    const pool = Array.from('台户么秘坏覆乾隆著臺戶祕麼衞覆回反一二淨政府信息公开開發佈，。、 a1𠮷𩸽⿰\n');
    for (const s of randomStrings(pool, 20_000, 24, 7)) {
      assert.equal(toSimplified(s), opencc(s), JSON.stringify(s));
    }
  });
});

describe('normalizeAligned traces every character back to the original', () => {
  const samples = [
    '本局２０１８年度政府資訊公開工作報告，安全生產與信息公開',
    'ΣΟΦΟΣ σοφος İstanbul café cafe\u0301 \u0301lead ﬁnance ㈱ ⺁ 𠀀𠀁 😀',
    '\u1100\u1161\u11A8 가\u11A8 한국어',
    '  leading and trailing  \n\n',
    '乾隆年間 乾淨 衞生 著作 這裡 後來 \uF900\uF901',
  ];
  for (const sample of samples) {
    test(`its text equals normalize() for ${JSON.stringify(sample.slice(0, 20))}…`, () => {
      const aligned = normalizeAligned(sample);
      assert.equal(aligned.text, normalize(sample));
      assert.equal(aligned.start.length, aligned.text.length);
      assert.equal(aligned.end.length, aligned.text.length);
      for (let i = 0; i < aligned.text.length; i++) {
        assert.ok(aligned.start[i]! < aligned.end[i]! && aligned.end[i]! <= sample.length, `position ${i}`);
        if (i > 0) assert.ok(aligned.start[i]! >= aligned.start[i - 1]!, `monotone at ${i}`);
      }
    });
  }

  test('its text equals normalize() for 2,000 random strings of awkward characters', () => {
    const alphabet = [
      ...'aZ9 \n\t\u3000ＡＺ９＂“”ΣσςİéÉ\u0301\u0308ﬁ㈱⺁\uF900ᄀ\u1161\u11A8가安全生產網站資訊乾隆淨衞裡后後著着么',
      '𠀀',
      '😀',
      '\u00A0',
    ];
    let seed = 11643;
    const random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const length = Math.floor(random() * 24);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)]!;
      assert.equal(normalizeAligned(s).text, normalize(s), `case ${n}: ${JSON.stringify(s)}`);
    }
  });
});

describe('indexTokens', () => {
  const cases = [
    {
      what: 'a Han run gives overlapping bigrams and its last character',
      input: '信息公开',
      expected: ['信息', '息公', '公开', '开'],
    },
    { what: 'a single Han character gives just itself', input: '安', expected: ['安'] },
    {
      what: 'a digit before Han is its own token, not glued to the Han run',
      input: '5安全',
      expected: ['5', '安全', '全'],
    },
    {
      what: 'Latin words and numbers are whole lower-case words, split at the hyphen',
      input: 'GB 32100-2015标准',
      expected: ['gb', '32100', '2015', '标准', '准'],
    },
    { what: 'letters and digits together are one word', input: 'ＧＢ３２１００', expected: ['gb32100'] },
    { what: 'punctuation separates Han runs', input: '安全，生产', expected: ['安全', '全', '生产', '产'] },
    {
      what: 'Latin diacritics are folded, as FTS5 would fold them',
      input: 'Café CAFE\u0301',
      expected: ['cafe', 'cafe'],
    },
    {
      what: 'a CJK radical symbol is a separator, not a Han letter',
      input: '甲⺁乙',
      expected: ['甲', '乙'],
    },
    {
      what: 'Han characters beyond the BMP make whole bigrams',
      input: '𠀀𠀁安',
      expected: ['𠀀𠀁', '𠀁安', '安'],
    },
    { what: 'punctuation only gives no tokens', input: '《》，。！？', expected: [] },
    { what: 'empty text gives no tokens', input: '', expected: [] },
  ];
  for (const { what, input, expected } of cases) {
    test(`${what}: ${JSON.stringify(input)}`, () => {
      assert.deepEqual(indexTokens(input), expected);
    });
  }

  test('安全生產 and 安全生产 give the same tokens', () => {
    assert.deepEqual(indexTokens('安全生產'), indexTokens('安全生产'));
    assert.deepEqual(indexTokens('安全生产'), ['安全', '全生', '生产', '产']);
  });

  test('full-width and half-width text give the same tokens', () => {
    assert.deepEqual(indexTokens('２０１８年ＰＤＦ'), indexTokens('2018年pdf'));
  });

  test('indexText joins the tokens with single spaces', () => {
    assert.equal(indexText('GB 32100-2015标准'), 'gb 32100 2015 标准 准');
  });
});

describe('parseQuery', () => {
  const cases: Array<{
    what: string;
    q: string;
    expected: Array<{ raw: string; tokens: string[]; kind: string }>;
  }> = [
    {
      what: 'a Han word is a phrase of its bigrams',
      q: '信息公开',
      expected: [{ raw: '信息公开', tokens: ['信息', '息公', '公开'], kind: 'phrase' }],
    },
    {
      what: 'a two-character word is a one-bigram phrase',
      q: '安全',
      expected: [{ raw: '安全', tokens: ['安全'], kind: 'phrase' }],
    },
    {
      what: 'a single Han character is a prefix',
      q: '安',
      expected: [{ raw: '安', tokens: ['安'], kind: 'prefix' }],
    },
    {
      what: 'a Latin word is a word, lower-cased',
      q: 'GB',
      expected: [{ raw: 'GB', tokens: ['gb'], kind: 'word' }],
    },
    {
      what: 'numbers joined by a hyphen are a phrase of words',
      q: '32100-2015',
      expected: [{ raw: '32100-2015', tokens: ['32100', '2015'], kind: 'phrase' }],
    },
    {
      what: 'whitespace separates terms',
      q: '行政复议  安全',
      expected: [
        { raw: '行政复议', tokens: ['行政', '政复', '复议'], kind: 'phrase' },
        { raw: '安全', tokens: ['安全'], kind: 'phrase' },
      ],
    },
    {
      what: 'a traditional query is simplified',
      q: '安全生產',
      expected: [{ raw: '安全生產', tokens: ['安全', '全生', '生产'], kind: 'phrase' }],
    },
    {
      what: 'ASCII double quotes make one phrase; a Han run inside that is followed by more ends on its unigram',
      q: '"安全 生产"',
      expected: [{ raw: '安全 生产', tokens: ['安全', '全', '生产'], kind: 'phrase' }],
    },
    {
      what: 'Chinese curly quotes make one phrase too',
      q: '“信息 公开” 报告',
      expected: [
        { raw: '信息 公开', tokens: ['信息', '息', '公开'], kind: 'phrase' },
        { raw: '报告', tokens: ['报告'], kind: 'phrase' },
      ],
    },
    {
      what: 'corner brackets 「」 and 『』 make one phrase, as traditional-script text quotes',
      q: '「信息 公开」 『年度 報告』',
      expected: [
        { raw: '信息 公开', tokens: ['信息', '息', '公开'], kind: 'phrase' },
        { raw: '年度 報告', tokens: ['年度', '度', '报告'], kind: 'phrase' },
      ],
    },
    {
      what: 'full-width straight quotes make one phrase',
      q: '＂GB 32100＂',
      expected: [{ raw: 'GB 32100', tokens: ['gb', '32100'], kind: 'phrase' }],
    },
    {
      what: 'an unclosed quote runs to the end',
      q: '年度 "安全 生产',
      expected: [
        { raw: '年度', tokens: ['年度'], kind: 'phrase' },
        { raw: '安全 生产', tokens: ['安全', '全', '生产'], kind: 'phrase' },
      ],
    },
    {
      what: 'a digit before Han stays separate',
      q: '5安全',
      expected: [{ raw: '5安全', tokens: ['5', '安全'], kind: 'phrase' }],
    },
    {
      what: 'a single Han character after a number is a prefix at the end of the phrase',
      q: '2015年',
      expected: [{ raw: '2015年', tokens: ['2015', '年'], kind: 'prefix' }],
    },
    {
      what: 'a Han run followed by a number keeps its last character',
      q: '标准2015',
      expected: [{ raw: '标准2015', tokens: ['标准', '准', '2015'], kind: 'phrase' }],
    },
    {
      what: 'terms that are only punctuation are dropped',
      q: '《》 ， 安全 !!!',
      expected: [{ raw: '安全', tokens: ['安全'], kind: 'phrase' }],
    },
    {
      what: 'a repeated term is kept once',
      q: '安全 安全 安全',
      expected: [{ raw: '安全', tokens: ['安全'], kind: 'phrase' }],
    },
    { what: 'an empty query has no terms', q: '   ', expected: [] },
  ];
  for (const { what, q, expected } of cases) {
    test(`${what}: ${JSON.stringify(q)}`, () => {
      assert.deepEqual(parseQuery(q).terms, expected);
    });
  }

  test(`at most ${MAX_QUERY_TERMS} terms are kept`, () => {
    const q = Array.from({ length: 15 }, (_, i) => `word${i}`).join(' ');
    const { terms, dropped, cut } = parseQuery(`${q} word3 ！！`);
    assert.equal(terms.length, MAX_QUERY_TERMS);
    assert.equal(terms[9]!.raw, 'word9');
    // The rest are listed for the page to name; a repeat of a kept term and punctuation are not.
    assert.deepEqual(dropped, ['word10', 'word11', 'word12', 'word13', 'word14']);
    assert.deepEqual(cut, []);
  });

  test(`a term is cut to ${MAX_TERM_CHARS} characters`, () => {
    const long = '信息公开'.repeat(40);
    const parsed = parseQuery(`${long} 公开`);
    const [term] = parsed.terms;
    assert.equal([...term!.raw].length, MAX_TERM_CHARS);
    assert.equal(term!.tokens.length, MAX_TERM_CHARS - 1);
    assert.deepEqual(parsed.cut, [term!.raw]);
    assert.deepEqual(parsed.dropped, []);
    const exact = parseQuery('信息公开'.repeat(16));
    assert.deepEqual([exact.terms[0]!.raw.length, exact.cut], [MAX_TERM_CHARS, []]);
  });
});

describe('ftsMatch and tsQuery', () => {
  const cases = [
    { q: '信息公开', fts: '"信息 息公 公开"', ts: "('信息' <-> '息公' <-> '公开')" },
    { q: '安', fts: '"安"*', ts: "'安':*" },
    { q: '安全', fts: '"安全"', ts: "'安全'" },
    { q: '5安', fts: '"5 安"*', ts: "('5' <-> '安':*)" },
    {
      q: 'GB 32100-2015标准',
      fts: '"gb" AND "32100 2015 标准"',
      ts: "'gb' & ('32100' <-> '2015' <-> '标准')",
    },
    { q: '"安全 生产" 報告', fts: '"安全 全 生产" AND "报告"', ts: "('安全' <-> '全' <-> '生产') & '报告'" },
  ];
  for (const { q, fts, ts } of cases) {
    test(`${JSON.stringify(q)} → FTS5 ${fts} and tsquery ${ts}`, () => {
      assert.equal(ftsMatch(q), fts);
      assert.equal(tsQuery(q), ts);
      assert.equal(ftsMatch(parseQuery(q)), fts);
    });
  }

  test('a query with nothing searchable gives null for both', () => {
    for (const q of ['', '   ', '，。！', '" "', '*']) {
      assert.equal(ftsMatch(q), null, JSON.stringify(q));
      assert.equal(tsQuery(q), null, JSON.stringify(q));
    }
  });

  test('a hand-built term with quotes and backslashes stays inside its quotes', () => {
    const query = { terms: [{ raw: 'x', tokens: ['a"b', "c'd", 'e\\f'], kind: 'phrase' as const }], dropped: [], cut: [] };
    assert.equal(ftsMatch(query), '"a""b c\'d e\\f"');
    assert.equal(tsQuery(query), "('a\"b' <-> 'c''d' <-> 'e\\\\f')");
  });
});

// Input meant to break out of the query syntax: FTS5 operators and column filters, tsquery
// operators, quotes, backslashes, SQL.
const hostile = [
  `' & | ! : * ( ) \\ <->`,
  '"',
  '""',
  '" OR "',
  'a OR b NOT c',
  'NEAR(安全 生产, 5)',
  'title:安全',
  '^安全',
  '安全*',
  '-安全 +公开',
  "'; DROP TABLE item; --",
  "\\' OR 1=1 --",
  '安全" OR "1"="1',
  "安全' | '公开",
  '!安全 & 公开 <2> 报告',
  '<script>alert(1)</script>',
  '\u0000安全\u0000',
  '{title body}: 安全',
  '安'.repeat(500),
  Array.from({ length: 50 }, () => '"').join(' '),
];

const FTS_SAFE = /^"[\p{L}\p{N} ]+"\*?( AND "[\p{L}\p{N} ]+"\*?)*$/u;
const TS_LEXEME = "'[\\p{L}\\p{N}]+'(?::\\*)?";
const TS_TERM = `(?:${TS_LEXEME}|\\(${TS_LEXEME}(?: <-> ${TS_LEXEME})+\\))`;
const TS_SAFE = new RegExp(`^${TS_TERM}(?: & ${TS_TERM})*$`, 'u');

describe('hostile input', () => {
  for (const q of hostile) {
    test(`${JSON.stringify(q.slice(0, 40))} yields only quoted letters and digits`, () => {
      const fts = ftsMatch(q);
      const ts = tsQuery(q);
      if (fts !== null) assert.match(fts, FTS_SAFE);
      if (ts !== null) assert.match(ts, TS_SAFE);
    });
  }
});

describe('highlight', () => {
  test('traditional text is marked in its original characters for a simplified query', () => {
    assert.deepEqual(highlight('安全生產監督管理局', '安全生产'), [
      { text: '安全生產', hit: true },
      { text: '監督管理局', hit: false },
    ]);
  });

  test('full-width digits are marked as typed for a half-width query', () => {
    assert.deepEqual(highlight('本局２０１８年度政府資訊公開工作報告', '2018 信息公开 资讯公开'), [
      { text: '本局', hit: false },
      { text: '２０１８', hit: true },
      { text: '年度政府', hit: false },
      { text: '資訊公開', hit: true },
      { text: '工作報告', hit: false },
    ]);
  });

  test('a character that NFKC expands is marked whole (㈱ normalizes to "(株)")', () => {
    assert.deepEqual(highlight('㈱公司', '株'), [
      { text: '㈱', hit: true },
      { text: '公司', hit: false },
    ]);
  });

  test('a ligature and a decomposed accent are marked whole', () => {
    assert.deepEqual(highlight('ﬁnance cafe\u0301', 'finance café'), [
      { text: 'ﬁnance', hit: true },
      { text: ' ', hit: false },
      { text: 'cafe\u0301', hit: true },
    ]);
  });

  test('a single character marks that character, not the bigram it starts', () => {
    assert.deepEqual(highlight('平安建设', '安'), [
      { text: '平', hit: false },
      { text: '安', hit: true },
      { text: '建设', hit: false },
    ]);
  });

  test('every occurrence in the snippet is marked, and whitespace shows as one space', () => {
    assert.deepEqual(highlight('安全\n\n  生产，安全', '安全'), [
      { text: '安全', hit: true },
      { text: ' 生产，', hit: false },
      { text: '安全', hit: true },
    ]);
  });

  test('a quoted phrase across a space is marked as one span', () => {
    assert.deepEqual(highlight('关于安全 生产的通知', '"安全 生产"'), [
      { text: '关于', hit: false },
      { text: '安全 生产', hit: true },
      { text: '的通知', hit: false },
    ]);
  });

  test('markup in the text is returned as plain text for the template to escape', () => {
    assert.deepEqual(highlight('<b>安全</b>', '安全'), [
      { text: '<b>', hit: false },
      { text: '安全', hit: true },
      { text: '</b>', hit: false },
    ]);
  });

  test('a long text gives a window around the first match with … where it was cut', () => {
    const text = `${'前'.repeat(500)}行政复议${'后'.repeat(500)}`;
    const parts = highlight(text, '行政复议', { maxLength: 40 });
    assert.equal(parts.length, 3);
    assert.deepEqual(parts[1], { text: '行政复议', hit: true });
    assert.ok(parts[0]!.text.startsWith('…') && !parts[0]!.hit);
    assert.ok(parts[2]!.text.endsWith('…') && !parts[2]!.hit);
    const shown = parts.map((p) => p.text).join('');
    assert.equal(shown.length, 40 + 2);
  });

  test('a match far into a long text is found and only the snippet is returned', () => {
    const text = `${'x '.repeat(20_000)}安全生產${' y'.repeat(20_000)}`;
    const parts = highlight(text, '安全', { maxLength: 20 });
    assert.deepEqual(
      parts.find((p) => p.hit),
      { text: '安全', hit: true },
    );
    assert.ok(parts.map((p) => p.text).join('').length <= 22);
  });

  test('without a match the start of the text is returned, unmarked', () => {
    assert.deepEqual(highlight('政府信息公开工作年度报告', '行政复议'), [{ text: '政府信息公开工作年度报告', hit: false }]);
    assert.deepEqual(highlight('一二三四五六', '', { maxLength: 3 }), [{ text: '一二三…', hit: false }]);
  });

  test('a Han character beyond the BMP is never cut in half', () => {
    const parts = highlight(`${'𠀀'.repeat(10)}安全`, '安全', { maxLength: 5 });
    for (const p of parts) assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p.text));
    assert.ok(parts.some((p) => p.hit && p.text === '安全'));
  });

  test('empty text gives no parts', () => {
    assert.deepEqual(highlight('', '安全'), []);
  });
});

// The same documents and queries on both backends, through the stored text and the built query:
// FTS5 with the default unicode61 tokenizer and with ascii, and PostgreSQL when configured.
const documents: Array<[number, string]> = [
  [1, '政府信息公开工作年度报告'],
  [2, '安全生產監督管理局 2018年'],
  [3, '关于印发《安全生产法》实施细则的通知'],
  [4, '国家标准 GB 32100-2015标准 统一社会信用代码'],
  [5, '行政复议决定书'],
  [6, '创建平安'],
  [7, '5安全'],
  [8, 'Café 信息 公开'],
  [9, '網站資訊公開'],
  [10, 'ＡＢＣ１２３ 全角'],
];

const searches: Array<{ q: string; ids: number[] }> = [
  { q: '信息公开', ids: [1] },
  { q: '安全生产', ids: [2, 3] },
  { q: '安全生產', ids: [2, 3] },
  { q: '安', ids: [2, 3, 6, 7] },
  { q: '5安', ids: [7] },
  { q: '2018', ids: [2] },
  { q: '2018年', ids: [2] },
  { q: '32100-2015', ids: [4] },
  { q: 'gb 标准', ids: [4] },
  { q: '"信息 公开"', ids: [8] },
  { q: 'cafe', ids: [8] },
  { q: 'CAFÉ', ids: [8] },
  { q: 'abc123', ids: [10] },
  { q: 'ＡＢＣ１２３', ids: [10] },
  { q: '资讯', ids: [9] },
  { q: '网站', ids: [9] },
  { q: '行政复议 决定', ids: [5] },
  { q: '政府 公开', ids: [1] },
  { q: '全', ids: [2, 3, 7, 10] },
  { q: '不存在', ids: [] },
];

for (const tokenizer of ['unicode61', 'ascii']) {
  describe(`SQLite FTS5 (${tokenizer}) over indexText`, () => {
    const db = new BetterSqlite3(':memory:');
    before(() => {
      db.exec(`create virtual table doc using fts5(body, tokenize = '${tokenizer}')`);
      const insert = db.prepare('insert into doc(rowid, body) values (?, ?)');
      for (const [id, text] of documents) insert.run(id, indexText(text));
    });
    after(() => db.close());
    const search = (match: string) =>
      (
        db.prepare('select rowid from doc where doc match ? order by rowid').all(match) as Array<{
          rowid: number;
        }>
      ).map((r) => r.rowid);

    for (const { q, ids } of searches) {
      test(`${JSON.stringify(q)} finds ${JSON.stringify(ids)}`, () => {
        assert.deepEqual(search(ftsMatch(q)!), ids);
      });
    }

    test('the stored tokens are exactly the index vocabulary (FTS5 changes none of them)', () => {
      db.exec("create virtual table if not exists vocab using fts5vocab(doc, 'row')");
      const vocab = (db.prepare('select term from vocab').all() as Array<{ term: string }>).map((r) => r.term).sort();
      const ours = [...new Set(documents.flatMap(([, text]) => indexTokens(text)))].sort();
      assert.deepEqual(vocab, ours);
    });

    test('every hostile query runs without an FTS5 syntax error', () => {
      for (const q of hostile) {
        const match = ftsMatch(q);
        if (match !== null) assert.doesNotThrow(() => search(match), JSON.stringify(q));
      }
    });
  });
}

const databaseUrl = process.env.GONGKAI_DATABASE_URL;
describe('PostgreSQL to_tsvector(simple) over indexText', {
  skip: databaseUrl ? false : 'GONGKAI_DATABASE_URL not set',
}, () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  before(async () => {
    await client.connect();
    await client.query('create temporary table doc (id int primary key, body text not null)');
    for (const [id, text] of documents) {
      await client.query('insert into doc (id, body) values ($1, $2)', [id, indexText(text)]);
    }
  });
  after(async () => {
    await client.end();
  });
  const search = async (tsquery: string) =>
    (
      await client.query<{ id: number }>("select id from doc where to_tsvector('simple', body) @@ to_tsquery('simple', $1) order by id", [
        tsquery,
      ])
    ).rows.map((r) => r.id);

  for (const { q, ids } of searches) {
    test(`${JSON.stringify(q)} finds ${JSON.stringify(ids)}, as FTS5 does`, async () => {
      assert.deepEqual(await search(tsQuery(q)!), ids);
    });
  }

  test('the lexemes are exactly the index tokens (the simple parser changes none of them)', async () => {
    for (const [, text] of documents) {
      const { rows } = await client.query<{ lexeme: string }>("select unnest(tsvector_to_array(to_tsvector('simple', $1))) as lexeme", [
        indexText(text),
      ]);
      assert.deepEqual(rows.map((r) => r.lexeme).sort(), [...new Set(indexTokens(text))].sort(), text);
    }
  });

  test('every hostile query runs without a tsquery syntax error', async () => {
    for (const q of hostile) {
      const ts = tsQuery(q);
      if (ts !== null) await assert.doesNotReject(search(ts), JSON.stringify(q));
    }
  });
});
