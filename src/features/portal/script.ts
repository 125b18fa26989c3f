import { toTraditional } from '../../domain/text.js';

// 繁體 pages: `?script=tw` on any portal page. The page is rendered in simplified Chinese as usual
// and the finished HTML is converted with OpenCC cn→tw (domain/text toTraditional). OpenCC maps
// Han characters to Han characters and leaves everything else — markup, attribute names, ASCII —
// byte for byte as it was; every URL the portal writes is percent-encoded ASCII, so no link, form
// action or CSRF token can change. The tests check both on real pages.

export const SCRIPT_PARAM = 'script';

export function wantsTraditional(query: unknown): boolean {
  return !!query && typeof query === 'object' && (query as Record<string, unknown>)[SCRIPT_PARAM] === 'tw';
}

const MARK_TAG = /<\/?mark>/g;

/**
 * The page in Taiwan forms. Search highlights are taken out before the conversion and put back at
 * the same places after it: OpenCC converts phrases (头发 → 頭髮, 发展 → 發展), and a <mark> inside
 * one split it, so a highlighted 头<mark>发</mark> became 頭<mark>發</mark> where the item page says
 * 頭髮. OpenCC maps each Han string to one of the same length (see normalizeAligned in domain/text),
 * so offsets survive; if a conversion ever changes the length, the page converts as it is.
 */
export function traditionalHtml(html: string): string {
  if (!html.includes('<mark>')) return toTraditional(html);
  const tags: { at: number; tag: string }[] = [];
  let bare = '';
  let last = 0;
  for (const m of html.matchAll(MARK_TAG)) {
    bare += html.slice(last, m.index);
    tags.push({ at: bare.length, tag: m[0] });
    last = m.index + m[0].length;
  }
  bare += html.slice(last);
  const converted = toTraditional(bare);
  if (converted.length !== bare.length) return toTraditional(html);
  let out = '';
  let from = 0;
  for (const t of tags) {
    out += converted.slice(from, t.at) + t.tag;
    from = t.at;
  }
  return out + converted.slice(from);
}

/**
 * A portal URL with its query, percent-encoded (so that the 繁體 conversion cannot touch it), and
 * `script=tw` kept when the reader chose traditional characters.
 */
export function portalUrl(tw: boolean, path: string, params: Record<string, string | number | null | undefined> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') sp.set(k, String(v));
  if (tw) sp.set(SCRIPT_PARAM, 'tw');
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}

/** The same page in the other script: the request's own query with `script` toggled. */
export function toggleScriptUrl(url: string, tw: boolean): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const sp = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  if (tw) sp.delete(SCRIPT_PARAM);
  else sp.set(SCRIPT_PARAM, 'tw');
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}
