import { type Kysely, sql } from 'kysely';
import { types, withId } from './helpers.js';

// The annual report (年度报告): one report per agency and year with its prose, the figures staff
// enter (table 二's decisions and fees, the legacy table's staff and budget rows, corrections), and
// every publication as a frozen document. Plus the indexes that let the report count a million
// cases and a million catalog items with index-only GROUP BYs.
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);

  await withId(db, db.schema.createTable('annual_reports'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    /** domain/report/formats.ts ReportFormat, fixed when the report is first saved. */
    .addColumn('format', 'text', (c) => c.notNull())
    /** 'tree': the agency and every agency below it (a government's report); 'own': the agency alone. */
    .addColumn('scope', 'text', (c) => c.notNull())
    /** 'draft' (also after re-opening) or 'published'. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('overview', 'text')
    .addColumn('problems', 'text')
    .addColumn('other', 'text')
    /** JSON: { checkId: { reason, by, at } } — the approver's reasons to publish despite a failing check. */
    .addColumn('overrides', 'text', (c) => c.notNull().defaultTo('{}'))
    /** How many times it has been published. */
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    /** China date of the first publication: lateness is judged on it, not on a revision. */
    .addColumn('first_published_on', t.date)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('annual_reports_agency_year', ['agency_id', 'year'])
    .execute();
  await db.schema.createIndex('annual_reports_year').on('annual_reports').columns(['year', 'status']).execute();

  // Every publication, frozen: later data changes never alter what was published.
  await withId(db, db.schema.createTable('report_publications'))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('annual_reports.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    /** JSON: the whole report as published (features/reports/document.ts ReportDocument). */
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('published_at', t.instant, (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('reopened_at', t.instant)
    .addColumn('reopened_by', 'text')
    .addColumn('reopen_reason', 'text')
    .addUniqueConstraint('report_publications_revision', ['report_id', 'revision'])
    .execute();

  // Figures an agency enters for a year: always its own (本机关), so that a government's report adds
  // up its departments' entries without counting anything twice.
  await db.schema
    .createTable('report_figures')
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    /** The number as a decimal string, exactly as accepted (amounts in 万元 keep their decimals). */
    .addColumn('value', 'text', (c) => c.notNull())
    /** Where the figure comes from (数据来源), required. */
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_figures_pk', ['agency_id', 'year', 'key'])
    .execute();

  // Table 三 reads, per agency, the cases closed in or after the year or still open: this index
  // holds every column the GROUP BY needs, so neither database touches the table.
  await db.schema
    .createIndex('applications_report')
    .on('applications')
    .columns(['agency_id', 'closed_on', 'received_on', 'applicant_type', 'outcome'])
    .execute();
  // 信息处理费 paid in the year (六 其他需要报告的事项): few cases ever pay one.
  await sql`create index applications_report_fees on applications (agency_id, fee_paid_on, fee_amount)
    where fee_paid_on is not null`.execute(db);
  // Table 二 第二十条第（一）项: the few 规章 and 规范性文件 among a million items.
  await sql`create index items_report_rules on items (agency_id, doc_type, written_on, published_on, validity, validity_on)
    where doc_type in ('rule', 'normativeDoc') and status = 'published'`.execute(db);
  // 本年主动公开…条: proactive items by publication day.
  await sql`create index items_report_proactive on items (agency_id, published_on)
    where status = 'published' and disclosure_mode = 'proactive'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists items_report_proactive`.execute(db);
  await sql`drop index if exists items_report_rules`.execute(db);
  await sql`drop index if exists applications_report_fees`.execute(db);
  await db.schema.dropIndex('applications_report').execute();
  for (const table of ['report_figures', 'report_publications', 'annual_reports']) await db.schema.dropTable(table).execute();
}
