import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../../format.js';

// Item bodies are rich text typed or pasted by officers. What reaches the portal is rebuilt from an
// allow-list: no script, no event handler, no style, no foreign frames; links only http(s)/mailto.

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'a',
    'hr',
    'pre',
    'code',
    'span',
    'div',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Dropped with their text (sanitize-html's own list, written out so that bodyDropped can say so).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp'],
  // Links as ASCII: the 繁體 portal converts whole pages with OpenCC (portal/script.ts), which would
  // turn https://www.gov.cn/发布/ into a different address 發佈.
  transformTags: {
    a: (tagName, attribs) => (attribs.href ? { tagName, attribs: { ...attribs, href: asciiUrl(attribs.href) } } : { tagName, attribs }),
  },
};

/** A URL with no character above U+007F: absolute ones as the URL standard serializes them (punycode host, percent-encoded path), others percent-encoded where needed. */
export function asciiUrl(href: string): string {
  if (/^\p{ASCII}*$/u.test(href)) return href;
  const wellFormed = href.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  try {
    return new URL(wellFormed).href;
  } catch {
    return wellFormed.replace(/\P{ASCII}+/gu, (run) => encodeURIComponent(run));
  }
}

/**
 * Text in bare <p> paragraphs, holding no other tag, no entity and no `<`, `>` or `&`: sanitize-html
 * gives such a body back exactly as it is (it only escapes those three characters in text), so it
 * skips the parser, which costs ~16 µs a call before it reads a character — the bulk import runs it
 * for every row, the portal for every item page. Linear: every repetition starts at a `<`, which
 * the text runs cannot hold. The tests compare the two on many such bodies.
 */
const PLAIN_PARAGRAPHS = /^[^<>&]*(?:<p>[^<>&]*<\/p>[^<>&]*)*$/;

export function sanitizeBody(html: string): string {
  if (!MARKUP.test(html)) return textParagraphs(html);
  return PLAIN_PARAGRAPHS.test(html) ? html : sanitizeBodyParsed(html);
}

/** Where an HTML parser starts a tag, a comment or a declaration: `<` before a letter, `/`, `!` or `?`. */
const MARKUP = /<[a-zA-Z/!?]/;

/**
 * A body with no markup at all is text as it was typed (a form without the editor, a plain-text
 * column of an older system): each line is a paragraph, as in a 公文, and blank lines only
 * separate. Left as text, its lines would run together on the page. The characters are kept as
 * typed (`&` is an ampersand, not the start of an entity), leading 全角 spaces included, which a
 * browser does not collapse and 公文 use to indent.
 */
export function textParagraphs(text: string): string {
  return lineParagraphs(text, escapeHtml);
}

/**
 * A stored body for a page (portal, API, preview), sanitized again so that a row written by any
 * other path cannot put active content there. A stored body with no markup is one saved before
 * textParagraphs existed: it is sanitize-html's output, text already escaped (`A &amp; B`), so its
 * lines become paragraphs as they are — through textParagraphs they would show `&amp;`.
 */
export function storedBody(html: string): string {
  return MARKUP.test(html) ? sanitizeBody(html) : sanitizeBodyParsed(lineParagraphs(html, (t) => t));
}

function lineParagraphs(text: string, asHtml: (line: string) => string): string {
  let out = '';
  for (const line of text.split(/\r\n?|\n/)) {
    const t = line.replace(/^[ \t\f\v]+|[ \t\f\v]+$/g, '');
    if (t !== '') out += `<p>${asHtml(t)}</p>`;
  }
  return out;
}

/** sanitizeBody without the shortcut: always through sanitize-html (the tests compare the two). */
export function sanitizeBodyParsed(html: string): string {
  return sanitizeHtml(html, options);
}

/** Tags discarded with their content, not only the tag (options.nonTextTags). */
const DROPPED_WITH_TEXT = new Set(options.nonTextTags as string[]);

/**
 * What sanitizeBody takes out of a body as typed, in words for the officer who pasted it (from Word
 * or a web page): tags it drops (their text stays, except in a few), attributes, and links in a
 * scheme the portal does not serve. Shown after saving, so that nothing goes silently — the
 * preview on the item page shows the rest. At most eight entries, each naming a few, then 等.
 */
export function bodyDropped(html: string): string[] {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  let badLinks = 0;
  const allowedTags = new Set(options.allowedTags as string[]);
  const allowedAttributes = options.allowedAttributes as Record<string, string[]>;
  const allowedSchemes = new Set(options.allowedSchemes as string[]);
  sanitizeHtml(html, {
    ...options,
    transformTags: {
      ...options.transformTags,
      '*': (tagName, attribs) => {
        if (!allowedTags.has(tagName)) tags.add(tagName);
        else
          for (const a of Object.keys(attribs)) {
            if (!(allowedAttributes[tagName] ?? []).includes(a)) attributes.add(a);
            else if (a === 'href') {
              const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(attribs.href ?? '')?.[1]?.toLowerCase();
              if ((scheme && !allowedSchemes.has(scheme)) || /^\s*\/\//.test(attribs.href ?? '')) badLinks++;
            }
          }
        return { tagName, attribs };
      },
    },
  });
  // Word leaves many tags of its own (<o:p>, <v:shape>, <st1:chsdate> …): the rest are named a few at a time.
  const some = (list: string[], unit: string) =>
    list
      .slice(0, 4)
      .map((x) => (x.length > 24 ? `${x.slice(0, 24)}…` : x))
      .join('、') + (list.length > 4 ? ` 等 ${list.length} 种${unit}` : ` ${unit}`);
  const other = [...tags].filter((t) => t !== 'img' && t !== 'font' && !DROPPED_WITH_TEXT.has(t)).map((t) => `<${t}>`);
  const withText = [...tags].filter((t) => DROPPED_WITH_TEXT.has(t)).map((t) => `<${t}>`);
  const otherAttributes = [...attributes].filter((a) => a !== 'style' && a !== 'class');
  return [
    ...(tags.has('img') ? ['图片（<img>，图片请作为附件上传）'] : []),
    ...(tags.has('font') ? ['字体设置（<font>，文字保留）'] : []),
    ...(other.length ? [`${some(other, '标签')}（其中的文字保留）`] : []),
    ...(withText.length ? [`${some(withText, '标签')}及其中的文字`] : []),
    ...(attributes.has('class') ? ['样式类（class 属性）'] : []),
    ...(attributes.has('style') ? ['样式（style 属性）'] : []),
    ...(otherAttributes.length ? [some(otherAttributes, '属性')] : []),
    ...(badLinks ? [`${badLinks} 个链接的地址（只保留 http、https、mailto 地址）`] : []),
  ];
}

/** Why a body is refused outright: active content is an error to show, not something to drop quietly. */
export function activeContentProblem(html: string): string | null {
  if (/<\s*script\b/i.test(html)) return '正文不能包含脚本（<script>），请删除后再保存';
  if (/<[^>]+\son[a-z]+\s*=/i.test(html)) return '正文不能包含事件属性（如 onclick、onerror），请删除后再保存';
  if (/(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data):/i.test(html)) return '正文中的链接不能使用 javascript: 或 data: 地址';
  if (/<\s*(?:iframe|object|embed|form|style|link|meta|base)\b/i.test(html)) return '正文不能嵌入框架、表单、样式或外部对象';
  return null;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ', apos: "'" };

/** The plain text of a body, for search and the pre-review scan. Block ends become line breaks. */
export function textOf(html: string): string {
  return plainText(sanitizeHtml(blockBreaks(html), { allowedTags: [], allowedAttributes: {} }));
}

/**
 * textOf for what sanitizeBody returned, without parsing it again (sanitize-html costs ~35 µs a
 * call before it reads a character; the bulk import computes this for every row). Its output is
 * well-formed: comments and unknown elements are gone, and `<`, `>` and `"` appear escaped in text
 * and attribute values, so every `<…>` is a tag and dropping them leaves what textOf keeps.
 */
export function textOfSanitized(html: string): string {
  return plainText(blockBreaks(html).replace(/<[^>]*>/g, ''));
}

/**
 * Block ends become line breaks, and table cells end in a tab: 〈td〉2023〈/td〉〈td〉15〈/td〉 is
 * "2023\t15", not the number 202315, and 北京 | 市场 is not the phrase 京市 — for search, the scan
 * (a 身份证号 assembled from neighbouring cells) and snippets alike.
 */
const blockBreaks = (html: string) =>
  html
    .replace(/<\s*\/(?:td|th)\b[^>]*>/gi, '\t')
    .replace(/<\s*(?:br|\/p|\/h\d|\/li|\/tr|\/div|\/blockquote|\/caption|\/pre|hr)\b[^>]*>/gi, '\n');

function plainText(escaped: string): string {
  return escaped
    .replace(/&(#?\w+);/g, (m, e: string) => entities[e] ?? (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : m))
    .replace(/[ \t]+(?=\n|$)/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
