import type { Agency } from '../../db/schema.js';
import { type TimelinessResult, timelinessLabels } from '../../domain/report/deadlines.js';
import { enteredKeys, figureDef, figureDefsFor } from '../../domain/report/figures.js';
import { type ReportFormat, reportFormatLabels, t3Key, t4Key, table3Lines } from '../../domain/report/formats.js';
import { legacyIndicators, legacyKey } from '../../domain/report/legacy.js';
import { Csrf, ErrorSummary, type Errors, Layout, type PageEnv, Select, TextArea, type Values } from '../../web/ui.js';
import { chineseDate, ReportBody, reportTitle } from './body.js';
import { cellLabel, type DocCheck, type ReportDocument } from './document.js';
import { exportFormats, exportLabels } from './export/index.js';
import { formatFigure } from './layout.js';
import type { AgencyTimeliness, ChildColumn, getReport, reportYears } from './service.js';

const base = (agencyId: number, year: number) => `/admin/agencies/${agencyId}/reports/${year}`;
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The report's stylesheet, linked from the page body (the layout's head is shared). */
export const ReportStyles = () => <link rel="stylesheet" href="/reports.css" />;

const statusText = (row: { status: string; revision: number } | null | undefined) =>
  !row || row.revision === 0 ? '草稿' : row.status === 'published' ? `已发布（第${row.revision}版）` : `修订中（已发布${row.revision}版）`;

const isLate = (t: TimelinessResult) => t.status === 'overdue' || t.status === 'publishedLate';

function LateCell({ t }: { t: TimelinessResult }) {
  return (
    <td class={isLate(t) ? 'late' : undefined}>
      {timelinessLabels[t.status]}
      {t.daysLate > 0 ? `（${t.daysLate}天）` : ''}
    </td>
  );
}

export function ReportYearsPage(p: { env: PageEnv; data: Awaited<ReturnType<typeof reportYears>> }) {
  const { agency, years } = p.data;
  return (
    <Layout env={p.env} title={`${agency.short_name}：政府信息公开工作年度报告`}>
      <p>
        年度报告按《条例》第四十九条、第五十条编制：数字由平台根据政府信息、申请和复议诉讼记录计算，行政许可、处罚、强制、收费等由工作人员录入并注明来源。
      </p>
      <table>
        <caption>各年度报告</caption>
        <thead>
          <tr>
            <th scope="col">年度</th>
            <th scope="col">格式</th>
            <th scope="col">状态</th>
            <th scope="col">发布期限</th>
            <th scope="col">按时情况</th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr>
              <td>
                <a href={base(agency.id, y.year)}>{y.year}年度</a>
              </td>
              <td>{reportFormatLabels[y.format]}</td>
              <td>{statusText(y.row)}</td>
              <td>{y.deadline.date}</td>
              <LateCell t={y.timeliness} />
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function CheckList({ checks }: { checks: DocCheck[] }) {
  const failing = checks.filter((c) => c.status === 'fails');
  const unknown = checks.filter((c) => c.status === 'unknown');
  const holding = checks.filter((c) => c.status === 'holds');
  return (
    <section aria-labelledby="checks-title" class="report-checks">
      <h2 id="checks-title">数据校验</h2>
      <p>
        共 {checks.length} 项：通过 {holding.length} 项，
        <span class={failing.length ? 'bad' : undefined}>未通过 {failing.length} 项</span>，无法判断 {unknown.length} 项（有空白的录入项）。
      </p>
      {failing.length > 0 && (
        <ul>
          {failing.map((c) => (
            <li class="fails" id={`check-${c.id}`}>
              {c.description}
              {c.difference !== null && `：左边 ${c.left}，右边 ${c.right}，相差 ${c.difference}`}
              {c.cells.length > 0 && <span class="muted">（涉及：{c.cells.map(cellLabel).join('、')}）</span>}
              {c.override && <span>　已记录发布说明：{c.override.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {unknown.length > 0 && (
        <details>
          <summary>无法判断的校验</summary>
          <ul>
            {unknown.map((c) => (
              <li class="unknown">{c.description}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function FiguresForm(p: {
  env: PageEnv;
  agencyId: number;
  year: number;
  format: ReportFormat;
  own: Map<string, { value: number; note: string }>;
  values: Values;
  errors: Errors;
}) {
  const keys = [...new Set([...enteredKeys(p.format), ...[...p.own.keys()].filter((k) => !enteredKeys(p.format).includes(k))])];
  const typed = Object.keys(p.values).some((k) => k.startsWith('v:'));
  const v = (k: string) => (typed ? str(p.values[`v:${k}`]) : formatFigure(p.own.get(k)?.value));
  const n = (k: string) => (typed ? str(p.values[`n:${k}`]) : (p.own.get(k)?.note ?? ''));
  const labels: Record<string, string> = {};
  for (const k of keys) {
    labels[`v:${k}`] = cellLabel(k);
    labels[`n:${k}`] = `${cellLabel(k)} 数据来源`;
  }
  const computed = figureDefsFor(p.format).filter((d) => !enteredKeys(p.format).includes(d.key));
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">录入的数字</h2>
      <p class="hint">这里录入本机关自己的数字（下级机关各自录入，报告自动合计）。每个数字须注明数据来源；清空数值即删除该项。</p>
      <ErrorSummary errors={p.errors} labels={labels} />
      <form method="post" action={`${base(p.agencyId, p.year)}/figures`} novalidate>
        <Csrf env={p.env} />
        <table>
          <caption class="visually-hidden">录入的数字</caption>
          <thead>
            <tr>
              <th scope="col">指标</th>
              <th scope="col">数值</th>
              <th scope="col">数据来源</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const def = figureDef(k)!;
              return (
                <tr class={p.errors[`v:${k}`] || p.errors[`n:${k}`] ? 'has-error' : undefined}>
                  <th scope="row">
                    <label for={`f-v:${k}`}>{def.label}</label>
                    <span class="muted">（{def.unit}）</span>
                    {!enteredKeys(p.format).includes(k) && <span class="muted">（更正计算数）</span>}
                    {p.errors[`v:${k}`] && <p class="error">{p.errors[`v:${k}`]}</p>}
                    {p.errors[`n:${k}`] && <p class="error">{p.errors[`n:${k}`]}</p>}
                  </th>
                  <td>
                    <input
                      id={`f-v:${k}`}
                      name={`v:${k}`}
                      value={v(k)}
                      inputMode={def.decimal || def.signed ? 'text' : 'numeric'}
                      aria-invalid={p.errors[`v:${k}`] ? 'true' : undefined}
                    />
                  </td>
                  <td>
                    <input
                      id={`f-n:${k}`}
                      name={`n:${k}`}
                      value={n(k)}
                      maxLength={200}
                      aria-label={`${def.label} 数据来源`}
                      aria-invalid={p.errors[`n:${k}`] ? 'true' : undefined}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <details>
          <summary>更正一个计算出的数字（例如本平台启用前的纸质登记）</summary>
          <Select
            name="correctKey"
            label="要更正的单元格"
            values={p.values}
            errors={p.errors}
            placeholder="请选择"
            options={computed.map((d) => [d.key, d.label])}
          />
          <div class="field">
            <label for="f-correctValue">更正后的数值</label>
            <input id="f-correctValue" name="correctValue" value={str(p.values.correctValue)} />
          </div>
          <div class="field">
            <label for="f-correctNote">更正依据（数据来源）</label>
            <input id="f-correctNote" name="correctNote" value={str(p.values.correctNote)} maxLength={200} />
          </div>
        </details>
        <button type="submit">保存录入的数字</button>
      </form>
      <form method="post" action={`${base(p.agencyId, p.year)}/import`} enctype="multipart/form-data" class="import-form">
        <Csrf env={p.env} />
        <div class={p.errors.file ? 'field has-error' : 'field'}>
          <label for="f-file">从 CSV 文件导入</label>
          <p class="hint" id="h-file">
            第一行为表头：指标,数值,数据来源。“指标”可写指标键（如 t2.license.decisions）、统计报表代码（如
            44）或指标全称。所有行都正确时才保存。
          </p>
          {p.errors.file && (
            <p class="error" id="e-file">
              {p.errors.file}
            </p>
          )}
          <input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-describedby={p.errors.file ? 'h-file e-file' : 'h-file'} />
        </div>
        <button type="submit" class="secondary">
          导入
        </button>
      </form>
    </section>
  );
}

function NarrativeForm(p: {
  env: PageEnv;
  agencyId: number;
  year: number;
  doc: ReportDocument;
  values: Values;
  errors: Errors;
  hasChildren: boolean;
}) {
  const values: Values = {
    scope: p.doc.scope,
    overview: p.doc.narrative.overview,
    problems: p.doc.narrative.problems,
    other: p.doc.narrative.other,
    ...Object.fromEntries(Object.entries(p.values).filter(([k]) => ['scope', 'overview', 'problems', 'other'].includes(k))),
  };
  return (
    <section aria-labelledby="narrative-title">
      <h2 id="narrative-title">文字部分</h2>
      <form method="post" action={`${base(p.agencyId, p.year)}/narrative`} novalidate>
        <Csrf env={p.env} />
        {p.hasChildren && (
          <Select
            name="scope"
            label="统计范围"
            values={values}
            errors={p.errors}
            options={[
              ['tree', '本机关及全部下级机关（合计）'],
              ['own', '仅本机关'],
            ]}
          />
        )}
        <TextArea
          name="overview"
          label="一、总体情况"
          rows={12}
          values={values}
          errors={p.errors}
          hint="初稿由平台根据本年度数字生成；“【请补充】”处须填写后才能发布。清空后保存即恢复为初稿。"
        />
        <TextArea name="problems" label="五、存在的主要问题及改进情况" rows={6} values={values} errors={p.errors} />
        <TextArea
          name="other"
          label="六、其他需要报告的事项"
          rows={4}
          values={values}
          errors={p.errors}
          hint={`本节开头由平台写明实际收取的信息处理费：“${p.doc.narrative.fees}”`}
        />
        <button type="submit">保存文字部分</button>
      </form>
    </section>
  );
}

function PublishForm(p: { env: PageEnv; agencyId: number; year: number; doc: ReportDocument; values: Values; errors: Errors }) {
  const failing = p.doc.checks.filter((c) => c.status === 'fails');
  const labels = Object.fromEntries(failing.map((c) => [`reason:${c.id}`, c.description]));
  return (
    <section aria-labelledby="publish-title">
      <h2 id="publish-title">审批发布</h2>
      <ErrorSummary errors={Object.fromEntries(Object.entries(p.errors).filter(([k]) => k.startsWith('reason:')))} labels={labels} />
      <form method="post" action={`${base(p.agencyId, p.year)}/publish`} novalidate>
        <Csrf env={p.env} />
        {failing.length > 0 && <p>以下校验未通过。如确需发布，请逐项说明理由；理由将记录在案并在报告中公开。</p>}
        {failing.map((c) => (
          <TextArea
            name={`reason:${c.id}`}
            label={c.description}
            rows={2}
            maxLength={500}
            values={{ [`reason:${c.id}`]: p.values[`reason:${c.id}`] ?? c.override?.reason ?? '' }}
            errors={p.errors}
          />
        ))}
        <p>发布后报告的数字和文字即被冻结，之后的业务数据变化不会改变已发布的报告。</p>
        <button type="submit">发布年度报告</button>
      </form>
    </section>
  );
}

function ReopenForm(p: { env: PageEnv; agencyId: number; year: number; values: Values; errors: Errors }) {
  return (
    <section aria-labelledby="reopen-title">
      <h2 id="reopen-title">重新打开</h2>
      <form method="post" action={`${base(p.agencyId, p.year)}/reopen`} novalidate>
        <Csrf env={p.env} />
        <TextArea
          name="reason"
          label="重新打开的原因"
          rows={2}
          maxLength={500}
          required
          values={p.values}
          errors={p.errors}
          hint="重新打开后可修改数字和文字，再次发布时报告将注明修订情况。原因记入审计日志。"
        />
        <button type="submit" class="danger">
          重新打开报告
        </button>
      </form>
    </section>
  );
}

export function ReportPage(p: {
  env: PageEnv;
  agency: Agency;
  data: Awaited<ReturnType<typeof getReport>>;
  hasChildren: boolean;
  values: Values;
  errors: Errors;
  /** Which form the values and errors belong to. */
  form: 'figures' | 'narrative' | 'publish' | 'reopen' | null;
}) {
  const { agency, data } = p;
  const { year, live, published, locked } = data;
  const doc = live.document;
  const shown = locked && published ? published : doc;
  const own = new Map([...(live.computation.entered.get(agency.id) ?? new Map())].map(([k, e]) => [k, { value: e.value, note: e.note }]));
  const formErrors = (f: string) => (p.form === f ? p.errors : {});
  const formValues = (f: string) => (p.form === f ? p.values : {});
  const generalErrors = Object.entries(p.errors).filter(([k]) => k === '_form');
  return (
    <Layout env={p.env} title={reportTitle(doc)} wide>
      <ReportStyles />
      {generalErrors.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>无法保存</h2>
          <p>{generalErrors[0]![1]}</p>
        </div>
      )}
      <dl class="meta">
        <dt>状态</dt>
        <dd>{statusText(live.row)}</dd>
        <dt>报告格式</dt>
        <dd>{doc.formatLabel}</dd>
        <dt>统计范围</dt>
        <dd>{doc.agencies.length > 1 ? `本机关及下级机关，共${doc.agencies.length}个机关（按${year}年底的机构设置）` : '本机关'}</dd>
        <dt>发布期限</dt>
        <dd>
          {doc.deadline.date}（{doc.deadline.basis}）
        </dd>
        {shown.revisions.length > 0 && (
          <>
            <dt>发布记录</dt>
            <dd>
              <ul>
                {shown.revisions.map((r) => (
                  <li>
                    第{r.revision}版：{chineseDate(r.publishedAt)}由 {r.publishedBy} 发布
                    {r.reopenReason && `；${chineseDate(r.reopenedAt)}由 ${r.reopenedBy} 重新打开，原因：${r.reopenReason}`}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <nav aria-label="报告操作" class="actions">
        {exportFormats.map((f) => (
          <a class="button secondary" href={`${base(agency.id, year)}/export?format=${f}`}>
            下载{exportLabels[f]}
          </a>
        ))}
        {p.hasChildren && (
          <a class="button secondary" href={`${base(agency.id, year)}/children`}>
            下级机关对比
          </a>
        )}
        {p.hasChildren && (
          <a class="button secondary" href={`${base(agency.id, year)}/timeliness`}>
            报送情况
          </a>
        )}
        {published && (
          <a class="button secondary" href={`/gk/${agency.id}/reports/${year}`}>
            查看公开页面
          </a>
        )}
      </nav>
      {locked && <p class="notice">本报告已发布并锁定。下方为已发布的版本；如需更正，请由审批人重新打开。</p>}
      <CheckList checks={shown.checks} />
      {!locked && data.canEdit && (
        <>
          <FiguresForm
            env={p.env}
            agencyId={agency.id}
            year={year}
            format={live.format}
            own={own}
            values={formValues('figures')}
            errors={formErrors('figures')}
          />
          <NarrativeForm
            env={p.env}
            agencyId={agency.id}
            year={year}
            doc={doc}
            values={formValues('narrative')}
            errors={formErrors('narrative')}
            hasChildren={p.hasChildren}
          />
        </>
      )}
      {!locked && data.canApprove && (
        <PublishForm env={p.env} agencyId={agency.id} year={year} doc={doc} values={formValues('publish')} errors={formErrors('publish')} />
      )}
      {locked && data.canApprove && (
        <ReopenForm env={p.env} agencyId={agency.id} year={year} values={formValues('reopen')} errors={formErrors('reopen')} />
      )}
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">{locked ? '已发布的报告' : '报告预览'}</h2>
        <ReportBody doc={shown} />
      </section>
    </Layout>
  );
}

/** The rows of the side-by-side page: the main lines of each table, as totals. */
function comparisonRows(format: ReportFormat): { key: string; label: string }[] {
  if (format === 'legacy') return legacyIndicators.map((i) => ({ key: legacyKey(i.code), label: `${i.code} ${i.label}` }));
  const defs = figureDefsFor(format).filter((d) => d.key.startsWith('t2.'));
  return [
    ...defs.map((d) => ({ key: d.key, label: d.label.replace(/^二、/, '') })),
    ...table3Lines(format)
      .filter((l) => l.key)
      .map((l) => ({ key: t3Key(l.key!, 'total'), label: `三、${l.label}（总计）` })),
    ...(['reconsideration', 'litigationDirect', 'litigationAfter'] as const).map((g) => ({
      key: t4Key(g, 'total'),
      label: cellLabel(t4Key(g, 'total')),
    })),
  ];
}

export function ChildrenPage(p: {
  env: PageEnv;
  data: {
    year: number;
    format: ReportFormat;
    root: { id: number; name: string };
    columns: ChildColumn[];
    total: Map<string, number>;
    covered: number;
  };
}) {
  const { data } = p;
  const rows = comparisonRows(data.format);
  return (
    <Layout env={p.env} title={`${data.root.name}${data.year}年度报告：下级机关对比`} wide>
      <ReportStyles />
      <p>
        每列为一个直属下级机关及其全部下级机关的合计（按{data.year}年底的机构设置，共{data.covered}个机关）；最后一列为总计，即
        <a href={base(data.root.id, data.year)}>本级报告</a>的数字。
      </p>
      <div class="side-by-side">
        <table class="report-table">
          <caption>{data.year}年度各机关数字对比</caption>
          <thead>
            <tr>
              <th scope="col">指标</th>
              {data.columns.map((c) => (
                <th scope="col">
                  <a href={base(c.agencyId, data.year)}>{c.name}</a>
                  <br />
                  <span class="muted">{c.report ? statusText(c.report) : c.agencyId === data.root.id ? '' : '未编制'}</span>
                </th>
              ))}
              <th scope="col">总计</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {data.columns.map((c) => (
                  <td class="num">{formatFigure(c.figures.get(r.key))}</td>
                ))}
                <td class="num">{formatFigure(data.total.get(r.key))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function TimelinessPage(p: { env: PageEnv; root: { id: number; name: string }; year: number; agencies: AgencyTimeliness[] }) {
  const late = p.agencies.filter((a) => isLate(a.timeliness));
  return (
    <Layout env={p.env} title={`${p.root.name}：${p.year}年度报告报送情况`}>
      <p>
        共 {p.agencies.length} 个机关，其中 <strong class={late.length ? 'late' : undefined}>{late.length}</strong>{' '}
        个逾期（逾期未发布或逾期发布）。
      </p>
      <table>
        <caption>{p.year}年度报告发布情况</caption>
        <thead>
          <tr>
            <th scope="col">机关</th>
            <th scope="col">发布期限</th>
            <th scope="col">状态</th>
            <th scope="col">首次发布</th>
            <th scope="col">按时情况</th>
          </tr>
        </thead>
        <tbody>
          {p.agencies.map((a) => (
            <tr>
              <td class={`tree-cell depth-${Math.min(a.depth, 8)}`}>
                <a href={base(a.agencyId, p.year)}>{a.name}</a>
              </td>
              <td>{a.deadline}</td>
              <td>{a.status === 'none' ? '未编制' : statusText({ status: a.status, revision: a.revision })}</td>
              <td>{a.firstPublishedOn ?? ''}</td>
              <LateCell t={a.timeliness} />
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
