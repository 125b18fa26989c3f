// The export formats, in a module with no dependencies: the command line lists them without loading the writers.

export const exportFormats = ['html', 'docx', 'xlsx', 'json', 'pdf'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportLabels: Record<ExportFormat, string> = {
  html: '网页（HTML，可打印）',
  docx: 'Word（DOCX）',
  xlsx: 'Excel（XLSX）',
  json: '数据（JSON）',
  pdf: 'PDF',
};

export function isExportFormat(v: unknown): v is ExportFormat {
  return typeof v === 'string' && (exportFormats as readonly string[]).includes(v);
}
