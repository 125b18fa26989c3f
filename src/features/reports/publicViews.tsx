import { portalUrl } from '../portal/script.js';
import { type PortalEnv, PortalLayout } from '../portal/views.js';
import { chineseDate, ReportBody, reportTitle } from './body.js';
import type { ReportDocument } from './document.js';
import { exportFormats, exportLabels } from './export/index.js';
import type { publishedReports } from './service.js';
import { ReportStyles } from './views.js';

type Listed = Awaited<ReturnType<typeof publishedReports>>[number];

/** The 公开年报 list: published reports, newest year first. */
export function ReportList({ pe, reports, withAgency }: { pe: PortalEnv; reports: Listed[]; withAgency?: boolean }) {
  if (reports.length === 0) return <p class="muted">暂无</p>;
  return (
    <ul class="item-list">
      {reports.map((r) => (
        <li>
          <a href={portalUrl(pe.tw, `/gk/${r.agency_id}/reports/${r.year}`)}>
            {withAgency ? r.name : ''}
            {r.year}年政府信息公开工作年度报告
          </a>
          <span class="muted">
            {' '}
            {r.first_published_on ? `${r.first_published_on}发布` : ''}
            {r.revision > 1 ? `（已修订，第${r.revision}版）` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function PublicReportsPage({ pe, reports }: { pe: PortalEnv; reports: Listed[] }) {
  return (
    <PortalLayout pe={pe} title="政府信息公开工作年度报告" crumbs={[{ href: portalUrl(pe.tw, '/gk'), label: '政府信息公开' }]}>
      <p>各机关依《中华人民共和国政府信息公开条例》第四十九条公布的年度报告，按年度由近及远排列。</p>
      <ReportList pe={pe} reports={reports} withAgency />
    </PortalLayout>
  );
}

export function PublicReportPage({ pe, doc }: { pe: PortalEnv; doc: ReportDocument }) {
  const at = `/gk/${doc.agency.id}/reports/${doc.year}`;
  return (
    <PortalLayout
      pe={pe}
      title={reportTitle(doc)}
      crumbs={[
        { href: portalUrl(pe.tw, '/gk'), label: '政府信息公开' },
        { href: portalUrl(pe.tw, `/gk/${doc.agency.id}`), label: doc.agency.name },
        { href: portalUrl(pe.tw, '/gk/reports'), label: '年度报告' },
      ]}
    >
      <ReportStyles />
      <p class="muted">
        发布日期：{chineseDate(doc.revisions[0]?.publishedAt ?? doc.publishedAt)}
        {doc.revision && doc.revision > 1 ? `；最近修订：${chineseDate(doc.publishedAt)}（第${doc.revision}版）` : ''}
      </p>
      <nav aria-label="下载" class="actions no-print">
        {exportFormats.map((f) => (
          <a class="button secondary" href={`${at}/export?format=${f}`}>
            下载{exportLabels[f]}
          </a>
        ))}
      </nav>
      <ReportBody doc={doc} />
    </PortalLayout>
  );
}
