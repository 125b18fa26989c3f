import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shippedCalendar } from '../../src/domain/calendar/index.js';
import {
  type ClockEvent,
  caseClock,
  correctionNoticeProblem,
  correctionProblem,
  extensionProblem,
  feeNoticeProblem,
  replyProblem,
} from '../../src/domain/clock.js';
import { clockCases, eventsOf, observed } from '../helpers/clockCases.js';

const calendar = shippedCalendar();

test(`the clock table: ${clockCases.length} cases across 春节, 国庆, 调休 and the 2020 extension`, () => {
  assert.ok(clockCases.length >= 40);
  for (const c of clockCases) {
    assert.deepEqual(observed(caseClock(eventsOf(c), calendar, c.today)), c.expect, c.name);
  }
});

test('every derived date explains itself: start, restart, holidays skipped, pauses, extension', () => {
  const corrected = caseClock(
    [
      { type: 'received', on: '2024-09-27' },
      { type: 'correctionRequested', on: '2024-10-12', periodWorkdays: 10 },
      { type: 'corrected', on: '2024-10-21' },
    ],
    calendar,
    '2024-10-22',
  );
  assert.equal(corrected.reply?.startReason, 'corrected');
  assert.equal(corrected.reply?.restartedFrom, '2024-09-27');
  assert.equal(corrected.reply?.start, '2024-10-21');

  const overHoliday = caseClock([{ type: 'received', on: '2024-09-27' }], calendar, '2024-09-30');
  const skipped = overHoliday.reply!.skipped;
  assert.deepEqual(
    skipped.filter((d) => d.reason === '国庆节').map((d) => d.date),
    ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-05', '2024-10-06', '2024-10-07'],
  );
  assert.deepEqual(overHoliday.reply!.makeupDaysCounted, ['2024-09-29', '2024-10-12']);

  const paused = caseClock(
    [
      { type: 'received', on: '2024-04-01' },
      { type: 'consultationSent', on: '2024-04-08', ref: 'a', party: '某公司', kind: 'thirdParty' },
      { type: 'consultationAnswered', on: '2024-04-18', ref: 'a' },
      { type: 'extensionApproved', on: '2024-04-30', workdays: 5 },
    ],
    calendar,
    '2024-05-06',
  );
  assert.deepEqual(
    paused.reply!.pauses.map((p) => [p.from, p.to, p.workdays, p.reason]),
    [['2024-04-08', '2024-04-18', 8, 'consultation']],
  );
  assert.equal(paused.reply!.extension, 5);
  assert.equal(paused.reply!.counted, 25);
});

test('a calendar correction moves an open deadline at once', () => {
  const events: ClockEvent[] = [{ type: 'received', on: '2026-12-21' }];
  const before = caseClock(events, calendar, '2026-12-22');
  assert.equal(before.reply?.due, '2027-01-18');
  assert.equal(before.reply?.provisional, true);
  const with2027 = calendar.withYears([
    {
      year: 2027,
      notices: [{ title: '国务院办公厅关于2027年部分节假日安排的通知' }],
      periods: [{ name: '元旦', off: ['2027-01-01', '2027-01-03'], makeupWorkdays: [] }],
    },
  ]);
  const after = caseClock(events, with2027, '2026-12-22');
  assert.equal(after.reply?.due, '2027-01-19', '元旦 2027 (a Friday) is now a day off');
});

const received = (on: string): ClockEvent => ({ type: 'received', on });
const state = (events: ClockEvent[], today: string) => caseClock(events, calendar, today);

test('refusals of 第三十条 and 第三十三条, as a table', () => {
  const r = received('2024-09-27');
  const cases: [string, string | null, RegExp | null][] = [
    ['correction on the 7th working day', correctionNoticeProblem(state([r], '2024-10-12'), '2024-10-12', 10), null],
    [
      'correction after the 7th working day',
      correctionNoticeProblem(state([r], '2024-10-14'), '2024-10-14', 10),
      /7个工作日内.*2024-10-12/,
    ],
    [
      'a second correction notice',
      correctionNoticeProblem(
        state([r, { type: 'correctionRequested', on: '2024-10-08', periodWorkdays: 5 }], '2024-10-09'),
        '2024-10-09',
        5,
      ),
      /一次性告知/,
    ],
    ['a correction period of 0', correctionNoticeProblem(state([r], '2024-10-08'), '2024-10-08', 0), /1至60/],
    ['an extension of 21 working days', extensionProblem(state([r], '2024-10-08'), '2024-10-08', 21), /1至20个工作日/],
    ['an extension of 20 working days', extensionProblem(state([r], '2024-10-08'), '2024-10-08', 20), null],
    [
      'a second extension',
      extensionProblem(state([r, { type: 'extensionApproved', on: '2024-10-08', workdays: 5 }], '2024-10-09'), '2024-10-09', 5),
      /只允许延期一次/,
    ],
    ['an extension after the deadline', extensionProblem(state([r], '2024-10-31'), '2024-10-31', 5), /已于2024-10-30届满/],
    ['a fee of 0 元', feeNoticeProblem(state([r], '2024-10-08'), '2024-10-08', 0), /0元/],
    [
      'a second fee notice',
      feeNoticeProblem(state([r, { type: 'feeNotified', on: '2024-10-08', amount: 10 }], '2024-10-09'), '2024-10-09', 10),
      /只能收费一次/,
    ],
    ['a reply before receipt is confirmed', replyProblem(state([], '2024-10-08'), '2024-10-08'), /尚未确认收到/],
    [
      'a reply while the applicant may still correct',
      replyProblem(state([r, { type: 'correctionRequested', on: '2024-10-08', periodWorkdays: 5 }], '2024-10-09'), '2024-10-09'),
      /尚未补正/,
    ],
    [
      'a correction after its period',
      correctionProblem(state([r, { type: 'correctionRequested', on: '2024-10-08', periodWorkdays: 2 }], '2024-10-11'), '2024-10-11'),
      /补正期限已于2024-10-10届满/,
    ],
    [
      'a second reply',
      replyProblem(state([r, { type: 'replied', on: '2024-10-08', outcome: 'granted' }], '2024-10-09'), '2024-10-09'),
      /不能再次答复/,
    ],
  ];
  for (const [name, problem, expected] of cases) {
    if (expected === null) assert.equal(problem, null, name);
    else assert.match(problem ?? '(allowed)', expected, name);
  }
});

test('a closure the clock derived is marked unrecorded until an event records it', () => {
  const events: ClockEvent[] = [received('2024-05-06'), { type: 'correctionRequested', on: '2024-05-08', periodWorkdays: 10 }];
  const derived = state(events, '2024-05-30');
  assert.deepEqual(derived.closed, { on: '2024-05-22', outcome: 'noCorrection', byClock: true, recorded: false, withdrawn: false });
  const recorded = state([...events, { type: 'closedByClock', on: '2024-05-22', outcome: 'noCorrection' }], '2024-05-30');
  assert.equal(recorded.closed?.recorded, true);
  // The day before the closure the applicant could still correct.
  assert.equal(state(events, '2024-05-21').stage, 'awaitingCorrection');
});
