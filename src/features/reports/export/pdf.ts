import { existsSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../chromium.js';
import type { ReportDocument } from '../document.js';
import { reportHtml } from './html.js';

// PDF through Debian's chromium (playwright-core's page.pdf()), from the same HTML as the export,
// so the PDF is the printed page. Only when a chromium is installed.

export const pdfAvailable = () => existsSync(CHROMIUM);

export async function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    // No network: the HTML is self-contained.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(reportHtml(doc), { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
