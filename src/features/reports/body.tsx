import { sectionHeadings } from '../../domain/report/narrative.js';
import { chinaDate } from '../../domain/time.js';
import { cellLabel, type ReportDocument } from './document.js';
import { formatFigure, type Grid, gridsOf } from './layout.js';

// The report as published: title, the statement of who compiled it and for which period, the six
// sections with their tables, the reasons recorded for publishing despite failing checks, and the
// revisions. The public page, the standalone HTML export and the PDF are this one component.

/** An instant as the China date people write: 2026年2月10日. */
export const chineseDate = (iso: string | null) => {
  if (!iso) return '';
  const [y, m, d] = chinaDate(new Date(iso)).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export const reportTitle = (d: Pick<ReportDocument, 'agency' | 'year'>) => `${d.agency.name}${d.year}年政府信息公开工作年度报告`;

export function GridTable({ grid, figures, caption }: { grid: Grid; figures: ReportDocument['figures']; caption?: string }) {
  const head = grid.rows.slice(0, grid.headRows);
  const body = grid.rows.slice(grid.headRows);
  const cell = (c: Grid['rows'][number][number]) => {
    const span = { colSpan: c.colSpan, rowSpan: c.rowSpan };
    if (c.header)
      return (
        <th scope={c.scope} {...span}>
          {c.text}
        </th>
      );
    if (c.key)
      return (
        <td class="num" data-key={c.key} {...span}>
          {formatFigure(figures[c.key])}
        </td>
      );
    return <td {...span}>{c.text}</td>;
  };
  return (
    <table class="report-table">
      {caption && <caption class="report-caption">{caption}</caption>}
      <thead>
        {head.map((r) => (
          <tr>{r.map(cell)}</tr>
        ))}
      </thead>
      <tbody>
        {body.map((r) => (
          <tr>{r.map(cell)}</tr>
        ))}
      </tbody>
    </table>
  );
}

function Paragraphs({ text }: { text: string }) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return (
    <>
      {lines.map((l) => (
        <p>{l}</p>
      ))}
    </>
  );
}

export function ReportBody({ doc }: { doc: ReportDocument }) {
  const hd = sectionHeadings(doc.format);
  const overridden = doc.checks.filter((c) => c.override);
  const revised = doc.revisions.filter((r) => r.reopenReason);
  return (
    <article class="annual-report">
      {doc.status === 'draft' && <p class="draft-mark">草稿（未发布）：数字随业务数据变化</p>}
      <p class="report-intro">
        本报告由{doc.agency.name}根据《中华人民共和国政府信息公开条例》
        {doc.format === 'legacy' ? '（国务院令第492号）' : '（国务院令第711号）'}
        编制。报告所列数据的统计期限自{doc.period.from.slice(0, 4)}年1月1日至{doc.period.to.slice(0, 4)}年12月31日
        {doc.agencies.length > 1 ? `，统计范围为本机关及所属${doc.agencies.length - 1}个机关` : ''}。
      </p>
      <section>
        <h2>{hd.overview}</h2>
        <Paragraphs text={doc.narrative.overview} />
      </section>
      {gridsOf(doc.format).map((s) => (
        <section>
          <h2>{s.heading}</h2>
          {s.grids.map((g) => (
            <GridTable grid={g} figures={doc.figures} caption={`${s.heading} ${g.title}`} />
          ))}
          {Object.keys(doc.entered).some((k) => s.grids.some((g) => g.rows.some((r) => r.some((c) => c.key === k)))) && (
            <p class="sources">
              数据来源：
              {Object.entries(doc.entered)
                .filter(([k]) => s.grids.some((g) => g.rows.some((r) => r.some((c) => c.key === k))))
                .map(
                  ([k, list]) =>
                    `${cellLabel(k)}——${list.map((e) => (list.length > 1 ? `${e.agencyName}：${e.note}` : e.note)).join('；')}`,
                )
                .join('。')}
              。
            </p>
          )}
        </section>
      ))}
      <section>
        <h2>{hd.problems}</h2>
        <Paragraphs text={doc.narrative.problems || '（未填写）'} />
      </section>
      <section>
        <h2>{hd.other}</h2>
        <p>{doc.narrative.fees}</p>
        <Paragraphs text={doc.narrative.other} />
      </section>
      {overridden.length > 0 && (
        <section class="report-notes">
          <h2>数据校验说明</h2>
          <ul>
            {overridden.map((c) => (
              <li>
                {c.description}
                {c.difference !== null ? `（相差${c.difference}）` : ''}。说明：{c.override!.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {doc.status === 'published' && (
        <p class="report-meta">
          {doc.revisions[0] ? `本报告于${chineseDate(doc.revisions[0].publishedAt)}发布` : ''}
          {revised.length > 0 &&
            `，此后修订${revised.length}次（${revised
              .map((r) => `${chineseDate(r.reopenedAt)}：${r.reopenReason}`)
              .join('；')}），现为第${doc.revision}版`}
          。
        </p>
      )}
    </article>
  );
}
