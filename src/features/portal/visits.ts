import { sql } from 'kysely';
import type { DB } from '../../db/connect.js';
import { chinaDate } from '../../domain/time.js';

// Page views are counted in memory and written in batches, so a page view never writes to the
// database (a popular page would otherwise serialize on one row, and on SQLite on the one writer).
// Each process flushes its own counts with `count = count + n`, so several app processes behind a
// load balancer add up instead of overwriting each other. A crash loses at most one interval.

/** Targets: `item:<id>`, `agency:<id>:home`, `agency:<id>:guide`, `agency:<id>:category:<id>`. */
export const visitTargets = {
  item: (id: number) => `item:${id}`,
  agencyHome: (id: number) => `agency:${id}:home`,
  agencyGuide: (id: number) => `agency:${id}:guide`,
  agencyCategory: (id: number, categoryId: number) => `agency:${id}:category:${categoryId}`,
};

export const FLUSH_INTERVAL_MS = 10_000;

export class VisitCounter {
  /** target → day → views not yet written. */
  #pending = new Map<string, Map<string, number>>();
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DB,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Counts one view, in memory only. */
  record(target: string, at: Date): void {
    const day = chinaDate(at);
    this.#add(target, day, 1);
  }

  #add(target: string, day: string, n: number): void {
    const days = this.#pending.get(target) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + n);
    this.#pending.set(target, days);
  }

  /** Views of a target counted here and not yet written. */
  pending(target: string): number {
    let n = 0;
    for (const v of this.#pending.get(target)?.values() ?? []) n += v;
    return n;
  }

  /**
   * Writes what was counted: multi-row upserts of FLUSH_ROWS, in (target, day) order so that two
   * processes flushing at once take row locks in the same order and cannot deadlock. Flushes run
   * one after another; counts that fail to write are kept for the next flush.
   */
  flush(): Promise<void> {
    const run = this.#flushing.then(() => this.#write());
    this.#flushing = run.catch(() => {});
    return run;
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const rows: { target: string; day: string; count: number }[] = [];
    for (const [target, days] of batch) for (const [day, count] of days) rows.push({ target, day, count });
    rows.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    for (let i = 0; i < rows.length; i += FLUSH_ROWS) {
      const part = rows.slice(i, i + FLUSH_ROWS);
      try {
        await this.db
          .insertInto('view_counts')
          .values(part)
          .onConflict((oc) => oc.columns(['target', 'day']).doUpdateSet({ count: sql`view_counts.count + excluded.count` }))
          .execute();
      } catch (e) {
        for (const r of part) this.#add(r.target, r.day, r.count);
        this.onError(e);
      }
    }
  }
}

/** Rows per upsert statement: 3 parameters each, well under both databases' limits. */
const FLUSH_ROWS = 500;
