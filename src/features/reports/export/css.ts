/** The report's own styles: served as /reports.css to pages and inlined into the standalone HTML export. */
export const REPORT_CSS = `
.annual-report { max-width: 60rem; line-height: 1.8; }
.annual-report h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
.annual-report p { text-indent: 2em; margin: .3rem 0; }
.annual-report .report-intro, .annual-report .report-meta, .annual-report .sources { color: #333; }
.annual-report .sources { font-size: .9rem; text-indent: 0; }
.annual-report .draft-mark { text-indent: 0; border: 2px dashed #b00; color: #b00; padding: .3rem .6rem; font-weight: bold; }
.report-table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
.report-table caption.report-caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.report-table th, .report-table td { border: 1px solid #555; padding: .25rem .4rem; vertical-align: middle; }
.report-table th { font-weight: normal; text-align: left; background: #f3f3f3; }
.report-table thead th { text-align: center; }
.report-table td.num { text-align: right; font-variant-numeric: tabular-nums; min-width: 3.2em; }
.report-checks .fails { color: #a00; }
.report-checks .unknown { color: #7a5b00; }
.side-by-side td.num, .side-by-side th { white-space: nowrap; }
.side-by-side { overflow-x: auto; display: block; }
@page { size: A4; margin: 20mm 16mm; }
@media print {
  .site-header, .site-footer, .skip-link, .portal-bar, .no-print, nav { display: none !important; }
  body { font-size: 11pt; color: #000; }
  main { max-width: none; padding: 0; }
  .report-table { font-size: 9pt; }
  .report-table thead { display: table-header-group; }
  .report-table tr { break-inside: avoid; }
  .annual-report h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
