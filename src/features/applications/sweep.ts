import { chinaDate } from '../../domain/time.js';
import { currentCalendar } from '../calendar/service.js';
import type { Ctx } from '../context.js';
import { clockOf, loadEventsOf } from './cases.js';
import { enqueueMail, sendPendingMail } from './mail.js';
import { handlersOf, recordClockClosure } from './service.js';

// The periodic work of the clock, safe to run in every app process and from the command line at
// the same time: record the closures the clock has reached (三(六)1, 三(六)2) as events — each under
// the case's row lock, so it is recorded once — remind handlers at 5 and 2 working days left (a
// reminder is claimed by a primary key before its mail is queued, so it is sent once), and send
// the outbox (rows are claimed before sending).

/** Working days left at which the handler is reminded. */
export const REMINDER_THRESHOLDS = [5, 2] as const;

export interface SweepResult {
  open: number;
  closed: number;
  reminders: number;
  mail: { sent: number; failed: number };
}

export async function sweep(ctx: Ctx): Promise<SweepResult> {
  const today = chinaDate(ctx.now());
  const rows = await ctx.db
    .selectFrom('applications')
    .select(['id', 'agency_id', 'tracking_code', 'applicant_name', 'handler_id'])
    .where('closed_on', 'is', null)
    .orderBy('id')
    .execute();
  const [calendar, events] = await Promise.all([
    currentCalendar(ctx.db),
    loadEventsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  let closed = 0;
  let reminders = 0;
  for (const r of rows) {
    const clock = clockOf(events.get(r.id)!, calendar, today);
    if (clock.closed && !clock.closed.recorded) {
      if (await recordClockClosure(ctx, r.id)) closed++;
      continue;
    }
    const left = clock.workdaysLeft;
    const due = clock.reply?.due;
    if (left === null || !due || left < 0) continue;
    const reached = REMINDER_THRESHOLDS.filter((t) => left <= t);
    if (reached.length === 0) continue;
    const sent = await ctx.db.transaction().execute(async (trx) => {
      let claimed = false;
      for (const threshold of reached) {
        const ins = await trx
          .insertInto('application_reminders')
          .values({ application_id: r.id, threshold, due_on: due, created_at: ctx.now().toISOString() })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0) > 0) claimed = true;
      }
      if (!claimed) return false;
      const handlers = await handlersOf(trx, r.agency_id);
      const to = (r.handler_id ? handlers.filter((h) => h.id === r.handler_id) : handlers).filter((h) => h.email);
      for (const h of to) {
        await enqueueMail(trx, ctx.now(), {
          to: h.email!,
          subject: `答复期限提醒：${r.tracking_code} 还有 ${left} 个工作日`,
          body: `${h.display_name}：\n${r.applicant_name}的政府信息公开申请（查询码 ${r.tracking_code}）答复期限为 ${due}，还有 ${left} 个工作日。请登录平台办理。`,
          applicationId: r.id,
          agencyId: r.agency_id,
          kind: `reminder.${Math.min(...reached)}`,
        });
      }
      return true;
    });
    if (sent) reminders++;
  }
  const mail = await sendPendingMail(ctx.db, ctx.now());
  return { open: rows.length, closed, reminders, mail };
}
