import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { sectionHeadings } from '../../../domain/report/narrative.js';
import { reportTitle } from '../body.js';
import type { ReportDocument } from '../document.js';
import { formatFigure, type Grid, gridsOf } from '../layout.js';

// The report as a Word document: real Word tables whose header cells are merged as the format
// prints them (gridSpan across, vMerge down), from the same grids as the HTML page.

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };

function cellParagraph(text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new Paragraph({ alignment: opts.align, children: [new TextRun({ text, bold: opts.bold, size: 18, font: FONT })] });
}

function wordTable(grid: Grid, figures: ReportDocument['figures']): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: grid.rows.map(
      (r, i) =>
        new TableRow({
          tableHeader: i < grid.headRows,
          children: r.map(
            (c) =>
              new TableCell({
                columnSpan: c.colSpan,
                rowSpan: c.rowSpan,
                verticalAlign: VerticalAlign.CENTER,
                ...(c.header ? { shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } } : {}),
                children: [
                  c.key
                    ? cellParagraph(formatFigure(figures[c.key]), { align: AlignmentType.RIGHT })
                    : cellParagraph(c.text ?? '', { align: i < grid.headRows ? AlignmentType.CENTER : AlignmentType.LEFT }),
                ],
              }),
          ),
        }),
    ),
  });
}

const body = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(
      (l) =>
        new Paragraph({ indent: { firstLine: 420 }, spacing: { line: 360 }, children: [new TextRun({ text: l, size: 24, font: FONT })] }),
    );

const heading = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 28, font: FONT })],
  });

export async function reportDocx(doc: ReportDocument): Promise<Buffer> {
  const hd = sectionHeadings(doc.format);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: reportTitle(doc), bold: true, size: 36, font: FONT })],
    }),
  ];
  if (doc.status === 'draft') children.push(...body('【草稿，未发布】'));
  children.push(
    ...body(
      `本报告由${doc.agency.name}根据《中华人民共和国政府信息公开条例》编制。报告所列数据的统计期限自${doc.year}年1月1日至${doc.year}年12月31日。`,
    ),
  );
  children.push(heading(hd.overview), ...body(doc.narrative.overview));
  for (const s of gridsOf(doc.format)) {
    children.push(heading(s.heading));
    for (const g of s.grids) {
      if (s.grids.length > 1)
        children.push(new Paragraph({ children: [new TextRun({ text: g.title, bold: true, size: 21, font: FONT })] }));
      children.push(wordTable(g, doc.figures), new Paragraph({}));
    }
  }
  children.push(heading(hd.problems), ...body(doc.narrative.problems || '（未填写）'));
  children.push(heading(hd.other), ...body(doc.narrative.fees), ...body(doc.narrative.other));
  const overridden = doc.checks.filter((c) => c.override);
  if (overridden.length)
    children.push(heading('数据校验说明'), ...body(overridden.map((c) => `${c.description}。说明：${c.override!.reason}`).join('\n')));
  const document = new Document({
    creator: 'gongkai',
    title: reportTitle(doc),
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
