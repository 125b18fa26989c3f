// China's official working-day calendar (工作日), for periods such as the 条例's 20 working days to
// reply. A day is a working day Monday–Friday unless a State Council holiday notice gives it off;
// a Saturday or Sunday is one only when the notice says it is worked (调休补班). Sources: the
// double-rest-day rule (国务院关于职工工作时间的规定 第七条), 《全国年节及纪念日放假办法》 and the yearly
// 国务院办公厅 notices, whose facts are in data.ts (spec law.md §5.1).
//
// Dates are 'YYYY-MM-DD' strings, China calendar dates without a time or zone; arithmetic is done on
// whole days counted from Date.UTC, never on local time, so the server's time zone cannot shift a day.
//
// The calendar never pretends: a date in a year for which no notice has been entered is still
// answered by the weekday/weekend rule, but is reported as not covered / provisional, because the
// notice for that year will move days (the trap of treating 2027 as ordinary weekdays).
//
// Pure module: no I/O. The app builds a WorkCalendar from the shipped years plus the years an
// admin has added or corrected, and recomputes deadlines from it at every read (spec law.md §9).

import { SHIPPED_YEARS } from './data.js';
import type { CalendarYear, HolidayNotice, HolidayPeriod, IsoDate, SupersededArrangement } from './types.js';

export { SHIPPED_YEARS } from './data.js';
export type { CalendarYear, HolidayNotice, HolidayPeriod, IsoDate, SupersededArrangement } from './types.js';

const MS_PER_DAY = 86_400_000;

/** Years a date may have. Wide enough for any case file; narrow enough that Date.UTC and
 *  toISOString stay in plain four-digit years (Date.UTC maps years 0–99 to 1900–1999). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** Largest N accepted for "N working days": the 条例's periods are 7, 15 and 20(+20) working days;
 *  a bound keeps a mistyped N from walking the calendar for centuries. */
export const MAX_WORKDAYS = 10_000;

/** The notice for year Y+1 may move the last days of December Y (元旦 arrangements have worked
 *  12-29 and given 12-30/12-31 off, e.g. the 2008 and 2019 notices). Until Y+1 is entered, days of
 *  December Y from this day on are provisional; a few days' margin before the earliest seen (12-29). */
const NEXT_NOTICE_REACHES_BACK_TO_DECEMBER = 25;

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

// ───────────────────────── dates ─────────────────────────

/** Result of checking a date typed by a user: the date, or a reason in Chinese. */
export type DateCheck = { ok: true; date: IsoDate } | { ok: false; reason: string };

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `s` is not a 'YYYY-MM-DD' date, or undefined when it is one. Exact: no trimming. */
function dateProblem(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return `日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“${s}”`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) return `年份应在${MIN_YEAR}至${MAX_YEAR}年之间，现为${year}年`;
  if (month < 1 || month > 12) return `月份应为01至12，现为“${m[2]}”`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `${year}年${month}月没有${day}日（该月共${last}天）`;
  return undefined;
}

/** Check a date entered by a user (surrounding spaces ignored). '2024-2-3' and '2024-02-30' are refused. */
export function checkDate(input: unknown): DateCheck {
  if (typeof input !== 'string') return { ok: false, reason: '日期应为“YYYY-MM-DD”格式的文字' };
  const s = input.trim();
  if (s === '') return { ok: false, reason: '请填写日期' };
  const problem = dateProblem(s);
  return problem === undefined ? { ok: true, date: s } : { ok: false, reason: problem };
}

/** The date itself if `input` is exactly a valid 'YYYY-MM-DD' date; otherwise a RangeError whose
 *  message (Chinese) says what is wrong. Every calendar method checks its dates this way. */
export function parseDate(input: string): IsoDate {
  if (typeof input !== 'string') throw new RangeError('日期应为“YYYY-MM-DD”格式的文字');
  const problem = dateProblem(input);
  if (problem !== undefined) throw new RangeError(problem);
  return input;
}

/** Whole days since 1970-01-01 of a date already checked by dateProblem. */
function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function dateOfDay(day: number): IsoDate {
  const iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const year = Number(iso.slice(0, 4));
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw new RangeError(`日期超出支持范围（${MIN_YEAR}年至${MAX_YEAR}年）`);
  }
  return iso;
}

/** The calendar date `n` days after `date` (before it when n < 0). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return dateOfDay(dayNumber(parseDate(date)) + n);
}

/** Calendar days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(parseDate(to)) - dayNumber(parseDate(from));
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 (day 0) was a Thursday. */
function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** 周一…周日 for a date. */
export function weekdayName(date: IsoDate): WeekdayName {
  return WEEKDAY_NAMES[dayOfWeek(dayNumber(parseDate(date)))]!;
}

// ───────────────────────── validating a year ─────────────────────────

export type CalendarYearCheck = { ok: true; year: CalendarYear } | { ok: false; errors: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * Check a year's arrangement as an admin entered it (or as shipped) and return a clean copy.
 * Errors are in Chinese, one per problem, so the form can list them all at once: a date that is
 * not a date, a period whose days off overlap another's, a make-up working day that is not a
 * Saturday or Sunday (补班 only ever turns a weekend day into a working day), a day outside the
 * year and one month either side (a notice reaches into the neighbouring December/January only for
 * 元旦 and 春节), a make-up day inside a span of days off.
 */
export function validateCalendarYear(input: unknown): CalendarYearCheck {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['日历数据应为一个对象（包括年份、通知和放假时段）'] };

  const year = input.year;
  if (typeof year !== 'number' || !Number.isInteger(year)) {
    return { ok: false, errors: ['年份应为整数（如2027）'] };
  }
  // One month either side must stay inside the supported range too.
  if (year <= MIN_YEAR || year >= MAX_YEAR) {
    return { ok: false, errors: [`年份应在${MIN_YEAR + 1}至${MAX_YEAR - 1}年之间，现为${year}年`] };
  }
  const windowFrom = `${year - 1}-12-01`;
  const windowTo = `${year + 1}-01-31`;

  // Notices.
  const notices: HolidayNotice[] = [];
  if (!Array.isArray(input.notices) || input.notices.length === 0) {
    errors.push('至少应填写一份放假安排通知（标题、文号等）');
  } else {
    input.notices.forEach((raw: unknown, i: number) => {
      const label = `第${i + 1}份通知`;
      if (!isRecord(raw)) {
        errors.push(`${label}的内容有误`);
        return;
      }
      if (!nonEmptyString(raw.title)) errors.push(`${label}缺少标题`);
      const notice: HolidayNotice = { title: typeof raw.title === 'string' ? raw.title.trim() : '' };
      for (const key of ['docNo', 'issuer', 'note'] as const) {
        const v = raw[key];
        if (v === undefined) continue;
        if (typeof v !== 'string') errors.push(`${label}的${key === 'docNo' ? '文号' : key === 'issuer' ? '发文机关' : '备注'}应为文字`);
        else if (v.trim() !== '') notice[key] = v.trim();
      }
      for (const key of ['dated', 'published'] as const) {
        const v = raw[key];
        if (v === undefined) continue;
        const what = key === 'dated' ? '成文日期' : '发布日期';
        const check = checkDate(v);
        if (!check.ok) errors.push(`${label}的${what}有误：${check.reason}`);
        else notice[key] = check.date;
      }
      if (raw.url !== undefined) {
        if (typeof raw.url !== 'string' || !/^https?:\/\/\S+$/.test(raw.url.trim())) {
          errors.push(`${label}的网址应以 http:// 或 https:// 开头`);
        } else notice.url = raw.url.trim();
      }
      notices.push(notice);
    });
  }
  const noticeCount = Array.isArray(input.notices) ? input.notices.length : 0;

  // Reads an [from, to] span; pushes errors and returns undefined when it is not one.
  const readSpan = (raw: unknown, label: string): [IsoDate, IsoDate] | undefined => {
    if (!Array.isArray(raw) || raw.length !== 2) {
      errors.push(`${label}的放假起止日期应为两个日期`);
      return undefined;
    }
    const from = checkDate(raw[0]);
    const to = checkDate(raw[1]);
    if (!from.ok) errors.push(`${label}的放假起始日期有误：${from.reason}`);
    if (!to.ok) errors.push(`${label}的放假结束日期有误：${to.reason}`);
    if (!from.ok || !to.ok) return undefined;
    if (from.date > to.date) {
      errors.push(`${label}的放假起始日${from.date}晚于结束日${to.date}`);
      return undefined;
    }
    return [from.date, to.date];
  };
  const readDates = (raw: unknown, label: string, what: string): IsoDate[] | undefined => {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      errors.push(`${label}的${what}应为日期列表`);
      return undefined;
    }
    const out: IsoDate[] = [];
    for (const v of raw) {
      const c = checkDate(v);
      if (!c.ok) errors.push(`${label}的${what}有误：${c.reason}`);
      else out.push(c.date);
    }
    return out;
  };
  const readNoticeIndex = (raw: unknown, label: string): number | undefined => {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw >= noticeCount) {
      errors.push(`${label}引用的通知不存在（共${noticeCount}份通知）`);
      return undefined;
    }
    return raw;
  };

  // Periods.
  const periods: HolidayPeriod[] = [];
  const labels: string[] = [];
  if (!Array.isArray(input.periods) || input.periods.length === 0) {
    errors.push('至少应有一个放假时段');
  } else {
    input.periods.forEach((raw: unknown, i: number) => {
      let label = `第${i + 1}个时段`;
      if (!isRecord(raw)) {
        errors.push(`${label}的内容有误`);
        return;
      }
      if (nonEmptyString(raw.name)) label += `（${raw.name.trim()}）`;
      else errors.push(`${label}缺少节日名称`);
      const off = readSpan(raw.off, label);
      const makeups = readDates(raw.makeupWorkdays, label, '补班日期');
      const noticeIndex = readNoticeIndex(raw.notice, label);

      if (off !== undefined) {
        for (const d of off) {
          if (d < windowFrom || d > windowTo) {
            errors.push(`${label}的放假日${d}超出${year}年前后一个月的范围（${windowFrom}至${windowTo}）`);
          }
        }
        const length = dayNumber(off[1]) - dayNumber(off[0]) + 1;
        // No notice has ever given more than 10 days in one span (春节 2020, extended);
        // a month is far beyond any real arrangement, so a longer span is a typing mistake.
        if (length > 31) errors.push(`${label}的放假时段长达${length}天，超过31天，请核对起止日期`);
      }
      for (const d of makeups ?? []) {
        const dow = dayOfWeek(dayNumber(d));
        if (dow !== 0 && dow !== 6) {
          errors.push(`${label}的补班日${d}是${WEEKDAY_NAMES[dow]}，补班日应为星期六或星期日`);
        }
        if (d < windowFrom || d > windowTo) {
          errors.push(`${label}的补班日${d}超出${year}年前后一个月的范围（${windowFrom}至${windowTo}）`);
        }
      }

      let supersedes: SupersededArrangement | undefined;
      if (raw.supersedes !== undefined) {
        const prior = raw.supersedes;
        const priorLabel = `${label}的原安排`;
        if (!isRecord(prior)) errors.push(`${priorLabel}的内容有误`);
        else {
          const priorOff = readSpan(prior.off, priorLabel);
          const priorMakeups = readDates(prior.makeupWorkdays, priorLabel, '补班日期');
          const priorNotice = readNoticeIndex(prior.notice ?? 0, priorLabel);
          if (prior.wording !== undefined && typeof prior.wording !== 'string') errors.push(`${priorLabel}的原文应为文字`);
          if (priorOff && priorMakeups && priorNotice !== undefined) {
            supersedes = { off: priorOff, makeupWorkdays: priorMakeups, notice: priorNotice };
            if (typeof prior.wording === 'string' && prior.wording.trim() !== '') supersedes.wording = prior.wording.trim();
          }
        }
      }
      for (const key of ['wording', 'note'] as const) {
        if (raw[key] !== undefined && typeof raw[key] !== 'string') {
          errors.push(`${label}的${key === 'wording' ? '原文' : '备注'}应为文字`);
        }
      }

      if (off === undefined || makeups === undefined || !nonEmptyString(raw.name)) return;
      const period: HolidayPeriod = { name: raw.name.trim(), off, makeupWorkdays: makeups };
      if (noticeIndex !== undefined) period.notice = noticeIndex;
      if (typeof raw.wording === 'string' && raw.wording.trim() !== '') period.wording = raw.wording.trim();
      if (supersedes !== undefined) period.supersedes = supersedes;
      if (typeof raw.note === 'string' && raw.note.trim() !== '') period.note = raw.note.trim();
      periods.push(period);
      labels.push(label);
    });
  }

  // Across periods: spans of days off must not overlap, and a day cannot be both off and worked.
  for (let a = 0; a < periods.length; a++) {
    const pa = periods[a]!;
    for (let b = a + 1; b < periods.length; b++) {
      const pb = periods[b]!;
      // 'YYYY-MM-DD' strings sort as dates: the overlap runs from the later start to the earlier end.
      const from = [pa.off[0], pb.off[0]].sort()[1]!;
      const to = [pa.off[1], pb.off[1]].sort()[0]!;
      if (from <= to) {
        const where = from === to ? from : `${from}至${to}`;
        errors.push(`${labels[a]}与${labels[b]}的放假日期重叠（${where}）`);
      }
    }
  }
  const seenMakeups = new Map<IsoDate, string>();
  periods.forEach((p, i) => {
    for (const d of p.makeupWorkdays) {
      const first = seenMakeups.get(d);
      if (first !== undefined) errors.push(`补班日${d}重复出现（${first}、${labels[i]}）`);
      else seenMakeups.set(d, labels[i]!);
      periods.forEach((q, j) => {
        if (d >= q.off[0] && d <= q.off[1]) errors.push(`${labels[i]}的补班日${d}落在${labels[j]}的放假时段内`);
      });
    }
  });

  if (input.note !== undefined && typeof input.note !== 'string') errors.push('年度备注应为文字');
  if (errors.length > 0) return { ok: false, errors };

  const clean: CalendarYear = { year, notices, periods };
  if (typeof input.note === 'string' && input.note.trim() !== '') clean.note = input.note.trim();
  return { ok: true, year: clean };
}

// ───────────────────────── the calendar ─────────────────────────

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeup';

/** What the calendar says about one date. `holiday` names the period for holiday and make-up days. */
export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  kind: DayKind;
  holiday?: string;
  /** False when the date's year has no notice entered (or the next year's notice could still move it). */
  covered: boolean;
}

/** A non-working day passed over while counting, with why: 周六/周日, or the holiday's name. */
export interface SkippedDay {
  date: IsoDate;
  reason: string;
}

/** A deadline N working days after `start`, with what the count passed over, for display. */
export interface WorkdayCount {
  start: IsoDate;
  due: IsoDate;
  counted: number;
  skipped: SkippedDay[];
  /** Saturdays/Sundays counted because a notice made them working days (调休补班). */
  makeupDaysCounted: IsoDate[];
  /** True when some counted or skipped day is not covered by an entered notice: the date may move. */
  provisional: boolean;
}

export interface CoveredRange {
  firstYear: number;
  lastYear: number;
  /** Years between first and last with no data (their dates are provisional). */
  missingYears: number[];
}

interface Mark {
  kind: 'holiday' | 'makeup';
  name: string;
}

interface Classified {
  workday: boolean;
  kind: DayKind;
  holiday?: string;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function checkCount(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`工作日数应为不小于1的整数，现为${String(n)}`);
  }
  if (n > MAX_WORKDAYS) throw new RangeError(`工作日数不应超过${MAX_WORKDAYS}，现为${n}`);
}

export class WorkCalendar {
  readonly #years = new Map<number, CalendarYear>();
  readonly #marks = new Map<IsoDate, Mark>();

  /**
   * Build a calendar from years of data. A year given again later in the list replaces the earlier
   * one (shipped data first, then the admin's additions and corrections). Throws a RangeError naming
   * the problems if a year does not pass validateCalendarYear.
   */
  constructor(years: Iterable<CalendarYear>) {
    for (const raw of years) {
      const check = validateCalendarYear(raw);
      if (!check.ok) {
        const which = isRecord(raw) && typeof raw.year === 'number' ? `${raw.year}年` : '';
        throw new RangeError(`${which}日历数据有误：${check.errors.join('；')}`);
      }
      this.#years.set(check.year.year, deepFreeze(check.year));
    }
    // A date named by two years' notices (the last days of December) takes the later notice:
    // the notice for Y+1 is the one that set the 元旦 arrangement reaching back into Y.
    for (const year of this.years()) {
      for (const period of this.#years.get(year)!.periods) {
        for (let d = dayNumber(period.off[0]); d <= dayNumber(period.off[1]); d++) {
          this.#marks.set(dateOfDay(d), { kind: 'holiday', name: period.name });
        }
        for (const d of period.makeupWorkdays) this.#marks.set(d, { kind: 'makeup', name: period.name });
      }
    }
  }

  /** A new calendar with these years added or replacing the ones here. */
  withYears(years: Iterable<CalendarYear>): WorkCalendar {
    return new WorkCalendar([...this.#years.values(), ...years]);
  }

  /** The years with data, ascending. */
  years(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** The data for a year as entered (frozen), e.g. to show the notices a deadline rests on. */
  yearData(year: number): CalendarYear | undefined {
    return this.#years.get(year);
  }

  /** Whether a notice for this year has been entered. */
  covers(year: number): boolean {
    return this.#years.has(year);
  }

  /** First and last year with data and the gaps between, or null for an empty calendar. */
  coveredRange(): CoveredRange | null {
    const years = this.years();
    if (years.length === 0) return null;
    const firstYear = years[0]!;
    const lastYear = years[years.length - 1]!;
    const missingYears: number[] = [];
    for (let y = firstYear; y <= lastYear; y++) if (!this.#years.has(y)) missingYears.push(y);
    return { firstYear, lastYear, missingYears };
  }

  /** Whether the answer for this date rests on entered notices (see DayInfo.covered). */
  coversDate(date: IsoDate): boolean {
    return this.#coversChecked(parseDate(date));
  }

  #coversChecked(date: IsoDate): boolean {
    const year = Number(date.slice(0, 4));
    if (!this.#years.has(year)) return false;
    if (date.slice(5, 7) === '12' && Number(date.slice(8, 10)) >= NEXT_NOTICE_REACHES_BACK_TO_DECEMBER) {
      return this.#years.has(year + 1);
    }
    return true;
  }

  #classify(day: number, date: IsoDate): Classified {
    const mark = this.#marks.get(date);
    if (mark !== undefined) {
      return { workday: mark.kind === 'makeup', kind: mark.kind, holiday: mark.name };
    }
    const dow = dayOfWeek(day);
    return dow === 0 || dow === 6 ? { workday: false, kind: 'weekend' } : { workday: true, kind: 'weekday' };
  }

  /** Mon–Fri unless a holiday day off; Sat/Sun only if a make-up working day (调休补班). */
  isWorkday(date: IsoDate): boolean {
    const d = parseDate(date);
    return this.#classify(dayNumber(d), d).workday;
  }

  dayInfo(date: IsoDate): DayInfo {
    const d = parseDate(date);
    const c = this.#classify(dayNumber(d), d);
    const info: DayInfo = { date: d, workday: c.workday, kind: c.kind, covered: this.#coversChecked(d) };
    if (c.holiday !== undefined) info.holiday = c.holiday;
    return info;
  }

  /**
   * The Nth working day after `start` (spec law.md §9): the start day itself is not counted, the
   * next N working days are, and the Nth is the last day of the period. As every counted day is a
   * working day, the rule of 民法典 Art. 203 (a last day on a holiday moves on) is already met.
   */
  addWorkdays(start: IsoDate, n: number): IsoDate {
    return this.addWorkdaysExplained(start, n).due;
  }

  /** addWorkdays with what it skipped and counted, so the app can show how a deadline was reached. */
  addWorkdaysExplained(start: IsoDate, n: number): WorkdayCount {
    const s = parseDate(start);
    checkCount(n);
    let day = dayNumber(s);
    let counted = 0;
    let provisional = false;
    const skipped: SkippedDay[] = [];
    const makeupDaysCounted: IsoDate[] = [];
    while (counted < n) {
      day++;
      const date = dateOfDay(day);
      const c = this.#classify(day, date);
      if (!this.#coversChecked(date)) provisional = true;
      if (c.workday) {
        counted++;
        if (c.kind === 'makeup') makeupDaysCounted.push(date);
      } else {
        skipped.push({ date, reason: c.kind === 'holiday' ? c.holiday! : WEEKDAY_NAMES[dayOfWeek(day)]! });
      }
    }
    return { start: s, due: dateOfDay(day), counted: n, skipped, makeupDaysCounted, provisional };
  }

  /** Working days d with from < d ≤ to (0 when to ≤ from): workdaysBetween(s, addWorkdays(s, n)) === n. */
  workdaysBetween(from: IsoDate, to: IsoDate): number {
    const a = dayNumber(parseDate(from));
    const b = dayNumber(parseDate(to));
    let count = 0;
    for (let day = a + 1; day <= b; day++) {
      if (this.#classify(day, dateOfDay(day)).workday) count++;
    }
    return count;
  }

  /** Working days in a calendar year. Refuses (RangeError) a year without data rather than guess. */
  workdaysInYear(year: number): number {
    if (!Number.isInteger(year)) throw new RangeError(`年份应为整数，现为${String(year)}`);
    if (!this.covers(year)) throw new RangeError(`尚无${year}年的放假安排数据，无法计算该年工作日数`);
    return this.workdaysBetween(`${year - 1}-12-31`, `${year}-12-31`);
  }
}

let shipped: WorkCalendar | undefined;

/** The calendar over the shipped years 2008–2026, built once. */
export function shippedCalendar(): WorkCalendar {
  shipped ??= new WorkCalendar(SHIPPED_YEARS);
  return shipped;
}
