import type { Application } from '../../db/schema.js';
import { SIMILAR_THRESHOLD, similarity } from '../../domain/application.js';
import { addDays } from '../../domain/calendar/index.js';
import type { ClockState } from '../../domain/clock.js';
import { chinaDate } from '../../domain/time.js';
import { requireAgency, scope } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { currentCalendar } from '../calendar/service.js';
import type { Ctx } from '../context.js';
import { type CaseEvent, clockOf, findApplication, loadEvents, loadEventsOf } from './cases.js';
import { lettersOf } from './letters.js';
import { canOn, handlersOf, monthOrdinal } from './service.js';

// What the pages read: one case with its clock, and queues of many. The clock is computed here, at
// every read, from the events and the calendar in force.

export interface RepeatHint {
  id: number;
  trackingCode: string;
  receivedOn: string | null;
  description: string;
  similarity: number;
  outcome: string | null;
}

/**
 * 第三十六条第（六）项 and 第三十五条: the applicant's earlier applications here in the last 12 months
 * whose request reads alike, and how many they made this natural month.
 */
async function repeatHints(ctx: Ctx, app: Application, today: string) {
  const since = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  const others = await ctx.db
    .selectFrom('applications')
    .select(['id', 'tracking_code', 'received_on', 'submitted_at', 'description', 'outcome'])
    .where('agency_id', '=', app.agency_id)
    .where('id_number', '=', app.id_number)
    .where('id', '!=', app.id)
    .where('submitted_at', '>=', `${since}T00:00:00.000Z`)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const similar: RepeatHint[] = others
    .map((o) => ({
      id: o.id,
      trackingCode: o.tracking_code,
      receivedOn: o.received_on,
      description: o.description,
      similarity: similarity(app.description, o.description),
      outcome: o.outcome,
    }))
    .filter((o) => o.similarity >= SIMILAR_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 10);
  const month = await monthOrdinal(ctx.db, app);
  return { similar, earlierCount: others.length, month };
}

export async function getCase(ctx: Ctx, id: number) {
  const app = await findApplication(ctx.db, id);
  await requireAgency(ctx, 'read', app.agency_id);
  const today = chinaDate(ctx.now());
  const [agency, events, calendar, letters, files, handlers, rights, hints, appeals] = await Promise.all([
    findAgency(ctx.db, app.agency_id),
    loadEvents(ctx.db, id),
    currentCalendar(ctx.db),
    lettersOf(ctx.db, app),
    ctx.db.selectFrom('application_files').selectAll().where('application_id', '=', id).orderBy('id').execute(),
    handlersOf(ctx.db, app.agency_id),
    canOn(ctx, app.agency_id),
    repeatHints(ctx, app, today),
    ctx.db.selectFrom('appeals').selectAll().where('application_id', '=', id).orderBy('filed_on').execute(),
  ]);
  const clock = clockOf(events, calendar, today);
  const handler = handlers.find((h) => h.id === app.handler_id) ?? null;
  return { app, agency: agency!, events, clock, letters, files, handlers, handler, rights, hints, appeals, today };
}

export type CaseData = Awaited<ReturnType<typeof getCase>>;

/** What the applicant sees: their case, the letters addressed to them, released documents. */
export async function publicCase(ctx: Ctx, id: number) {
  const app = await findApplication(ctx.db, id);
  const today = chinaDate(ctx.now());
  const [agency, events, calendar, letters, files] = await Promise.all([
    findAgency(ctx.db, app.agency_id),
    loadEvents(ctx.db, id),
    currentCalendar(ctx.db),
    lettersOf(ctx.db, app, true),
    ctx.db
      .selectFrom('application_files')
      .select(['id', 'name', 'size'])
      .where('application_id', '=', id)
      .where('released', '=', 1)
      .orderBy('id')
      .execute(),
  ]);
  return { app, agency: agency!, events, clock: clockOf(events, calendar, today), letters, files, today };
}

export interface QueueRow {
  id: number;
  agencyId: number;
  agency: string;
  trackingCode: string;
  applicant: string;
  description: string;
  receivedOn: string | null;
  submittedAt: string;
  handlerId: number | null;
  handler: string | null;
  clock: ClockState;
  /** For ordering: lower is more urgent. */
  urgency: number;
}

/** Overdue first, then awaiting receipt (its clock cannot start until confirmed), then by working days left. */
function urgency(c: ClockState): number {
  if (c.closed && !c.closed.recorded) return -2000;
  if (c.overdue) return -1000 + (c.workdaysLeft ?? 0);
  if (c.stage === 'awaitingReceipt') return -500;
  if (c.workdaysLeft !== null) return c.workdaysLeft;
  if (c.pausedLeft !== null) return 100 + c.pausedLeft;
  return 500;
}

export interface QueueFilter {
  agencyIds: number[] | 'all';
  stage?: string;
  handlerId?: number | 'none';
  /** Include cases closed in the last 30 days. */
  recent?: boolean;
}

export async function queue(ctx: Ctx, f: QueueFilter): Promise<QueueRow[]> {
  const today = chinaDate(ctx.now());
  let q = ctx.db
    .selectFrom('applications')
    .innerJoin('agencies', 'agencies.id', 'applications.agency_id')
    .leftJoin('users', 'users.id', 'applications.handler_id')
    .select([
      'applications.id',
      'applications.agency_id',
      'agencies.short_name',
      'applications.tracking_code',
      'applications.applicant_name',
      'applications.description',
      'applications.received_on',
      'applications.submitted_at',
      'applications.handler_id',
      'users.display_name',
    ])
    .orderBy('applications.id', 'desc')
    .limit(2000);
  if (f.agencyIds !== 'all')
    q = f.agencyIds.length ? q.where('applications.agency_id', 'in', f.agencyIds) : q.where('applications.id', '=', -1);
  if (f.recent) {
    const since = addDays(chinaDate(ctx.now()), -30);
    q = q.where((eb) => eb.or([eb('applications.closed_on', 'is', null), eb('applications.closed_on', '>=', since)]));
  } else q = q.where('applications.closed_on', 'is', null);
  if (f.handlerId === 'none') q = q.where('applications.handler_id', 'is', null);
  else if (f.handlerId !== undefined) q = q.where('applications.handler_id', '=', f.handlerId);
  const rows = await q.execute();
  const [calendar, events] = await Promise.all([
    currentCalendar(ctx.db),
    loadEventsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  const out = rows.map((r) => {
    const clock = clockOf(events.get(r.id) as CaseEvent[], calendar, today);
    return {
      id: r.id,
      agencyId: r.agency_id,
      agency: r.short_name,
      trackingCode: r.tracking_code,
      applicant: r.applicant_name,
      description: r.description,
      receivedOn: r.received_on,
      submittedAt: r.submitted_at,
      handlerId: r.handler_id,
      handler: r.display_name,
      clock,
      urgency: urgency(clock),
    };
  });
  return out.filter((r) => !f.stage || r.clock.stage === f.stage).sort((a, b) => a.urgency - b.urgency || a.id - b.id);
}

/** The agencies whose cases the user handles, for "my queue". */
export async function handledAgencies(ctx: Ctx): Promise<number[] | 'all'> {
  const s = await scope(ctx, 'handle');
  return s === 'all' ? 'all' : [...s];
}
