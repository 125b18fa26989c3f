// A reading as a person reads it on a terminal, and as JSON for programs.

import type { Check, ReportReading, SourceSpan } from '../../domain/reader/types.js';
import { reportFormatLabels } from '../../domain/report/formats.js';
import { encodingLabels, sourceKindLabels } from './decode.js';
import type { ReadResult } from './reading.js';

export const scriptLabels = { simplified: '简体', traditional: '繁体', unknown: '未识别' } as const;

export const at = (s: SourceSpan) => `第${s.line}行第${s.column}列`;

export function formatLabel(f: ReportReading['format']): string {
  return f === 'unknown' ? '未识别' : reportFormatLabels[f];
}

export function valueText(f: { kind: string; value: number | null; unit: string }): string {
  if (f.kind === 'blank') return '（空白）';
  return `${f.kind === 'atLeast' ? '≥' : ''}${f.value}${f.kind === 'atLeast' ? '（约数，原文“余”）' : ''} ${f.unit}`;
}

export function checkLine(c: Check): string {
  const r = c.ifBlanksZero && c.result.status === 'unknown' ? c.ifBlanksZero : c.result;
  const zero = r !== c.result ? '（空白按0计）' : '';
  if (r.status === 'holds') return `✓ ${c.identity.description}：${r.left} = ${r.right}${zero}`;
  if (r.status === 'fails')
    return r.left !== null
      ? `✗ ${c.identity.description}：${r.left} ≠ ${r.right}，相差 ${r.difference}${zero}`
      : `✗ ${c.identity.description}：不可能成立${zero}`;
  const why = [r.missing.length ? `空白或缺少 ${r.missing.length} 项` : '', r.approximate.length ? `${r.approximate.length} 项为约数` : '']
    .filter(Boolean)
    .join('，');
  return `? ${c.identity.description}：无法判断（${why}）`;
}

export function checkCounts(r: ReportReading) {
  const n = { holds: 0, fails: 0, unknown: 0 };
  for (const c of r.checks) n[c.result.status]++;
  return n;
}

/** The human-readable report of one reading. */
export function formatText(res: ReadResult): string {
  const r = res.reading;
  const out: string[] = [];
  out.push(`== ${res.name}（${sourceKindLabels[res.kind]}${res.encoding ? `，${encodingLabels[res.encoding]}` : ''}）`);
  if (res.positions === 'docxText') out.push('   （DOCX：行号、列号指从文档中读出的文字，可用 --text 查看）');
  out.push(`机关：${r.agency ? `${r.agency.name}（据${r.agency.basis}，${at(r.agency.source)}）` : '未识别'}`);
  out.push(`年度：${r.year ? `${r.year.value}（据${r.year.basis}，${at(r.year.source)}）` : '未识别'}`);
  out.push(`格式：${formatLabel(r.format)}`);
  for (const e of r.formatEvidence) out.push(`      ${e}`);
  out.push(`文字：${scriptLabels[r.script]}`);
  if (r.blanksMeanZero) out.push(`空白：报告说明“${r.blanksMeanZero.text}”（${at(r.blanksMeanZero)}），空白按0记`);
  const n = checkCounts(r);
  out.push(`核对：${r.checks.length} 项，成立 ${n.holds}，不成立 ${n.fails}，无法判断 ${n.unknown}`);
  for (const c of r.checks) if (c.result.status === 'fails' || c.ifBlanksZero?.status === 'fails') out.push(`  ${checkLine(c)}`);
  for (const c of r.checks) if (c.result.status === 'unknown' && c.ifBlanksZero?.status !== 'fails') out.push(`  ${checkLine(c)}`);
  if (r.fields.length) {
    out.push('表头：');
    for (const f of r.fields) out.push(`  ${f.label}：${f.value ?? '（空白）'}（${at(f.source)}）`);
  }
  out.push(`数字（${r.figures.length} 项）：`);
  for (const f of r.figures)
    out.push(`  ${f.key}  ${f.label}：${valueText(f)}（${at(f.source)}“${f.source.text}”${f.note ? `；${f.note}` : ''}）`);
  if (r.leftOut.length) {
    out.push(`未读取（${r.leftOut.length} 项）：`);
    for (const l of r.leftOut) out.push(`  ${l.what}：${l.reason}${l.source ? `（${at(l.source)}）` : ''}`);
  }
  return out.join('\n');
}

/** The JSON of one reading: everything the reader found, with the checks flattened for programs. */
export function toJson(res: ReadResult) {
  const r = res.reading;
  return {
    file: res.name,
    kind: res.kind,
    encoding: res.encoding,
    positions: res.positions,
    agency: r.agency,
    year: r.year,
    format: r.format,
    formatLabel: formatLabel(r.format),
    formatEvidence: r.formatEvidence,
    script: r.script,
    blanksMeanZero: r.blanksMeanZero,
    figures: r.figures,
    fields: r.fields,
    leftOut: r.leftOut,
    checks: r.checks.map((c) => ({
      id: c.identity.id,
      description: c.identity.description,
      basis: c.identity.basis,
      kind: c.identity.kind,
      left: c.identity.left,
      right: c.identity.right,
      status: c.result.status,
      leftValue: c.result.left,
      rightValue: c.result.right,
      difference: c.result.difference,
      missing: c.result.missing,
      approximate: c.result.approximate,
      ...(c.ifBlanksZero ? { ifBlanksZero: { status: c.ifBlanksZero.status, difference: c.ifBlanksZero.difference } } : {}),
      cells: c.sources,
    })),
  };
}
