import { sql } from 'kysely';
import type { DB } from '../../db/connect.js';
import { isPostgres } from '../../db/migrations/helpers.js';
import type { AgencyKind, AgencyLevel } from '../../domain/agency.js';
import type { ApplicantType } from '../../domain/applicants.js';
import type { ApplicationChannel, ConsultationChannel } from '../../domain/applicationChannels.js';
import { type Channel, channels, type DisclosureMode } from '../../domain/catalog.js';
import type { Outcome } from '../../domain/outcomes.js';
import { type AppealCount, type ApplicationCount, type EndPeriod, type Period, yearBounds } from '../../domain/report/facts.js';
import type { AppealGroup } from '../../domain/report/formats.js';
import type { CatalogCount, CatalogDocType } from '../../domain/report/table2.js';
import { treeAt } from '../agencies/store.js';
import type { Tx } from '../audit/service.js';

// The report's SQL: every query is one GROUP BY per table over the agencies of a report, returning
// counts per agency, never rows per case. Dates are only classified against the year here
// (before / in / after); what each class counts for is the domain's rule (domain/report/facts.ts,
// table2.ts, legacyCompute.ts). The indexes of migration 0005 cover these queries.

type Q = DB | Tx;

const inList = (ids: readonly number[]) => sql.join(ids.map((id) => sql`${id}`));

/** CASE expression placing a date column before / in / after the year. */
const periodCase = (column: string, year: number) => {
  const { first, last } = yearBounds(year);
  const c = sql.ref(column);
  return sql<string>`case when ${c} < ${first} then 'before' when ${c} <= ${last} then 'in' else 'after' end`;
};

export interface AgencyCount<T> {
  agencyId: number;
  count: T;
}

/** Table 三's groups: the cases received by the year's end and not closed before it began. */
export async function applicationCounts(db: Q, agencyIds: readonly number[], year: number): Promise<AgencyCount<ApplicationCount>[]> {
  if (agencyIds.length === 0) return [];
  const { first, last } = yearBounds(year);
  const r = await sql<{ agency_id: number; applicant_type: string; r: Period; c: EndPeriod; outcome: string | null; n: number }>`
    select agency_id, applicant_type, ${periodCase('received_on', year)} as r,
      case when closed_on is null then 'open' when closed_on < ${first} then 'before' when closed_on <= ${last} then 'in' else 'after' end as c,
      outcome, count(*) as n
    from applications
    where agency_id in (${inList(agencyIds)}) and received_on <= ${last} and (closed_on is null or closed_on >= ${first})
    group by agency_id, applicant_type, 3, 4, outcome`.execute(db);
  return r.rows.map((x) => ({
    agencyId: Number(x.agency_id),
    count: {
      applicantType: x.applicant_type as ApplicantType,
      received: x.r,
      closed: x.c,
      outcome: (x.outcome as Outcome | null) ?? null,
      n: Number(x.n),
    },
  }));
}

/** Table 四's groups: appeals filed by the year's end and not decided before it began. */
export async function appealCounts(db: Q, agencyIds: readonly number[], year: number): Promise<AgencyCount<AppealCount>[]> {
  if (agencyIds.length === 0) return [];
  const { first, last } = yearBounds(year);
  const r = await sql<{ agency_id: number; kind: string; f: Period; d: EndPeriod; result: string | null; n: number }>`
    select agency_id, kind, ${periodCase('filed_on', year)} as f,
      case when result is null or decided_on is null then 'open' when decided_on < ${first} then 'before'
           when decided_on <= ${last} then 'in' else 'after' end as d,
      result, count(*) as n
    from appeals
    where agency_id in (${inList(agencyIds)}) and filed_on <= ${last}
    group by agency_id, kind, 3, 4, result`.execute(db);
  return r.rows.map((x) => ({
    agencyId: Number(x.agency_id),
    count: {
      group: x.kind as AppealGroup,
      filed: x.f,
      decided: x.d,
      result: (x.result as AppealCount['result']) ?? null,
      n: Number(x.n),
    },
  }));
}

/** 规章 and 行政规范性文件 in the catalog, by where their dates fall (table 二 第二十条第（一）项). */
export async function catalogCounts(db: Q, agencyIds: readonly number[], year: number): Promise<AgencyCount<CatalogCount>[]> {
  if (agencyIds.length === 0) return [];
  const { first, last } = yearBounds(year);
  // The literal doc_type list matches the partial index items_report_rules.
  const r = await sql<{ agency_id: number; doc_type: string; w: Period; p: Period | null; e: Period | 'never'; n: number }>`
    select agency_id, doc_type, ${periodCase('written_on', year)} as w,
      case when published_on is null then null else ${periodCase('published_on', year)} end as p,
      case when validity in ('repealed', 'expired') then
        case when validity_on is null or validity_on < ${first} then 'before' when validity_on <= ${last} then 'in' else 'after' end
        else 'never' end as e,
      count(*) as n
    from items
    where doc_type in ('rule', 'normativeDoc') and status = 'published' and agency_id in (${inList(agencyIds)})
    group by agency_id, doc_type, 3, 4, 5`.execute(db);
  return r.rows.map((x) => ({
    agencyId: Number(x.agency_id),
    count: { docType: x.doc_type as CatalogDocType, written: x.w, published: x.p ?? null, ended: x.e, n: Number(x.n) },
  }));
}

/** Items disclosed proactively in the year, per agency (本年主动公开…条; legacy code 01). */
export async function proactiveCounts(db: Q, agencyIds: readonly number[], year: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (agencyIds.length === 0) return out;
  const { first, last } = yearBounds(year);
  // The literal conditions match the partial index items_report_proactive.
  const r = await sql<{ agency_id: number; n: number }>`
    select agency_id, count(*) as n from items
    where status = 'published' and disclosure_mode = 'proactive' and agency_id in (${inList(agencyIds)})
      and published_on >= ${first} and published_on <= ${last}
    group by agency_id`.execute(db);
  for (const x of r.rows) out.set(Number(x.agency_id), Number(x.n));
  return out;
}

/**
 * Applications answered in the year, and of them those answered by the last day allowed for their
 * receipt day (`dues`: receipt day → last day; a receipt day not listed has no answer in the year on
 * time). Answers within the shortest allowed span of calendar days are on time and those beyond
 * the longest are late whatever the day: one plain count settles them; only the cases in between
 * are grouped by receipt and answer day and looked up.
 */
export async function repliedBy(
  db: Q,
  agencyIds: readonly number[],
  year: number,
  dues: readonly [receivedOn: string, dueOn: string][],
): Promise<{ replied: number; within: number }> {
  if (agencyIds.length === 0) return { replied: 0, within: 0 };
  const { first, last } = yearBounds(year);
  const dayOf = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
  const spans = dues.map(([r, d]) => dayOf(d) - dayOf(r));
  const shortest = spans.length ? Math.min(...spans) : 0;
  const longest = spans.length ? Math.max(...spans) : 0;
  const plus = (days: number) => (isPostgres(db) ? sql`received_on + ${sql.lit(days)}` : sql`date(received_on, ${`+${days} days`})`);
  const where = sql`agency_id in (${inList(agencyIds)}) and closed_on >= ${first} and closed_on <= ${last} and received_on is not null`;
  const [counts, unsure] = await Promise.all([
    sql<{ n: number; sure: number | null }>`
      select count(*) as n, sum(case when closed_on <= ${plus(shortest)} then 1 else 0 end) as sure from applications where ${where}`.execute(
      db,
    ),
    sql<{ received_on: string; closed_on: string; n: number }>`
      select received_on, closed_on, count(*) as n from applications
      where ${where} and closed_on > ${plus(shortest)} and closed_on <= ${plus(longest)}
      group by received_on, closed_on`.execute(db),
  ]);
  const due = new Map(dues);
  let within = Number(counts.rows[0]?.sure ?? 0);
  for (const r of unsure.rows) {
    const d = due.get(String(r.received_on));
    if (d !== undefined && String(r.closed_on) <= d) within += Number(r.n);
  }
  return { replied: Number(counts.rows[0]?.n ?? 0), within };
}

/** 信息处理费 paid in the year (条例 第四十二条): how many applications and how many 元. */
export async function feesPaid(db: Q, agencyIds: readonly number[], year: number): Promise<{ count: number; amount: number }> {
  if (agencyIds.length === 0) return { count: 0, amount: 0 };
  const { first, last } = yearBounds(year);
  const r = await sql<{ n: number; amount: number | null }>`
    select count(*) as n, sum(fee_amount) as amount from applications
    where fee_paid_on is not null and agency_id in (${inList(agencyIds)})
      and fee_paid_on >= ${first} and fee_paid_on <= ${last} and fee_amount is not null`.execute(db);
  const row = r.rows[0];
  return { count: Number(row?.n ?? 0), amount: Number(row?.amount ?? 0) };
}

// ---------- the legacy table's extra counts (years before 2019) ----------

export interface LegacyAgencyCounts {
  proactive: number;
  byChannel: Partial<Record<Channel, number>>;
  normativeByMode: Partial<Record<DisclosureMode, number>>;
  visits: number;
  consultations: Partial<Record<ConsultationChannel, number>>;
  applicationsByChannel: Partial<Record<ApplicationChannel, number>>;
}

export async function legacyCounts(db: Q, agencyIds: readonly number[], year: number): Promise<Map<number, LegacyAgencyCounts>> {
  const out = new Map<number, LegacyAgencyCounts>();
  if (agencyIds.length === 0) return out;
  const of = (id: number) => {
    let c = out.get(id);
    if (!c) {
      c = { proactive: 0, byChannel: {}, normativeByMode: {}, visits: 0, consultations: {}, applicationsByChannel: {} };
      out.set(id, c);
    }
    return c;
  };
  for (const id of agencyIds) of(id);
  const { first, last } = yearBounds(year);
  const ids = inList(agencyIds);
  // Channels are a JSON array of keys; a LIKE per channel counts them in one pass.
  const channelSums = sql.join(
    channels.map((ch) => sql`sum(case when channels like ${`%"${ch}"%`} then 1 else 0 end) as ${sql.ref(`ch_${ch}`)}`),
  );
  const items = await sql<Record<string, number>>`
    select agency_id, count(*) as n, ${channelSums} from items
    where status = 'published' and disclosure_mode = 'proactive' and agency_id in (${ids})
      and published_on >= ${first} and published_on <= ${last}
    group by agency_id`.execute(db);
  for (const x of items.rows) {
    const c = of(Number(x.agency_id));
    c.proactive = Number(x.n);
    for (const ch of channels) if (Number(x[`ch_${ch}`])) c.byChannel[ch] = Number(x[`ch_${ch}`]);
  }
  const normative = await sql<{ agency_id: number; disclosure_mode: string; n: number }>`
    select agency_id, disclosure_mode, count(*) as n from items
    where doc_type in ('rule', 'normativeDoc') and status = 'published' and doc_type = 'normativeDoc' and agency_id in (${ids})
      and written_on >= ${first} and written_on <= ${last}
    group by agency_id, disclosure_mode`.execute(db);
  for (const x of normative.rows) of(Number(x.agency_id)).normativeByMode[x.disclosure_mode as DisclosureMode] = Number(x.n);
  // Page views: the agency's own pages (agency:<id>:…) and its items' pages (item:<id>).
  const pages = await sql<{ target: string; n: number }>`
    select target, sum(count) as n from view_counts
    where target like 'agency:%' and day >= ${first} and day <= ${last} group by target`.execute(db);
  const wanted = new Set(agencyIds);
  for (const x of pages.rows) {
    const id = Number(x.target.split(':')[1]);
    if (wanted.has(id)) of(id).visits += Number(x.n);
  }
  const itemViews = await sql<{ agency_id: number; n: number }>`
    select i.agency_id, sum(v.count) as n from view_counts v join items i on i.id = cast(substr(v.target, 6) as integer)
    where v.target like 'item:%' and v.day >= ${first} and v.day <= ${last} and i.agency_id in (${ids})
    group by i.agency_id`.execute(db);
  for (const x of itemViews.rows) of(Number(x.agency_id)).visits += Number(x.n);
  const consult = await sql<{ agency_id: number; channel: string; n: number }>`
    select agency_id, channel, count(*) as n from consultations
    where agency_id in (${ids}) and occurred_on >= ${first} and occurred_on <= ${last}
    group by agency_id, channel`.execute(db);
  for (const x of consult.rows) of(Number(x.agency_id)).consultations[x.channel as ConsultationChannel] = Number(x.n);
  const apps = await sql<{ agency_id: number; channel: string; n: number }>`
    select agency_id, channel, count(*) as n from applications
    where agency_id in (${ids}) and received_on >= ${first} and received_on <= ${last}
    group by agency_id, channel`.execute(db);
  for (const x of apps.rows) of(Number(x.agency_id)).applicationsByChannel[x.channel as ApplicationChannel] = Number(x.n);
  return out;
}

// ---------- the tree a report covers ----------

export interface ReportAgency {
  id: number;
  name: string;
  shortName: string;
  kind: AgencyKind;
  level: AgencyLevel;
  parentId: number | null;
  creditCode: string | null;
  orgCode: string | null;
  dissolvedOn: string | null;
}

/**
 * Every agency as it stood at an instant (agencies/store.ts treeAt), and — for an agency entered into
 * the platform only later — its first recorded state: the platform's history of an agency begins
 * when it was entered, not when it was founded.
 */
export async function agenciesAsOf(db: Q, at: string): Promise<ReportAgency[]> {
  const then = await treeAt(db, at);
  const known = new Set(then.map((a) => a.id));
  const later = await db
    .selectFrom('agency_versions')
    .select(['agency_id as id', 'name', 'short_name', 'kind', 'level', 'parent_id', 'credit_code', 'org_code', 'dissolved_on'])
    .where('valid_from', '>', at)
    .orderBy('agency_id')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  const first = new Map<number, (typeof later)[number]>();
  for (const r of later) if (!known.has(r.id) && !first.has(r.id)) first.set(r.id, r);
  return [...then, ...first.values()].map((r) => ({
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind as AgencyKind,
    level: r.level as AgencyLevel,
    parentId: r.parent_id,
    creditCode: r.credit_code,
    orgCode: r.org_code,
    dissolvedOn: r.dissolved_on,
  }));
}
