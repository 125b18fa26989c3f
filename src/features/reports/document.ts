import { type CheckResult, checkAcrossYears, checkReport, exactReadings } from '../../domain/report/checks.js';
import { type Deadline, publicationDeadline } from '../../domain/report/deadlines.js';
import { yearBounds } from '../../domain/report/facts.js';
import { figureDef, figureDefsFor } from '../../domain/report/figures.js';
import { type ReportFormat, reportFormatLabels } from '../../domain/report/formats.js';
import { feesStatement, overviewDraft, subjectOf } from '../../domain/report/narrative.js';
import { type Computation, enteredNotes, figuresOf, type Scope } from './compute.js';

// The report as one plain JSON document: what the pages show, what every export is made from, what
// a publication freezes, and what the JSON export hands out (schema: docs/annual-report.schema.json,
// keys: docs/annual-report.md). Add fields; never rename or repurpose one.

export const SCHEMA_VERSION = 1;

export interface DocCheck {
  id: string;
  description: string;
  /** format: stated by the report format; derived: follows from the tables; publication: a condition for publishing. */
  basis: 'format' | 'derived' | 'publication';
  status: 'holds' | 'fails' | 'unknown';
  /** The cells the check reads (figure keys). */
  cells: string[];
  left: number | null;
  right: number | null;
  difference: number | null;
  /** The approver's recorded reason to publish although the check fails. */
  override: { reason: string; by: string; at: string } | null;
}

export interface Revision {
  revision: number;
  publishedAt: string;
  publishedBy: string;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}

export interface ReportDocument {
  schemaVersion: typeof SCHEMA_VERSION;
  agency: { id: number; name: string; kind: string; level: string; creditCode: string | null; orgCode: string | null };
  year: number;
  format: ReportFormat;
  formatLabel: string;
  scope: Scope;
  /** 统计期限. */
  period: { from: string; to: string };
  status: 'draft' | 'published';
  /** Which publication this is (1, 2 … after a revision); null for a draft. */
  revision: number | null;
  publishedAt: string | null;
  /** Every publication of the report so far, oldest first. */
  revisions: Revision[];
  deadline: Deadline;
  /** The agencies whose figures the report adds up, root first. */
  agencies: { id: number; name: string; parentId: number | null; depth: number }[];
  /** Every cell of the format by its key; null for a blank cell (an entered figure nobody entered). */
  figures: Record<string, number | null>;
  /** Cells that hold entered figures: who entered what, from which source. */
  entered: Record<string, { agencyId: number; agencyName: string; value: number; note: string }[]>;
  narrative: { overview: string; problems: string; other: string; fees: string };
  summary: { proactivePublished: number; replied: number; repliedWithin20: number; feesCount: number; feesAmount: number };
  checks: DocCheck[];
  generatedAt: string;
}

export interface ReportState {
  status: 'draft' | 'published';
  overview: string | null;
  problems: string | null;
  other: string | null;
  overrides: Record<string, { reason: string; by: string; at: string }>;
}

export const PLACEHOLDER = '【请补充';

function toDocCheck(r: CheckResult, basis: DocCheck['basis'] = r.identity.basis): DocCheck {
  return {
    id: r.identity.id,
    description: r.identity.description,
    basis,
    status: r.status,
    cells: [...r.identity.left, ...r.identity.right].map((k) => k.replace(/^(this|last):/, '')),
    left: r.left,
    right: r.right,
    difference: r.difference,
    override: null,
  };
}

const condition = (id: string, description: string, fails: boolean): DocCheck => ({
  id,
  description,
  basis: 'publication',
  status: fails ? 'fails' : 'holds',
  cells: [],
  left: null,
  right: null,
  difference: null,
  override: null,
});

export function buildDocument(p: {
  computation: Computation;
  scope: Scope;
  state: ReportState | null;
  revisions: Revision[];
  /** Last year's published figures, for the carry check. */
  lastYear: Record<string, number | null> | null;
  now: Date;
  today: string;
}): ReportDocument {
  const c = p.computation;
  const root = c.root;
  const totals = figuresOf(
    c,
    c.agencies.map((a) => a.id),
  );
  const figures: Record<string, number | null> = {};
  for (const def of figureDefsFor(c.format)) figures[def.key] = totals.get(def.key) ?? null;
  const entered: ReportDocument['entered'] = {};
  for (const [k, v] of enteredNotes(c)) if (k in figures) entered[k] = v;
  const proactivePublished = [...c.proactive.values()].reduce((a, b) => a + b, 0);
  const facts = {
    year: c.year,
    format: c.format,
    subject: subjectOf(root, c.agencies.length > 1),
    figure: (k: string) => totals.get(k),
    proactivePublished,
    replied: c.replied,
    repliedWithin20: c.repliedWithin20,
    fees: c.fees,
  };
  const narrative = {
    overview: p.state?.overview ?? overviewDraft(facts),
    problems: p.state?.problems ?? '',
    other: p.state?.other ?? '',
    fees: feesStatement(facts),
  };

  const read = exactReadings(totals);
  const checks: DocCheck[] = checkReport(c.format, read).map((r) => toDocCheck(r));
  if (p.lastYear && c.format !== 'legacy') {
    const last = p.lastYear;
    const lastRead = (k: string) => (last[k] === undefined || last[k] === null ? undefined : { kind: 'exact' as const, value: last[k]! });
    checks.push(...checkAcrossYears(read, lastRead).map((r) => toDocCheck(r)));
  }
  const { last } = yearBounds(c.year);
  checks.push(
    condition('publication.yearEnded', `报告年度尚未结束（统计期限至${last}），数字仍会变化`, p.today <= last),
    condition('publication.overviewComplete', '一、总体情况中仍有“【请补充】”的内容', narrative.overview.includes(PLACEHOLDER)),
    condition(
      'publication.problemsWritten',
      '尚未填写“存在的主要问题及改进情况”（《条例》第五十条第（四）项）',
      narrative.problems.trim() === '',
    ),
  );
  for (const ch of checks) {
    const o = p.state?.overrides[ch.id];
    if (o && ch.status === 'fails') ch.override = o;
  }
  const published = p.state?.status === 'published';
  const current = p.revisions.at(-1);
  return {
    schemaVersion: SCHEMA_VERSION,
    agency: { id: root.id, name: root.name, kind: root.kind, level: root.level, creditCode: root.creditCode, orgCode: root.orgCode },
    year: c.year,
    format: c.format,
    formatLabel: reportFormatLabels[c.format],
    scope: p.scope,
    period: { from: `${c.year}-01-01`, to: last },
    status: published ? 'published' : 'draft',
    revision: published && current ? current.revision : null,
    publishedAt: published && current ? current.publishedAt : null,
    revisions: p.revisions,
    deadline: publicationDeadline(c.year, root),
    agencies: c.agencies.map((a) => ({ id: a.id, name: a.name, parentId: a.parentId, depth: a.depth })),
    figures,
    entered,
    narrative,
    summary: {
      proactivePublished,
      replied: c.replied,
      repliedWithin20: c.repliedWithin20,
      feesCount: c.fees.count,
      feesAmount: c.fees.amount,
    },
    checks,
    generatedAt: p.now.toISOString(),
  };
}

/** Checks that fail and have no recorded reason: publishing is refused until each has one. */
export const unexplainedFailures = (d: ReportDocument) => d.checks.filter((c) => c.status === 'fails' && !c.override);

/** A cell's label for people: the format's full label, or the key itself. */
export const cellLabel = (key: string) => figureDef(key)?.label ?? key;
