import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toTraditional } from '../src/domain/text.js';
import { bodyDropped, sanitizeBody, sanitizeBodyParsed, storedBody, textOf, textOfSanitized } from '../src/features/catalog/html.js';
import { randomStrings } from './helpers/random.js';

// textOfSanitized skips the second sanitize-html pass that textOf makes; on sanitizeBody's output
// both must give the same text, or search tokens would depend on which one computed them.
describe('textOfSanitized gives textOf’s text for every sanitized body', () => {
  const cases: [string, string, string][] = [
    ['paragraphs and line breaks', '<p>第一段</p><p>第二段<br>换行</p>', '第一段\n第二段\n换行'],
    [
      'entities kept as typed',
      '<p>A &amp;lt; B &amp; C &lt; D &gt; E &quot;F&quot; &#39;G&#39; &nbsp;H</p>',
      'A &lt; B & C < D > E "F" \'G\' \u00a0H',
    ],
    ['attributes with quotes and angle brackets', '<a href="http://x.cn/?a=1&b=2" title="a>b &quot;q&quot;">链接</a>', '链接'],
    ['script, style and comments removed', '<p>x<script>alert(1)</script><style>p{}</style><!-- c -->y</p>', 'xy'],
    [
      'tables and lists',
      '<table><tr><td colspan="2">甲</td></tr><tr><td>乙</td></tr></table><ul><li>丙</li><li>丁</li></ul>',
      '甲\n乙\n丙\n丁',
    ],
    ['stray angle brackets in text', '1 < 2 > 0 <p', '1 < 2 > 0'],
    [
      'table cells apart: neighbouring numbers stay two numbers',
      '<table><caption>表1</caption><tr><th>年份</th><th>件数</th></tr><tr><td>2023</td><td>15</td></tr></table><p>后文</p>',
      '表1\n年份\t件数\n2023\t15\n后文',
    ],
  ];
  for (const [what, input, text] of cases)
    test(what, () => {
      const html = sanitizeBody(input);
      assert.equal(textOf(html), text);
      assert.equal(textOfSanitized(html), text);
    });

  test('30,000 random bodies built from awkward pieces', () => {
    const pieces = [
      '<p>',
      '</p>',
      '<br>',
      '<br/>',
      '<b>',
      '</b>',
      '<a href="http://x.cn/?a=1&b=2">',
      '</a>',
      '<a title="a>b \'q\' &quot;">',
      '<!-- c -->',
      '<script>x</script>',
      '<style>p{}</style>',
      '&amp;',
      '&lt;',
      '&gt;',
      '&nbsp;',
      '&#39;',
      '&#x41;',
      '&copy;',
      '&',
      '<',
      '>',
      '"',
      "'",
      '\n',
      '  ',
      '\t',
      '政府',
      'abc',
      '<table><tr><td colspan="2">x</td></tr></table>',
      '<div>',
      '</div>',
      '<h2>',
      '</h2>',
      '<li>',
      '<ul>',
      '</ul>',
      '<img src=x onerror=alert(1)>',
      '<textarea>t</textarea>',
      '<iframe src="x"></iframe>',
      '<span style="color:red">s</span>',
      '</',
      '<p',
      '&amp;lt;',
      '\u00a0',
      '<hr>',
      '<pre>  a\n  b</pre>',
    ];
    for (const body of randomStrings(pieces, 30_000, 20, 11)) {
      const html = sanitizeBody(body);
      assert.equal(textOfSanitized(html), textOf(html), JSON.stringify(body));
    }
  });
});

describe('bodies of bare paragraphs skip sanitize-html and come out as it would give them', () => {
  test('50,000 random bodies of <p> paragraphs, awkward text and near misses', () => {
    const pieces = [
      '</p><p>',
      '</p>\n<p>',
      '<p>',
      '</p>',
      '政府信息',
      'abc',
      ' ',
      '\n',
      '\r\n',
      '\t',
      '\u0000',
      '"',
      "'",
      '=',
      '`',
      '/',
      '＜＞＆',
      '\u00a0',
      '\u2028',
      '\uD800',
      '😀',
    ];
    const nearMisses = ['<', '>', '&', '&amp;', '<P>', '<p >', '</p', '<br>', '<p class="x">', '<script>x</script>', '<!-- c -->'];
    let unchanged = 0;
    let k = 0;
    for (const body of randomStrings(pieces, 50_000, 12, 7)) {
      // Every fifth body gets one piece that must send it through the parser.
      const input = `<p>${k++ % 5 === 0 ? body + nearMisses[k % nearMisses.length] + body : body}</p>`;
      const out = sanitizeBody(input);
      assert.equal(out, sanitizeBodyParsed(input), JSON.stringify(input));
      if (out === input && input.includes('<p>')) unchanged++;
    }
    assert.ok(unchanged > 15_000, `${unchanged} bodies with paragraphs came out unchanged`);
  });
});

describe('links in bodies are ASCII, so the 繁體 page (OpenCC over the whole HTML) cannot change them', () => {
  test('Chinese paths, queries and hosts are percent-encoded or punycode; the traditional conversion leaves them', () => {
    const html = sanitizeBody(
      '<p><a href="https://www.gov.cn/zhengce/发布/国务院.html?q=统计">通知</a> <a href="/gk/search?q=安全">检索</a> <a href="http://政府.中国/">域名</a></p>',
    );
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    assert.deepEqual(hrefs, [
      'https://www.gov.cn/zhengce/%E5%8F%91%E5%B8%83/%E5%9B%BD%E5%8A%A1%E9%99%A2.html?q=%E7%BB%9F%E8%AE%A1',
      '/gk/search?q=%E5%AE%89%E5%85%A8',
      'http://xn--mxtq1m.xn--fiqs8s/',
    ]);
    assert.deepEqual(
      [...toTraditional(html).matchAll(/href="([^"]*)"/g)].map((m) => m[1]!),
      hrefs,
    );
    assert.match(toTraditional(html), />檢索</, 'the text itself is converted');
    // Still the same address for the browser.
    assert.equal(decodeURI(new URL(hrefs[0]!).pathname), '/zhengce/发布/国务院.html');
  });
  test('a lone surrogate in a link does not break sanitizing', () => {
    assert.match(sanitizeBody('<a href="/x/\uD800y">z</a>'), /href="\/x\/%EF%BF%BDy"/);
  });
});

describe('bodyDropped names what the sanitizer takes out of a body as typed', () => {
  test('what Word or a web page leaves in a paste: images, fonts, styles, classes, a link in another scheme', () => {
    const pasted =
      '<p class="MsoNormal" style="color:red">正文<img src="http://x.cn/a.png"><font face="宋体">字</font>' +
      '<a href="ftp://x.cn/y">链接</a><a href="https://x.cn/">好链接</a><a href="//x.cn/">无协议</a></p><select><option>选项</option></select>';
    assert.deepEqual(bodyDropped(pasted), [
      '图片（<img>，图片请作为附件上传）',
      '字体设置（<font>，文字保留）',
      '<select> 标签（其中的文字保留）',
      '<option> 标签及其中的文字',
      '样式类（class 属性）',
      '样式（style 属性）',
      '2 个链接的地址（只保留 http、https、mailto 地址）',
    ]);
    // Each of them is indeed gone from what is stored.
    const kept = sanitizeBody(pasted);
    assert.doesNotMatch(kept, /<img|<font|class=|style=|ftp:|<select|<option|选项|"\/\/x/);
    assert.match(kept, /字/);
  });
  test('a body the sanitizer keeps as it is names nothing', () => {
    const clean =
      '<h2>一、总体情况</h2><p>文字<strong>加粗</strong><a href="https://www.gov.cn/" title="中国政府网">链接</a></p><table><tr><td colspan="2">格</td></tr></table>';
    assert.equal(sanitizeBody(clean), clean);
    assert.deepEqual(bodyDropped(clean), []);
  });
  test('many of a kind are named four at a time, then counted, so the notice stays short', () => {
    const many = Array.from({ length: 12 }, (_, i) => `<p data-k${i}="v">x</p>`).join('');
    assert.deepEqual(bodyDropped(many), ['data-k0、data-k1、data-k2、data-k3 等 12 种属性']);
    // What Word leaves: tags of its own, a long one cut.
    const word =
      '<p lang="EN-US"><o:p></o:p><v:shape>x</v:shape><w:wrap></w:wrap><st1:chsdate>日</st1:chsdate><x-a-tag-name-of-thirty-chars>y</x-a-tag-name-of-thirty-chars></p>';
    assert.deepEqual(bodyDropped(word), ['<o:p>、<v:shape>、<w:wrap>、<st1:chsdate> 等 5 种标签（其中的文字保留）', 'lang 属性']);
    assert.deepEqual(bodyDropped('<p><x-a-tag-name-of-thirty-chars>y</x-a-tag-name-of-thirty-chars></p>'), [
      '<x-a-tag-name-of-thirty-… 标签（其中的文字保留）',
    ]);
  });
});

describe('a body typed as plain text becomes paragraphs, one a line', () => {
  const cases: [string, string, string][] = [
    ['one line', '各学校：现部署安全生产大检查。', '<p>各学校：现部署安全生产大检查。</p>'],
    [
      'lines as typed in a textarea',
      '第一条　为了规范。\r\n第二条　本办法适用于。',
      '<p>第一条　为了规范。</p><p>第二条　本办法适用于。</p>',
    ],
    ['blank lines only separate', '甲\n\n\n乙\n', '<p>甲</p><p>乙</p>'],
    ['a lone CR ends a line too', '甲\r乙', '<p>甲</p><p>乙</p>'],
    ['ASCII spaces at the ends go, 全角 indentation stays', '  \t　　正文缩进两格。 \n', '<p>　　正文缩进两格。</p>'],
    [
      'characters that are not markup are kept as text',
      '1<2 且 3 > 2，A&B，&nbsp; 照录',
      '<p>1&lt;2 且 3 &gt; 2，A&amp;B，&amp;nbsp; 照录</p>',
    ],
    ['nothing but whitespace is an empty body', ' \n\r\n\t', ''],
  ];
  for (const [name, input, expected] of cases)
    test(name, () => {
      assert.equal(sanitizeBody(input), expected);
      // What is stored goes through sanitizeBody again on every page view: it must not change.
      assert.equal(sanitizeBody(expected), expected);
      assert.equal(sanitizeBodyParsed(expected), expected);
    });

  test('a body with any markup is HTML, even with line breaks in it', () => {
    assert.equal(sanitizeBody('<b>甲</b>\n乙'), '<b>甲</b>\n乙');
    assert.equal(sanitizeBody('甲<br>乙'), '甲<br />乙');
    assert.equal(sanitizeBody('<!-- 注释 -->\n甲'), '\n甲');
  });

  test('the text of such a body keeps its lines apart, for search and the scan', () => {
    assert.equal(textOfSanitized(sanitizeBody('北京\n市场')), '北京\n市场');
  });
});

describe('a stored body is shown sanitized again; one stored as plain text keeps its escaping', () => {
  const cases: [string, string, string][] = [
    ['a body stored as HTML', '<p>甲 &amp; 乙</p><script>x</script>', '<p>甲 &amp; 乙</p>'],
    ['a plain-text body stored escaped, before paragraphs', 'A &amp; B\n\n1 &lt; 2', '<p>A &amp; B</p><p>1 &lt; 2</p>'],
    ['what sanitizeBody stores now comes back unchanged', sanitizeBody('A & B\n1 < 2'), '<p>A &amp; B</p><p>1 &lt; 2</p>'],
  ];
  for (const [name, stored, shown] of cases) test(name, () => assert.equal(storedBody(stored), shown));
});
