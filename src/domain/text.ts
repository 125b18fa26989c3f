// The one tokenizer for search, and the script conversions around it. Pure functions, no I/O.
//
// Both search backends store the output of `indexText` and query it with what `ftsMatch` /
// `tsQuery` build, so they see the same tokens and return the same rows (DESIGN.md "Search"):
// SQLite FTS5 over pre-tokenized text, PostgreSQL to_tsvector('simple', …) over the same text.
// Han runs become overlapping bigrams, because FTS5's trigram tokenizer returns nothing for the
// two-character words that most Chinese words are, and pg_trgm gets no trigram from them either
// (STACK.md "Database and search").
//
// Every token is made only of letters and digits, lower-case, with Latin diacritics already
// folded, and tokens are separated by single ASCII spaces. So the stored text is a fixed point of
// both backends' own tokenizers — FTS5's `ascii` or `unicode61` (whose default remove_diacritics
// would otherwise fold café to cafe where PostgreSQL keeps café), and PostgreSQL's `simple` parser —
// and no user input can reach either query syntax except as a quoted run of letters and digits.

import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;

// Building an OpenCC converter loads its dictionaries (~470 ms in STACK.md "Text and calendar";
// measured here: ~25 ms for hk→cn, ~290 ms for cn→tw), so each is built once, on first use.
let simplifier: Convert | undefined;
let traditionalizer: Convert | undefined;

// Source 'hk' (HK variants, then OpenCC's traditional→simplified phrases and characters) to 'cn'.
// Measured on the five seed reports: 't', 'hk' and 'tw' convert 安全生產/網站/資訊 alike
// (安全生产/网站/资讯); 'hk' also folds the HK variant 衞 → 卫, which 't' and 'tw' leave alone, and
// it leaves simplified text untouched, whereas 'tw' turns 么 into 幺 ("这就么一点" in seed 002) and
// 著 into 着. 'twp' would map the Taiwan word 資訊 to 信息, but its vocabulary table also rewrites
// ordinary simplified text — 程序 → 进程, 文件 → 文档, 建立 → 创建, 效能 → 性能 in seeds 000, 002
// and 003 — so 资讯/資訊 stays a different word from 信息 here, as it is in mainland usage.
function simplifyHan(text: string): string {
  simplifier ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return convertWhereNeeded(text, simplifier);
}

// Most text here is already simplified, and OpenCC's four trie passes cost ~0.4 µs a character
// whether or not anything changes (the bulk import tokenizes every body). Two facts about the
// dictionaries make most of that work skippable, exactly:
// - a character that occurs in no dictionary key can never be part of a match, so no pass
//   matches across it: the text converts piece by piece between such characters;
// - an entry whose source differs from its result differs in at least one character of the
//   source (all of them if the lengths differ), so a piece holding none of those "changing"
//   characters matches only entries that map to themselves, and comes out as it went in.
// Only the pieces that hold a changing character go through OpenCC. The tests compare the
// result with the converter itself.
interface CharTable {
  /** Per BMP code unit: 1 = occurs in some key, 2 = also a changing character. */
  bmp: Uint8Array;
  astralInKey: Set<number>;
  astralChanging: Set<number>;
}
let hk2sTable: CharTable | undefined;

function hk2sCharacters(): CharTable {
  const t: CharTable = { bmp: new Uint8Array(0x10000), astralInKey: new Set(), astralChanging: new Set() };
  const mark = (ch: string, changes: boolean) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x10000) t.bmp[cp] = Math.max(t.bmp[cp]!, changes ? 2 : 1);
    else {
      t.astralInKey.add(cp);
      if (changes) t.astralChanging.add(cp);
    }
  };
  // The dictionaries Converter({ from: 'hk', to: 'cn' }) is built from (opencc-js's hk2s preset;
  // its type declarations omit normalizationChain).
  type Dict = string | readonly (readonly [string, string])[];
  const config = OpenCC.Locale.configs?.hk2s as
    | {
        normalizationChain?: readonly (readonly Dict[])[];
        segmentation: Dict | readonly Dict[];
        conversionChain: readonly (readonly Dict[])[];
      }
    | undefined;
  if (!config) throw new Error('opencc-js has no hk2s configuration');
  // A segmentation is one dictionary or a group of them.
  const segmentation = config.segmentation;
  const isGroup = Array.isArray(segmentation) && segmentation.every((d) => typeof d === 'string' || Array.isArray(d[0]));
  const dicts: Dict[] = [
    ...(config.normalizationChain ?? []).flat(),
    ...(isGroup ? (segmentation as readonly Dict[]) : [segmentation as Dict]),
    ...config.conversionChain.flat(),
  ];
  for (const dict of dicts) {
    const entries: readonly (readonly string[])[] = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
    for (const [from, to] of entries) {
      if (from === undefined) continue;
      const a = Array.from(from);
      const b = Array.from(to ?? '');
      for (let i = 0; i < a.length; i++) mark(a[i]!, from !== to && (a.length !== b.length || a[i] !== b[i]));
    }
  }
  return t;
}

// Ideographic description characters make OpenCC skip the sequence they start as one unit, which
// may reach across a piece boundary: text holding one is converted whole.
const IDS = /[\u2FF0-\u2FFF]/;

function convertWhereNeeded(text: string, convert: Convert): string {
  hk2sTable ??= hk2sCharacters();
  const { bmp, astralInKey, astralChanging } = hk2sTable;
  let out = '';
  let from = 0; // start of the piece being read
  let copied = 0; // text before this is in `out`
  let changes = false;
  let any = false;
  for (let i = 0; i <= text.length; i++) {
    let kind = 0;
    let width = 1;
    if (i < text.length) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) {
          width = 2;
          kind = astralChanging.has(cp) ? 2 : astralInKey.has(cp) ? 1 : 0;
        } else kind = bmp[c]!;
      } else kind = bmp[c]!;
      if (kind === 2) changes = true;
      if (kind !== 0) {
        i += width - 1;
        continue;
      }
    }
    // A boundary (or the end): the piece [from, i) converts on its own.
    if (changes) {
      if (!any && IDS.test(text)) return convert(text);
      any = true;
      out += text.slice(copied, from) + convert(text.slice(from, i));
      copied = i;
    }
    changes = false;
    from = i + width;
    i += width - 1;
  }
  return any ? out + text.slice(copied) : text;
}

/** Simplified Chinese from traditional (Taiwan, Hong Kong or OpenCC-standard forms). Nothing else changes. */
export function toSimplified(text: string): string {
  return simplifyHan(text);
}

/** Traditional Chinese in Taiwan forms, for rendering the interface in zh-TW. */
export function toTraditional(text: string): string {
  // 'tw', not 't': 't' gives OpenCC's own standard forms (裏, 着), which Taiwan readers do not
  // use (STACK.md "Text and calendar").
  traditionalizer ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return traditionalizer(text);
}

/** NFKC, lower-case; final sigma folded so that ΣΟΦΟΣ and σοφοσ meet. */
function foldCase(text: string): string {
  // toLowerCase turns a word-final Σ into ς but a lone Σ into σ; folding ς keeps the whole-text
  // and the per-character paths (normalize and normalizeAligned) identical.
  return text.normalize('NFKC').toLowerCase().replace(/ς/g, 'σ');
}

/**
 * The form that text is searched in: NFKC (full-width letters, digits and spaces to half-width,
 * compatibility ideographs to unified ones), lower-case, traditional → simplified, whitespace
 * runs collapsed to one space, trimmed.
 */
export function normalize(text: string): string {
  return simplifyHan(foldCase(text)).replace(/\s+/g, ' ').trim();
}

/** Normalized text plus, for each of its UTF-16 units, the range of the original it came from. */
export interface AlignedText {
  text: string;
  start: number[];
  end: number[];
}

// NFKC composes a base character with the combining marks after it, and Hangul vowel and final
// jamo with the syllable before them; such a "unit" is normalized as one piece.
const EXTENDER = /^[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]$/u;

function isExtender(cp: number): boolean {
  // Nothing below U+0300 and no CJK ideograph is a mark; the test is for everything else.
  if (cp < 0x300 || (cp >= 0x3400 && cp <= 0x9fff)) return false;
  return EXTENDER.test(String.fromCodePoint(cp));
}

// The characters JavaScript's \s matches (ECMA-262 WhiteSpace and LineTerminator).
const SPACES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);

/** foldCase of one unit, without calling NFKC where it cannot change anything. */
function foldUnit(unit: string): string {
  if (unit.length === 1) {
    const c = unit.charCodeAt(0);
    if (c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : unit;
    // CJK Unified Ideographs and Extension A have no compatibility mappings and no case.
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) return unit;
  }
  return foldCase(unit);
}

/**
 * normalize(), computed unit by unit so that every character of the result can be traced back
 * to the original. NFKC changes lengths (㈱ → (株), ﬁ → fi), and a highlight must mark original
 * characters. The tests check that `.text` always equals normalize(text).
 */
export function normalizeAligned(text: string): AlignedText {
  const cps: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  while (i < text.length) {
    let j = i + codePointWidth(text, i);
    while (j < text.length && isExtender(text.codePointAt(j)!)) j += codePointWidth(text, j);
    for (const cp of foldUnit(text.slice(i, j))) {
      cps.push(cp);
      from.push(i);
      to.push(j);
    }
    i = j;
  }
  // OpenCC's traditional→simplified dictionaries map Han strings to Han strings of the same
  // number of code points (checked on opencc-js 1.4.2), so code point i of the output stands
  // where code point i of the input stood. If a future dictionary breaks that, fall back to
  // converting character by character rather than misplacing highlights.
  let converted = Array.from(simplifyHan(cps.join('')));
  if (converted.length !== cps.length) converted = cps.map(simplifyHan);

  const out: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let pendingSpace: { a: number; b: number } | undefined;
  for (let k = 0; k < converted.length; k++) {
    const piece = converted[k]!;
    if (piece.length === 1 && SPACES.has(piece.charCodeAt(0))) {
      if (pendingSpace) pendingSpace.b = to[k]!;
      else pendingSpace = { a: from[k]!, b: to[k]! };
      continue;
    }
    if (pendingSpace && out.length > 0) {
      out.push(' ');
      start.push(pendingSpace.a);
      end.push(pendingSpace.b);
    }
    pendingSpace = undefined;
    out.push(piece);
    for (let u = 0; u < piece.length; u++) {
      start.push(from[k]!);
      end.push(to[k]!);
    }
  }
  return { text: out.join(''), start, end };
}

// Han runs first: a non-Han branch written as [\p{L}\p{N}]+ swallows Han characters ("5安全"
// became one token) and lost 9% of hits in a measurement (STACK.md). A Han character must also be
// a letter or number: the CJK radicals (⺁ …) are Script=Han but symbols, which FTS5's unicode61
// treats as separators, so letting them into a bigram would split it in one backend only.
const SEGMENT = /((?:(?=[\p{L}\p{N}])\p{Script=Han})+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** Latin letters lose their diacritics (é → e), as FTS5's unicode61 would do and PostgreSQL would not. */
function foldWord(word: string): string {
  if (/^[\p{ASCII}]*$/u.test(word)) return word;
  return word
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
}

function segments(normalized: string): Array<{ han: boolean; text: string }> {
  return Array.from(normalized.matchAll(SEGMENT), (m) => ({ han: m[1] !== undefined, text: m[0] }));
}

/** One token with its place in the normalized text (UTF-16 offsets). */
interface PlacedToken {
  token: string;
  start: number;
  end: number;
}

/** Calls `emit` for each token of normalized text, in order. A callback, not an array of
 *  objects, because indexing runs over every stored text (about 3× faster on a 1 MB text). */
function eachToken(normalized: string, emit: (token: string, start: number, end: number) => void): void {
  for (const m of normalized.matchAll(SEGMENT)) {
    const run = m[0];
    const at = m.index;
    if (m[1] === undefined) {
      emit(foldWord(run), at, at + run.length);
      continue;
    }
    // By code point: Han characters beyond the BMP (扩展B区 and later) are two UTF-16 units.
    let i = 0;
    let w1 = codePointWidth(run, 0);
    while (i + w1 < run.length) {
      const w2 = codePointWidth(run, i + w1);
      emit(run.slice(i, i + w1 + w2), at + i, at + i + w1 + w2);
      i += w1;
      w1 = w2;
    }
    // The run's last character as a unigram: every occurrence of a character is then either the
    // start of a bigram or this unigram, so the prefix query 安* finds all of them.
    emit(run.slice(i), at + i, at + run.length);
  }
}

function codePointWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

function placedTokens(normalized: string): PlacedToken[] {
  const out: PlacedToken[] = [];
  eachToken(normalized, (token, start, end) => out.push({ token, start, end }));
  return out;
}

/** The search tokens of a text: Han runs as overlapping bigrams plus the run's last character, other letters and digits as whole words. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  eachToken(normalize(text), (token) => out.push(token));
  return out;
}

/** What gets stored for search: the tokens joined by single spaces. */
export function indexText(text: string): string {
  return indexTokens(text).join(' ');
}

export type TermKind = 'phrase' | 'prefix' | 'word';

/**
 * One search term. The tokens must occur at consecutive positions; for 'prefix' the last token
 * need only start the token it meets (a single Han character: 安 → 安*). 'word' is one Latin or
 * number token; 'phrase' is everything else.
 */
export interface Term {
  raw: string;
  tokens: string[];
  kind: TermKind;
}

export interface ParsedQuery {
  terms: Term[];
  /** Pieces past MAX_QUERY_TERMS that would have been terms: not searched for (the page says so). */
  dropped: string[];
  /** Terms cut to MAX_TERM_CHARS characters (their `raw`): matched on that start only (the page says so). */
  cut: string[];
}

// Bounds on what one query can cost: each term becomes one phrase of at most 64 − 1 bigrams and
// at most 10 phrases are ANDed, which keeps FTS5 and GIN work, and the query string, small
// whatever is pasted into the box. Terms past these limits are dropped or cut, not rejected, and
// ParsedQuery lists them so that the reader is told.
export const MAX_QUERY_TERMS = 10;
export const MAX_TERM_CHARS = 64;

// ASCII and full-width straight quotes, Chinese curly quotes “ ”, and the corner brackets 「」『』
// that traditional-script text quotes with. Any of them opens or closes, because people type the
// wrong one of a pair more often than they nest quotes. Single quotes ‘ ’ are left out: ’ is also
// the apostrophe in Latin words (don’t).
const QUOTE_CHARS = new Set(['"', '＂', '“', '”', '「', '」', '『', '』']);

function splitQuery(q: string): string[] {
  const pieces: string[] = [];
  let buf = '';
  let quoted = false;
  const flush = () => {
    if (buf.trim() !== '') pieces.push(buf.trim());
    buf = '';
  };
  for (const ch of q) {
    if (QUOTE_CHARS.has(ch)) {
      flush();
      quoted = !quoted;
    } else if (!quoted && /\s/u.test(ch)) {
      flush();
    } else {
      buf += ch;
    }
  }
  flush(); // an unclosed quote runs to the end of the query
  return pieces;
}

/**
 * The tokens a query piece must match, in order. They differ from indexTokens: a Han run that
 * ends the piece gives bigrams only, because in a document the run may go on; a Han run followed
 * by more of the piece must end where the document's run ends, so its last-character unigram
 * follows its bigrams, as in the index; a single Han character at the end is a prefix.
 */
function termTokens(normalized: string): { tokens: string[]; prefix: boolean; latinOnly: boolean } {
  const segs = segments(normalized);
  const tokens: string[] = [];
  let prefix = false;
  segs.forEach((seg, i) => {
    const isLast = i === segs.length - 1;
    if (!seg.han) {
      tokens.push(foldWord(seg.text));
      return;
    }
    const chars = Array.from(seg.text);
    if (chars.length === 1) {
      tokens.push(chars[0]!);
      if (isLast) prefix = true;
      return;
    }
    for (let k = 0; k + 1 < chars.length; k++) tokens.push(chars[k]! + chars[k + 1]!);
    if (!isLast) tokens.push(chars[chars.length - 1]!);
  });
  return { tokens, prefix, latinOnly: segs.every((s) => !s.han) };
}

/**
 * Parse what a user typed into the search box. Whitespace separates terms, which are ANDed;
 * "double quoted" or “curly quoted” text is one phrase. Terms that normalize to nothing
 * (punctuation only) are dropped; see MAX_QUERY_TERMS and MAX_TERM_CHARS.
 */
export function parseQuery(q: string): ParsedQuery {
  const terms: Term[] = [];
  const dropped: string[] = [];
  const cut: string[] = [];
  const seen = new Set<string>();
  for (const piece of splitQuery(q)) {
    const chars = Array.from(piece);
    const raw = chars.slice(0, MAX_TERM_CHARS).join('');
    const { tokens, prefix, latinOnly } = termTokens(normalize(raw));
    if (tokens.length === 0) continue;
    const kind: TermKind = prefix ? 'prefix' : latinOnly && tokens.length === 1 ? 'word' : 'phrase';
    const key = `${kind} ${tokens.join(' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (terms.length >= MAX_QUERY_TERMS) {
      dropped.push(raw);
      continue;
    }
    if (chars.length > MAX_TERM_CHARS) cut.push(raw);
    terms.push({ raw, tokens, kind });
  }
  return { terms, dropped, cut };
}

function parsed(query: string | ParsedQuery): ParsedQuery {
  return typeof query === 'string' ? parseQuery(query) : query;
}

// Tokens are letters and digits only, so these escapes never fire on parser output; they are
// here so that a hand-built Term cannot break out of its quotes either.
function fts5String(tokens: string[]): string {
  return `"${tokens.map((t) => t.replace(/"/g, '""')).join(' ')}"`;
}

/**
 * An SQLite FTS5 MATCH expression over indexText() columns, or null when nothing searchable was
 * typed. Every token is inside double quotes: 信息公开 → "信息 息公 公开", 安 → "安"*, terms
 * joined by AND.
 */
export function ftsMatch(query: string | ParsedQuery): string | null {
  const { terms } = parsed(query);
  if (terms.length === 0) return null;
  return terms
    .map((t) => {
      const phrase = fts5String(t.tokens);
      // FTS5: a '*' after a quoted string marks the string's last token as a prefix.
      return t.kind === 'prefix' ? `${phrase}*` : phrase;
    })
    .join(' AND ');
}

function tsLexeme(token: string): string {
  // Inside a quoted tsquery lexeme a backslash escapes the next character and '' is a quote.
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A PostgreSQL to_tsquery('simple', …) string over to_tsvector('simple', indexText(…)), or null
 * when nothing searchable was typed: phrases with <->, a prefix as '安':*, & between terms.
 * Pass it as a bound parameter; the quoting here keeps it inside the tsquery syntax.
 */
export function tsQuery(query: string | ParsedQuery): string | null {
  const { terms } = parsed(query);
  if (terms.length === 0) return null;
  return terms
    .map((t) => {
      const parts = t.tokens.map(tsLexeme);
      if (t.kind === 'prefix') parts[parts.length - 1] += ':*';
      return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
    })
    .join(' & ');
}

/** A piece of a highlighted snippet. Plain text: the caller's template escapes it. */
export interface HighlightPart {
  text: string;
  hit: boolean;
}

export interface HighlightOptions {
  /** Snippet length in UTF-16 units, not counting the '…' marks. Default 160. */
  maxLength?: number;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// Characters kept between the end of a snippet and the cut of the prefix that is traced: more
// than a term can span (MAX_TERM_CHARS) plus the longest OpenCC phrase.
const HIGHLIGHT_MARGIN = 256;

/** Where the terms match, as [start, end) in the normalized text the tokens came from, by start. */
function matchSpans(tokens: PlacedToken[], terms: Term[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const term of terms) {
    const n = term.tokens.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        const have = tokens[i + j]!.token;
        const want = term.tokens[j]!;
        ok = j === n - 1 && term.kind === 'prefix' ? have.startsWith(want) : have === want;
      }
      if (!ok) continue;
      const last = tokens[i + n - 1]!;
      // A prefix marks only the character asked for, not the bigram it starts.
      const end = term.kind === 'prefix' ? last.start + term.tokens[n - 1]!.length : last.end;
      spans.push([tokens[i]!.start, end]);
    }
  }
  return spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: Array<[number, number]> = [];
  for (const s of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && s[0] <= prev[1]) prev[1] = Math.max(prev[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/**
 * A snippet of `text` around the first match of `query`, cut into parts with the matched
 * characters marked. Matching is done on the normalized form, but the parts are the original
 * characters (traditional stays traditional, full-width stays full-width); whitespace runs are
 * shown as one space, and '…' marks where the text was cut. Without a match: the text's start.
 */
export function highlight(text: string, query: string | ParsedQuery, options: HighlightOptions = {}): HighlightPart[] {
  const maxLength = Math.max(1, options.maxLength ?? 160);
  const { terms } = parsed(query);

  // Tracing normalized characters back to the original costs ~0.6 s per MB, so first find the
  // first match on the plain normalized text (~0.25 s per MB), then trace only a prefix of the
  // text that reaches past the snippet. Normalization is local — NFKC within a unit, OpenCC
  // phrases within a Han run of a few characters, whitespace collapsing — so a prefix normalizes
  // to a prefix of the whole except near its cut, and HIGHLIGHT_MARGIN keeps away from the cut.
  const firstHit = matchSpans(placedTokens(normalize(text)), terms)[0];
  let merged: Array<[number, number]> = [];
  if (firstHit) {
    let cut = Math.min(text.length, firstHit[0] + maxLength + HIGHLIGHT_MARGIN);
    for (;;) {
      while (cut < text.length && isLowSurrogate(text.charCodeAt(cut))) cut++;
      const whole = cut === text.length;
      const aligned = normalizeAligned(whole ? text : text.slice(0, cut));
      const stableEnd = whole ? Number.POSITIVE_INFINITY : cut - HIGHLIGHT_MARGIN;
      merged = mergeSpans(
        matchSpans(placedTokens(aligned.text), terms)
          .map(([a, b]): [number, number] => [aligned.start[a]!, aligned.end[b - 1]!])
          .filter(([, b]) => b <= stableEnd),
      );
      const lead = merged[0];
      if (whole || (lead && lead[0] + maxLength <= stableEnd)) break;
      cut = Math.min(text.length, cut * 2);
    }
  }

  // Window: the first hit about a quarter of the way in, pulled back from the end of the text.
  const first = merged[0]?.[0] ?? 0;
  let from = Math.max(0, first - Math.floor(maxLength / 4));
  if (from + maxLength > text.length) from = Math.max(0, text.length - maxLength);
  let to = Math.min(text.length, from + maxLength);
  while (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  while (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;

  const parts: HighlightPart[] = [];
  const push = (s: string, hit: boolean) => {
    const shown = s.replace(/\s+/gu, ' ');
    if (shown === '') return;
    const prev = parts[parts.length - 1];
    if (prev && prev.hit === hit) prev.text += shown;
    else parts.push({ text: shown, hit });
  };
  let at = from;
  for (const [a, b] of merged) {
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    if (e <= s) continue;
    push(text.slice(at, s), false);
    push(text.slice(s, e), true);
    at = e;
  }
  push(text.slice(at, to), false);

  const head = parts[0];
  if (head && !head.hit) head.text = head.text.trimStart();
  const tail = parts[parts.length - 1];
  if (tail && !tail.hit) tail.text = tail.text.trimEnd();
  const shown = parts.filter((p) => p.text !== '');
  if (from > 0) {
    if (shown[0] && !shown[0].hit) shown[0].text = `…${shown[0].text}`;
    else shown.unshift({ text: '…', hit: false });
  }
  if (to < text.length) {
    const last = shown[shown.length - 1];
    if (last && !last.hit) last.text += '…';
    else shown.push({ text: '…', hit: false });
  }
  return shown;
}
