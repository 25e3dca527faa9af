export type Role = "owner" | "supervisor" | "clinician" | "front_desk";

export interface Practice {
  id: string;
  name: string;
  time_zone: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface Me extends User {
  practice: Practice;
  /** The member signs in with a code from an authenticator app as well as the password. */
  two_factor_enabled: boolean;
  /** The practice requires two-factor sign-in of every member. */
  two_factor_required: boolean;
  /** Unused recovery codes (0 while two-factor is off). */
  recovery_codes_left: number;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export interface LoginResponse extends TokenPair {
  user: User;
}

/** `POST /me/two-factor/setup`: a new secret, not in use until a code confirms it. */
export interface TwoFactorSetup {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  otpauth_uri: string;
}

/** `POST /me/two-factor/enable`: the recovery codes (shown once) and a new token pair. */
export interface TwoFactorEnabled extends LoginResponse {
  recovery_codes: string[];
}

/** A new set of recovery codes; the previous set stops working. */
export interface RecoveryCodes {
  recovery_codes: string[];
}

export interface SignupResponse extends TokenPair {
  practice: Practice;
  user: User;
}

export type Paper = "letter" | "a4";

/** The owner's view of the practice settings (`GET /practice`). */
export interface PracticeSettings {
  id: string;
  name: string;
  time_zone: string;
  part2_notice: boolean;
  crisis_text: string | null;
  report_paper: Paper;
  /** Every member must sign in with two-factor before they can open any record. */
  require_two_factor: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export interface Staff {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  two_factor_enabled: boolean;
  version: number;
  created_at: string;
}

export interface ClinicianOption {
  id: string;
  name: string;
  role: Role;
}

export type ClientStatus = "active" | "archived";

export interface Client {
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  email: string | null;
  phone: string | null;
  primary_substance: string | null;
  recovery_start_date: string | null;
  clinician_id: string | null;
  status: ClientStatus;
  version: number;
  created_at: string;
  updated_at: string;
  /** Only present for clinical roles (owner, supervisor, clinician). */
  current_streak_days?: number | null;
  /** Only present for clinical roles (owner, supervisor, clinician). */
  last_check_in_on?: string | null;
}

export interface ClientInput {
  first_name: string;
  last_name: string;
  preferred_name?: string | null;
  date_of_birth?: string | null;
  email?: string | null;
  phone?: string | null;
  primary_substance?: string | null;
  recovery_start_date?: string | null;
  clinician_id?: string | null;
}

export interface NewStaff {
  name: string;
  email: string;
  role: Role;
  password: string;
}

/* ---------- Clinical record (issue 3) ---------- */

export type NoteFormat = "soap" | "dap" | "birp" | "free";
export type NoteStatus = "draft" | "signed";

export interface Addendum {
  id: string;
  author_id: string;
  author_name: string;
  text: string;
  created_at: string;
}

export interface Note {
  id: string;
  client_id: string;
  author_id: string;
  author_name: string;
  session_on: string;
  started_at: string | null;
  duration_minutes: number;
  service_type: string | null;
  format: NoteFormat;
  sections: Record<string, string>;
  risk_flags: string[];
  is_psychotherapy_note: boolean;
  status: NoteStatus;
  locked: boolean;
  signed_at: string | null;
  signed_by: string | null;
  signed_by_name: string | null;
  cosigned_at: string | null;
  cosigned_by: string | null;
  cosigned_by_name: string | null;
  addenda: Addendum[];
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NoteInput {
  session_on: string;
  started_at?: string | null;
  duration_minutes: number;
  service_type?: string | null;
  format: NoteFormat;
  sections: Record<string, string>;
  risk_flags?: string[];
  is_psychotherapy_note?: boolean;
}

export type EpisodeKind = "lapse" | "relapse";

export interface Relapse {
  id: string;
  client_id: string;
  kind: EpisodeKind;
  occurred_on: string;
  ended_on: string | null;
  ongoing: boolean;
  substances: string[];
  triggers: string[];
  setting: string | null;
  company: string[];
  amount: string | null;
  coping_used: string[];
  support_contacted: string[];
  feelings_after: string[];
  consequences: string[];
  self_blame: number | null;
  notes: string | null;
  status: "active" | "archived";
  recorded_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RelapseInput {
  occurred_on: string;
  ended_on?: string | null;
  kind: EpisodeKind;
  substances: string[];
  triggers: string[];
  setting?: string | null;
  company?: string[];
  amount?: string | null;
  coping_used?: string[];
  support_contacted?: string[];
  feelings_after?: string[];
  consequences?: string[];
  self_blame?: number | null;
  notes?: string | null;
}

export interface CheckIn {
  id: string;
  client_id: string;
  day: string;
  used: boolean;
  substances: string[];
  craving: number;
  mood: number;
  attended_meeting: boolean;
  contacted_sponsor: boolean;
  note: string | null;
  source: "self_report" | "clinician";
  created_at: string;
  updated_at: string;
}

export interface CheckInInput {
  day: string;
  used: boolean;
  substances?: string[];
  craving: number;
  mood: number;
  attended_meeting: boolean;
  contacted_sponsor: boolean;
  note?: string | null;
}

export type DayStatus = "abstinent" | "used" | "unknown";

export interface ProgressDay {
  day: string;
  status: DayStatus;
  craving?: number | null;
  mood?: number | null;
}

export interface Progress {
  from: string;
  to: string;
  recovery_start_date: string | null;
  days_in_period: number;
  days_reported: number;
  days_abstinent: number;
  days_used: number;
  days_unknown: number;
  percent_days_abstinent: number | null;
  current_streak_days: number | null;
  longest_streak_days: number;
  longest_reported_abstinence_days: number;
  total_clean_days: number | null;
  lapse_count: number;
  relapse_count: number;
  mean_craving: number | null;
  meetings_attended: number;
  sponsor_contacts: number;
  days: ProgressDay[];
}

export type AlertKind =
  | "use_reported"
  | "phq9_item9"
  | "overdose_reported"
  | "missed_check_ins"
  | "craving_rising";

export type AlertStatus = "open" | "acknowledged";

export interface ClinicalAlert {
  id: string;
  client_id: string;
  client_name: string;
  kind: AlertKind;
  raised_at: string;
  detail: Record<string, unknown> | null;
  status: AlertStatus;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

/* ---------- Self-report links and measures (issue 4) ---------- */

export type SelfReportLinkStatus = "active" | "expired" | "revoked";

export interface SelfReportLink {
  id: string;
  client_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  /** When the client's phone first opened the link and took it as its own. */
  claimed_at: string | null;
  status: SelfReportLinkStatus;
  created_by: string | null;
  created_by_name: string | null;
}

/** The answer to creating a link: the only time its token and URL are shown. */
export interface NewSelfReportLink extends SelfReportLink {
  url: string;
  token: string;
}

export type MeasureCode = "phq9" | "gad7";

export interface MeasureSchedule {
  id: string;
  client_id: string;
  code: MeasureCode;
  every_days: 7 | 14 | 30;
  active: boolean;
  created_at: string;
  next_due_on: string | null;
}

export interface MeasureResult {
  id: string;
  code: MeasureCode;
  completed_on: string;
  answers: number[];
  total: number;
  band: string;
  alert: boolean;
}

/* ---------- Audit trail and account (issue 6) ---------- */

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditEvent {
  id: string;
  at: string;
  /** Null for events without a signed-in member (a client's link, the system). */
  actor_id: string | null;
  actor_name?: string | null;
  actor_role: Role | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  client_id: string | null;
  client_name?: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown> | null;
  /** The event's place in the practice's hash chain. */
  seq?: number | null;
}

/* ---------- Progress reports (issue 8) ---------- */

/** What a progress report covers and who it is for; days are inclusive, `YYYY-MM-DD`. */
export interface ReportOptions {
  from: string;
  to: string;
  include_notes?: boolean;
  /** Printed on the report and kept in the audit log as a disclosure (at most 200 characters). */
  recipient?: string;
  purpose?: string;
  /** What a single report goes out under: one of the three (42 CFR Part 2). */
  consent_id?: string;
  client_request?: boolean;
  internal?: boolean;
  /** A month-end export: each client's report under their consent naming this recipient. */
  consent_recipient?: string;
}

/** Where a consent stands today. */
export type ConsentStatus = "active" | "expired" | "revoked";

/** A client's written consent to disclose their record (42 CFR Part 2); never edited. */
export interface Consent {
  id: string;
  client_id: string;
  recipient: string;
  purpose: string;
  information: string;
  includes_notes: boolean;
  expires_on: string | null;
  expiry_event: string | null;
  signed_on: string;
  status: ConsentStatus;
  recorded_by: string;
  recorded_by_name: string | null;
  recorded_at: string;
  revoked_on: string | null;
  revoked_by_name: string | null;
  version: number;
  /** The attached signed paper's kind, or null when none is attached. */
  document_type?: string | null;
}

export interface NewConsent {
  recipient: string;
  purpose: string;
  information: string;
  includes_notes: boolean;
  expires_on?: string;
  expiry_event?: string;
  signed_on: string;
}

/** One disclosure of a client's record (the accounting of disclosures). */
export interface Disclosure {
  at: string;
  recipient: string;
  purpose: string | null;
  consent_id: string | null;
  what: string;
  by: string | null;
  by_name: string | null;
}

/** "expired": a done export whose zip has been deleted (the dashboard also checks `expires_at`). */
export type ReportExportStatus = "running" | "done" | "failed" | "expired";

/** A month-end export: one PDF per active client the caller may see, zipped. */
export interface ReportExport {
  id: string;
  status: ReportExportStatus;
  from: string;
  to: string;
  include_notes: boolean;
  /** How many clients the export covers. */
  total: number;
  /** How many of their reports are finished. */
  done: number;
  created_at: string;
  finished_at: string | null;
  error: string | null;
  expires_at: string;
  /** The recipient whose consents the export went out under; null: internal use. */
  consent_recipient?: string | null;
  /** Clients left out for want of an active consent naming the recipient. */
  left_out?: Array<{ client_id: string; name: string; reason: string }>;
}
