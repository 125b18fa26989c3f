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
    /** 查询码: with the applicant's phone or e-mail it opens the tracking page. */
    .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
    /** The form's one-time token: a second submit of the same form finds this case instead of making another. */
    .addColumn('submission_token', 'text', (c) => c.unique())
    /** Cache of the clock's stage (domain/clock.ts Stage) as of the last event; deadlines are never cached. */
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    /** domain/application.ts IdType and the normalized number (身份证明, 第二十九条). */
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    /** For organisations: the person to contact. */
    .addColumn('contact_person', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    /** 文号 or title of the information, when the applicant knows it. */
    .addColumn('doc_ref', 'text')
    /** domain/application.ts WantedForm and DeliveryMethod. */
    .addColumn('wanted_form', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    /** Cache of the last assignment event. */
    .addColumn('handler_id', 'integer', (c) => c.references('users.id'))
    /** The case at the sending agency when this one came by transfer (第三十六条第（五）项). */
    .addColumn('transferred_from_id', 'integer', (c) => c.references('applications.id'))
    .addColumn('submitted_at', t.instant, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_agency_received').on('applications').columns(['agency_id', 'received_on']).execute();
  await db.schema.createIndex('applications_agency_closed').on('applications').columns(['agency_id', 'closed_on']).execute();
  await db.schema.createIndex('applications_agency_stage').on('applications').columns(['agency_id', 'stage']).execute();
  await db.schema.createIndex('applications_applicant').on('applications').columns(['agency_id', 'id_number', 'received_on']).execute();
  await db.schema.createIndex('applications_handler').on('applications').columns(['handler_id', 'stage']).execute();

  // The truth of a case: its events, appended in order and never changed. `on` is the legal date
  // the event took effect (China date); `at` the instant it was recorded.
  await withId(db, db.schema.createTable('application_events'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('on', t.date)
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    /** JSON: the event's fields (domain/clock.ts ClockEvent, and what the case page shows). */
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('application_events_seq', ['application_id', 'seq'])
    .execute();

  // Letters as issued: the rendered text is kept, with the HTML and the DOCX (a blob by hash).
  await withId(db, db.schema.createTable('application_letters'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    /** The event that issued it (application_events.seq). */
    .addColumn('event_seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    /** The DOCX, made from the text above on first download or mailing (rendering takes long enough not to be done inside the case's transaction). */
    .addColumn('docx_sha256', 'text', (c) => c.references('blobs.sha256'))
    .addColumn('for_applicant', 'integer', (c) => c.notNull())
    .addColumn('issued_on', t.date, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('application_letters_doc_no', ['agency_id', 'doc_no'])
    .execute();
  await db.schema.createIndex('application_letters_case').on('application_letters').column('application_id').execute();

  // Documents released with a reply (or kept with the case), stored by content hash as catalog attachments are.
  await withId(db, db.schema.createTable('application_files'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    /** 1 once a reply releases it to the applicant. */
    .addColumn('released', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('application_files_case').on('application_files').column('application_id').execute();

  // Each agency's wording of its letters, and what the letters need to know about it.
  await db.schema
    .createTable('letter_templates')
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addPrimaryKeyConstraint('letter_templates_pk', ['agency_id', 'kind'])
    .execute();
  await db.schema
    .createTable('application_settings')
    .addColumn('agency_id', 'integer', (c) => c.primaryKey().references('agencies.id'))
    /** 文号 prefix, e.g. 示教公开 → 示教公开〔2026〕12号. */
    .addColumn('letter_prefix', 'text')
    .addColumn('reconsideration_body', 'text')
    .addColumn('court', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  // A reminder at 5 and at 2 working days left is claimed here once per deadline: the primary key
  // stops two processes (or two sweeps) from sending it twice.
  await db.schema
    .createTable('application_reminders')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('due_on', t.date, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('application_reminders_pk', ['application_id', 'threshold', 'due_on'])
    .execute();

  // Mail to send, written in the transaction that caused it; a sender claims rows before sending.
  await withId(db, db.schema.createTable('outbox'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('letter_id', 'integer', (c) => c.references('application_letters.id'))
    .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('claimed_until', t.instant)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', t.instant)
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('outbox_unsent').on('outbox').columns(['sent_at', 'id']).execute();

  // Public submissions and tracking look-ups per address, counted in the database so that the
  // limit holds across every process behind a load balancer.
  await withId(db, db.schema.createTable('public_attempts'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('public_attempts_kind_ip').on('public_attempts').columns(['kind', 'ip', 'at']).execute();

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
    /** 案号 and the body deciding it (复议机关 or court). */
    .addColumn('case_no', 'text')
    .addColumn('body', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
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
    .addColumn('topic', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultations_agency_on').on('consultations').columns(['agency_id', 'occurred_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'consultations',
    'appeals',
    'public_attempts',
    'outbox',
    'application_reminders',
    'application_settings',
    'letter_templates',
    'application_files',
    'application_letters',
    'application_events',
    'applications',
  ])
    await db.schema.dropTable(table).execute();
}
