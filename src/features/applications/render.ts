// A letter as issued: title, 文号, body text (paragraph per line), produced as HTML for the screen
// and as DOCX for print and mail. The layout follows the usual 公文 conventions (GB/T 9704): title
// in a large 宋体, body in 三号 仿宋 with a two-character first-line indent, the signature and date
// right-aligned. Text is always text: HTML escapes it, DOCX takes it as runs.

export interface LetterContent {
  title: string;
  docNo: string;
  body: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The last two lines of a template are the signature and the date: they are set right. */
function split(body: string) {
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  const tail = lines.length >= 3 ? lines.slice(-2) : [];
  return { main: lines.slice(0, lines.length - tail.length), tail };
}

export function letterHtml(l: LetterContent): string {
  const { main, tail } = split(l.body);
  const [first, ...rest] = main;
  return [
    `<article class="letter">`,
    `<h2 class="letter-title">${esc(l.title)}</h2>`,
    `<p class="letter-no">${esc(l.docNo)}</p>`,
    first === undefined ? '' : `<p class="letter-salutation">${esc(first)}</p>`,
    ...rest.map((p) => `<p>${esc(p)}</p>`),
    ...tail.map((p) => `<p class="letter-sign">${esc(p)}</p>`),
    `</article>`,
  ].join('\n');
}

// docx is loaded when the first DOCX is made: it takes long to import, and most processes (the
// command line, a server that only serves pages) never make one.
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
export async function letterDocx(l: LetterContent): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await import('docx');
  const run = (text: string, opts: { size?: number; bold?: boolean; title?: boolean } = {}) =>
    new TextRun({ text, font: opts.title ? TITLE_FONT : BODY_FONT, size: opts.size ?? 32, bold: opts.bold ?? false });
  const { main, tail } = split(l.body);
  const [first, ...rest] = main;
  const paragraphs = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(l.title, { size: 44, title: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(l.docNo)] }),
    ...(first === undefined ? [] : [new Paragraph({ spacing: { line: 560 }, children: [run(first)] })]),
    // 两字缩进: 2 characters of 16 pt = 640 twips.
    ...rest.map((p) => new Paragraph({ spacing: { line: 560 }, indent: { firstLine: 640 }, children: [run(p)] })),
    ...tail.map((p) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { line: 560 }, children: [run(p)] })),
  ];
  const doc = new Document({
    creator: 'gongkai',
    title: l.title,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } }, children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}
