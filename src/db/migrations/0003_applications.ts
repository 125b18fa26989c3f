import type { Kysely } from 'kysely';
import { types, withId } from './helpers.js';

// On-request disclosure: the applications (cases), the appeals they lead to, and consultations.
//
// A case's truth is its append-only list of events (added with the applications feature); the
// columns received_on, closed_on, outcome and the fee columns are derived from those events and
// written in the same transaction as the event that changes them, so that the annual report can
// count a million cases with one indexed GROUP BY. They are caches, never the only truth.
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);

  await withId(db, db.schema.createTable('applications'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    /** domain/applicants.ts ApplicantType. */
    .addColumn('applicant_type', 'text', (c) => c.notNull())
    /** domain/applicationChannels.ts ApplicationChannel. */
    .addColumn('channel', 'text', (c) => c.notNull())
    /** 收到申请之日 (条例 第三十一条); null until it is fixed (an unconfirmed online application). */
    .addColumn('received_on', t.date)
    /** The day the case ended: reply, or the clock's closure (三(六)1, 三(六)2); null while open. */
    .addColumn('closed_on', t.date)
    /** domain/outcomes.ts Outcome; set exactly when closed_on is. */
    .addColumn('outcome', 'text')
    /** 信息处理费 notified, in 元; null when none. */
    .addColumn('fee_amount', 'integer')
    .addColumn('fee_paid_on', t.date)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_agency_received').on('applications').columns(['agency_id', 'received_on']).execute();
  await db.schema.createIndex('applications_agency_closed').on('applications').columns(['agency_id', 'closed_on']).execute();

  // 行政复议 and 行政诉讼 about disclosure (report table 四), linked to the application when known.
  await withId(db, db.schema.createTable('appeals'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
    /** domain/report/formats.ts AppealGroup: reconsideration | litigationDirect | litigationAfter. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filed_on', t.date, (c) => c.notNull())
    /** upheld | corrected | other; null while undecided (尚未审结). */
    .addColumn('result', 'text')
    .addColumn('decided_on', t.date)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appeals_agency_filed').on('appeals').columns(['agency_id', 'filed_on']).execute();

  // 咨询, by channel (legacy report codes 15–18).
  await withId(db, db.schema.createTable('consultations'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    /** domain/applicationChannels.ts ConsultationChannel. */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('occurred_on', t.date, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultations_agency_on').on('consultations').columns(['agency_id', 'occurred_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['consultations', 'appeals', 'applications']) await db.schema.dropTable(table).execute();
}
