// A DOCX document's body as simple HTML (paragraphs, tables, rows, cells), for the same
// HTML → text step as a saved page. One pass over word/document.xml (fflate unzips it,
// htmlparser2 reads the XML): the reader needs the text and the table structure, not styles —
// mammoth, which builds the whole document model, took ~40 ms of CPU per report here, this ~2 ms.

import { strFromU8, unzipSync } from 'fflate';
import { Parser } from 'htmlparser2';
import { escapeHtml } from '../../format.js';

/** The body's HTML, or null when the file is a zip without a Word document in it. Throws on a broken zip. */
export function docxToHtml(data: Uint8Array): string | null {
  const files = unzipSync(data, { filter: (f) => f.name === 'word/document.xml' });
  const xml = files['word/document.xml'];
  if (!xml) return null;
  const out: string[] = [];
  // Text that is not shown: deleted revisions, field codes, and the fallback copy of drawn text boxes.
  let hidden = 0;
  let inText = false;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'w:delText' || name === 'w:instrText' || name === 'mc:Fallback') hidden++;
        if (hidden) return;
        if (name === 'w:p') out.push('<p>');
        else if (name === 'w:tbl') out.push('<table>');
        else if (name === 'w:tr') out.push('<tr>');
        else if (name === 'w:tc') out.push('<td>');
        else if (name === 'w:t') inText = true;
        else if (name === 'w:tab') out.push(' ');
        else if (name === 'w:br' || name === 'w:cr') out.push('<br>');
      },
      onclosetag(name) {
        if (name === 'w:delText' || name === 'w:instrText' || name === 'mc:Fallback') {
          hidden = Math.max(0, hidden - 1);
          return;
        }
        if (hidden) return;
        if (name === 'w:p') out.push('</p>');
        else if (name === 'w:tbl') out.push('</table>');
        else if (name === 'w:tr') out.push('</tr>');
        else if (name === 'w:tc') out.push('</td>');
        else if (name === 'w:t') inText = false;
      },
      ontext(text) {
        if (inText && !hidden) out.push(escapeHtml(text));
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(strFromU8(xml));
  parser.end();
  return out.join('');
}
