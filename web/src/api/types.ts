// Shapes of the Lineport HTTP API (/api/v1), snake_case as on the wire.

export type Language = 'en' | 'es' | 'pt';

export interface Address {
  street: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
}

export interface Admin {
  id: string;
  org_id: string;
  role_id: string;
  first_name: string;
  last_name: string;
  email: string;
  device_number: string | null;
  timezone: string | null;
  language: Language | null;
  address: Address | null;
  login_suspended: boolean;
  account_suspended: boolean;
  last_sign_in_at: string | null;
  kind: 'admin' | 'api_user';
  org_name?: string;
  role_name?: string;
  created_at?: string;
  external_applications?: string[];
  password_change_required?: boolean;
}

/** An administrator as the Administrators page lists it (every field present). */
export interface AdminRecord extends Admin {
  org_name: string;
  role_name: string;
  created_at: string;
  external_applications: string[];
  password_change_required: boolean;
}

export interface NewAdminInput {
  first_name: string;
  last_name: string;
  email: string;
  role_id: string;
  device_number?: string;
  timezone?: string;
  language?: Language;
}

export interface NewApiUserInput {
  first_name: string;
  last_name: string;
  email: string;
  external_applications: string[];
  role_id?: string;
}

export interface AdminChanges {
  first_name?: string;
  last_name?: string;
  device_number?: string | null;
  timezone?: string;
  language?: Language;
  role_id?: string;
  login_suspended?: boolean;
  account_suspended?: boolean;
  external_applications?: string[];
}

export interface ResendResult {
  admin_id: string;
  name: string;
  email: string;
  status: 'sent' | 'not_found' | 'not_allowed';
  message: string;
}

export interface ResendBatch {
  batch_id: string;
  results: ResendResult[];
  csv_url: string;
}

export type Labels = Record<Language, string>;

export interface Privilege {
  key: string;
  group: string;
  labels: Labels;
}

export interface Role {
  id: string;
  org_id: string;
  org_name: string;
  name: string;
  privileges: string[];
  built_in: boolean;
  admin_count: number;
  /** Defined on an organization above the one asked about. */
  inherited: boolean;
  created_at: string;
  updated_at: string;
}

export interface RoleInput {
  name?: string;
  privileges?: string[];
}

export interface AlertSetting {
  key: string;
  labels: Labels;
  enabled: boolean;
  to_org_admins: boolean;
  recipients: string[];
}

export interface AlertChanges {
  enabled?: boolean;
  to_org_admins?: boolean;
  recipients?: string[];
}

export type ActivityType = 'portal_access' | 'view' | 'write' | 'download';

export interface ActivityRow {
  seq: number;
  at: string;
  actor_email: string | null;
  client_ip: string | null;
  org_id: string | null;
  org_name: string | null;
  action: string;
  activity_type: ActivityType;
  target_type: string | null;
  target_id: string | null;
  changes: unknown;
}

/** A preset the server resolves in the organization's time zone, or `custom` with from/to. */
export type DateRangeName = 'today' | 'last_7_days' | 'current_cycle' | 'last_cycle' | 'custom';

/** The period and scope every report takes (docs/usage.md, "Reports"). */
export interface ReportQuery {
  range: DateRangeName;
  /** YYYY-MM-DD, inclusive; for `custom`. */
  from?: string;
  to?: string;
  include_suborgs?: boolean;
  /** admin_activity only. */
  activity_type?: ActivityType;
}

/** The reports served by GET /orgs/{id}/reports/{report}; each has reports.view.<name> and reports.download.<name>. */
export type ReportName = 'consumption_metrics' | 'user_metrics' | 'activities' | 'admin_activity';

// ---- Usage, dashboard and usage reports (SPEC §9, docs/usage.md)

export type UsageType = 'voice' | 'message' | 'data';
export type UsageDirection = 'in' | 'out';

/** Billable sums: voice in seconds, messages as a count, data in bytes. */
export interface BillableUsage {
  voice_seconds: number;
  messages: number;
  data_bytes: number;
}

export interface UsagePoint {
  /** A local date of the organization's time zone, YYYY-MM-DD. */
  date: string;
  quantity: number;
}

export interface Dashboard {
  org_id: string;
  /** The organization's time zone (inherited setting): its calendar months are the cycles. */
  timezone: string;
  type: UsageType;
  current_cycle: {
    from: string;
    to: string;
    new_users: number;
    active_users: number;
    billable: BillableUsage;
    /** One point per day of the cycle for the type asked for (billable quantity). */
    series: UsagePoint[];
  };
  past_cycle: { from: string; to: string; billable: BillableUsage };
  all_time: { billable: BillableUsage };
  number_utilization: Utilization;
}

/** The sums of a usage report row. */
export interface UsageSums {
  voice_in_seconds: number;
  voice_out_seconds: number;
  messages_received: number;
  messages_sent: number;
  data_bytes: number;
  billable_voice_seconds: number;
  billable_messages: number;
  billable_data_bytes: number;
}

/** consumption_metrics: one organization on one local day. */
export interface ConsumptionRow extends UsageSums {
  date: string;
  org_id: string;
  org_name: string;
}

/** user_metrics: one account over the range. */
export interface UserMetricsRow extends UsageSums {
  account_id: string;
  first_name: string;
  last_name: string;
  login: string;
  multiline_number: string | null;
  org_id: string;
  org_name: string;
}

/** activities: one usage record. */
export interface UsageActivityRow {
  id: string;
  started_at: string;
  account_id: string;
  first_name: string;
  last_name: string;
  multiline_number: string | null;
  org_id: string;
  org_name: string;
  type: UsageType;
  direction: UsageDirection;
  quantity: number;
  billable: boolean;
}

export interface OrgRef {
  id: string;
  name: string;
}

export interface Org {
  id: string;
  parent_id: string | null;
  name: string;
  description: string | null;
  timezone: string | null;
  language: Language | null;
  created_at: string;
  updated_at: string;
  child_count: number;
  subtree_admin_count: number;
  subtree_account_count: number;
  /** From the caller's home organization down to this one, inclusive. */
  path: OrgRef[];
}

export interface Page<T> {
  items: T[];
  total: number;
  next_cursor: string | null;
}

export interface InheritedSetting<T> {
  value: T | null;
  /** Set on this organization itself (else inherited from `source_org_id`). */
  own?: boolean;
  source_org_id: string | null;
  source_org_name: string | null;
}

export interface OrgSettings {
  timezone: InheritedSetting<string>;
  language: InheritedSetting<Language>;
  two_factor_enabled?: InheritedSetting<boolean>;
  domain_restriction?: InheritedSetting<string[]>;
  utilization_threshold_pct?: InheritedSetting<number>;
  number_quarantine_days?: InheritedSetting<number>;
}

/** A PATCH of settings: a value sets it here, null inherits it again. */
export interface SettingsChanges {
  timezone?: string | null;
  language?: Language | null;
  two_factor_enabled?: boolean | null;
  domain_restriction?: string[] | null;
  utilization_threshold_pct?: number | null;
}

export interface LoginResult {
  admin?: Admin;
  csrf_token?: string;
  password_change_required?: boolean;
  two_factor_required?: boolean;
  challenge?: string;
  /** How the PIN can reach the admin: "email", and "totp" once enrolled. */
  methods?: string[];
}

/** What the admin proves the second factor with: the field name of POST /auth/2fa/verify. */
export type SecondFactor = 'pin' | 'totp_code' | 'recovery_code';

export interface Me {
  admin: Admin;
  org: Org;
  privileges: string[];
  csrf_token: string;
  password_change_required?: boolean;
}

export interface ProfileChanges {
  first_name: string;
  last_name: string;
  device_number: string | null;
  timezone?: string;
  language?: Language;
  address: Address;
}

export interface OrgInput {
  name: string;
  description: string;
  timezone?: string | null;
  language?: Language | null;
}

export interface FieldError {
  field: string;
  message: string;
}

/** What one item of a request on many came to (results of invite, suspend, move...). */
export interface ItemResult {
  result: string;
  message: string | null;
}

// ---- Numbers (SPEC §5)

export type NumberStatus = 'available' | 'reserved' | 'pending_invitation' | 'assigned' | 'activated' | 'quarantined';

export interface PoolNumber {
  number: string;
  org_id: string;
  status: NumberStatus;
  tag: string | null;
  account_id: string | null;
  /** Country code and area code, "+1 212". */
  series: string;
  updated_at: string;
  quarantined_until: string | null;
}

export interface NumberQuery {
  status?: NumberStatus;
  tag?: string;
  series?: string;
  q?: string;
}

export interface NumberSeries {
  series: string;
  available: number;
  total: number;
}

export interface NumberTag {
  tag: string;
  available: number;
  total: number;
}

export interface SubOrgNumbers {
  org_id: string;
  org_name: string;
  total: number;
  available: number;
}

/** One number of an import or a move, as the request gave it (`line` counts from 1). */
export interface NumberItemResult {
  line: number;
  input: string;
  /** The normalized number, when the input is one. */
  number: string | null;
  result: 'duplicate' | 'invalid' | 'moved' | 'error';
  message: string | null;
}

/** The counts of an import, and the numbers that were not imported. */
export interface NumberImport {
  imported: number;
  duplicates: number;
  invalid: number;
  results: NumberItemResult[];
}

/** Moved by count: the count; moved by list: each number's result too. */
export interface NumberMove {
  moved: number;
  results: NumberItemResult[];
}

/** By count (optionally from one series) or the numbers listed. */
export interface NumberSelection {
  count?: number;
  series?: string;
  numbers?: string[];
}

export interface Utilization {
  org_id: string;
  total: number;
  allocated_to_suborgs: number;
  available: number;
  reserved: number;
  pending_invitation: number;
  assigned: number;
  activated: number;
  quarantined: number;
  in_use: number;
  utilization_pct: number;
  threshold_pct: number;
}

// ---- User permission groups (SPEC §7)

export const FEATURES = [
  'voice',
  'sms',
  'mms',
  'social_messaging',
  'call_recording',
  'message_logging',
  'in_app_messaging',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface PermissionGroup {
  id: string;
  org_id: string;
  org_name: string;
  name: string;
  features: Feature[];
  is_default: boolean;
  /** Defined on an organization above the one asked about. */
  inherited: boolean;
  account_count: number;
  created_at: string;
  updated_at: string;
}

export interface PermissionGroupInput {
  name?: string;
  features?: Feature[];
  is_default?: boolean;
}

// ---- User accounts (SPEC §6)

export type AccountStatus = 'saved' | 'invited' | 'active' | 'suspended';
export type InvitationStatus = 'not_sent' | 'sent' | 'failed';
export type MonitorCalls = 'auto' | 'off';
export type MonitorSms = 'on' | 'off';

export interface Account {
  id: string;
  org_id: string;
  org_name: string;
  first_name: string;
  last_name: string;
  login: string;
  login_kind: 'email' | 'device';
  multiline_number: string | null;
  permission_group_id: string | null;
  permission_group_name: string | null;
  social_messaging: boolean;
  monitor_calls: MonitorCalls;
  monitor_sms: MonitorSms;
  forwarding_number: string | null;
  restrict_incoming_social_messaging: boolean;
  status: AccountStatus;
  suspended_reason: null | 'admin' | 'privacy_opt_out';
  invitation_status: InvitationStatus;
  invitation_count: number;
  created_at: string;
  invited_at: string | null;
  activated_at: string | null;
  device_number: string | null;
  notification_email: string | null;
  notes: string;
  platform: string | null;
  last_sign_in_at: string | null;
}

export interface AccountFilter {
  status?: AccountStatus;
  invitation_status?: InvitationStatus;
  permission_group_id?: string;
  q?: string;
  include_suborgs?: boolean;
}

/** The fields of a new account, and of an edit (where `multiline_number: null` releases the number). */
export interface AccountInput {
  first_name?: string;
  last_name?: string;
  login?: string;
  multiline_number?: string | null;
  /** Assign the first available number with this tag. */
  tag?: string;
  permission_group_id?: string;
  social_messaging?: boolean;
  monitor_calls?: MonitorCalls;
  monitor_sms?: MonitorSms;
  forwarding_number?: string | null;
  restrict_incoming_social_messaging?: boolean;
  invite?: boolean;
}

export interface AccountResult extends ItemResult {
  account_id: string;
  login?: string;
  result: 'ok' | 'error';
}

export interface MoveOption {
  org_id: string;
  org_name: string;
  depth: number;
  allowed: boolean;
  reason: string | null;
}

export interface ImportError {
  line: number;
  column: string;
  value: string;
  message: string;
}

export interface AccountImport {
  created: number;
  invited: number;
  batch_id: string;
  dry_run: boolean;
}

// ---- Invitation templates (SPEC §8)

export type TemplateChannel = 'email' | 'sms';

export interface InvitationTemplate {
  channel: TemplateChannel;
  language: Language;
  /** Null for SMS. */
  subject: string | null;
  text: string;
  /** Null when the email has no HTML part (and for SMS). */
  html: string | null;
  /** Set on this organization (else inherited from `source_org_*`, or built in). */
  own: boolean;
  built_in: boolean;
  source_org_id: string | null;
  source_org_name: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

export interface TemplateContent {
  subject: string | null;
  text: string;
  html: string | null;
}
