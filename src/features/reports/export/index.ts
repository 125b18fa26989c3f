import { NotFoundError } from '../../../errors.js';
import type { ReportDocument } from '../document.js';
import type { ExportFormat } from './formats.js';
import { reportHtml } from './html.js';
import { pdfAvailable } from './pdf.js';

export { type ExportFormat, exportFormats, exportLabels, isExportFormat } from './formats.js';

// The Word, Excel and PDF writers load on first use: exceljs alone costs half a second of CPU at
// import, which every `gongkai` command and every server start would otherwise pay.

const contentTypes: Record<ExportFormat, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

export interface Rendered {
  body: Buffer | string;
  contentType: string;
  /** A file name for downloads: 机关 + 年度 + 年度报告, with the revision when there was one. */
  filename: string;
}

export function exportFilename(doc: ReportDocument, format: ExportFormat): string {
  const rev = doc.revision && doc.revision > 1 ? `（第${doc.revision}版）` : doc.status === 'draft' ? '（草稿）' : '';
  return `${doc.agency.name}${doc.year}年政府信息公开工作年度报告${rev}.${format}`;
}

export async function renderExport(doc: ReportDocument, format: ExportFormat): Promise<Rendered> {
  let body: Buffer | string;
  switch (format) {
    case 'html':
      body = reportHtml(doc);
      break;
    case 'docx':
      body = await (await import('./docx.js')).reportDocx(doc);
      break;
    case 'xlsx':
      body = await (await import('./xlsx.js')).reportXlsx(doc);
      break;
    case 'json':
      body = `${JSON.stringify(doc, null, 2)}\n`;
      break;
    case 'pdf':
      if (!pdfAvailable()) throw new NotFoundError('本服务器未安装 Chromium，无法生成 PDF；请下载 HTML 后用浏览器打印为 PDF');
      body = await (await import('./pdf.js')).reportPdf(doc);
      break;
  }
  return { body, contentType: contentTypes[format], filename: exportFilename(doc, format) };
}
