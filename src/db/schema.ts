import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Instants are ISO-8601 UTC strings in both databases (timestamptz is parsed back to ISO on
// PostgreSQL); legal dates are 'YYYY-MM-DD' (China time). Flags are 0/1 integers because
// better-sqlite3 cannot bind booleans.

export interface AgencyTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  kind: string;
  level: string;
  parent_id: number | null;
  credit_code: string | null;
  org_code: string | null;
  dissolved_on: string | null;
  created_at: string;
  updated_at: string;
}

/** One row per state of an agency; the row with valid_to null is the current one. */
export interface AgencyVersionTable {
  id: Generated<number>;
  agency_id: number;
  valid_from: string;
  valid_to: string | null;
  name: string;
  short_name: string;
  kind: string;
  level: string;
  parent_id: number | null;
  credit_code: string | null;
  org_code: string | null;
  dissolved_on: string | null;
  changed_by: number | null;
  note: string | null;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  agency_id: number;
  email: string | null;
  phone: string | null;
  password_hash: string;
  must_change_password: number;
  is_platform_admin: number;
  failed_logins: number;
  locked_until: string | null;
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface GrantTable {
  id: Generated<number>;
  user_id: number;
  agency_id: number;
  role: string;
  created_at: string;
  created_by: number | null;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not yield usable cookies. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: string;
  ok: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  object_type: string;
  object_id: string | null;
  agency_id: number | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** A single row (id 1) holding the chain's last seq and hash; updating it serializes writers. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface CalendarYearTable {
  year: number;
  data: string;
  updated_at: string;
  updated_by: number | null;
}

export interface AgencySettingsTable {
  agency_id: number;
  office_name: string | null;
  address: string | null;
  office_hours: string | null;
  phone: string | null;
  fax: string | null;
  internet_contact: string | null;
  how_to_apply: string | null;
  catalog_arrangement: string | null;
  index_scheme: string | null;
  /** JSON: [{ name: '科室负责人' }, …], in order. */
  review_chain: string;
  updated_at: string;
}

export interface CategoryTable {
  id: Generated<number>;
  agency_id: number;
  parent_id: number | null;
  name: string;
  basis: string | null;
  default_key: string | null;
  sort: number;
  created_at: string;
}

export interface IndexCounterTable {
  agency_id: number;
  scope: string;
  last_serial: number;
}

export interface ItemTable {
  id: Generated<number>;
  agency_id: number;
  index_no: string | null;
  index_imported: number;
  title: string;
  doc_no: string | null;
  issuer: string;
  written_on: string;
  published_on: string | null;
  category_id: number | null;
  topic: string | null;
  disclosure_mode: string;
  period: string;
  period_until: string | null;
  doc_type: string;
  validity: string | null;
  validity_on: string | null;
  summary: string | null;
  body_html: string;
  /** JSON array of channel keys. */
  channels: string;
  status: string;
  review_round: number;
  /** JSON: the review chain as it stood at submission (null: submitted before migration 0013). */
  review_chain: string | null;
  /** The one-time token of the form that created the item (migration 0014); null for imported items. */
  form_token: string | null;
  search_tokens: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface BlobTable {
  sha256: string;
  size: number;
  data: Buffer;
  created_at: string;
}

export interface ItemAttachmentTable {
  id: Generated<number>;
  item_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
}

export interface ItemLinkTable {
  item_id: number;
  related_id: number;
  kind: string;
}

export interface ItemReviewTable {
  id: Generated<number>;
  item_id: number;
  round: number;
  step: number;
  step_name: string;
  decision: string;
  comment: string | null;
  flags_acknowledged: string;
  reviewer_id: number;
  at: string;
}

export interface ViewCountTable {
  target: string;
  day: string;
  count: number;
}

/** A case. received_on, closed_on, outcome, the fee columns, stage and handler_id are derived from its events (migration 0003). */
export interface ApplicationTable {
  id: Generated<number>;
  agency_id: number;
  applicant_type: string;
  channel: string;
  received_on: string | null;
  closed_on: string | null;
  outcome: string | null;
  reply_due_on: string | null;
  fee_amount: number | null;
  fee_paid_on: string | null;
  tracking_code: string;
  submission_token: string | null;
  stage: string;
  applicant_name: string;
  id_type: string;
  id_number: string;
  contact_person: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  description: string;
  doc_ref: string | null;
  wanted_form: string;
  delivery: string;
  handler_id: number | null;
  transferred_from_id: number | null;
  submitted_at: string;
  created_at: string;
  updated_at: string;
}

export interface ApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  seq: number;
  type: string;
  on: string | null;
  at: string;
  actor_id: number | null;
  actor: string;
  data: string;
}

export interface ApplicationLetterTable {
  id: Generated<number>;
  application_id: number;
  agency_id: number;
  event_seq: number;
  kind: string;
  doc_no: string;
  title: string;
  recipient: string;
  body: string;
  html: string;
  docx_sha256: string | null;
  for_applicant: number;
  issued_on: string;
  created_at: string;
}

export interface ApplicationFileTable {
  id: Generated<number>;
  application_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  released: number;
  created_at: string;
}

export interface LetterTemplateTable {
  agency_id: number;
  kind: string;
  body: string;
  updated_at: string;
  updated_by: number | null;
}

export interface ApplicationSettingsTable {
  agency_id: number;
  letter_prefix: string | null;
  reconsideration_body: string | null;
  court: string | null;
  updated_at: string;
}

export interface ApplicationReminderTable {
  application_id: number;
  threshold: number;
  due_on: string;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body: string;
  letter_id: number | null;
  application_id: number | null;
  agency_id: number | null;
  kind: string;
  created_at: string;
  claimed_until: string | null;
  attempts: Generated<number>;
  sent_at: string | null;
  error: string | null;
}

export interface PublicAttemptTable {
  id: Generated<number>;
  kind: string;
  ip: string;
  at: string;
}

export interface AppealTable {
  id: Generated<number>;
  agency_id: number;
  application_id: number | null;
  kind: string;
  filed_on: string;
  result: string | null;
  decided_on: string | null;
  case_no: string | null;
  body: string | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ConsultationTable {
  id: Generated<number>;
  agency_id: number;
  channel: string;
  occurred_on: string;
  topic: string | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

/** One agency's annual report for one year (migration 0005). */
export interface AnnualReportTable {
  id: Generated<number>;
  agency_id: number;
  year: number;
  format: string;
  scope: string;
  status: string;
  overview: string | null;
  problems: string | null;
  other: string | null;
  overrides: string;
  revision: number;
  first_published_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportPublicationTable {
  id: Generated<number>;
  report_id: number;
  revision: number;
  document: string;
  published_at: string;
  published_by: string;
  reopened_at: string | null;
  reopened_by: string | null;
  reopen_reason: string | null;
}

export interface ReportFigureTable {
  agency_id: number;
  year: number;
  key: string;
  value: string;
  note: string;
  updated_at: string;
  updated_by: string;
}

export interface ReportReadingTable {
  id: Generated<number>;
  agency_id: number;
  year: number;
  format: string;
  script: string;
  reported_agency: string | null;
  file_name: string;
  file_kind: string;
  sha256: string;
  figure_count: number;
  failed_checks: number;
  failures: string;
  reading: string;
  imported_by: number | null;
  created_at: string;
}

export interface HistoricFigureTable {
  id: Generated<number>;
  reading_id: number;
  agency_id: number;
  year: number;
  key: string;
  kind: string;
  value: number | null;
  unit: string;
  line: number | null;
  col: number | null;
  origin: string;
}

export interface Database {
  agencies: AgencyTable;
  agency_versions: AgencyVersionTable;
  users: UserTable;
  grants: GrantTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  meta: MetaTable;
  calendar_years: CalendarYearTable;
  agency_settings: AgencySettingsTable;
  categories: CategoryTable;
  index_counters: IndexCounterTable;
  items: ItemTable;
  blobs: BlobTable;
  item_attachments: ItemAttachmentTable;
  item_links: ItemLinkTable;
  item_reviews: ItemReviewTable;
  view_counts: ViewCountTable;
  applications: ApplicationTable;
  appeals: AppealTable;
  consultations: ConsultationTable;
  annual_reports: AnnualReportTable;
  report_publications: ReportPublicationTable;
  report_figures: ReportFigureTable;
  application_events: ApplicationEventTable;
  application_letters: ApplicationLetterTable;
  application_files: ApplicationFileTable;
  letter_templates: LetterTemplateTable;
  application_settings: ApplicationSettingsTable;
  application_reminders: ApplicationReminderTable;
  outbox: OutboxTable;
  public_attempts: PublicAttemptTable;
  report_readings: ReportReadingTable;
  historic_figures: HistoricFigureTable;
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type AgencyUpdate = Updateable<AgencyTable>;
export type User = Selectable<UserTable>;
export type Grant = Selectable<GrantTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Item = Selectable<ItemTable>;
export type Category = Selectable<CategoryTable>;
export type Application = Selectable<ApplicationTable>;
export type ApplicationEvent = Selectable<ApplicationEventTable>;
export type ApplicationLetter = Selectable<ApplicationLetterTable>;
export type Appeal = Selectable<AppealTable>;
export type Consultation = Selectable<ConsultationTable>;
