// Tables 三 and 四 of the annual report computed from what happened. Pure functions.
//
// For report year Y (1 January – 31 December, China dates; spec §1.13):
//   一 本年新收   received in Y;
//   二 上年结转   received before Y and not closed before Y;
//   三 outcomes   closed in Y, in the row of the case's outcome;
//   四 结转下年度 received by the end of Y and not closed by the end of Y.
// So 一 + 二 = 三（七） + 四 holds in every column by construction (spec §2.5).
//
// The rule is written once, on counts: each group of cases is described by where its receipt and
// closing dates fall relative to the year (before / in / after, or still open). The database
// classifies dates that way in one GROUP BY (features/reports/store.ts); per-case facts are
// classified here and go through the same function.

import { type ApplicantType, applicantTypes } from '../applicants.js';
import type { Outcome } from '../outcomes.js';
import {
  type AppealGroup,
  type AppealResult,
  appealGroups,
  type Table3RowKey,
  t3Key,
  t4Key,
  table3RowOf,
  table3Rows,
  table4Columns,
} from './formats.js';

export interface ApplicationFact {
  applicantType: ApplicantType;
  /** 收到申请之日 (条例 第三十一条), YYYY-MM-DD. */
  receivedOn: string;
  /** The day the case ended (reply, or the clock's closure); null while open. */
  closedOn: string | null;
  /** Set exactly when closedOn is. */
  outcome: Outcome | null;
}

export interface AppealFact {
  group: AppealGroup;
  /** The day the reconsideration was applied for or the suit filed. */
  filedOn: string;
  /** null while undecided. */
  result: Exclude<AppealResult, 'pending'> | null;
  decidedOn: string | null;
}

/** Where a date falls relative to a report year. */
export type Period = 'before' | 'in' | 'after';
/** The same for a closing date, which may not exist yet. */
export type EndPeriod = Period | 'open';

export const yearBounds = (year: number) => ({ first: `${year}-01-01`, last: `${year}-12-31` });

export function periodOf(date: string, year: number): Period {
  const { first, last } = yearBounds(year);
  return date < first ? 'before' : date <= last ? 'in' : 'after';
}

export function endPeriodOf(date: string | null, year: number): EndPeriod {
  return date === null ? 'open' : periodOf(date, year);
}

/** A group of applications of one applicant type whose dates fall alike relative to the year. */
export interface ApplicationCount {
  applicantType: ApplicantType;
  received: Period;
  closed: EndPeriod;
  outcome: Outcome | null;
  n: number;
}

/** A group of appeals of one kind whose dates fall alike relative to the year. */
export interface AppealCount {
  group: AppealGroup;
  filed: Period;
  decided: EndPeriod;
  result: Exclude<AppealResult, 'pending'> | null;
  n: number;
}

/** Every data cell of table 三 at zero. */
export function emptyTable3(format: 'national2021' | 'national2019'): Map<string, number> {
  const cells = new Map<string, number>();
  for (const row of table3Rows(format)) for (const col of [...applicantTypes, 'total' as const]) cells.set(t3Key(row, col), 0);
  return cells;
}

/** Table 三 for one year from grouped counts; every data cell present, zero where nothing happened. */
export function table3FromCounts(format: 'national2021' | 'national2019', counts: Iterable<ApplicationCount>): Map<string, number> {
  const cells = emptyTable3(format);
  const bump = (row: Table3RowKey, col: ApplicantType, n: number) => {
    cells.set(t3Key(row, col), cells.get(t3Key(row, col))! + n);
    cells.set(t3Key(row, 'total'), cells.get(t3Key(row, 'total'))! + n);
  };
  for (const c of counts) {
    // Received after the year, or finished before it began: not this year's business.
    if (c.received === 'after' || c.closed === 'before') continue;
    bump(c.received === 'in' ? 'received' : 'carriedIn', c.applicantType, c.n);
    if (c.closed === 'in' && c.outcome) {
      bump(table3RowOf(format, c.outcome), c.applicantType, c.n);
      bump('total', c.applicantType, c.n);
    } else {
      bump('carriedOut', c.applicantType, c.n);
    }
  }
  return cells;
}

/** Table 三 for one year from per-case facts. */
export function table3FromFacts(
  format: 'national2021' | 'national2019',
  year: number,
  facts: Iterable<ApplicationFact>,
): Map<string, number> {
  const counts: ApplicationCount[] = [];
  for (const f of facts)
    counts.push({
      applicantType: f.applicantType,
      received: periodOf(f.receivedOn, year),
      closed: endPeriodOf(f.closedOn, year),
      outcome: f.outcome,
      n: 1,
    });
  return table3FromCounts(format, counts);
}

/** Every cell of table 四 at zero. */
export function emptyTable4(): Map<string, number> {
  const cells = new Map<string, number>();
  for (const g of appealGroups) for (const c of table4Columns) cells.set(t4Key(g, c), 0);
  return cells;
}

/**
 * Table 四 for one year: the appeals filed in the year and those filed earlier but still undecided
 * when it began (carried over, as applications are), each under its result as of the year's end —
 * 尚未审结 if undecided then.
 */
export function table4FromCounts(counts: Iterable<AppealCount>): Map<string, number> {
  const cells = emptyTable4();
  for (const c of counts) {
    if (c.filed === 'after' || c.decided === 'before') continue;
    const col = c.decided === 'in' && c.result ? c.result : 'pending';
    cells.set(t4Key(c.group, col), cells.get(t4Key(c.group, col))! + c.n);
    cells.set(t4Key(c.group, 'total'), cells.get(t4Key(c.group, 'total'))! + c.n);
  }
  return cells;
}

export function table4FromFacts(year: number, facts: Iterable<AppealFact>): Map<string, number> {
  const counts: AppealCount[] = [];
  for (const f of facts)
    counts.push({
      group: f.group,
      filed: periodOf(f.filedOn, year),
      // A result without a decision date cannot be placed in a year: undecided.
      decided: f.result === null ? 'open' : endPeriodOf(f.decidedOn, year),
      result: f.result,
      n: 1,
    });
  return table4FromCounts(counts);
}
