import type { Kysely } from 'kysely';
import { types, withId } from './helpers.js';

// The report reader's historic figures: an agency's published annual reports from before it used
// the platform, read and imported so that its trends span those years. One reading per agency and
// report year; its file is kept in `blobs` (by content hash) so that every figure can be checked
// against the page it came from, and its figures are rows for queries across agencies and years.
export async function up(db: Kysely<any>): Promise<void> {
  const t = types(db);
  await withId(db, db.schema.createTable('report_readings'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    /** domain/reader DetectedFormat: national2021 | national2019 | legacy | unknown. */
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    /** The agency's name as the report prints it. */
    .addColumn('reported_agency', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** text | html | docx */
    .addColumn('file_kind', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('figure_count', 'integer', (c) => c.notNull())
    .addColumn('failed_checks', 'integer', (c) => c.notNull())
    /** The identities that fail, as JSON (features/reader/compare.ts FailedCheck[]), for highlighting without the whole reading. */
    .addColumn('failures', 'text', (c) => c.notNull())
    /** The whole reading as JSON (figures with positions, what was left out, the checks), as imported. */
    .addColumn('reading', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_readings_agency_year').unique().on('report_readings').columns(['agency_id', 'year']).execute();

  await withId(db, db.schema.createTable('historic_figures'))
    .addColumn('reading_id', 'integer', (c) => c.notNull().references('report_readings.id'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    /** A key of docs/report-keys.md. */
    .addColumn('key', 'text', (c) => c.notNull())
    /** exact | atLeast | blank */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('col', 'integer')
    /** table | prose */
    .addColumn('origin', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('historic_figures_agency_key').on('historic_figures').columns(['agency_id', 'key', 'year']).execute();
  await db.schema.createIndex('historic_figures_reading').on('historic_figures').column('reading_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['historic_figures', 'report_readings']) await db.schema.dropTable(table).execute();
}
