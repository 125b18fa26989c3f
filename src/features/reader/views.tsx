import type { Agency } from '../../db/schema.js';
import type { Check, FigureKind, ReportReading } from '../../domain/reader/types.js';
import { type FigureDef, nationalFigureDefs } from '../../domain/report/formats.js';
import { legacyFigureDefs } from '../../domain/report/legacy.js';
import { readerFigureDefs, trendMeasures } from '../../domain/report/readerFigures.js';
import { ActionButton, Csrf, ErrorSummary, type Errors, formatInstant, Layout, type PageEnv, type Values } from '../../web/ui.js';
import { trendChart } from './charts.js';
import { type FailedCheck, measureValue, pivot, type ReportSummary } from './compare.js';
import { encodingLabels, READER_MAX_BYTES, sourceKindLabels } from './decode.js';
import { at, checkCounts, checkLine, formatLabel, scriptLabels, valueText } from './format.js';
import type { ReadResult } from './reading.js';
import type { HistoryRow } from './service.js';

export const MAX_UPLOAD_FILES = 20;

const fieldLabels = { files: '年度报告文件', year: '报告年度', replace: '替换已导入的同年度年报' };

/** A file input with its label, hint and error (the shared field shell takes text inputs only). */
function FileField(p: { errors: Errors; hint: string }) {
  const err = p.errors.files;
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for="f-files">{fieldLabels.files}</label>
      <p class="hint" id="h-files">
        {p.hint}
      </p>
      {err && (
        <p class="error" id="e-files">
          {err}
        </p>
      )}
      <input
        id="f-files"
        type="file"
        name="files"
        multiple
        accept=".txt,.htm,.html,.docx,text/plain,text/html,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        aria-describedby={err ? 'h-files e-files' : 'h-files'}
        aria-invalid={err ? 'true' : undefined}
      />
    </div>
  );
}

const uploadHint = `纯文本（.txt）、网页（.html，从政府网站另存）或 Word 文档（.docx）；UTF-8 或 GB18030（GBK）编码自动识别。每次最多 ${MAX_UPLOAD_FILES} 个文件，每个不超过 ${READER_MAX_BYTES / 1024 / 1024} MB。PDF 请先转换为文本。`;

// ---------------------------------------------------------------------------------------------
// The reader page

export type Outcome = { ok: true; result: ReadResult } | { ok: false; file: string; error: string };

export function ReaderPage(p: { env: PageEnv; errors: Errors; outcomes?: Outcome[]; summaries?: ReportSummary[] }) {
  const read = (p.outcomes ?? []).filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
  const bad = (p.outcomes ?? []).filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  return (
    <Layout env={p.env} title="年报解读" wide>
      <p class="lead">
        读取各机关在网站上发布的政府信息公开工作年度报告：列出每个数字及其在原文中的位置，核对表格的勾稽关系，比较各机关、各年度。
      </p>
      <ErrorSummary errors={p.errors} labels={fieldLabels} />
      <form method="post" action="/admin/reader" enctype="multipart/form-data" class="narrow" novalidate>
        <Csrf env={p.env} />
        <FileField errors={p.errors} hint={uploadHint} />
        <button type="submit">读取</button>
      </form>
      <p class="hint">要把年报中的数字保存为某机关的历史数据，请到该机关页面的“历年年报”导入。命令行：gongkai read-report。</p>
      {bad.length > 0 && (
        <section aria-labelledby="unreadable-title">
          <h2 id="unreadable-title">未能读取的文件</h2>
          <ul>
            {bad.map((b) => (
              <li>
                <strong>{b.file}</strong>：<span class="bad">{b.error}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {p.summaries && p.summaries.length > 1 && <Comparison summaries={p.summaries} title="对比" linkReadings={false} />}
      {read.map((o, i) => (
        <ReadingView reading={o.result.reading} title={o.result.name} meta={sourceMeta(o.result)} idPrefix={`r${i}`} />
      ))}
    </Layout>
  );
}

const sourceMeta = (r: Pick<ReadResult, 'kind' | 'encoding' | 'positions'>) =>
  `${sourceKindLabels[r.kind]}${r.encoding ? `，${encodingLabels[r.encoding]}` : ''}${
    r.kind === 'html' ? '；位置指网页源文件的行列' : r.positions === 'docxText' ? '；位置指从文档中读出的文字的行列' : ''
  }`;

function CheckItem({ c }: { c: Check }) {
  const failing = c.result.status === 'fails' || c.ifBlanksZero?.status === 'fails';
  return (
    <li class={failing ? 'bad' : undefined}>
      {checkLine(c)}
      {failing && (
        <span class="muted">
          {' '}
          （
          {Object.entries(c.sources)
            .map(([k, s]) => `${k} ${at(s)}`)
            .join('；')}
          ）
        </span>
      )}
    </li>
  );
}

/** One report as read: who, which year and format, the checks, every figure with its place, what was left out. */
export function ReadingView(p: { reading: ReportReading; title: string; meta: string; idPrefix: string }) {
  const r = p.reading;
  const n = checkCounts(r);
  const failing = r.checks.filter((c) => c.result.status === 'fails' || c.ifBlanksZero?.status === 'fails');
  const unknown = r.checks.filter((c) => c.result.status === 'unknown' && c.ifBlanksZero?.status !== 'fails');
  const holds = r.checks.filter((c) => c.result.status === 'holds');
  const id = (s: string) => `${p.idPrefix}-${s}`;
  return (
    <section aria-labelledby={id('title')} class="reading">
      <h2 id={id('title')}>{p.title}</h2>
      <dl class="meta">
        <dt>文件</dt>
        <dd>{p.meta}</dd>
        <dt>机关</dt>
        <dd>{r.agency ? `${r.agency.name}（据${r.agency.basis}，${at(r.agency.source)}）` : '未识别'}</dd>
        <dt>年度</dt>
        <dd>{r.year ? `${r.year.value}（据${r.year.basis}，${at(r.year.source)}）` : '未识别'}</dd>
        <dt>格式</dt>
        <dd>
          {formatLabel(r.format)}
          {r.formatEvidence.map((e) => (
            <div class="muted">{e}</div>
          ))}
        </dd>
        <dt>文字</dt>
        <dd>{scriptLabels[r.script]}</dd>
        {r.blanksMeanZero && (
          <>
            <dt>空白</dt>
            <dd>
              报告说明“{r.blanksMeanZero.text}”（{at(r.blanksMeanZero)}），空白按0记
            </dd>
          </>
        )}
        <dt>核对</dt>
        <dd>
          共 {r.checks.length} 项：成立 {n.holds}，<span class={n.fails ? 'bad' : undefined}>不成立 {n.fails}</span>，无法判断 {n.unknown}
        </dd>
      </dl>
      {failing.length > 0 && (
        <section class="flags" aria-labelledby={id('fails')}>
          <h3 id={id('fails')}>不成立的勾稽关系</h3>
          <ul>
            {failing.map((c) => (
              <CheckItem c={c} />
            ))}
          </ul>
        </section>
      )}
      {unknown.length > 0 && (
        <details>
          <summary>无法判断的勾稽关系（{unknown.length} 项：有空白或约数）</summary>
          <ul>
            {unknown.map((c) => (
              <CheckItem c={c} />
            ))}
          </ul>
        </details>
      )}
      {holds.length > 0 && (
        <details>
          <summary>成立的勾稽关系（{holds.length} 项）</summary>
          <ul>
            {holds.map((c) => (
              <CheckItem c={c} />
            ))}
          </ul>
        </details>
      )}
      {r.fields.length > 0 && (
        <table>
          <caption>表头字段</caption>
          <thead>
            <tr>
              <th scope="col">字段</th>
              <th scope="col">内容</th>
              <th scope="col">位置</th>
            </tr>
          </thead>
          <tbody>
            {r.fields.map((f) => (
              <tr>
                <td>{f.label}</td>
                <td>{f.value ?? '（空白）'}</td>
                <td>{at(f.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details open={r.figures.length <= 60 || undefined}>
        <summary>读出的数字（{r.figures.length} 项）</summary>
        <table>
          <caption class="visually-hidden">{p.title}：读出的数字</caption>
          <thead>
            <tr>
              <th scope="col">统计项</th>
              <th scope="col">数值</th>
              <th scope="col">位置</th>
              <th scope="col">原文</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {r.figures.map((f) => (
              <tr>
                <td>
                  {f.label}
                  <br />
                  <code class="details">{f.key}</code>
                </td>
                <td>{valueText(f)}</td>
                <td>{at(f.source)}</td>
                <td>{f.source.text === '' ? '（空）' : f.source.text}</td>
                <td>{[f.from === 'prose' ? '正文' : '表格', f.note].filter(Boolean).join('；')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {r.leftOut.length > 0 && (
        <details open>
          <summary>未读取的数字（{r.leftOut.length} 项）</summary>
          <ul>
            {r.leftOut.map((l) => (
              <li>
                <strong>{l.what}</strong>：{l.reason}
                {l.source ? `（${at(l.source)}）` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Comparison: reports whose sums fail, trends across formats, one figure agencies × years

const failText = (failed: FailedCheck[]) => {
  const strict = failed.filter((f) => !f.ifBlanksZero).length;
  const zero = failed.length - strict;
  if (!failed.length) return '全部成立';
  return [strict ? `${strict} 项不成立` : '', zero ? `${zero} 项在空白按0计时不成立` : ''].filter(Boolean).join('，');
};

function ReportLink(p: { r: ReportSummary; linkReadings: boolean }) {
  return p.linkReadings && p.r.href ? <a href={p.r.href}>{p.r.file}</a> : p.r.file;
}

export function Comparison(p: { summaries: ReportSummary[]; title: string; linkReadings: boolean; keyDef?: FigureDef }) {
  const sorted = [...p.summaries].sort((a, b) => a.agency.localeCompare(b.agency, 'zh-CN') || (a.year ?? 0) - (b.year ?? 0));
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">{p.title}</h2>
      <table>
        <caption>各份年报的勾稽关系</caption>
        <thead>
          <tr>
            <th scope="col">机关</th>
            <th scope="col">年度</th>
            <th scope="col">格式</th>
            <th scope="col">文件</th>
            <th scope="col">核对结果</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr class={r.failed.length ? 'fails' : undefined}>
              <td>{r.agency}</td>
              <td>{r.year ?? '未识别'}</td>
              <td>{formatLabel(r.format)}</td>
              <td>
                <ReportLink r={r} linkReadings={p.linkReadings} />
              </td>
              <td>
                {r.failed.length ? <span class="bad">✗ {failText(r.failed)}</span> : <span class="ok">✓ 全部成立</span>}
                {r.failed.length > 0 && (
                  <ul class="failed">
                    {r.failed.map((f) => (
                      <li>
                        {f.description}
                        {f.left !== null ? `：${f.left} ≠ ${f.right}（相差 ${f.difference}）` : ''}
                        {f.ifBlanksZero ? '（空白按0计）' : ''}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {trendMeasures.map((m) => (
        <Trend
          summaries={p.summaries}
          title={m.label}
          unit={m.unit}
          value={(r) => measureValue(r, m)}
          note={`取自：${m.sources.map((s) => s.join(' + ')).join('；或 ')}`}
          idPrefix={`m-${m.id}`}
        />
      ))}
      {p.keyDef && (
        <Trend
          summaries={p.summaries}
          title={p.keyDef.label}
          unit={p.keyDef.unit}
          value={(r) => {
            const f = r.figures.get(p.keyDef!.key);
            return f ? { value: f.value, kind: f.kind } : null;
          }}
          note={`统计项 ${p.keyDef.key}`}
          idPrefix="key"
        />
      )}
    </section>
  );
}

function Trend(p: {
  summaries: ReportSummary[];
  title: string;
  unit: string;
  value: (r: ReportSummary) => { value: number | null; kind: FigureKind } | null;
  note: string;
  idPrefix: string;
}) {
  const t = pivot(p.summaries, p.value);
  const hasAny = t.agencies.some((a) => t.years.some((y) => t.cell(a, y)?.v?.value !== undefined && t.cell(a, y)?.v?.value !== null));
  if (!hasAny || t.years.length === 0) return null;
  const chart = trendChart({
    title: p.title,
    unit: p.unit,
    years: t.years,
    series: t.agencies.map((a) => ({
      name: a,
      values: t.years.map((y) => t.cell(a, y)?.v?.value ?? null),
      failing: t.years.map((y) => (t.cell(a, y)?.report.failed.length ?? 0) > 0),
    })),
  });
  const show = (v: { value: number | null; kind: string } | null | undefined) =>
    !v ? '—' : v.kind === 'blank' ? '（空白）' : `${v.kind === 'atLeast' ? '≥' : ''}${v.value}`;
  return (
    <figure class="trend" aria-labelledby={`${p.idPrefix}-cap`}>
      <img
        src={chart}
        alt={`${p.title}的折线图，${t.years[0]}—${t.years[t.years.length - 1]}年，${t.agencies.length}个机关；数据见下表，红色三角表示该年报勾稽关系不成立。`}
        width={720}
        height={320}
      />
      <figcaption id={`${p.idPrefix}-cap`}>
        {p.title}（{p.unit}）<span class="muted">{p.note}</span>
      </figcaption>
      <table>
        <caption class="visually-hidden">{p.title}：各机关各年度</caption>
        <thead>
          <tr>
            <th scope="col">机关</th>
            {t.years.map((y) => (
              <th scope="col">{y}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.agencies.map((a) => (
            <tr>
              <th scope="row">{a}</th>
              {t.years.map((y) => {
                const c = t.cell(a, y);
                const fails = (c?.report.failed.length ?? 0) > 0;
                return (
                  <td class={fails ? 'fails' : undefined}>
                    {show(c?.v)}
                    {fails && (
                      <span class="bad">
                        {' '}
                        ✗<span class="visually-hidden">该年报勾稽关系不成立</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

// ---------------------------------------------------------------------------------------------
// An agency's historic figures

/** Figure keys to choose from, grouped as the report prints them. */
export const keyGroups: [string, readonly FigureDef[]][] = [
  ['二、主动公开政府信息情况', nationalFigureDefs.filter((d) => d.key.startsWith('t2.'))],
  ['三、收到和处理政府信息公开申请情况', nationalFigureDefs.filter((d) => d.key.startsWith('t3.'))],
  ['四、行政复议、行政诉讼情况', nationalFigureDefs.filter((d) => d.key.startsWith('t4.'))],
  ['2008年版统计报表', [...legacyFigureDefs, ...readerFigureDefs.filter((d) => d.key.startsWith('legacy.'))]],
  ['正文中的数字', readerFigureDefs.filter((d) => d.key.startsWith('prose.'))],
];

export function HistoryPage(p: {
  env: PageEnv;
  agency: Agency;
  canManage: boolean;
  rows: HistoryRow[];
  summaries: ReportSummary[];
  keyDef?: FigureDef;
  values: Values;
  errors: Errors;
  imported?: { file: string; year: number; figures: number; failed: number; warnings: string[] }[];
}) {
  const a = p.agency;
  return (
    <Layout env={p.env} title={`${a.short_name}：历年年报`} wide>
      <p>
        已导入的政府信息公开工作年度报告（本机关{p.rows.some((r) => r.agencyId !== a.id) ? '及下级机关' : ''}
        ），可与平台上形成的年报一起看历年趋势。
        <a href={`/admin/agencies/${a.id}`}>返回机关</a>
      </p>
      <ErrorSummary errors={p.errors} labels={fieldLabels} />
      {p.imported && p.imported.length > 0 && (
        <div class="notice" role="status">
          <ul>
            {p.imported.map((i) => (
              <li>
                已导入“{i.file}”：{i.year}年度，{i.figures} 个数字{i.failed ? `，${i.failed} 项勾稽关系不成立` : ''}
                {i.warnings.map((w) => `。注意：${w}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.canManage && (
        <section aria-labelledby="import-title">
          <h2 id="import-title">导入年报</h2>
          <form method="post" action={`/admin/agencies/${a.id}/historic-reports`} enctype="multipart/form-data" class="narrow" novalidate>
            <Csrf env={p.env} />
            <FileField
              errors={p.errors}
              hint={`${uploadHint} 导入后，年报中的数字作为本机关该年度的历史数据保存，原文件一并保存以便核对。`}
            />
            <div class={p.errors.year ? 'field has-error' : 'field'}>
              <label for="f-year">{fieldLabels.year}</label>
              <p class="hint" id="h-year">
                报告中未写明年度时填写（一次只导入一份时）；写明时无需填写。
              </p>
              {p.errors.year && (
                <p class="error" id="e-year">
                  {p.errors.year}
                </p>
              )}
              <input
                id="f-year"
                name="year"
                inputMode="numeric"
                maxLength={4}
                value={String(p.values.year ?? '')}
                aria-describedby={p.errors.year ? 'h-year e-year' : 'h-year'}
                aria-invalid={p.errors.year ? 'true' : undefined}
              />
            </div>
            <div class={p.errors.replace ? 'field has-error' : 'field'} id="f-replace-field">
              {p.errors.replace && (
                <p class="error" id="e-replace">
                  {p.errors.replace}
                </p>
              )}
              <label class="check" for="f-replace">
                <input id="f-replace" type="checkbox" name="replace" value="1" checked={!!p.values.replace} /> {fieldLabels.replace}
              </label>
            </div>
            <button type="submit">导入</button>
          </form>
        </section>
      )}
      <section aria-labelledby="readings-title">
        <h2 id="readings-title">已导入的年报（{p.rows.length} 份）</h2>
        {p.rows.length === 0 ? (
          <p>尚未导入年报。</p>
        ) : (
          <>
            <p>
              导出全部数字：<a href={`/admin/agencies/${a.id}/historic-reports/export?format=csv`}>CSV</a> ·{' '}
              <a href={`/admin/agencies/${a.id}/historic-reports/export?format=json`}>JSON</a>
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">机关</th>
                  <th scope="col">年度</th>
                  <th scope="col">格式</th>
                  <th scope="col">文件</th>
                  <th scope="col">数字</th>
                  <th scope="col">核对</th>
                  <th scope="col">导入时间</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr class={r.failures.length ? 'fails' : undefined}>
                    <td>{r.agency}</td>
                    <td>{r.year}</td>
                    <td>{formatLabel(r.format as ReportReading['format'])}</td>
                    <td>
                      <a href={`/admin/report-readings/${r.id}`}>{r.file}</a>
                    </td>
                    <td>{r.figureCount}</td>
                    <td>{r.failures.length ? <span class="bad">✗ {failText(r.failures)}</span> : <span class="ok">✓</span>}</td>
                    <td>{formatInstant(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      {p.rows.length > 0 && (
        <>
          <form method="get" action={`/admin/agencies/${a.id}/historic-reports`} class="narrow">
            <div class="field">
              <label for="f-key">比较统计项</label>
              <select id="f-key" name="key">
                <option value="">（选择统计项）</option>
                {keyGroups.map(([group, defs]) => (
                  <optgroup label={group}>
                    {defs.map((d) => (
                      <option value={d.key} selected={p.keyDef?.key === d.key}>
                        {d.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <button type="submit" class="secondary">
              比较
            </button>
          </form>
          <Comparison summaries={p.summaries} title="历年趋势与核对" linkReadings {...(p.keyDef ? { keyDef: p.keyDef } : {})} />
        </>
      )}
    </Layout>
  );
}

export function StoredReadingPage(p: {
  env: PageEnv;
  row: { id: number; agency_id: number; agency_name: string; year: number; file_name: string; created_at: string };
  reading: ReportReading & Pick<ReadResult, 'kind' | 'encoding' | 'positions'>;
  canManage: boolean;
}) {
  return (
    <Layout env={p.env} title={`${p.row.agency_name} ${p.row.year}年度年报（导入）`} wide>
      <p>
        <a href={`/admin/agencies/${p.row.agency_id}/historic-reports`}>返回历年年报</a> ·{' '}
        <a href={`/admin/report-readings/${p.row.id}/file`}>下载原文件</a> · 导入于 {formatInstant(p.row.created_at)}
      </p>
      {p.canManage && (
        <div class="actions">
          <ActionButton env={p.env} action={`/admin/report-readings/${p.row.id}/delete`} label="删除这份导入的年报" danger />
        </div>
      )}
      <ReadingView reading={p.reading} title={p.row.file_name} meta={sourceMeta(p.reading)} idPrefix="stored" />
    </Layout>
  );
}
