import { existsSync } from 'node:fs';
import type { ReportDocument } from '../document.js';
import { reportHtml } from './html.js';

// PDF through Debian's chromium (playwright-core's page.pdf()), from the same HTML as the export,
// so the PDF is the printed page. Only when a chromium is installed.

export const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? '/usr/bin/chromium';

export const pdfAvailable = () => existsSync(CHROMIUM);

export async function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
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
