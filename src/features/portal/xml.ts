// Atom 1.0 (RFC 4287) feeds and sitemaps (sitemaps.org 0.9), written as strings. Every piece of
// text goes through `xmlText`, which escapes markup and drops the characters XML 1.0 forbids (a
// control character pasted into a title would otherwise make the whole feed unreadable).

/** True for a code point XML 1.0 allows in a document (§2.2 Char), lone surrogates excluded. */
export function isXmlChar(c: number): boolean {
  return (
    c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
  );
}

function dropInvalid(s: string): string {
  let out = '';
  // for…of walks code points; a lone surrogate comes out on its own and fails isXmlChar.
  for (const ch of s) if (isXmlChar(ch.codePointAt(0)!)) out += ch;
  return out;
}

export function xmlText(s: string): string {
  return dropInvalid(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The instant a China calendar date starts, as an RFC 3339 date-time. */
export function chinaDayStart(date: string): string {
  return `${date}T00:00:00+08:00`;
}

export interface FeedEntry {
  id: string;
  url: string;
  title: string;
  updated: string;
  published: string;
  summary: string | null;
  author: string;
  category: string | null;
}

export interface Feed {
  id: string;
  title: string;
  subtitle: string;
  selfUrl: string;
  pageUrl: string;
  author: string;
  updated: string;
  entries: FeedEntry[];
}

export function atomFeed(f: Feed): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `<id>${xmlText(f.id)}</id>`,
    `<title>${xmlText(f.title)}</title>`,
    `<subtitle>${xmlText(f.subtitle)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(f.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(f.pageUrl)}"/>`,
    `<updated>${xmlText(f.updated)}</updated>`,
    `<author><name>${xmlText(f.author)}</name></author>`,
    '<generator>gongkai</generator>',
  ];
  for (const e of f.entries) {
    out.push(
      '<entry>',
      `<id>${xmlText(e.id)}</id>`,
      `<title type="text">${xmlText(e.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlText(e.url)}"/>`,
      `<published>${xmlText(e.published)}</published>`,
      `<updated>${xmlText(e.updated)}</updated>`,
      `<author><name>${xmlText(e.author)}</name></author>`,
      ...(e.category ? [`<category term="${xmlText(e.category)}"/>`] : []),
      ...(e.summary ? [`<summary type="text">${xmlText(e.summary)}</summary>`] : []),
      '</entry>',
    );
  }
  out.push('</feed>');
  return `${out.join('\n')}\n`;
}

/** At most this many URLs in one sitemap file (sitemaps.org); more go into several files under an index. */
export const sitemapSettings = { urlsPerFile: 50_000 };

export function sitemapUrlset(urls: { loc: string; lastmod?: string | null }[]): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const u of urls) out.push(`<url><loc>${xmlText(u.loc)}</loc>${u.lastmod ? `<lastmod>${xmlText(u.lastmod)}</lastmod>` : ''}</url>`);
  out.push('</urlset>');
  return `${out.join('\n')}\n`;
}

export function sitemapIndex(locs: string[]): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const loc of locs) out.push(`<sitemap><loc>${xmlText(loc)}</loc></sitemap>`);
  out.push('</sitemapindex>');
  return `${out.join('\n')}\n`;
}
