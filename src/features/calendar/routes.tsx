import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkDate, type WorkCalendar } from '../../domain/calendar/index.js';
import { InputError } from '../../errors.js';
import { Csrf, ErrorSummary, type Errors, Field, formatInstant, Layout, type PageEnv, TextArea } from '../../web/ui.js';
import { isPlatformAdmin } from '../access.js';
import { formatYear } from './format.js';
import { currentCalendar, enteredYears, saveYear } from './service.js';

type Explained = ReturnType<WorkCalendar['addWorkdaysExplained']>;

function CalendarPage(p: {
  env: PageEnv;
  calendar: WorkCalendar;
  entered: Awaited<ReturnType<typeof enteredYears>>;
  values: Record<string, string>;
  errors: Errors;
  result: Explained | null;
  today: string;
}) {
  const range = p.calendar.coveredRange();
  const next = new Date().getUTCFullYear() + 1;
  return (
    <Layout env={p.env} title="工作日历">
      <p>
        法定期限按工作日计算（条例第三十条、第三十三条等）。本平台内置 {range?.firstYear}–{range?.lastYear} 年国务院办公厅节假日安排通知，
        管理员在新通知发布后录入下一年。起算日不计入，自次日起数满规定的工作日，最后一个工作日为期限届满日。
      </p>
      {!p.calendar.covers(next) && (
        <p class="notice" role="status">
          尚未录入 {next} 年的节假日安排。在录入之前，涉及 {next} 年的期限按普通周末计算并标注为“暂定”。
        </p>
      )}
      <h2>计算期限</h2>
      <form method="get" action="/admin/calendar" class="narrow" novalidate>
        <ErrorSummary errors={p.errors} labels={{ from: '起算日', days: '工作日数' }} />
        <Field name="from" label="起算日" type="date" values={p.values} errors={p.errors} required hint="如收到申请之日" />
        <Field
          name="days"
          label="工作日数"
          values={p.values}
          errors={p.errors}
          required
          inputMode="numeric"
          hint="如 20（答复期限）、7（补正告知）"
        />
        <button type="submit">计算</button>
      </form>
      {p.result && (
        <section aria-labelledby="result-title">
          <h3 id="result-title">
            {p.result.start} 起第 {p.result.counted} 个工作日：<strong>{p.result.due}</strong>
            {p.result.provisional && '（暂定：涉及尚未录入的年份）'}
          </h3>
          {p.result.skipped.length > 0 && (
            <p>
              跳过的非工作日：
              {p.result.skipped.map((s, i) => `${i ? '、' : ''}${s.date.slice(5)}（${s.reason}）`).join('')}
            </p>
          )}
          {p.result.makeupDaysCounted.length > 0 && <p>计入的调休上班日：{p.result.makeupDaysCounted.join('、')}</p>}
        </section>
      )}
      <h2>各年节假日安排</h2>
      <ul class="years">
        {p.calendar.years().map((y) => (
          <li>
            <a href={`/admin/calendar/${y}`}>{y}年</a>
          </li>
        ))}
      </ul>
      {p.entered.length > 0 && (
        <>
          <h3>在平台上录入或更正的年份</h3>
          <ul>
            {p.entered.map((e) => (
              <li>
                {e.year}年：{e.updated_by_name ?? '系统'} 于 {formatInstant(e.updated_at)}
              </li>
            ))}
          </ul>
        </>
      )}
      {isPlatformAdminEnv(p.env) && (
        <p>
          <a class="button secondary" href={`/admin/calendar/${next}`}>
            录入 {next} 年
          </a>
        </p>
      )}
    </Layout>
  );
}

const isPlatformAdminEnv = (env: PageEnv) => !!env.user?.isPlatformAdmin;

function YearPage(p: { env: PageEnv; year: number; calendar: WorkCalendar; text: string; errors: Errors }) {
  const data = p.calendar.yearData(p.year);
  return (
    <Layout env={p.env} title={`${p.year}年节假日安排`}>
      {data ? (
        <>
          <ul>
            {data.notices.map((n) => (
              <li>
                {n.url ? <a href={n.url}>{n.title}</a> : n.title}
                {n.docNo && `（${n.docNo}）`}
              </li>
            ))}
          </ul>
          <table>
            <caption>放假与调休</caption>
            <thead>
              <tr>
                <th scope="col">节日</th>
                <th scope="col">放假</th>
                <th scope="col">调休上班</th>
              </tr>
            </thead>
            <tbody>
              {data.periods.map((x) => (
                <tr>
                  <td>{x.name}</td>
                  <td>{x.off[0] === x.off[1] ? x.off[0] : `${x.off[0]} 至 ${x.off[1]}`}</td>
                  <td>{x.makeupWorkdays.join('、') || '无'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>全年工作日 {p.calendar.workdaysInYear(p.year)} 天。</p>
        </>
      ) : (
        <p>尚未录入 {p.year} 年的节假日安排。</p>
      )}
      {isPlatformAdminEnv(p.env) && (
        <form method="post" action={`/admin/calendar/${p.year}`} novalidate>
          <h2>{data ? '更正' : '录入'}</h2>
          <ErrorSummary errors={p.errors} labels={{ text: '节假日安排', year: '年份' }} />
          <Csrf env={p.env} />
          <TextArea
            name="text"
            label="节假日安排（每行一条）"
            values={{ text: p.text }}
            errors={p.errors}
            rows={12}
            hint="通知：标题｜文号｜日期｜网址；节日：YYYY-MM-DD 至 YYYY-MM-DD；补班 YYYY-MM-DD、YYYY-MM-DD"
          />
          <button type="submit">保存</button>
        </form>
      )}
    </Layout>
  );
}

const template = (year: number) =>
  [
    `通知：国务院办公厅关于${year}年部分节假日安排的通知｜国办发明电〔${year - 1}〕号｜${year - 1}-11-01｜https://www.gov.cn/`,
    `元旦：${year}-01-01`,
  ].join('\n');

export function registerCalendarRoutes(app: FastifyInstance) {
  const signedIn = { config: { access: { signedIn: true as const } } };

  app.get('/admin/calendar', signedIn, async (req, reply) => {
    const calendar = await currentCalendar(req.ctx.db);
    const q = req.query as Record<string, string | undefined>;
    const values = { from: q.from ?? '', days: q.days ?? '' };
    const errors: Errors = {};
    let result: Explained | null = null;
    if (q.from !== undefined || q.days !== undefined) {
      const d = checkDate(q.from ?? '');
      if (!d.ok) errors.from = d.reason;
      const n = Number(q.days);
      if (!/^\d{1,4}$/.test(q.days ?? '') || n < 1 || n > 1000) errors.days = '工作日数应为1至1000之间的整数';
      if (d.ok && !errors.days) result = calendar.addWorkdaysExplained(d.date, n);
    }
    const entered = await enteredYears(req.ctx.db);
    const today = new Date().toISOString().slice(0, 10);
    return reply.page(Object.keys(errors).length ? 400 : 200, (env) => (
      <CalendarPage env={env} calendar={calendar} entered={entered} values={values} errors={errors} result={result} today={today} />
    ));
  });

  const yearParam = (req: FastifyRequest) => {
    const y = (req.params as { year: string }).year;
    return /^\d{4}$/.test(y) ? Number(y) : Number.NaN;
  };
  const yearPage = async (req: FastifyRequest, reply: FastifyReply, status: number, text: string | null, errors: Errors) => {
    const year = yearParam(req);
    if (!(year >= 2000 && year <= 2100)) return reply.callNotFound();
    const calendar = await currentCalendar(req.ctx.db);
    const data = calendar.yearData(year);
    const shown = text ?? (data ? formatYear(data) : template(year));
    return reply.page(status, (env) => <YearPage env={env} year={year} calendar={calendar} text={shown} errors={errors} />);
  };

  app.get('/admin/calendar/:year', signedIn, async (req, reply) => yearPage(req, reply, 200, null, {}));

  app.post('/admin/calendar/:year', signedIn, async (req, reply) => {
    const text = String((req.body as Record<string, unknown>)?.text ?? '');
    if (!isPlatformAdmin(req.ctx)) return yearPage(req, reply, 403, text, { _form: '只有平台管理员可以录入或更正节假日安排' });
    try {
      await saveYear(req.ctx, yearParam(req), text);
      return reply.doneTo(`/admin/calendar/${yearParam(req)}`, '已保存节假日安排，所有未结期限将按新安排重新计算');
    } catch (e) {
      if (e instanceof InputError) return yearPage(req, reply, 400, text, e.fields);
      throw e;
    }
  });
}
