import type { Application, ApplicationEvent } from '../../db/schema.js';
import type { WorkCalendar } from '../../domain/calendar/index.js';
import { type ClockState, caseClock, type Stage } from '../../domain/clock.js';
import { chinaDate } from '../../domain/time.js';
import { NotFoundError } from '../../errors.js';
import { audit, type Tx } from '../audit/service.js';
import { currentCalendar } from '../calendar/service.js';
import type { Ctx } from '../context.js';

// A case is its events. Every change goes through `mutate`: one transaction that locks the case
// row, reads the events, lets the use case append new ones (each with its audit entry), and then
// writes the cached columns (received_on, closed_on, outcome, fee, stage, handler) from the clock
// over all the events — so the caches the annual report counts can never disagree with the events.

type Q = Ctx['db'] | Tx;

/** An event as the clock and the pages read it: type, legal date, and its fields. */
export interface CaseEvent {
  seq: number;
  type: string;
  on: string | null;
  at: string;
  actor: string;
  actorId: number | null;
  data: Record<string, unknown>;
}

export const toCaseEvent = (r: ApplicationEvent): CaseEvent => ({
  seq: r.seq,
  type: r.type,
  on: r.on,
  at: r.at,
  actor: r.actor,
  actorId: r.actor_id,
  data: JSON.parse(r.data) as Record<string, unknown>,
});

/** What the clock reads of an event: its fields with type and date on top. */
export const forClock = (e: CaseEvent) => ({ ...e.data, type: e.type, on: e.on }) as { type: string };

export async function loadEvents(db: Q, applicationId: number): Promise<CaseEvent[]> {
  const rows = await db.selectFrom('application_events').selectAll().where('application_id', '=', applicationId).orderBy('seq').execute();
  return rows.map(toCaseEvent);
}

/** Events of many cases at once, for queues and the sweep. */
export async function loadEventsOf(db: Q, ids: readonly number[]): Promise<Map<number, CaseEvent[]>> {
  const out = new Map<number, CaseEvent[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('application_events')
      .selectAll()
      .where('application_id', 'in', chunk)
      .orderBy('application_id')
      .orderBy('seq')
      .execute();
    for (const r of rows) out.get(r.application_id)!.push(toCaseEvent(r));
  }
  return out;
}

export const clockOf = (events: readonly CaseEvent[], calendar: WorkCalendar, today: string): ClockState =>
  caseClock(events.map(forClock), calendar, today);

export async function findApplication(db: Q, id: number): Promise<Application> {
  const a = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new NotFoundError('找不到该政府信息公开申请');
  return a;
}

export const applicationAgencyId = async (ctx: Ctx, id: number) => (await findApplication(ctx.db, id)).agency_id;

/** The state of a case being changed, with what the use case may do to it. */
export interface Mutation {
  trx: Tx;
  ctx: Ctx;
  app: Application;
  events: CaseEvent[];
  calendar: WorkCalendar;
  today: string;
  now: Date;
  /** The clock over the events so far (recomputed after each append). */
  clock: ClockState;
  append(type: string, on: string | null, data?: Record<string, unknown>): Promise<CaseEvent>;
}

/**
 * Runs a change of one case in a transaction holding the case's row: the UPDATE first takes the
 * row lock on PostgreSQL (a second process changing the same case waits, then sees the first's
 * events); SQLite transactions are IMMEDIATE.
 */
export async function mutate<R>(ctx: Ctx, applicationId: number, fn: (m: Mutation) => Promise<R>): Promise<R> {
  const calendar = await currentCalendar(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const app = await trx
      .updateTable('applications')
      .set({ updated_at: ctx.now().toISOString() })
      .where('id', '=', applicationId)
      .returningAll()
      .executeTakeFirst();
    if (!app) throw new NotFoundError('找不到该政府信息公开申请');
    return mutateIn(trx, ctx, app, calendar, fn);
  });
}

/** The same inside a transaction that already holds the case (one just created, say). */
export async function mutateIn<R>(
  trx: Tx,
  ctx: Ctx,
  app: Application,
  calendar: WorkCalendar,
  fn: (m: Mutation) => Promise<R>,
): Promise<R> {
  const now = ctx.now();
  const events = await loadEvents(trx, app.id);
  const today = chinaDate(now);
  const m: Mutation = {
    trx,
    ctx,
    app,
    events,
    calendar,
    today,
    now,
    clock: clockOf(events, calendar, today),
    async append(type, on, data = {}) {
      const e: CaseEvent = {
        seq: (events[events.length - 1]?.seq ?? 0) + 1,
        type,
        on,
        at: now.toISOString(),
        actor: ctx.actor.label,
        actorId: ctx.actor.id,
        data,
      };
      await trx
        .insertInto('application_events')
        .values({
          application_id: app.id,
          seq: e.seq,
          type,
          on,
          at: e.at,
          actor_id: ctx.actor.id,
          actor: ctx.actor.label,
          data: JSON.stringify(data),
        })
        .execute();
      await audit(
        trx,
        ctx.actor,
        { action: `application.${type}`, objectType: 'application', objectId: app.id, agencyId: app.agency_id, details: { on, ...data } },
        now,
      );
      events.push(e);
      m.clock = clockOf(events, calendar, today);
      return e;
    },
  };
  const result = await fn(m);
  await writeCache(trx, m);
  return result;
}

/** The stage to keep in the row: a closure the clock derived but no event records is not cached. */
function cachedStage(c: ClockState): Stage {
  if (c.closed && !c.closed.recorded) return c.correction && c.correction.correctedOn === null ? 'awaitingCorrection' : 'awaitingFee';
  return c.stage;
}

async function writeCache(trx: Tx, m: Mutation) {
  const c = m.clock;
  const closed = c.closed?.recorded ? c.closed : null;
  let handler = m.app.handler_id;
  for (const e of m.events) if (e.type === 'assigned') handler = (e.data.handlerId as number | null) ?? null;
  await trx
    .updateTable('applications')
    .set({
      received_on: c.receivedOn,
      closed_on: closed?.on ?? null,
      outcome: closed?.outcome ?? null,
      fee_amount: c.fee?.amount ?? null,
      fee_paid_on: c.fee?.paidOn ?? null,
      stage: cachedStage(c),
      handler_id: handler,
    })
    .where('id', '=', m.app.id)
    .execute();
}
