import { daysBetween } from '../../domain/calendar/index.js';
import { indexTokens, type Term } from '../../domain/text.js';

// Relevance with recency, computed here rather than by bm25 (SQLite) or ts_rank (PostgreSQL):
// the two backends score differently, so their orders would differ, and both cost time in
// proportion to the number of hits (STACK.md: ~1 s for a frequent term over 1M rows). This score
// uses only what a catalog reader cares about most — is the term in the title or the 文号 — and how
// recent the item is, from fields every row has; so both databases give the same order, and the
// cost is bounded by the size of the ranked window (service.ts), not by the hit count.

export const WEIGHTS = {
  /** Each term found in the title. */
  titleTerm: 100,
  /** Every term found in the title. */
  allInTitle: 300,
  /** Each term found in the 文号. */
  docNoTerm: 60,
  /** Recency: this much for an item published today, halving every `halfLifeDays`. */
  recency: 100,
  halfLifeDays: 365,
};

/** True when the term's tokens occur consecutively in `tokens` (its last one as a prefix for a prefix term). */
export function hasTerm(tokens: readonly string[], term: Term): boolean {
  const n = term.tokens.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const have = tokens[i + j]!;
      const want = term.tokens[j]!;
      ok = j === n - 1 && term.kind === 'prefix' ? have.startsWith(want) : have === want;
    }
    if (ok) return true;
  }
  return false;
}

/** An integer score; higher first. The same inputs give the same score on every backend. */
export function score(terms: readonly Term[], row: { title: string; doc_no: string | null; published_on: string }, today: string): number {
  let s = 0;
  if (terms.length > 0) {
    const title = indexTokens(row.title);
    const docNo = row.doc_no ? indexTokens(row.doc_no) : [];
    let inTitle = 0;
    for (const t of terms) {
      if (hasTerm(title, t)) inTitle++;
      if (docNo.length && hasTerm(docNo, t)) s += WEIGHTS.docNoTerm;
    }
    s += inTitle * WEIGHTS.titleTerm;
    if (inTitle === terms.length) s += WEIGHTS.allInTitle;
  }
  const age = Math.max(0, daysBetween(row.published_on, today));
  return s + Math.round(WEIGHTS.recency * 2 ** (-age / WEIGHTS.halfLifeDays));
}

/** The ranked order: score, then newest, then highest id. */
export function compareRanked(
  a: { score: number; published_on: string; id: number },
  b: { score: number; published_on: string; id: number },
): number {
  return b.score - a.score || (a.published_on < b.published_on ? 1 : a.published_on > b.published_on ? -1 : 0) || b.id - a.id;
}
