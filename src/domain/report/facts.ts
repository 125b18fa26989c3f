// Tables 三 and 四 of the annual report computed from what happened: one fact per application and
// per appeal, as the applications feature derives them from each case's events. Pure functions.
//
// For report year Y (1 January – 31 December, China dates; spec §1.13):
//   一 本年新收   received in Y;
//   二 上年结转   received before Y and not closed before Y;
//   三 outcomes   closed in Y, in the row of the case's outcome;
//   四 结转下年度 received by the end of Y and not closed by the end of Y.
// So 一 + 二 = 三（七） + 四 holds in every column by construction (spec §2.5).

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

const yearBounds = (year: number) => ({ first: `${year}-01-01`, last: `${year}-12-31` });

/** Table 三 for one year, keyed as formats.ts's t3Key; every data cell present, zero where nothing happened. */
export function table3FromFacts(
  format: 'national2021' | 'national2019',
  year: number,
  facts: Iterable<ApplicationFact>,
): Map<string, number> {
  const { first, last } = yearBounds(year);
  const cells = new Map<string, number>();
  for (const row of table3Rows(format)) for (const col of [...applicantTypes, 'total' as const]) cells.set(t3Key(row, col), 0);
  const bump = (row: Table3RowKey, col: ApplicantType) => {
    cells.set(t3Key(row, col), cells.get(t3Key(row, col))! + 1);
    cells.set(t3Key(row, 'total'), cells.get(t3Key(row, 'total'))! + 1);
  };
  for (const f of facts) {
    if (f.receivedOn > last) continue;
    const closedBefore = f.closedOn !== null && f.closedOn < first;
    if (closedBefore) continue;
    if (f.receivedOn >= first) bump('received', f.applicantType);
    else bump('carriedIn', f.applicantType);
    if (f.closedOn !== null && f.closedOn <= last && f.outcome) {
      bump(table3RowOf(format, f.outcome), f.applicantType);
      bump('total', f.applicantType);
    } else {
      bump('carriedOut', f.applicantType);
    }
  }
  return cells;
}

/**
 * Table 四 for one year: the appeals filed in the year and those filed earlier but still undecided
 * when it began (carried over, as applications are), each under its result as of the year's end —
 * 尚未审结 if undecided then.
 */
export function table4FromFacts(year: number, facts: Iterable<AppealFact>): Map<string, number> {
  const { first, last } = yearBounds(year);
  const cells = new Map<string, number>();
  for (const g of appealGroups) for (const c of table4Columns) cells.set(t4Key(g, c), 0);
  for (const f of facts) {
    if (f.filedOn > last) continue;
    if (f.decidedOn !== null && f.decidedOn < first) continue;
    const decided = f.result !== null && f.decidedOn !== null && f.decidedOn <= last;
    const col = decided ? f.result! : 'pending';
    cells.set(t4Key(f.group, col), cells.get(t4Key(f.group, col))! + 1);
    cells.set(t4Key(f.group, 'total'), cells.get(t4Key(f.group, 'total'))! + 1);
  }
  return cells;
}
