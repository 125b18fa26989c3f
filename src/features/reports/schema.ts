import { agencyKinds, agencyLevels } from '../../domain/agency.js';
import { computedKeys, figureDefsFor } from '../../domain/report/figures.js';
import { type FigureDef, nationalFigureDefs, reportFormatLabels, reportFormats } from '../../domain/report/formats.js';
import { legacyFigureDefs } from '../../domain/report/legacy.js';
import { SCHEMA_VERSION } from './document.js';

// The JSON export's schema and its key list, generated from the one table of figure keys
// (domain/report/formats.ts, legacy.ts). `npm run docs:report` writes docs/annual-report.schema.json
// and docs/annual-report.md; a test fails when the committed files differ from these.

const allDefs: FigureDef[] = [...nationalFigureDefs, ...legacyFigureDefs];
const nullableString = { type: ['string', 'null'] };
const instant = { type: 'string', format: 'date-time' };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

export function annualReportSchema() {
  const figure = (d: FigureDef) => ({
    type: ['number', 'null'],
    description: `${d.label}（${d.unit}）`,
    ...(d.signed ? {} : { minimum: 0 }),
    ...(d.decimal || d.signed ? {} : { multipleOf: 1 }),
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'annual-report.schema.json',
    title: '政府信息公开工作年度报告（gongkai JSON 导出）',
    description: `schemaVersion ${SCHEMA_VERSION}. 字段只增不改；figures 的键见 annual-report.md。`,
    type: 'object',
    additionalProperties: false,
    required: [
      'schemaVersion',
      'agency',
      'year',
      'format',
      'formatLabel',
      'scope',
      'period',
      'status',
      'revision',
      'publishedAt',
      'revisions',
      'deadline',
      'agencies',
      'figures',
      'entered',
      'narrative',
      'summary',
      'checks',
      'generatedAt',
    ],
    properties: {
      schemaVersion: { const: SCHEMA_VERSION },
      agency: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'kind', 'level', 'creditCode', 'orgCode'],
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          kind: { enum: [...agencyKinds] },
          level: { enum: [...agencyLevels] },
          creditCode: nullableString,
          orgCode: nullableString,
        },
      },
      year: { type: 'integer', minimum: 2008 },
      format: {
        enum: [...reportFormats],
        description: Object.entries(reportFormatLabels)
          .map(([k, v]) => `${k}: ${v}`)
          .join('；'),
      },
      formatLabel: { type: 'string' },
      scope: { enum: ['tree', 'own'], description: 'tree：本机关及下级机关合计；own：仅本机关' },
      period: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: date, to: date } },
      status: { enum: ['draft', 'published'] },
      revision: { type: ['integer', 'null'], minimum: 1 },
      publishedAt: { oneOf: [instant, { type: 'null' }] },
      revisions: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['revision', 'publishedAt', 'publishedBy', 'reopenedAt', 'reopenedBy', 'reopenReason'],
          properties: {
            revision: { type: 'integer', minimum: 1 },
            publishedAt: instant,
            publishedBy: { type: 'string' },
            reopenedAt: { oneOf: [instant, { type: 'null' }] },
            reopenedBy: nullableString,
            reopenReason: nullableString,
          },
        },
      },
      deadline: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'basis'],
        properties: { date, basis: { type: 'string' } },
      },
      agencies: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name', 'parentId', 'depth'],
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            parentId: { type: ['integer', 'null'] },
            depth: { type: 'integer', minimum: 0 },
          },
        },
      },
      figures: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(allDefs.map((d) => [d.key, figure(d)])),
      },
      entered: {
        type: 'object',
        propertyNames: { enum: allDefs.map((d) => d.key) },
        additionalProperties: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['agencyId', 'agencyName', 'value', 'note'],
            properties: {
              agencyId: { type: 'integer' },
              agencyName: { type: 'string' },
              value: { type: 'number' },
              note: { type: 'string' },
            },
          },
        },
      },
      narrative: {
        type: 'object',
        additionalProperties: false,
        required: ['overview', 'problems', 'other', 'fees'],
        properties: { overview: { type: 'string' }, problems: { type: 'string' }, other: { type: 'string' }, fees: { type: 'string' } },
      },
      summary: {
        type: 'object',
        additionalProperties: false,
        required: ['proactivePublished', 'replied', 'repliedWithin20', 'feesCount', 'feesAmount'],
        properties: Object.fromEntries(
          ['proactivePublished', 'replied', 'repliedWithin20', 'feesCount', 'feesAmount'].map((k) => [k, { type: 'number', minimum: 0 }]),
        ),
      },
      checks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'description', 'basis', 'status', 'cells', 'left', 'right', 'difference', 'override'],
          properties: {
            id: { type: 'string' },
            description: { type: 'string' },
            basis: { enum: ['format', 'derived', 'publication'] },
            status: { enum: ['holds', 'fails', 'unknown'] },
            cells: { type: 'array', items: { type: 'string' } },
            left: { type: ['number', 'null'] },
            right: { type: ['number', 'null'] },
            difference: { type: ['number', 'null'] },
            override: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['reason', 'by', 'at'],
                  properties: { reason: { type: 'string', minLength: 1 }, by: { type: 'string' }, at: instant },
                },
              ],
            },
          },
        },
      },
      generatedAt: instant,
    },
    // Every cell of the report's format is present (null when blank), and no other format's.
    allOf: reportFormats.map((format) => ({
      if: { properties: { format: { const: format } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: {
        properties: {
          figures: {
            required: figureDefsFor(format).map((d) => d.key),
            propertyNames: { enum: figureDefsFor(format).map((d) => d.key) },
          },
        },
      },
    })),
  };
}

/** docs/annual-report.md: every key of the JSON export's figures, with its label, unit and origin. */
export function annualReportKeysMarkdown(): string {
  const lines = [
    '# 年度报告 JSON 导出：字段与指标键',
    '',
    '由 `npm run docs:report` 从 `src/domain/report/formats.ts` 和 `legacy.ts` 生成，请勿手改。',
    'JSON Schema：[annual-report.schema.json](annual-report.schema.json)。键只增不改。',
    '',
    '- `figures`：报告格式的每个单元格，键如下；`null` 表示空白（应录入而未录入）。',
    '- `entered`：录入的数字及其数据来源（每个机关一条）；未出现的单元格均由平台根据业务数据计算。',
    '- `checks`：勾稽关系校验（`format` 为格式注明的，`derived` 为由表格结构推出的，`publication` 为发布条件），',
    '  `cells` 为涉及的单元格键，`difference` 为左边减右边；`override` 为审批人发布时记录的说明。',
    '- `revisions`：历次发布；重新打开的原因记在被替代的那一版上。',
    '',
  ];
  for (const format of reportFormats) {
    const computed = new Set(computedKeys(format));
    lines.push(`## ${format}：${reportFormatLabels[format]}`, '', '| 键 | 指标 | 单位 | 来源 |', '| --- | --- | --- | --- |');
    for (const d of figureDefsFor(format))
      lines.push(`| \`${d.key}\` | ${d.label} | ${d.unit} | ${computed.has(d.key) ? '计算' : '录入'} |`);
    lines.push('');
  }
  return lines.join('\n');
}
