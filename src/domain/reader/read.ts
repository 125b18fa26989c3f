// The report reader (年报解读): from the text of one published annual report to its agency, year,
// format, script, every figure with the place it was printed, what was left out and why, and the
// identities of spec §2.5 / §3.1 evaluated on what was found. Pure: no I/O.

import { type CheckResult, evaluate, type Identity, identitiesFor, type Reading } from '../report/checks.js';
import { formatForYear, reportFormatLabels } from '../report/formats.js';
import { legacyUncodedIdentities, proseIdentities } from '../report/readerFigures.js';
import { Collector } from './collect.js';
import { readFields, readHeader } from './header.js';
import { readLegacy } from './legacyTables.js';
import { readNational } from './national.js';
import { readProse } from './prose.js';
import { prepare } from './text.js';
import type { Check, DetectedFormat, Figure, ReportReading } from './types.js';

// The identities are fixed per format: built once.
const IDENTITIES = {
  national2021: identitiesFor('national2021'),
  national2019: identitiesFor('national2019'),
  legacy: identitiesFor('legacy'),
  legacyUncoded: legacyUncodedIdentities(),
};
const PROSE_IDENTITIES = {
  national2021: proseIdentities('national2021'),
  national2019: proseIdentities('national2019'),
  legacy: proseIdentities('legacy'),
};

export function readReport(text: string): ReportReading {
  const doc = prepare(text);
  const c = new Collector(doc);
  const header = readHeader(c);
  readFields(c);
  const legacy = readLegacy(c);
  const national = readNational(c);
  const year = header.year?.value ?? null;
  readProse(c, year);

  let format: DetectedFormat = 'unknown';
  if (legacy && !national.found) format = 'legacy';
  else if (national.found) {
    format = national.table2Format ?? national.table3Layout ?? (year !== null && year >= 2019 ? formatForYear(year) : 'unknown');
    if (legacy) c.evidence.push('报告同时有2008年版统计表和全国统一格式的表格，按全国统一格式核对');
  } else if (year !== null) {
    format = formatForYear(year);
    c.evidence.push(`报告没有统计表，按报告年度${year}年推定为${reportFormatLabels[format]}`);
  }
  if (format !== 'unknown' && format !== 'legacy' && year !== null && formatForYear(year) !== format)
    c.evidence.push(`注意：${year}年度的报告应使用${reportFormatLabels[formatForYear(year)]}，表格却是${reportFormatLabels[format]}`);

  let agency = header.agency;
  if (!agency) {
    const f = c.fields.find((x) => x.value && (x.key === 'header.issuer' || x.key === 'header.unitName'));
    if (f) agency = { name: f.value!, source: f.source, basis: f.label };
  }

  if (header.blanksMeanZero) {
    for (const f of c.figures) {
      if (f.kind !== 'blank') continue;
      f.kind = 'exact';
      f.value = 0;
      f.note = `空白；报告说明“${header.blanksMeanZero.text}”，记为0`;
    }
  }

  // Identities: the table layout actually printed decides them (洪泽 2023 prints （六） as one row
  // in an otherwise 2021 report).
  let identities: Identity[] = [];
  if (format === 'legacy') identities = legacy === 'uncoded' ? IDENTITIES.legacyUncoded : IDENTITIES.legacy;
  else if (format !== 'unknown') identities = IDENTITIES[national.table3Layout ?? format];
  if (national.table3Layout && format !== 'unknown' && format !== 'legacy' && national.table3Layout !== format)
    c.evidence.push('表三各列之和按“（六）其他处理”一行（2019年版）核对');
  const figures = [...c.figures].sort((a, b) => a.source.offset - b.source.offset);
  const checks = [
    ...runChecks(identities, c, (i, has, all) => all(i.left.concat(i.right)) && has(i.left.concat(i.right), true)),
    ...(format === 'unknown' ? [] : runChecks(PROSE_IDENTITIES[format], c, (i, has) => has(i.left, false) && has(i.right, false))),
  ];

  return {
    agency,
    year: header.year,
    format,
    formatEvidence: c.evidence,
    script: doc.script,
    blanksMeanZero: header.blanksMeanZero,
    figures,
    fields: c.fields,
    leftOut: c.leftOut.sort((a, b) => (a.source?.offset ?? Number.MAX_SAFE_INTEGER) - (b.source?.offset ?? Number.MAX_SAFE_INTEGER)),
    checks,
    lineCount: doc.lines.length,
  };
}

const readingOf = (f: Figure): Reading => (f.kind === 'blank' ? { kind: 'blank' } : { kind: f.kind, value: f.value! });

/**
 * Evaluates the identities that concern what the report printed: a table's identities when all
 * their cells were read and one is not blank (an identity of empty cells tells nothing), the
 * prose-against-table ones when both sides were read. Unknown only because of blanks, an identity
 * is evaluated again with blanks as 0, the practice of spec §2.5.
 */
function runChecks(
  identities: Identity[],
  c: Collector,
  relevant: (i: Identity, has: (keys: string[], nonBlank: boolean) => boolean, all: (keys: string[]) => boolean) => boolean,
): Check[] {
  const figures = new Map(c.figures.map((f) => [f.key, f]));
  const readings = new Map(c.figures.map((f) => [f.key, readingOf(f)]));
  const has = (keys: string[], nonBlank: boolean) => keys.some((k) => figures.has(k) && (!nonBlank || figures.get(k)!.kind !== 'blank'));
  const all = (keys: string[]) => keys.every((k) => figures.has(k));
  const read = (k: string) => readings.get(k);
  const out: Check[] = [];
  for (const identity of identities) {
    if (!relevant(identity, has, all)) continue;
    const [result] = evaluate([identity], read) as [CheckResult];
    const sources: Check['sources'] = {};
    for (const k of [...identity.left, ...identity.right]) {
      const f = figures.get(k);
      if (f) sources[k] = f.source;
    }
    const check: Check = { identity, result, sources };
    const onlyBlanks =
      result.status === 'unknown' &&
      result.approximate.length === 0 &&
      result.missing.length > 0 &&
      result.missing.every((k) => figures.get(k)?.kind === 'blank');
    if (onlyBlanks) check.ifBlanksZero = evaluate([identity], read, { blankAsZero: true })[0]!;
    out.push(check);
  }
  return out;
}

/** Why a text is not an annual report on disclosure work, or null if it may be one. */
export function notAReport(r: ReportReading, text: string): string | null {
  const sample = text.slice(0, 200_000);
  if (!/信息公开|信息公開|政务公开|政務公開/.test(sample)) return '文中没有“政府信息公开”或“政务公开”字样，不是政府信息公开工作年度报告';
  if (r.year === null && r.figures.length === 0 && r.format === 'unknown')
    return '没有找到报告年度、统计表或统计数字，不像是政府信息公开工作年度报告';
  return null;
}
