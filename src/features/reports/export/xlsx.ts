import ExcelJS from 'exceljs';
import { reportTitle } from '../body.js';
import { cellLabel, type ReportDocument } from '../document.js';
import { type Grid, gridsOf } from '../layout.js';

// The report's tables as a workbook: one sheet per table (table 二's four items on one sheet, as
// one table of the format), merged header cells as printed, figures as numbers, plus a sheet with
// the checks and one with the sources of entered figures.

const border = { style: 'thin' as const, color: { argb: 'FF555555' } };
const borders = { top: border, left: border, bottom: border, right: border };

function writeGrid(ws: ExcelJS.Worksheet, grid: Grid, figures: ReportDocument['figures'], top: number): number {
  for (const r of grid.rows)
    for (const c of r) {
      const row = top + c.row;
      const col = 1 + c.col;
      const cell = ws.getCell(row, col);
      cell.value = c.key ? (figures[c.key] ?? null) : (c.text ?? '');
      cell.border = borders;
      cell.alignment = { vertical: 'middle', horizontal: c.key ? 'right' : c.row < grid.headRows ? 'center' : 'left', wrapText: true };
      if (c.header) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      if ((c.colSpan ?? 1) > 1 || (c.rowSpan ?? 1) > 1) ws.mergeCells(row, col, row + (c.rowSpan ?? 1) - 1, col + (c.colSpan ?? 1) - 1);
    }
  return top + grid.rows.length;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (s: string) => s.replace(/[:\\/?*[\]]/g, '').slice(0, 31);

export async function reportXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai';
  wb.title = reportTitle(doc);
  for (const s of gridsOf(doc.format)) {
    const ws = wb.addWorksheet(sheetName(s.heading));
    ws.getCell(1, 1).value = `${reportTitle(doc)}——${s.heading}`;
    ws.getCell(1, 1).font = { bold: true };
    let row = 3;
    for (const g of s.grids) row = writeGrid(ws, g, doc.figures, row) + 1;
    const cols = Math.max(...s.grids.map((g) => g.columns));
    for (let c = 1; c <= cols; c++) ws.getColumn(c).width = doc.format === 'legacy' && c === 1 ? 40 : 14;
  }
  const checks = wb.addWorksheet('校验');
  checks.addRow(['校验', '结果', '左边', '右边', '差额', '涉及的单元格', '发布说明']);
  for (const c of doc.checks)
    checks.addRow([
      c.description,
      { holds: '通过', fails: '未通过', unknown: '无法判断' }[c.status],
      c.left,
      c.right,
      c.difference,
      c.cells.map(cellLabel).join('；'),
      c.override?.reason ?? '',
    ]);
  checks.getColumn(1).width = 60;
  checks.getColumn(6).width = 60;
  const sources = wb.addWorksheet('数据来源');
  sources.addRow(['指标', '键', '机关', '数值', '数据来源']);
  for (const [k, list] of Object.entries(doc.entered))
    for (const e of list) sources.addRow([cellLabel(k), k, e.agencyName, e.value, e.note]);
  sources.getColumn(1).width = 50;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
