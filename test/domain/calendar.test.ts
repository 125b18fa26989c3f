import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDays,
  type CalendarYear,
  checkDate,
  daysBetween,
  MAX_WORKDAYS,
  parseDate,
  SHIPPED_YEARS,
  shippedCalendar,
  validateCalendarYear,
  WorkCalendar,
  weekdayName,
} from '../../src/domain/calendar/index.js';

// Expected values from spec law.md §5.2 (worked deadlines and working days per year, derived with
// holiday-cn) and §5.1 (the one-off changes); the day-by-day reference is the npm package
// chinese-days 1.5.7, which covers 2004–2026.

// chinese-days builds its date tables at load time from local dates and is right only at or east
// of UTC (west of it every holiday lands a day early), so it is loaded in China's own zone and the
// caller's zone is then restored: the calendar under test uses no zone and runs in whatever zone
// the tests are run in.
const callerZone = process.env.TZ;
process.env.TZ = 'Asia/Shanghai';
const { default: chineseDays } = await import('chinese-days');
if (callerZone === undefined) delete process.env.TZ;
else process.env.TZ = callerZone;

const calendar = shippedCalendar();
const MS_PER_DAY = 86_400_000;

function* eachDate(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += MS_PER_DAY) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

/** Small seeded generator (mulberry32) so a failing case can be reproduced from the seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ───────────── the data against an independent reference ─────────────

test('every day from 2008-01-01 to 2026-12-31 is a working day exactly when chinese-days says so', (t) => {
  const differences: string[] = [];
  let days = 0;
  for (const date of eachDate('2008-01-01', '2026-12-31')) {
    days++;
    const ours = calendar.isWorkday(date);
    // chinese-days reads a 'YYYY-MM-DD' string as UTC midnight but then looks at local fields, so
    // west of UTC it answers for the day before; a local-midnight Date gives it the intended day.
    const theirs = chineseDays.isWorkday(new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
    if (ours !== theirs) {
      differences.push(`${date} (${weekdayName(date)}): ours ${ours ? '工作日' : '休息日'}, chinese-days ${theirs ? '工作日' : '休息日'}`);
    }
  }
  t.diagnostic(`compared ${days} days, ${differences.length} differences`);
  for (const line of differences.slice(0, 20)) t.diagnostic(line);
  assert.equal(days, 6940);
  assert.deepEqual(differences.slice(0, 20), [], `${differences.length} differences`);
});

const workdaysPerYear = [
  { year: 2008, workdays: 251 },
  { year: 2015, workdays: 249 },
  { year: 2019, workdays: 250 },
  { year: 2020, workdays: 249 },
  { year: 2024, workdays: 251 },
  { year: 2025, workdays: 248 },
  { year: 2026, workdays: 248 },
];

for (const { year, workdays } of workdaysPerYear) {
  test(`${year} has ${workdays} working days`, () => {
    assert.equal(calendar.workdaysInYear(year), workdays);
  });
}

test('every shipped year has between 245 and 252 working days', () => {
  for (const year of calendar.years()) {
    const n = calendar.workdaysInYear(year);
    assert.ok(n >= 245 && n <= 252, `${year}: ${n}`);
  }
});

// ───────────── the shipped data itself ─────────────

test('the shipped data holds one entry per year 2008–2026, each with a numbered notice on gov.cn', () => {
  assert.deepEqual(
    SHIPPED_YEARS.map((y) => y.year),
    Array.from({ length: 19 }, (_, i) => 2008 + i),
  );
  for (const y of SHIPPED_YEARS) {
    assert.ok(y.notices.length >= 1, `${y.year}`);
    assert.equal(y.notices[0]?.title, `国务院办公厅关于${y.year}年部分节假日安排的通知`);
    for (const n of y.notices) {
      assert.match(n.docNo ?? '', /^国(办)?发明电〔20\d\d〕\d+号$/, `${y.year}: ${n.docNo}`);
      assert.match(n.url ?? '', /^https?:\/\/www\.gov\.cn\//, `${y.year}: ${n.url}`);
    }
    assert.deepEqual(y.notices[0]?.docNo?.slice(5, 11), `〔${y.year - 1}〕`, `${y.year}: the yearly notice is from the year before`);
  }
  assert.equal(calendar.yearData(2024)?.notices[0]?.docNo, '国办发明电〔2023〕7号');
});

test('every shipped year passes the validator and comes back unchanged', () => {
  for (const y of SHIPPED_YEARS) {
    const result = validateCalendarYear(y);
    assert.ok(result.ok, `${y.year}: ${result.ok ? '' : result.errors.join('；')}`);
    assert.deepEqual(result.year, y);
  }
});

test('the shipped calendar covers 2008 to 2026 without gaps, and is built once', () => {
  assert.deepEqual(calendar.coveredRange(), { firstYear: 2008, lastYear: 2026, missingYears: [] });
  assert.equal(calendar.covers(2007), false);
  assert.equal(calendar.covers(2008), true);
  assert.equal(calendar.covers(2026), true);
  assert.equal(calendar.covers(2027), false);
  assert.equal(shippedCalendar(), calendar);
});

// ───────────── single days, including the one-off changes ─────────────

const days = [
  { date: '2024-02-05', workday: true, kind: 'weekday', what: 'an ordinary Monday' },
  { date: '2024-03-02', workday: false, kind: 'weekend', what: 'an ordinary Saturday' },
  {
    date: '2024-02-04',
    workday: true,
    kind: 'makeup',
    holiday: '春节',
    what: 'a Sunday worked for the Spring Festival',
  },
  {
    date: '2024-02-09',
    workday: true,
    kind: 'weekday',
    what: 'the 2024 eve of the Spring Festival, which the notice only encouraged employers to give',
  },
  {
    date: '2024-02-10',
    workday: false,
    kind: 'holiday',
    holiday: '春节',
    what: 'a Saturday inside the Spring Festival',
  },
  {
    date: '2024-02-16',
    workday: false,
    kind: 'holiday',
    holiday: '春节',
    what: 'a Friday inside the Spring Festival',
  },
  {
    date: '2015-09-03',
    workday: false,
    kind: 'holiday',
    holiday: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
    what: 'the 70th anniversary of victory',
  },
  {
    date: '2015-09-04',
    workday: false,
    kind: 'holiday',
    holiday: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
    what: 'the Friday swapped for the anniversary',
  },
  {
    date: '2015-09-06',
    workday: true,
    kind: 'makeup',
    holiday: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
    what: 'the Sunday worked for the anniversary',
  },
  {
    date: '2019-05-02',
    workday: false,
    kind: 'holiday',
    holiday: '劳动节',
    what: 'a Thursday added to Labour Day 2019 by the March notice',
  },
  {
    date: '2019-05-03',
    workday: false,
    kind: 'holiday',
    holiday: '劳动节',
    what: 'a Friday added to Labour Day 2019 by the March notice',
  },
  {
    date: '2019-04-28',
    workday: true,
    kind: 'makeup',
    holiday: '劳动节',
    what: 'a Sunday worked under the March 2019 notice',
  },
  {
    date: '2019-05-05',
    workday: true,
    kind: 'makeup',
    holiday: '劳动节',
    what: 'the other Sunday worked under the March 2019 notice',
  },
  {
    date: '2020-01-31',
    workday: false,
    kind: 'holiday',
    holiday: '春节',
    what: 'a Friday of the 2020 epidemic extension',
  },
  {
    date: '2020-02-01',
    workday: false,
    kind: 'holiday',
    holiday: '春节',
    what: 'the Saturday that was to be worked before the 2020 extension',
  },
  { date: '2020-02-03', workday: true, kind: 'weekday', what: 'the Monday work resumed in 2020' },
  {
    date: '2020-01-19',
    workday: true,
    kind: 'makeup',
    holiday: '春节',
    what: 'the Sunday still worked before the 2020 Spring Festival',
  },
  {
    date: '2018-12-29',
    workday: true,
    kind: 'makeup',
    holiday: '元旦',
    what: 'a Saturday of 2018 worked under the 2019 notice',
  },
  {
    date: '2018-12-31',
    workday: false,
    kind: 'holiday',
    holiday: '元旦',
    what: 'a Monday of 2018 off under the 2019 notice',
  },
  {
    date: '2011-12-31',
    workday: true,
    kind: 'makeup',
    holiday: '元旦',
    what: 'a Saturday of 2011 worked under the 2012 notice',
  },
  {
    date: '2022-12-31',
    workday: false,
    kind: 'holiday',
    holiday: '元旦',
    what: 'a Saturday of 2022 inside the 2023 New Year holiday',
  },
  {
    date: '2009-10-06',
    workday: false,
    kind: 'holiday',
    holiday: '国庆节、中秋节',
    what: 'a day of the combined 2009 National Day and Mid-Autumn holiday',
  },
] as const;

for (const day of days) {
  test(`${day.date} is ${day.what}`, () => {
    const expected = {
      date: day.date,
      workday: day.workday,
      kind: day.kind,
      covered: true,
      ...('holiday' in day ? { holiday: day.holiday } : {}),
    };
    assert.deepEqual(calendar.dayInfo(day.date), expected);
    assert.equal(calendar.isWorkday(day.date), day.workday);
  });
}

test('the Saturday of 2007 worked under the 2008 notice is known, but 2007 itself is not covered', () => {
  assert.deepEqual(calendar.dayInfo('2007-12-29'), {
    date: '2007-12-29',
    workday: true,
    kind: 'makeup',
    holiday: '元旦',
    covered: false,
  });
  assert.deepEqual(calendar.dayInfo('2007-12-31'), {
    date: '2007-12-31',
    workday: false,
    kind: 'holiday',
    holiday: '元旦',
    covered: false,
  });
  assert.deepEqual(calendar.dayInfo('2007-06-01'), {
    date: '2007-06-01',
    workday: true,
    kind: 'weekday',
    covered: false,
  });
});

test('the earlier arrangements replaced in 2019 and 2020 are kept for the record with the notice that made them', () => {
  const labour2019 = calendar.yearData(2019)?.periods.find((p) => p.name === '劳动节');
  assert.deepEqual(labour2019?.off, ['2019-05-01', '2019-05-04']);
  assert.equal(calendar.yearData(2019)?.notices[labour2019?.notice ?? 0]?.dated, '2019-03-22');
  assert.deepEqual(labour2019?.supersedes?.off, ['2019-05-01', '2019-05-01']);

  const spring2020 = calendar.yearData(2020)?.periods.find((p) => p.name === '春节');
  assert.deepEqual(spring2020?.supersedes?.makeupWorkdays, ['2020-01-19', '2020-02-01']);
  assert.deepEqual(spring2020?.makeupWorkdays, ['2020-01-19']);
  assert.equal(calendar.yearData(2020)?.notices[spring2020?.notice ?? 0]?.docNo, '国办发明电〔2020〕1号');
});

test("the weekday of a date is the same as the UTC weekday, whatever the server's zone", () => {
  const random = seededRandom(7);
  for (let i = 0; i < 300; i++) {
    const t = Date.UTC(1950, 0, 1) + Math.floor(random() * 100 * 365) * MS_PER_DAY;
    const date = new Date(t).toISOString().slice(0, 10);
    assert.equal(weekdayName(date), ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][new Date(t).getUTCDay()], date);
  }
});

// ───────────── deadlines ─────────────

const deadlines = [
  {
    start: '2024-09-27',
    n: 7,
    due: '2024-10-12',
    what: 'a 补正 notice over National Day 2024, ending on a Saturday worked',
  },
  { start: '2024-09-27', n: 20, due: '2024-10-30', what: 'a reply over National Day 2024' },
  {
    start: '2025-12-31',
    n: 20,
    due: '2026-01-29',
    what: 'a reply over New Year 2026, first counted day a Sunday worked',
  },
  { start: '2026-02-10', n: 20, due: '2026-03-16', what: 'a reply over the nine-day Spring Festival 2026' },
  { start: '2026-02-10', n: 40, due: '2026-04-14', what: 'a reply extended by another 20 working days' },
  { start: '2020-01-20', n: 20, due: '2020-02-25', what: 'a reply over the extended Spring Festival 2020' },
];

for (const { start, n, due, what } of deadlines) {
  test(`${start} + ${n} working days is ${due}: ${what}`, () => {
    assert.equal(calendar.addWorkdays(start, n), due);
    assert.equal(calendar.workdaysBetween(start, due), n);
    assert.equal(calendar.isWorkday(due), true);
  });
}

test('the 7-day count from 2024-09-27 explains each day it passed over and the Saturdays and Sundays it counted', () => {
  assert.deepEqual(calendar.addWorkdaysExplained('2024-09-27', 7), {
    start: '2024-09-27',
    due: '2024-10-12',
    counted: 7,
    skipped: [
      { date: '2024-09-28', reason: '周六' },
      { date: '2024-10-01', reason: '国庆节' },
      { date: '2024-10-02', reason: '国庆节' },
      { date: '2024-10-03', reason: '国庆节' },
      { date: '2024-10-04', reason: '国庆节' },
      { date: '2024-10-05', reason: '国庆节' },
      { date: '2024-10-06', reason: '国庆节' },
      { date: '2024-10-07', reason: '国庆节' },
    ],
    makeupDaysCounted: ['2024-09-29', '2024-10-12'],
    provisional: false,
  });
});

test('the 20-day count from 2026-02-10 skips the nine days of the Spring Festival and counts both Saturdays worked', () => {
  const result = calendar.addWorkdaysExplained('2026-02-10', 20);
  const spring = result.skipped.filter((s) => s.reason === '春节').map((s) => s.date);
  assert.deepEqual(spring, [...eachDate('2026-02-15', '2026-02-23')]);
  assert.deepEqual(result.makeupDaysCounted, ['2026-02-14', '2026-02-28']);
  // Sunday 3-01 follows the Saturday worked; the weekend of 2-21/22 lies inside the holiday.
  assert.deepEqual(
    result.skipped.filter((s) => s.reason !== '春节'),
    [
      { date: '2026-03-01', reason: '周日' },
      { date: '2026-03-07', reason: '周六' },
      { date: '2026-03-08', reason: '周日' },
      { date: '2026-03-14', reason: '周六' },
      { date: '2026-03-15', reason: '周日' },
    ],
  );
  assert.equal(result.provisional, false);
});

test('the 20-day count from 2025-12-31 skips New Year and counts Sunday 2026-01-04 first', () => {
  const result = calendar.addWorkdaysExplained('2025-12-31', 20);
  assert.deepEqual(result.skipped.slice(0, 3), [
    { date: '2026-01-01', reason: '元旦' },
    { date: '2026-01-02', reason: '元旦' },
    { date: '2026-01-03', reason: '元旦' },
  ]);
  assert.deepEqual(result.makeupDaysCounted, ['2026-01-04']);
});

test('the 20-day count from 2020-01-20 passes over 2020-02-01 as a Spring Festival day, not a day worked', () => {
  const result = calendar.addWorkdaysExplained('2020-01-20', 20);
  assert.deepEqual(
    result.skipped.find((s) => s.date === '2020-02-01'),
    { date: '2020-02-01', reason: '春节' },
  );
  assert.deepEqual(result.makeupDaysCounted, []);
  assert.equal(result.skipped.filter((s) => s.reason === '春节').length, 10);
});

test('the start day is not counted even when it is a working day, and one working day after a Friday is Monday', () => {
  assert.equal(calendar.addWorkdays('2024-03-01', 1), '2024-03-04');
  assert.equal(calendar.addWorkdays('2024-03-02', 1), '2024-03-04');
  assert.equal(calendar.addWorkdays('2024-03-04', 1), '2024-03-05');
});

test('for 2,000 random starts and lengths, counting back the working days gives the length again', () => {
  const random = seededRandom(2019);
  const first = Date.UTC(2008, 0, 1);
  const span = Date.UTC(2026, 9, 1) - first;
  for (let i = 0; i < 2000; i++) {
    const start = new Date(first + Math.floor((random() * span) / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
    const n = 1 + Math.floor(random() * 60);
    const result = calendar.addWorkdaysExplained(start, n);
    assert.equal(calendar.workdaysBetween(start, result.due), n, `case ${i}: ${start} + ${n}`);
    assert.equal(calendar.workdaysBetween(start, calendar.addWorkdays(result.due, 1)), n + 1, `case ${i}`);
    assert.equal(calendar.isWorkday(result.due), true, `case ${i}`);
    const calendarDays = (Date.parse(result.due) - Date.parse(start)) / MS_PER_DAY;
    assert.equal(result.skipped.length + n, calendarDays, `case ${i}: every day in between is counted or skipped`);
    assert.equal(result.provisional, false, `case ${i}`);
  }
});

test('no working days lie between a date and itself or an earlier date', () => {
  assert.equal(calendar.workdaysBetween('2024-05-06', '2024-05-06'), 0);
  assert.equal(calendar.workdaysBetween('2024-05-06', '2024-05-01'), 0);
  assert.equal(calendar.workdaysBetween('2024-05-05', '2024-05-06'), 1);
});

// ───────────── years without data ─────────────

test('a 2027 date is answered by the weekday rule but marked as not covered, and counts into 2027 are provisional', () => {
  assert.deepEqual(calendar.dayInfo('2027-01-01'), {
    date: '2027-01-01',
    workday: true,
    kind: 'weekday',
    covered: false,
  });
  assert.deepEqual(calendar.dayInfo('2027-01-02'), {
    date: '2027-01-02',
    workday: false,
    kind: 'weekend',
    covered: false,
  });
  assert.equal(calendar.coversDate('2027-03-01'), false);
  assert.equal(calendar.addWorkdaysExplained('2026-12-20', 20).provisional, true);
  assert.equal(calendar.addWorkdaysExplained('2026-11-02', 5).provisional, false);
  assert.throws(() => calendar.workdaysInYear(2027), {
    name: 'RangeError',
    message: '尚无2027年的放假安排数据，无法计算该年工作日数',
  });
});

test('the last days of December 2026 stay provisional until the 2027 notice, which may move them, is entered', () => {
  assert.equal(calendar.dayInfo('2026-12-24').covered, true);
  assert.equal(calendar.dayInfo('2026-12-25').covered, false);
  assert.equal(calendar.dayInfo('2026-12-31').covered, false);
  assert.equal(calendar.dayInfo('2018-12-31').covered, true);
  const with2027 = calendar.withYears([hypothetical2027()]);
  assert.equal(with2027.dayInfo('2026-12-31').covered, true);
});

// ───────────── years an admin adds or corrects ─────────────

/** A made-up arrangement for 2027, shaped like a real notice; not the State Council's. */
function hypothetical2027(): CalendarYear {
  return {
    year: 2027,
    notices: [{ title: '国务院办公厅关于2027年部分节假日安排的通知（测试用）', docNo: '国办发明电〔2026〕99号' }],
    periods: [
      { name: '元旦', off: ['2027-01-01', '2027-01-03'], makeupWorkdays: [] },
      { name: '春节', off: ['2027-02-05', '2027-02-13'], makeupWorkdays: ['2027-01-31', '2027-02-20'] },
    ],
  };
}

test("an admin's 2027 year turns its holidays off and its Sundays worked, and covers 2027", () => {
  const with2027 = new WorkCalendar([...SHIPPED_YEARS, hypothetical2027()]);
  assert.equal(with2027.covers(2027), true);
  assert.deepEqual(with2027.coveredRange(), { firstYear: 2008, lastYear: 2027, missingYears: [] });
  assert.deepEqual(with2027.dayInfo('2027-01-01'), {
    date: '2027-01-01',
    workday: false,
    kind: 'holiday',
    holiday: '元旦',
    covered: true,
  });
  assert.deepEqual(with2027.dayInfo('2027-01-31'), {
    date: '2027-01-31',
    workday: true,
    kind: 'makeup',
    holiday: '春节',
    covered: true,
  });
  assert.equal(with2027.addWorkdaysExplained('2026-12-20', 20).provisional, false);
  assert.equal(calendar.isWorkday('2027-01-01'), true, 'the shipped calendar is unchanged');
});

test('a corrected year given after the shipped one replaces it, including its days in the December before', () => {
  const corrected2026 = clone(SHIPPED_YEARS.find((y) => y.year === 2026)!);
  const national = corrected2026.periods.find((p) => p.name === '国庆节')!;
  national.off = ['2026-10-01', '2026-10-08'];
  national.makeupWorkdays = ['2026-09-20'];
  const fixed = calendar.withYears([corrected2026]);
  assert.equal(fixed.isWorkday('2026-10-08'), false);
  assert.equal(fixed.isWorkday('2026-10-10'), false);
  assert.equal(calendar.isWorkday('2026-10-08'), true);
  assert.equal(calendar.isWorkday('2026-10-10'), true);

  const corrected2019 = clone(SHIPPED_YEARS.find((y) => y.year === 2019)!);
  corrected2019.periods[0] = { name: '元旦', off: ['2019-01-01', '2019-01-01'], makeupWorkdays: [] };
  const without = new WorkCalendar([...SHIPPED_YEARS, corrected2019]);
  assert.deepEqual(without.dayInfo('2018-12-29'), {
    date: '2018-12-29',
    workday: false,
    kind: 'weekend',
    covered: true,
  });
  assert.deepEqual(without.dayInfo('2018-12-31'), {
    date: '2018-12-31',
    workday: true,
    kind: 'weekday',
    covered: true,
  });
});

test('a calendar with a missing year reports the gap', () => {
  const gappy = new WorkCalendar(SHIPPED_YEARS.filter((y) => y.year !== 2015));
  assert.deepEqual(gappy.coveredRange(), { firstYear: 2008, lastYear: 2026, missingYears: [2015] });
  assert.equal(gappy.dayInfo('2015-09-03').covered, false);
  assert.equal(gappy.isWorkday('2015-09-03'), true);
  assert.equal(new WorkCalendar([]).coveredRange(), null);
});

// ───────────── validating an admin's year ─────────────

const invalidYears: { what: string; change: (y: CalendarYear) => unknown; errors: string[] }[] = [
  {
    what: 'two periods whose days off overlap',
    change: (y) => {
      y.periods[1]!.off = ['2027-01-03', '2027-01-10'];
      y.periods[1]!.makeupWorkdays = [];
    },
    errors: ['第1个时段（元旦）与第2个时段（春节）的放假日期重叠（2027-01-03）'],
  },
  {
    what: 'a make-up working day on a Wednesday',
    change: (y) => {
      y.periods[1]!.makeupWorkdays = ['2027-02-03'];
    },
    errors: ['第2个时段（春节）的补班日2027-02-03是周三，补班日应为星期六或星期日'],
  },
  {
    what: 'a day off more than a month outside the year',
    change: (y) => {
      y.periods[0]!.off = ['2026-11-28', '2026-11-30'];
    },
    errors: [
      '第1个时段（元旦）的放假日2026-11-28超出2027年前后一个月的范围（2026-12-01至2028-01-31）',
      '第1个时段（元旦）的放假日2026-11-30超出2027年前后一个月的范围（2026-12-01至2028-01-31）',
    ],
  },
  {
    what: 'a make-up working day inside a span of days off',
    change: (y) => {
      y.periods[1]!.makeupWorkdays = ['2027-02-06'];
    },
    errors: ['第2个时段（春节）的补班日2027-02-06落在第2个时段（春节）的放假时段内'],
  },
  {
    what: 'a make-up working day listed twice',
    change: (y) => {
      y.periods[0]!.makeupWorkdays = ['2027-01-31'];
    },
    errors: ['补班日2027-01-31重复出现（第1个时段（元旦）、第2个时段（春节））'],
  },
  {
    what: 'a span that ends before it starts',
    change: (y) => {
      y.periods[0]!.off = ['2027-01-03', '2027-01-01'];
    },
    errors: ['第1个时段（元旦）的放假起始日2027-01-03晚于结束日2027-01-01'],
  },
  {
    what: 'an impossible date',
    change: (y) => {
      y.periods[1]!.off = ['2027-02-05', '2027-02-30'];
    },
    errors: ['第2个时段（春节）的放假结束日期有误：2027年2月没有30日（该月共28天）'],
  },
  {
    what: 'a date without leading zeros',
    change: (y) => {
      y.periods[1]!.makeupWorkdays = ['2027-1-31', '2027-02-20'];
    },
    errors: ['第2个时段（春节）的补班日期有误：日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“2027-1-31”'],
  },
  {
    what: 'a span of two months',
    change: (y) => {
      y.periods[1]!.off = ['2027-02-05', '2027-04-05'];
      y.periods[1]!.makeupWorkdays = [];
    },
    errors: ['第2个时段（春节）的放假时段长达60天，超过31天，请核对起止日期'],
  },
  {
    what: 'a period without a name and a notice without a title',
    change: (y) => {
      y.periods[0]!.name = ' ';
      y.notices[0]!.title = '';
    },
    errors: ['第1份通知缺少标题', '第1个时段缺少节日名称'],
  },
  {
    what: 'a period citing a notice that is not there',
    change: (y) => {
      y.periods[0]!.notice = 1;
    },
    errors: ['第1个时段（元旦）引用的通知不存在（共1份通知）'],
  },
  {
    what: 'no notice at all',
    change: (y) => {
      y.notices = [];
    },
    errors: ['至少应填写一份放假安排通知（标题、文号等）'],
  },
  {
    what: 'no period at all',
    change: (y) => {
      y.periods = [];
    },
    errors: ['至少应有一个放假时段'],
  },
  {
    what: 'a year that is not a whole number',
    change: (y) => ({ ...y, year: '2027' }),
    errors: ['年份应为整数（如2027）'],
  },
  {
    what: 'a notice date and address that are not right',
    change: (y) => {
      y.notices[0]!.dated = '2026/11/04';
      y.notices[0]!.url = 'www.gov.cn';
    },
    errors: [
      '第1份通知的成文日期有误：日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“2026/11/04”',
      '第1份通知的网址应以 http:// 或 https:// 开头',
    ],
  },
];

for (const { what, change, errors } of invalidYears) {
  test(`an admin's year with ${what} is refused with a message in Chinese`, () => {
    const y = hypothetical2027();
    const input = change(y) ?? y;
    assert.deepEqual(validateCalendarYear(input), { ok: false, errors });
  });
}

test('something that is not a year object at all is refused', () => {
  for (const input of [null, '2027', 2027, [hypothetical2027()]]) {
    assert.deepEqual(validateCalendarYear(input), {
      ok: false,
      errors: ['日历数据应为一个对象（包括年份、通知和放假时段）'],
    });
  }
});

test("an admin's year is returned trimmed, and a calendar refuses a year that does not validate", () => {
  const y = hypothetical2027();
  y.notices[0]!.title = `  ${y.notices[0]!.title} `;
  y.periods[0]!.name = '元旦 ';
  const result = validateCalendarYear(y);
  assert.ok(result.ok);
  assert.deepEqual(result.year, hypothetical2027());

  const bad = hypothetical2027();
  bad.periods[1]!.makeupWorkdays = ['2027-02-03'];
  assert.throws(() => new WorkCalendar([...SHIPPED_YEARS, bad]), {
    name: 'RangeError',
    message: '2027年日历数据有误：第2个时段（春节）的补班日2027-02-03是周三，补班日应为星期六或星期日',
  });
});

test('the calendar keeps its own frozen copy, so changing the input afterwards changes nothing', () => {
  const y = hypothetical2027();
  const cal = new WorkCalendar([y]);
  y.periods[0]!.off = ['2027-03-01', '2027-03-03'];
  assert.equal(cal.isWorkday('2027-01-01'), false);
  assert.throws(() => {
    (cal.yearData(2027)!.periods as unknown[]).push({});
  }, TypeError);
});

// ───────────── refusals ─────────────

test('a count of working days that is not a positive whole number is refused with a RangeError', () => {
  for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number, MAX_WORKDAYS + 1]) {
    assert.throws(() => calendar.addWorkdays('2024-01-02', n), RangeError, String(n));
    assert.throws(() => calendar.addWorkdaysExplained('2024-01-02', n), RangeError, String(n));
  }
  assert.throws(() => calendar.addWorkdays('2024-01-02', 0), { message: '工作日数应为不小于1的整数，现为0' });
  assert.throws(() => calendar.workdaysInYear(2024.5), RangeError);
});

const malformedDates = [
  { input: '2024-02-30', message: '2024年2月没有30日（该月共29天）' },
  { input: '2023-02-29', message: '2023年2月没有29日（该月共28天）' },
  { input: '2024-04-31', message: '2024年4月没有31日（该月共30天）' },
  { input: '2024-02-00', message: '2024年2月没有0日（该月共29天）' },
  { input: '2024-13-01', message: '月份应为01至12，现为“13”' },
  { input: '2024-2-3', message: '日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“2024-2-3”' },
  { input: '2024/02/03', message: '日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“2024/02/03”' },
  {
    input: '2024-02-03T00:00:00Z',
    message: '日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“2024-02-03T00:00:00Z”',
  },
  { input: ' 2024-02-03', message: '日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“ 2024-02-03”' },
  { input: '２０２４-02-03', message: '日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“２０２４-02-03”' },
  { input: '0099-01-01', message: '年份应在1900至2199年之间，现为99年' },
];

for (const { input, message } of malformedDates) {
  test(`the malformed date "${input}" is refused by every function, saying why`, () => {
    assert.throws(() => parseDate(input), { name: 'RangeError', message });
    assert.throws(() => calendar.isWorkday(input), { name: 'RangeError', message });
    assert.throws(() => calendar.dayInfo(input), { name: 'RangeError', message });
    assert.throws(() => calendar.addWorkdays(input, 1), { name: 'RangeError', message });
    assert.throws(() => calendar.workdaysBetween(input, '2024-03-01'), { name: 'RangeError', message });
    assert.throws(() => calendar.workdaysBetween('2024-03-01', input), { name: 'RangeError', message });
  });
}

test('a leap day is a date, and a date typed with spaces around it is accepted by the form check', () => {
  assert.equal(parseDate('2024-02-29'), '2024-02-29');
  assert.deepEqual(checkDate(' 2024-02-29 '), { ok: true, date: '2024-02-29' });
  assert.deepEqual(checkDate(''), { ok: false, reason: '请填写日期' });
  assert.deepEqual(checkDate(20240229), { ok: false, reason: '日期应为“YYYY-MM-DD”格式的文字' });
  assert.deepEqual(checkDate('2024-2-29'), {
    ok: false,
    reason: '日期格式应为“YYYY-MM-DD”（如2024-02-03），现为“2024-2-29”',
  });
});

test('counting past the last supported year is refused rather than producing a malformed date', () => {
  assert.throws(() => calendar.addWorkdays('2199-12-30', 5), {
    name: 'RangeError',
    message: '日期超出支持范围（1900年至2199年）',
  });
});

test('calendar-day arithmetic across months, leap days and years', () => {
  const cases: [string, number, string][] = [
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-12-01', -30, '2026-11-01'],
    ['2020-01-24', 0, '2020-01-24'],
  ];
  for (const [from, n, to] of cases) {
    assert.equal(addDays(from, n), to, `${from} + ${n}`);
    assert.equal(daysBetween(from, to), n, `${from} → ${to}`);
  }
  assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
  assert.throws(() => addDays('2024-02-30', 1), RangeError);
});
