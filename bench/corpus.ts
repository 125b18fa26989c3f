// A synthetic catalog in the vocabulary of the real annual reports (../shared/seeds and
// ../shared/reports): phrases cut from their text at punctuation, simplified, recombined into
// titles and ~500-character bodies. Deterministic for a given seed, so runs are comparable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toSimplified } from '../src/domain/text.js';

// shared/ sits beside the checkout (../shared from the repository root); a worktree under
// /work/wt/<name> has it one level further up. GONGKAI_SHARED_DIR overrides both.
const shared =
  process.env.GONGKAI_SHARED_DIR ??
  ['../../shared/', '../../../shared/'].map((p) => new URL(p, import.meta.url).pathname).find((d) => existsSync(join(d, 'seeds'))) ??
  new URL('../../shared/', import.meta.url).pathname;

/** Phrases of 2–24 Han characters found in the reports, simplified, deduplicated. */
export function reportPhrases(): string[] {
  const files = ['seeds', 'reports'].flatMap((d) =>
    readdirSync(join(shared, d))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(shared, d, f)),
  );
  const phrases = new Set<string>();
  for (const f of files) {
    const text = toSimplified(readFileSync(f, 'utf8'));
    for (const m of text.matchAll(/\p{Script=Han}{2,24}/gu)) phrases.add(m[0]);
  }
  return [...phrases];
}

/** A small, fast, seedable generator (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds = ['通知', '公告', '意见', '办法', '方案', '通报', '决定', '批复', '规定', '公示'];

export interface SyntheticItem {
  title: string;
  docNo: string | null;
  summary: string;
  body: string;
  writtenOn: string;
  publishedOn: string;
}

/**
 * Items whose word frequencies follow the reports: a phrase's chance of being drawn is weighted
 * by a Zipf-like rank, so common words (公开, 信息) are in most items and rare ones in few.
 */
export function* syntheticItems(count: number, seed = 2024): Generator<SyntheticItem> {
  const phrases = reportPhrases();
  const random = rng(seed);
  // Zipf: the i-th phrase is drawn with weight 1/(i+1); cumulative table for binary search.
  const weights: number[] = [];
  let sum = 0;
  for (let i = 0; i < phrases.length; i++) {
    sum += 1 / (i + 1);
    weights.push(sum);
  }
  const pick = () => {
    const r = random() * sum;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return phrases[lo]!;
  };
  const start = Date.UTC(2008, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;
  for (let i = 0; i < count; i++) {
    const written = new Date(start + Math.floor(random() * span));
    const published = new Date(written.getTime() + Math.floor(random() * 25) * 86_400_000);
    const title = `关于${pick()}${random() < 0.5 ? pick() : ''}的${kinds[Math.floor(random() * kinds.length)]}`;
    let body = '';
    while (body.length < 480) body += `${pick()}${random() < 0.15 ? '。' : '，'}`;
    yield {
      title,
      docNo: random() < 0.6 ? `示政发〔${written.getUTCFullYear()}〕${1 + Math.floor(random() * 200)}号` : null,
      summary: `${pick()}${pick()}`,
      body: `<p>${body}</p>`,
      writtenOn: written.toISOString().slice(0, 10),
      publishedOn: published.toISOString().slice(0, 10),
    };
  }
}
