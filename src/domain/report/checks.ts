// The arithmetic identities of the report tables (spec §2.5 for the national formats, §3.1 for the
// legacy table), defined once and evaluated on any set of figures: computed ones, entered or
// imported ones, and those the report reader extracts from published reports, where a figure may
// be blank or only approximate ("500余条").

import { applicantTypeLabels } from '../applicants.js';
import {
  type AppealGroup,
  appealGroupLabels,
  appealGroups,
  appealResults,
  type ReportFormat,
  t3Key,
  t4Key,
  table3ColumnLabels,
  table3Columns,
  table3OutcomeRows,
  table3Rows,
} from './formats.js';
import { legacyKey, legacyParts, legacySums } from './legacy.js';

/**
 * `sum`: the left keys add up to the right keys. `atMost`: the left key is no more than the right.
 * `format` identities are stated by the report format itself; `derived` follow from the tables'
 * structure (spec §2.5 says which is which).
 */
export interface Identity {
  id: string;
  kind: 'sum' | 'atMost';
  left: string[];
  right: string[];
  basis: 'format' | 'derived';
  /** In Chinese, as a person checks it on paper. */
  description: string;
}

/** A figure as a check sees it: exactly known, known to be at least a value, or a blank cell. */
export type Reading = { kind: 'exact'; value: number } | { kind: 'atLeast'; value: number } | { kind: 'blank' };

export interface CheckResult {
  identity: Identity;
  /** `unknown`: a figure is missing, blank or approximate and the identity can neither hold nor fail for certain. */
  status: 'holds' | 'fails' | 'unknown';
  /** The two sides when both are exact. */
  left: number | null;
  right: number | null;
  /** left − right when both are exact. */
  difference: number | null;
  /** Keys with no figure at all, or blank ones (unless blanks count as zero). */
  missing: string[];
  /** Keys whose figure is only a lower bound. */
  approximate: string[];
}

export interface CheckOptions {
  /** A blank cell counts as 0 (a report that says so, or the practice of spec §2.5). Default false. */
  blankAsZero?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The identities of each format

function table3Identities(format: 'national2021' | 'national2019'): Identity[] {
  const out: Identity[] = [];
  const outcomeRows = table3OutcomeRows(format);
  for (const col of table3Columns) {
    const name = table3ColumnLabels[col];
    out.push({
      id: `t3.balance.${col}`,
      kind: 'sum',
      left: [t3Key('received', col), t3Key('carriedIn', col)],
      right: [t3Key('total', col), t3Key('carriedOut', col)],
      basis: 'format',
      description: `三、${name}列：一（本年新收）＋二（上年结转）＝三（七）总计＋四（结转下年度）`,
    });
    out.push({
      id: `t3.outcomes.${col}`,
      kind: 'sum',
      left: outcomeRows.map((r) => t3Key(r, col)),
      right: [t3Key('total', col)],
      basis: 'derived',
      description: `三、${name}列：（一）至（六）各项之和＝（七）总计`,
    });
  }
  for (const row of table3Rows(format)) {
    out.push({
      id: `t3.row.${row}`,
      kind: 'sum',
      left: table3Columns.filter((c) => c !== 'total').map((c) => t3Key(row, c)),
      right: [t3Key(row, 'total')],
      basis: 'derived',
      description: `三、${rowName(row)}：${Object.values(applicantTypeLabels).join('＋')}＝总计`,
    });
  }
  return out;
}

function rowName(row: string): string {
  return (
    { received: '一（本年新收）', carriedIn: '二（上年结转）', total: '（七）总计', carriedOut: '四（结转下年度）' }[row] ?? `行 ${row}`
  );
}

function table4Identities(): Identity[] {
  return appealGroups.map((g: AppealGroup) => ({
    id: `t4.${g}`,
    kind: 'sum' as const,
    left: appealResults.map((r) => t4Key(g, r)),
    right: [t4Key(g, 'total')],
    basis: 'derived' as const,
    description: `四、${appealGroupLabels[g]}：结果维持＋结果纠正＋其他结果＋尚未审结＝总计`,
  }));
}

/** The "其中" relations of a legacy table: the coded table's by default (legacy.ts). */
export interface LegacyRelations {
  sums: readonly { whole: string; parts: string[] }[];
  parts: readonly { whole: string; part: string }[];
}

function legacyIdentities({ sums, parts }: LegacyRelations): Identity[] {
  return [
    ...sums.map((s) => ({
      id: `legacy.${s.whole}`,
      kind: 'sum' as const,
      left: s.parts.map(legacyKey),
      right: [legacyKey(s.whole)],
      basis: 'derived' as const,
      description: `代码${s.parts.join('＋')}＝代码${s.whole}（“其中”各项之和）`,
    })),
    ...parts.map((p) => ({
      id: `legacy.${p.part}≤${p.whole}`,
      kind: 'atMost' as const,
      left: [legacyKey(p.part)],
      right: [legacyKey(p.whole)],
      basis: 'derived' as const,
      description: `代码${p.part} ≤ 代码${p.whole}（“其中”一项不大于总数）`,
    })),
  ];
}

/**
 * Every identity that must hold within one report of a format. A legacy table that prints other
 * lines than the coded one (the uncoded variant of spec §3.2) passes its own relations.
 */
export function identitiesFor(format: ReportFormat, legacy: LegacyRelations = { sums: legacySums, parts: legacyParts }): Identity[] {
  if (format === 'legacy') return legacyIdentities(legacy);
  return [...table3Identities(format), ...table4Identities()];
}

/** Across years (spec §2.5, derived): this year's 二（上年结转） equals last year's 四（结转下年度）. */
export function crossYearIdentities(): { id: string; thisYear: string; lastYear: string; description: string }[] {
  return table3Columns.map((col) => ({
    id: `t3.carry.${col}`,
    thisYear: t3Key('carriedIn', col),
    lastYear: t3Key('carriedOut', col),
    description: `三、${table3ColumnLabels[col]}列：本年“二、上年结转”＝上年“四、结转下年度继续办理”`,
  }));
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface Side {
  min: number;
  /** Infinity when a term is only a lower bound. */
  max: number;
  exact: boolean;
}

function side(
  keys: string[],
  read: (key: string) => Reading | undefined,
  opts: CheckOptions,
  missing: string[],
  approximate: string[],
): Side {
  let min = 0;
  let max = 0;
  let exact = true;
  for (const k of keys) {
    const r = read(k);
    if (r === undefined || (r.kind === 'blank' && !opts.blankAsZero)) {
      missing.push(k);
      exact = false;
      max = Number.POSITIVE_INFINITY;
      continue;
    }
    if (r.kind === 'blank') continue;
    min += r.value;
    if (r.kind === 'atLeast') {
      approximate.push(k);
      exact = false;
      max = Number.POSITIVE_INFINITY;
    } else {
      max += r.value;
    }
  }
  return { min, max, exact };
}

/** Rounds away binary noise from sums of decimal amounts (万元 with two decimals). */
const tidy = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Evaluates identities on figures read through `read`. A missing or blank figure could be anything
 * that is not negative; an approximate one anything from its bound up: the identity fails only when
 * no such values could make it hold, and holds only when every figure is exact.
 */
export function evaluate(identities: Identity[], read: (key: string) => Reading | undefined, opts: CheckOptions = {}): CheckResult[] {
  return identities.map((identity) => {
    const missing: string[] = [];
    const approximate: string[] = [];
    const l = side(identity.left, read, opts, missing, approximate);
    const r = side(identity.right, read, opts, missing, approximate);
    const base = { identity, missing, approximate };
    if (l.exact && r.exact) {
      const difference = tidy(l.min - r.min);
      const ok = identity.kind === 'sum' ? difference === 0 : difference <= 0;
      return { ...base, status: ok ? 'holds' : 'fails', left: tidy(l.min), right: tidy(r.min), difference };
    }
    // Not all exact: it fails only when the two sides' possible ranges cannot meet.
    const impossible = identity.kind === 'sum' ? l.min > r.max || r.min > l.max : l.min > r.max;
    return { ...base, status: impossible ? 'fails' : 'unknown', left: null, right: null, difference: null };
  });
}

/** Checks one report's figures against its format's identities. */
export function checkReport(format: ReportFormat, read: (key: string) => Reading | undefined, opts: CheckOptions = {}): CheckResult[] {
  return evaluate(identitiesFor(format), read, opts);
}

/** Checks this year's carry-in against last year's carry-out, where both reports exist. */
export function checkAcrossYears(
  thisYear: (key: string) => Reading | undefined,
  lastYear: (key: string) => Reading | undefined,
  opts: CheckOptions = {},
): CheckResult[] {
  return crossYearIdentities().map((c) => {
    const identity: Identity = {
      id: c.id,
      kind: 'sum',
      left: [`this:${c.thisYear}`],
      right: [`last:${c.lastYear}`],
      basis: 'derived',
      description: c.description,
    };
    const read = (k: string) => (k.startsWith('this:') ? thisYear(k.slice(5)) : lastYear(k.slice(5)));
    return evaluate([identity], read, opts)[0]!;
  });
}

/** Readings from a plain map of exact values (computed or entered figures). */
export function exactReadings(values: ReadonlyMap<string, number> | Record<string, number>): (key: string) => Reading | undefined {
  const get = values instanceof Map ? (k: string) => values.get(k) : (k: string) => (values as Record<string, number>)[k];
  return (k) => {
    const v = get(k);
    return v === undefined ? undefined : { kind: 'exact', value: v };
  };
}
