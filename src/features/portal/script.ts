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

export function traditionalHtml(html: string): string {
  return toTraditional(html);
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
