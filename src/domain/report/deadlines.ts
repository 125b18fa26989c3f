// When an annual report must be published, and whether it was late. Pure functions.
//
// 条例 第四十九条 (2019): county-level-and-above government departments publish last year's report
// by 31 January; the 主管部门 of county-level-and-above governments publish the government's report
// by 31 March. The 条例 sets no date for township governments and 街道办事处 (spec §8.8). gongkai
// decides 31 January for them (spec §9 lists the decision): their figures are part of the county
// government's report due 31 March, which the county's 主管部门 can only compile once they are in,
// exactly as with the county's departments.
// 2007 条例 第三十一条: every agency by 31 March; it governed reports on years up to 2018 (the 2019
// 条例 took effect on 2019-05-15, after the 2018 reports were due).

import type { AgencyKind, AgencyLevel } from '../agency.js';
import { daysBetween } from '../calendar/index.js';

export interface Deadline {
  /** The last day to publish, a China date YYYY-MM-DD. */
  date: string;
  /** The rule, in Chinese, as shown to the supervisor. */
  basis: string;
}

export function publicationDeadline(year: number, agency: { kind: AgencyKind; level: AgencyLevel }): Deadline {
  const next = year + 1;
  if (year <= 2018) return { date: `${next}-03-31`, basis: '2007年《条例》第三十一条：每年3月31日前公布' };
  if (agency.kind === 'government' && agency.level !== 'township')
    return { date: `${next}-03-31`, basis: '《条例》第四十九条：县级以上地方人民政府的年度报告于每年3月31日前公布' };
  if (agency.kind === 'department') return { date: `${next}-01-31`, basis: '《条例》第四十九条：县级以上人民政府部门于每年1月31日前公布' };
  return {
    date: `${next}-01-31`,
    basis: '乡镇人民政府、街道办事处于每年1月31日前公布（《条例》未作规定，本平台按县级人民政府部门的期限）',
  };
}

export type Timeliness =
  /** Published on or before the deadline. */
  | 'onTime'
  /** Published after the deadline. */
  | 'publishedLate'
  /** Not published and the deadline has passed. */
  | 'overdue'
  /** Not published, the deadline still ahead. */
  | 'pending';

export interface TimelinessResult {
  status: Timeliness;
  /** Days after the deadline: of publication, or until today when still unpublished. 0 otherwise. */
  daysLate: number;
}

/** `firstPublishedOn`: the China date the report was first published (a later revision does not make it late). */
export function timeliness(deadline: Deadline, firstPublishedOn: string | null, today: string): TimelinessResult {
  if (firstPublishedOn !== null) {
    const late = daysBetween(deadline.date, firstPublishedOn);
    return late > 0 ? { status: 'publishedLate', daysLate: late } : { status: 'onTime', daysLate: 0 };
  }
  const late = daysBetween(deadline.date, today);
  return late > 0 ? { status: 'overdue', daysLate: late } : { status: 'pending', daysLate: 0 };
}

export const timelinessLabels: Record<Timeliness, string> = {
  onTime: '按时发布',
  publishedLate: '逾期发布',
  overdue: '逾期未发布',
  pending: '未到期限',
};
