import type { DB } from '../../db/connect.js';
import { type CalendarYear, shippedCalendar, validateCalendarYear, type WorkCalendar } from '../../domain/calendar/index.js';
import { ForbiddenError, InputError } from '../../errors.js';
import { isPlatformAdmin } from '../access.js';
import { audit } from '../audit/service.js';
import type { Ctx } from '../context.js';
import { parseYearText } from './format.js';

// The calendar in force: the shipped notices, with the years admins added or corrected on top.
// Deadlines are derived from it at every read, so a correction moves open deadlines at once.
// Each process checks a cheap signature of the table before reusing what it built.

let cached: { signature: string; calendar: WorkCalendar } | undefined;

export async function currentCalendar(db: DB): Promise<WorkCalendar> {
  const rows = await db.selectFrom('calendar_years').select(['year', 'updated_at', 'data']).orderBy('year').execute();
  const signature = rows.map((r) => r.data).join('\n');
  if (cached && cached.signature === signature) return cached.calendar;
  const years = rows.map((r) => JSON.parse(r.data) as CalendarYear);
  const calendar = years.length ? shippedCalendar().withYears(years) : shippedCalendar();
  cached = { signature, calendar };
  return calendar;
}

/** Years entered in the app (as opposed to shipped), with who and when. */
export async function enteredYears(db: DB) {
  return db
    .selectFrom('calendar_years')
    .leftJoin('users', 'users.id', 'calendar_years.updated_by')
    .select(['calendar_years.year', 'calendar_years.updated_at', 'users.display_name as updated_by_name'])
    .orderBy('calendar_years.year')
    .execute();
}

/**
 * A platform admin adds a year when the State Council notice appears (usually November), or
 * corrects one. The national calendar is the same for every agency, hence platform-wide.
 */
export async function saveYear(ctx: Ctx, year: number, text: string): Promise<CalendarYear> {
  if (!isPlatformAdmin(ctx)) throw new ForbiddenError('只有平台管理员可以录入或更正节假日安排');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new InputError({ year: '年份应在2000至2100之间' });
  const parsed = parseYearText(year, text ?? '');
  if (!parsed.ok) throw new InputError({ text: parsed.errors.join('；') });
  const checked = validateCalendarYear(parsed.year);
  if (!checked.ok) throw new InputError({ text: checked.errors.join('；') });
  const data = JSON.stringify(checked.year);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const before = await trx.selectFrom('calendar_years').select('data').where('year', '=', year).executeTakeFirst();
    if (before) {
      await trx.updateTable('calendar_years').set({ data, updated_at: now, updated_by: ctx.actor.id }).where('year', '=', year).execute();
    } else {
      await trx.insertInto('calendar_years').values({ year, data, updated_at: now, updated_by: ctx.actor.id }).execute();
    }
    await audit(
      trx,
      ctx.actor,
      {
        action: before ? 'calendar.correct' : 'calendar.add',
        objectType: 'calendar_year',
        objectId: year,
        details: { shipped: shippedCalendar().covers(year), periods: checked.year.periods.length },
      },
      ctx.now(),
    );
  });
  return checked.year;
}
