import { renderToString } from 'preact-render-to-string';
import { ReportBody, reportTitle } from '../body.js';
import type { ReportDocument } from '../document.js';
import { REPORT_CSS } from './css.js';

/** One self-contained HTML file (styles inline, no scripts), as published, ready to print. */
export function reportHtml(doc: ReportDocument): string {
  const title = reportTitle(doc);
  return `<!doctype html>${renderToString(
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style
          dangerouslySetInnerHTML={{
            __html: `body{font-family:"Songti SC","SimSun","WenQuanYi Zen Hei",serif;margin:2rem auto;max-width:62rem;padding:0 1rem;}h1{text-align:center;font-size:1.5rem;}${REPORT_CSS}`,
          }}
        />
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          <ReportBody doc={doc} />
        </main>
      </body>
    </html>,
  )}`;
}

/** A response header that lets the export's inline styles apply and nothing else run. */
export const STANDALONE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
