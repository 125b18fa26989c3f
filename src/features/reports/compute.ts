import type { DB } from '../../db/connect.js';
import { type AppealCount, type ApplicationCount, table3FromCounts, table4FromCounts, yearBounds } from '../../domain/report/facts.js';
import { computedKeys, figureDefsFor, sumFigures } from '../../domain/report/figures.js';
import { formatForYear, type ReportFormat } from '../../domain/report/formats.js';
import { type LegacyCounts, legacyFromCounts } from '../../domain/report/legacyCompute.js';
import { type CatalogCount, table2FromCounts } from '../../domain/report/table2.js';
import { currentCalendar } from '../calendar/service.js';
import {
  agenciesAsOf,
  appealCounts,
  applicationCounts,
  catalogCounts,
  feesPaid,
  legacyCounts,
  proactiveCounts,
  type ReportAgency,
  repliedBy,
} from './store.js';

// Computing a report: the agencies it covers (the tree as it stood at the end of the report year),
// each agency's own figures from one GROUP BY per table, the figures staff entered, and the sums
// over any subtree — the report's own total and each child's column on the supervisor's page.

export type Scope = 'tree' | 'own';

export interface EnteredFigure {
  value: number;
  note: string;
  updatedAt: string;
  updatedBy: string;
}

export interface TreeAgency extends ReportAgency {
  depth: number;
}

export interface Computation {
  year: number;
  format: ReportFormat;
  root: TreeAgency;
  /** The agencies covered, root first, depth-first. */
  agencies: TreeAgency[];
  /** Each agency's own computed figures (computed keys only, every one present). */
  computed: Map<number, Map<string, number>>;
  /** Each agency's entered figures. */
  entered: Map<number, Map<string, EnteredFigure>>;
  /** Items disclosed proactively in the year, per agency. */
  proactive: Map<number, number>;
  /** Over the whole report: applications answered, and of them within 20 working days of receipt. */
  replied: number;
  repliedWithin20: number;
  fees: { count: number; amount: number };
}

/** The instant the report year ends: midnight of 1 January in China (UTC+8). */
export const yearEndInstant = (year: number) => new Date(Date.UTC(year + 1, 0, 1) - 8 * 3600_000).toISOString();

/** The agency and, for a tree report, every agency below it as the tree stood at the end of the year. */
export async function coveredAgencies(db: DB, rootId: number, year: number, scope: Scope): Promise<TreeAgency[]> {
  const all = await agenciesAsOf(db, yearEndInstant(year));
  const { first } = yearBounds(year);
  // An agency dissolved before the year began has nothing to report for it.
  const live = all.filter((a) => a.id === rootId || a.dissolvedOn === null || a.dissolvedOn >= first);
  const byParent = new Map<number | null, ReportAgency[]>();
  for (const a of live) byParent.set(a.parentId, [...(byParent.get(a.parentId) ?? []), a]);
  const kindOrder: Record<string, number> = { department: 0, government: 1, subdistrict: 2 };
  for (const list of byParent.values()) list.sort((a, b) => (kindOrder[a.kind] ?? 9) - (kindOrder[b.kind] ?? 9) || a.id - b.id);
  const root = live.find((a) => a.id === rootId);
  if (!root) return [];
  const out: TreeAgency[] = [];
  const seen = new Set<number>();
  const walk = (a: ReportAgency, depth: number) => {
    if (seen.has(a.id)) return;
    seen.add(a.id);
    out.push({ ...a, depth });
    if (scope === 'tree') for (const c of byParent.get(a.id) ?? []) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

function groupBy<T>(rows: { agencyId: number; count: T }[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.agencyId, [...(out.get(r.agencyId) ?? []), r.count]);
  return out;
}

export async function loadEntered(db: DB, agencyIds: readonly number[], year: number): Promise<Map<number, Map<string, EnteredFigure>>> {
  const out = new Map<number, Map<string, EnteredFigure>>();
  if (agencyIds.length === 0) return out;
  const rows = await db
    .selectFrom('report_figures')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .where('year', '=', year)
    .execute();
  for (const r of rows) {
    const m = out.get(r.agency_id) ?? new Map<string, EnteredFigure>();
    m.set(r.key, { value: Number(r.value), note: r.note, updatedAt: r.updated_at, updatedBy: r.updated_by });
    out.set(r.agency_id, m);
  }
  return out;
}

export async function compute(db: DB, rootId: number, year: number, scope: Scope, format = formatForYear(year)): Promise<Computation> {
  const agencies = await coveredAgencies(db, rootId, year, scope);
  const ids = agencies.map((a) => a.id);
  // 20 working days from receipt (条例 第三十三条), the day of receipt not counted (spec §9): the last
  // day for every receipt day from which an answer in the year could still be on time (20 working
  // days never span more than two months, holidays included).
  const calendar = await currentCalendar(db);
  const dues: [string, string][] = [];
  for (let t = Date.UTC(year - 1, 10, 1); t <= Date.UTC(year, 11, 31); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    dues.push([d, calendar.addWorkdays(d, 20)]);
  }
  const [apps, appeals, catalog, proactive, replies, fees, entered, legacy] = await Promise.all([
    applicationCounts(db, ids, year),
    appealCounts(db, ids, year),
    format === 'legacy' ? Promise.resolve([]) : catalogCounts(db, ids, year),
    proactiveCounts(db, ids, year),
    repliedBy(db, ids, year, dues),
    feesPaid(db, ids, year),
    loadEntered(db, ids, year),
    format === 'legacy' ? legacyCounts(db, ids, year) : Promise.resolve(new Map()),
  ]);

  const appsBy = groupBy<ApplicationCount>(apps);
  const appealsBy = groupBy<AppealCount>(appeals);
  const catalogBy = groupBy<CatalogCount>(catalog);
  const computed = new Map<number, Map<string, number>>();
  for (const a of agencies) {
    const mine = appsBy.get(a.id) ?? [];
    const myAppeals = appealsBy.get(a.id) ?? [];
    if (format === 'legacy') {
      const l = legacy.get(a.id);
      const counts: LegacyCounts = {
        proactive: l?.proactive ?? 0,
        byChannel: l?.byChannel ?? {},
        normativeByMode: l?.normativeByMode ?? {},
        visits: l?.visits ?? 0,
        consultations: l?.consultations ?? {},
        applicationsByChannel: l?.applicationsByChannel ?? {},
        repliesByOutcome: {},
        appealsFiled: {},
      };
      for (const c of mine)
        if (c.closed === 'in' && c.outcome) counts.repliesByOutcome[c.outcome] = (counts.repliesByOutcome[c.outcome] ?? 0) + c.n;
      for (const c of myAppeals) if (c.filed === 'in') counts.appealsFiled[c.group] = (counts.appealsFiled[c.group] ?? 0) + c.n;
      computed.set(a.id, legacyFromCounts(counts, a));
    } else {
      computed.set(
        a.id,
        new Map([
          ...table2FromCounts(format, catalogBy.get(a.id) ?? []),
          ...table3FromCounts(format, mine),
          ...table4FromCounts(myAppeals),
        ]),
      );
    }
  }
  return {
    year,
    format,
    root: agencies[0]!,
    agencies,
    computed,
    entered,
    proactive,
    replied: replies.replied,
    repliedWithin20: replies.within,
    fees,
  };
}

/** One agency's own figures as reported: what it entered, else what was computed; blank where neither. */
export function ownFigures(c: Computation, agencyId: number): Map<string, number> {
  const out = new Map<string, number>();
  const computed = c.computed.get(agencyId);
  const entered = c.entered.get(agencyId);
  for (const def of figureDefsFor(c.format)) {
    const e = entered?.get(def.key);
    const v = e ? e.value : computed?.get(def.key);
    if (v !== undefined) out.set(def.key, v);
  }
  return out;
}

/** The figures of a set of agencies added up (a subtree, or the whole report). */
export function figuresOf(c: Computation, agencyIds: Iterable<number>): Map<string, number> {
  return sumFigures([...agencyIds].map((id) => ownFigures(c, id)));
}

/** The ids of an agency and everything below it within the computation. */
export function subtreeOf(c: Computation, agencyId: number): number[] {
  const children = new Map<number, number[]>();
  for (const a of c.agencies) if (a.parentId !== null) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const out: number[] = [];
  const walk = (id: number) => {
    out.push(id);
    for (const k of children.get(id) ?? []) walk(k);
  };
  walk(agencyId);
  return out;
}

/** Where each figure of the report comes from: computed, or entered by which agencies with which notes. */
export function enteredNotes(c: Computation): Map<string, { agencyId: number; agencyName: string; note: string; value: number }[]> {
  const out = new Map<string, { agencyId: number; agencyName: string; note: string; value: number }[]>();
  for (const a of c.agencies)
    for (const [key, e] of c.entered.get(a.id) ?? [])
      out.set(key, [...(out.get(key) ?? []), { agencyId: a.id, agencyName: a.name, note: e.note, value: e.value }]);
  return out;
}

export const isComputedKey = (format: ReportFormat, key: string) => computedKeys(format).includes(key);
