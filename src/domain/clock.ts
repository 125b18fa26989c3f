// The statutory clock of an application (依申请公开), as a pure function of the case's events and the
// working-day calendar. Nothing here is stored: the status, every deadline and the explanation of
// each are derived at every read, so a calendar correction moves open deadlines at once.
//
// The rules (条例 2019; spec law.md §1.5–§1.8, §4, §9):
// - 第三十三条: reply within 20 working days of the receipt date (收到申请之日, 第三十一条).
// - 第三十条: a correction notice (补正) only within 7 working days of receipt, once; the reply period
//   then counts afresh from the day the corrected application is received (a restart, not a pause);
//   no correction within the period given → the agency stops processing: 三(六)1.
// - 第三十二条、第三十四条: a third party or another agency is consulted in writing and answers within
//   15 working days; 第三十三条第三款: the time spent consulting is not counted.
// - 第三十三条第二款: one extension of at most 20 working days, with the head of the 工作机构's consent
//   and notice to the applicant.
// - 第四十二条 and 《政府信息公开信息处理费管理办法》: after a fee notice the applicant pays within 20
//   working days counted from the day after receiving it; the reply period does not run meanwhile
//   (spec §9, a product decision); unpaid in time → 三(六)2.
// - Counting (spec §9, by analogy with 民法典 第二百零一条): the starting day is not counted; the
//   Nth working day after it is the last day.
//
// A paused span runs from the day after the event that starts it through the day that ends it:
// a consultation letter sent on day X with the answer on day Y does not count the working days
// X+1 … Y, so day X still counts for the reply and the clock resumes on the day after Y — the same
// convention as every other start day.

import { addDays, type IsoDate, type SkippedDay, type WorkCalendar, type WorkdayCount } from './calendar/index.js';
import type { Outcome } from './outcomes.js';

/** 第三十三条第一款. */
export const REPLY_WORKDAYS = 20;
/** 第三十条: the correction notice must go out within 7 working days of receipt. */
export const CORRECTION_NOTICE_WORKDAYS = 7;
/** 第三十二条、第三十四条: the consulted party answers within 15 working days. */
export const CONSULTATION_WORKDAYS = 15;
/** 第三十三条第二款: at most 20 working days more. */
export const MAX_EXTENSION_WORKDAYS = 20;
/** 《政府信息公开信息处理费管理办法》: 20 working days to pay. */
export const FEE_PAYMENT_WORKDAYS = 20;
/** Correction period given when the handler does not set one (a "reasonable period", 第三十条). */
export const DEFAULT_CORRECTION_WORKDAYS = 10;

/** The events the clock reads. A case has other events too (assignments, letters …): they are ignored. */
export type ClockEvent =
  | { type: 'received'; on: IsoDate }
  | { type: 'correctionRequested'; on: IsoDate; periodWorkdays: number }
  | { type: 'corrected'; on: IsoDate }
  | { type: 'consultationSent'; on: IsoDate; ref: string; party: string; kind: 'thirdParty' | 'agency' }
  | { type: 'consultationAnswered'; on: IsoDate; ref: string }
  | { type: 'extensionApproved'; on: IsoDate; workdays: number }
  | { type: 'feeNotified'; on: IsoDate; amount: number }
  | { type: 'feePaid'; on: IsoDate }
  | { type: 'replied'; on: IsoDate; outcome: Outcome }
  | { type: 'withdrawn'; on: IsoDate }
  | { type: 'closedByClock'; on: IsoDate; outcome: 'noCorrection' | 'unpaidFee' };

const clockTypes = new Set<string>([
  'received',
  'correctionRequested',
  'corrected',
  'consultationSent',
  'consultationAnswered',
  'extensionApproved',
  'feeNotified',
  'feePaid',
  'replied',
  'withdrawn',
  'closedByClock',
]);

/** Keeps the events the clock reads, in order. */
export function clockEvents(events: readonly (ClockEvent | { type: string })[]): ClockEvent[] {
  return events.filter((e) => clockTypes.has(e.type)) as ClockEvent[];
}

export type Stage = 'awaitingReceipt' | 'running' | 'awaitingCorrection' | 'consulting' | 'awaitingFee' | 'closed';

export const stageLabels: Record<Stage, string> = {
  awaitingReceipt: '待确认收到',
  running: '办理中',
  awaitingCorrection: '待申请人补正',
  consulting: '征求意见中',
  awaitingFee: '待缴费',
  closed: '已办结',
};

/** A span in which the reply period does not run: working days d with from < d ≤ to. */
export interface Pause {
  from: IsoDate;
  /** null while it lasts. */
  to: IsoDate | null;
  reason: 'consultation' | 'fee';
  /** Who was consulted, for consultations. */
  party?: string;
  /** Working days not counted in it (up to today while it lasts). */
  workdays: number;
}

/** How the reply deadline was reached, for the case page. */
export interface DueExplanation {
  start: IsoDate;
  startReason: 'received' | 'corrected';
  /** The original receipt date when a correction restarted the count. */
  restartedFrom: IsoDate | null;
  base: number;
  extension: number;
  pauses: Pause[];
  /** Weekends and holidays passed over while counting. */
  skipped: SkippedDay[];
  makeupDaysCounted: IsoDate[];
  /** Working days counted toward the reply so far (all of them once the deadline is known). */
  counted: number;
  /** null while a pause lasts: the deadline is then not yet fixed. */
  due: IsoDate | null;
  /** Some day counted lies in a year whose holiday notice is not entered yet. */
  provisional: boolean;
}

export interface ConsultationState {
  ref: string;
  party: string;
  kind: 'thirdParty' | 'agency';
  sentOn: IsoDate;
  window: WorkdayCount;
  answeredOn: IsoDate | null;
  /** The window ran out without an answer: the agency decides (第三十二条). */
  lapsed: boolean;
}

export interface Closure {
  on: IsoDate;
  outcome: Outcome;
  byClock: boolean;
  /** False when the clock says the case has ended but no event records it yet (the sweep writes it). */
  recorded: boolean;
  withdrawn: boolean;
}

export interface ClockState {
  stage: Stage;
  receivedOn: IsoDate | null;
  /** Last day on which a correction notice may go out (第三十条), once received. */
  correctionNoticeBy: WorkdayCount | null;
  correction: { requestedOn: IsoDate; periodWorkdays: number; dueBy: WorkdayCount; correctedOn: IsoDate | null } | null;
  consultations: ConsultationState[];
  extension: { on: IsoDate; workdays: number } | null;
  fee: { notifiedOn: IsoDate; amount: number; payBy: WorkdayCount; paidOn: IsoDate | null } | null;
  /** null before receipt and while awaiting correction (the count has not started, or will start afresh). */
  reply: DueExplanation | null;
  closed: Closure | null;
  /** Working days from today to the deadline (0: due today; negative: overdue by that many). null when not running. */
  workdaysLeft: number | null;
  /** While paused: the working days the reply period still has. */
  pausedLeft: number | null;
  overdue: boolean;
  /** Closed after the deadline. */
  late: boolean;
}

const nextDay = (d: IsoDate): IsoDate => addDays(d, 1);

/**
 * Counts `n` working days after `start`, not counting those inside pauses. Stops, with due null,
 * at the first working day inside a pause that has not ended.
 */
function countWithPauses(cal: WorkCalendar, start: IsoDate, n: number, pauses: readonly Pause[]) {
  const skipped: SkippedDay[] = [];
  const makeup: IsoDate[] = [];
  let counted = 0;
  let provisional = false;
  let day = start;
  const paused = new Map<Pause, number>();
  // Walk at most a few years: enough for any period, and a guard against a pause that never ends.
  for (let guard = 0; guard < 3660 && counted < n; guard++) {
    day = nextDay(day);
    const info = cal.dayInfo(day);
    if (!info.covered) provisional = true;
    if (!info.workday) {
      skipped.push({ date: day, reason: info.kind === 'holiday' ? info.holiday! : info.kind === 'weekend' ? weekday(day) : day });
      continue;
    }
    const inPause = pauses.find((p) => day > p.from && (p.to === null || day <= p.to));
    if (inPause) {
      if (inPause.to === null) return { due: null, counted, skipped, makeup, provisional, paused };
      paused.set(inPause, (paused.get(inPause) ?? 0) + 1);
      continue;
    }
    counted++;
    if (info.kind === 'makeup') makeup.push(day);
  }
  return { due: counted >= n ? day : null, counted, skipped, makeup, provisional, paused };
}

/** The later of two dates ('YYYY-MM-DD' strings sort as dates). */
const later = (a: IsoDate, b: IsoDate): IsoDate => [a, b].sort()[1] as IsoDate;

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (d: IsoDate) => WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()]!;

/** Working days from `from` to `to`, signed: positive when `to` is later. */
function signedWorkdays(cal: WorkCalendar, from: IsoDate, to: IsoDate): number {
  return to >= from ? cal.workdaysBetween(from, to) : -cal.workdaysBetween(to, from);
}

/**
 * The state of a case on `today`: its stage, every deadline with how it was reached, and whether
 * the clock has ended it. Events are taken in order; the service appends only events that the
 * checks below (and the service's own) allow.
 */
export function caseClock(all: readonly (ClockEvent | { type: string })[], cal: WorkCalendar, today: IsoDate): ClockState {
  const events = clockEvents(all);
  let receivedOn: IsoDate | null = null;
  let correction: ClockState['correction'] = null;
  let extension: ClockState['extension'] = null;
  let fee: ClockState['fee'] = null;
  let closed: Closure | null = null;
  const consultations: ConsultationState[] = [];

  for (const e of events) {
    if (closed) break;
    switch (e.type) {
      case 'received':
        receivedOn ??= e.on;
        break;
      case 'correctionRequested':
        correction ??= {
          requestedOn: e.on,
          periodWorkdays: e.periodWorkdays,
          dueBy: cal.addWorkdaysExplained(e.on, e.periodWorkdays),
          correctedOn: null,
        };
        break;
      case 'corrected':
        if (correction && correction.correctedOn === null) correction.correctedOn = e.on;
        break;
      case 'consultationSent':
        consultations.push({
          ref: e.ref,
          party: e.party,
          kind: e.kind,
          sentOn: e.on,
          window: cal.addWorkdaysExplained(e.on, CONSULTATION_WORKDAYS),
          answeredOn: null,
          lapsed: false,
        });
        break;
      case 'consultationAnswered': {
        const c = consultations.find((x) => x.ref === e.ref && x.answeredOn === null);
        if (c) c.answeredOn = e.on;
        break;
      }
      case 'extensionApproved':
        extension ??= { on: e.on, workdays: e.workdays };
        break;
      case 'feeNotified':
        fee ??= { notifiedOn: e.on, amount: e.amount, payBy: cal.addWorkdaysExplained(e.on, FEE_PAYMENT_WORKDAYS), paidOn: null };
        break;
      case 'feePaid':
        if (fee && fee.paidOn === null) fee.paidOn = e.on;
        break;
      case 'replied':
        closed = { on: e.on, outcome: e.outcome, byClock: false, recorded: true, withdrawn: false };
        break;
      case 'withdrawn':
        // A withdrawn application ends as 三(六)3 其他: no row of the format names withdrawal.
        closed = { on: e.on, outcome: 'otherReason', byClock: false, recorded: true, withdrawn: true };
        break;
      case 'closedByClock':
        closed = { on: e.on, outcome: e.outcome, byClock: true, recorded: true, withdrawn: false };
        break;
    }
  }

  // The clock's own closures, derived before any event records them: the day after the period's last day.
  if (!closed && correction && correction.correctedOn === null && today > correction.dueBy.due) {
    closed = { on: nextDay(correction.dueBy.due), outcome: 'noCorrection', byClock: true, recorded: false, withdrawn: false };
  }
  if (!closed && fee && fee.paidOn === null && today > fee.payBy.due) {
    closed = { on: nextDay(fee.payBy.due), outcome: 'unpaidFee', byClock: true, recorded: false, withdrawn: false };
  }
  // What is still going on ends, for the count, on the day the case closed or today.
  const horizon = closed ? closed.on : today;
  for (const c of consultations) {
    if (c.answeredOn === null && horizon > c.window.due) c.lapsed = true;
  }

  const base: Pick<ClockState, 'receivedOn' | 'correction' | 'consultations' | 'extension' | 'fee' | 'closed'> = {
    receivedOn,
    correction,
    consultations,
    extension,
    fee,
    closed,
  };
  const correctionNoticeBy = receivedOn ? cal.addWorkdaysExplained(receivedOn, CORRECTION_NOTICE_WORKDAYS) : null;
  const none = { workdaysLeft: null, pausedLeft: null, overdue: false, late: false };

  if (!receivedOn) return { ...base, ...none, stage: closed ? 'closed' : 'awaitingReceipt', correctionNoticeBy, reply: null };
  if (correction && correction.correctedOn === null) {
    return { ...base, ...none, stage: closed ? 'closed' : 'awaitingCorrection', correctionNoticeBy, reply: null };
  }

  const start = correction?.correctedOn ?? receivedOn;
  const pauses: Pause[] = [];
  for (const c of consultations) {
    const end = c.answeredOn ?? (c.lapsed ? c.window.due : closed ? closed.on : null);
    pauses.push({ from: c.sentOn, to: end, reason: 'consultation', party: c.party, workdays: 0 });
  }
  if (fee) pauses.push({ from: fee.notifiedOn, to: fee.paidOn ?? (closed ? closed.on : null), reason: 'fee', workdays: 0 });
  // Only what lies after the start of the count can pause it.
  const effective = pauses.filter((p) => p.to === null || p.to > start).map((p) => ({ ...p, from: later(p.from, start) }));

  const n = REPLY_WORKDAYS + (extension?.workdays ?? 0);
  const walk = countWithPauses(cal, start, n, effective);
  for (const p of effective) {
    p.workdays = p.to === null ? cal.workdaysBetween(p.from, later(today, p.from)) : (walk.paused.get(p) ?? 0);
  }
  const reply: DueExplanation = {
    start,
    startReason: correction?.correctedOn ? 'corrected' : 'received',
    restartedFrom: correction?.correctedOn ? receivedOn : null,
    base: REPLY_WORKDAYS,
    extension: extension?.workdays ?? 0,
    pauses: effective,
    skipped: walk.skipped,
    makeupDaysCounted: walk.makeup,
    counted: walk.counted,
    due: walk.due,
    provisional: walk.provisional,
  };

  if (closed) {
    return {
      ...base,
      ...none,
      stage: 'closed',
      correctionNoticeBy,
      reply,
      late: !closed.byClock && walk.due !== null && closed.on > walk.due,
    };
  }
  const ongoingFee = fee !== null && fee.paidOn === null;
  const ongoingConsultation = consultations.some((c) => c.answeredOn === null && !c.lapsed);
  if (walk.due === null) {
    return {
      ...base,
      ...none,
      stage: ongoingFee ? 'awaitingFee' : 'consulting',
      correctionNoticeBy,
      reply,
      pausedLeft: n - walk.counted,
    };
  }
  const left = signedWorkdays(cal, today, walk.due);
  return {
    ...base,
    stage: ongoingFee ? 'awaitingFee' : ongoingConsultation ? 'consulting' : 'running',
    correctionNoticeBy,
    reply,
    workdaysLeft: left,
    pausedLeft: null,
    overdue: today > walk.due,
    late: false,
  };
}

// ───────────── what a handler may do next (the service refuses anything else) ─────────────

/** Why a correction notice cannot go out on `on`, or null (第三十条: within 7 working days, once). */
export function correctionNoticeProblem(s: ClockState, on: IsoDate, periodWorkdays: number): string | null {
  if (s.closed) return '本申请已办结，不能再告知补正';
  if (!s.receivedOn) return '尚未确认收到申请，不能告知补正';
  if (s.correction) return `已于${s.correction.requestedOn}告知补正；《条例》第三十条规定补正应一次性告知，不能再次告知`;
  if (on < s.receivedOn) return '补正告知日期不能早于收到申请之日';
  if (on > s.correctionNoticeBy!.due)
    return `补正告知应在收到申请之日起7个工作日内发出（《条例》第三十条），本申请最迟为${s.correctionNoticeBy!.due}，已超过`;
  if (!Number.isInteger(periodWorkdays) || periodWorkdays < 1 || periodWorkdays > 60) return '补正期限应为1至60个工作日';
  return null;
}

/** Why an extension of `workdays` cannot be approved on `on`, or null (第三十三条第二款: once, at most 20). */
export function extensionProblem(s: ClockState, on: IsoDate, workdays: number): string | null {
  if (s.closed) return '本申请已办结，不能延期';
  if (s.extension) return `已于${s.extension.on}延期${s.extension.workdays}个工作日；《条例》第三十三条只允许延期一次`;
  if (!s.reply) return '答复期限尚未起算，不能延期';
  if (!Number.isInteger(workdays) || workdays < 1 || workdays > MAX_EXTENSION_WORKDAYS)
    return `延长的期限应为1至${MAX_EXTENSION_WORKDAYS}个工作日（《条例》第三十三条第二款）`;
  if (s.reply.due !== null && on > s.reply.due) return `答复期限已于${s.reply.due}届满，不能再延期`;
  return null;
}

/** Why a fee notice cannot go out, or null (one notice per application, within the handling period). */
export function feeNoticeProblem(s: ClockState, on: IsoDate, amount: number): string | null {
  if (s.closed) return '本申请已办结，不能再收费';
  if (s.fee) return `已于${s.fee.notifiedOn}发出收费通知，同一申请只能收费一次`;
  if (!s.reply) return '答复期限尚未起算，不能发出收费通知';
  if (s.reply.due !== null && on > s.reply.due) return `收费通知应在答复期限内发出，本申请的答复期限为${s.reply.due}`;
  if (!(amount > 0)) return '按所选方式计算的费用为0元，无需收费';
  return null;
}

/** Why the applicant's correction cannot be accepted on `on`, or null. */
export function correctionProblem(s: ClockState, on: IsoDate): string | null {
  if (s.closed?.outcome === 'noCorrection') return `补正期限已于${s.correction?.dueBy.due}届满，本申请已终止处理`;
  if (s.closed) return '本申请已办结';
  if (!s.correction || s.correction.correctedOn !== null) return '本申请不需要补正';
  if (on < s.correction.requestedOn) return '补正日期不能早于补正告知日期';
  if (on > s.correction.dueBy.due) return `补正期限已于${s.correction.dueBy.due}届满`;
  return null;
}

/** Why a reply cannot be recorded on `on`, or null. */
export function replyProblem(s: ClockState, on: IsoDate): string | null {
  if (s.closed) return '本申请已办结，不能再次答复';
  if (!s.receivedOn) return '尚未确认收到申请';
  if (on < s.receivedOn) return '答复日期不能早于收到申请之日';
  if (s.stage === 'awaitingCorrection') return '申请人尚未补正，补正期限届满前不能答复（期满未补正的，系统记为“逾期不补正”）';
  if (s.stage === 'awaitingFee') return '申请人尚未缴费，缴费期限届满前不能答复';
  return null;
}
