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
  /** Where the profile photo is served (its address changes with the photo), or null. */
  photo_url?: string | null;
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
  address?: Address;
}

export interface NewApiUserInput {
  first_name: string;
  last_name: string;
  email: string;
  /** Empty for the form's None. */
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
  address?: Address;
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
  /** The alert's name, as seed 002's Manage Alerts table writes it (and translated). */
  labels: Labels;
  descriptions: Labels;
  enabled: boolean;
  to_org_admins: boolean;
  recipients: string[];
  /** Who receives it now: the administrators it goes to, then the other recipients; empty when off. */
  effective_recipients: string[];
  /** Whose administrators those are: this organization, or its nearest ancestor with administrators. */
  administrators_from: { id: string; name: string } | null;
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
  /** The target's current name; null once it is deleted or when it has none (a report, an alert). */
  target_name: string | null;
  changes: unknown;
}

/** A preset the server resolves in the organization's time zone, or `custom` with from/to. */
export type DateRangeName = 'today' | 'last_7_days' | 'current_cycle' | 'last_cycle' | 'custom';

/** The period and scope every report takes (docs/usage.md, "Reports"). */
export interface ReportQuery {
  /** Every report but the administrators report (a snapshot) takes one. */
  range?: DateRangeName;
  /** YYYY-MM-DD, inclusive; for `custom`. */
  from?: string;
  to?: string;
  include_suborgs?: boolean;
  /** admin_activity only. */
  activity_type?: ActivityType;
  /** administrators only. */
  status?: AdministratorStatus;
  /** The compliance reports only: an account's id, login or MultiLine number, as typed. */
  account?: string;
  /** The compliance reports only: the other party's number (E.164), as typed. */
  peer_number?: string;
}

/**
 * The reports served by GET /orgs/{id}/reports/{report}; each needs reports.view.<subject> and
 * reports.download.<subject> (REPORT_PRIVILEGE_SUBJECT in reports/ReportPage.tsx).
 */
export type ReportName =
  | 'consumption_metrics'
  | 'user_metrics'
  | 'activities'
  | 'admin_activity'
  | 'administrators'
  | 'call_recording'
  | 'message_logging'
  | 'sms_opt_in';

/** An administrator's status in the administrators report; `invited`: not signed in since the latest invitation. */
export type AdministratorStatus = 'invited' | 'active' | 'login_suspended' | 'account_suspended';

export interface AdministratorStatusRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  kind: 'admin' | 'api_user';
  org_id: string;
  org_name: string;
  role_id: string;
  role_name: string;
  status: AdministratorStatus;
  invited_at: string | null;
  last_sign_in_at: string | null;
}

// ---- Usage, dashboard and usage reports (docs/product.md#usage-dashboard-and-reports, docs/usage.md)

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

/** What every row of the compliance reports (call_recording, message_logging, sms_opt_in) has. */
export interface ComplianceRowBase {
  id: string;
  account_id: string;
  login: string;
  first_name: string;
  last_name: string;
  multiline_number: string | null;
  org_id: string;
  org_name: string;
  /** When the record reached the server (the CSV's last column too). */
  ingested_at: string;
}

/** call_recording: one recorded call. */
export interface CallRecordingRow extends ComplianceRowBase {
  started_at: string;
  direction: UsageDirection;
  /** The other party's number (E.164). */
  peer_number: string;
  duration_seconds: number;
  /** Where the recording is (an http or https URL of the customer's storage). */
  media_url: string;
  size_bytes: number;
}

export type MessageChannel = 'sms' | 'mms' | 'whatsapp' | 'wechat' | 'line';
/** `none`: a message of attachments only; `erased`: its text removed after the retention period. */
export type MessageTextState = 'present' | 'none' | 'erased';

/** message_logging: one logged message. */
export interface MessageLogRow extends ComplianceRowBase {
  sent_at: string;
  direction: UsageDirection;
  peer_number: string;
  channel: MessageChannel;
  text: string | null;
  text_state: MessageTextState;
  attachment_urls: string[];
}

/** sms_opt_in: one opt-in or opt-out of a number. */
export interface SmsOptInRow extends ComplianceRowBase {
  at: string;
  peer_number: string;
  opted_in: boolean;
  keyword: string | null;
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

/** What deleting an organization would do (`GET /orgs/{id}/deletion-preview`). */
export interface DeletionPreview {
  org_id: string;
  name: string;
  /** Where its numbers go; null for the root. */
  parent_id: string | null;
  parent_name: string | null;
  /** Sub-organizations (any depth) deleted with it. */
  sub_orgs: number;
  /** Numbers in its pool and its sub-organizations' pools, all going to the parent's pool. */
  numbers: number;
  accounts: number;
  admins: number;
  can_delete: boolean;
  blocked_code: 'org_not_empty' | 'conflict' | null;
  blocked_message: string | null;
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

/** A list whose entries add up down the tree: `value` joins the own list and the ancestors'. */
export interface AccumulatedSetting extends InheritedSetting<string[]> {
  /** The organization's own list; null when it sets none. */
  own_value: string[] | null;
  /** The entries its ancestors set. */
  inherited_value: string[];
}

export interface OrgSettings {
  timezone: InheritedSetting<string>;
  language: InheritedSetting<Language>;
  two_factor_enabled?: InheritedSetting<boolean>;
  domain_restriction?: InheritedSetting<string[]>;
  utilization_threshold_pct?: InheritedSetting<number>;
  number_quarantine_days?: InheritedSetting<number>;
  /** The id of the organization's subscription plan. */
  subscription_id?: InheritedSetting<string>;
  /**
   * Destination prefixes blocked for the organization's users: the value is every prefix it and
   * its ancestors block (the lists add up); the source is the nearest organization that sets some.
   */
  call_filter_blocked_prefixes?: AccumulatedSetting;
  // The mobile app's areas (docs/product.md, "App settings").
  call_recording_enabled?: InheritedSetting<boolean>;
  message_logging_enabled?: InheritedSetting<boolean>;
  recording_announcement?: InheritedSetting<string>;
  recording_retention_days?: InheritedSetting<number>;
  message_sync_enabled?: InheritedSetting<boolean>;
  multimedia_messages_enabled?: InheritedSetting<boolean>;
  max_attachment_mb?: InheritedSetting<number>;
  sms_opt_in_enabled?: InheritedSetting<boolean>;
  sms_opt_in_keyword?: InheritedSetting<string>;
  sms_opt_in_confirmation?: InheritedSetting<string>;
  sms_opt_in_help?: InheritedSetting<string>;
  portal_product_name?: InheritedSetting<string>;
  portal_primary_color?: InheritedSetting<string>;
  app_name?: InheritedSetting<string>;
  app_primary_color?: InheritedSetting<string>;
  app_support_email?: InheritedSetting<string>;
  app_support_url?: InheritedSetting<string>;
  app_version_ios?: InheritedSetting<AppVersionPolicy>;
  app_version_android?: InheritedSetting<AppVersionPolicy>;
}

/** The keys of the mobile app's settings (each a plain value, or null to inherit it again). */
export type AppSettingKey =
  | 'call_recording_enabled'
  | 'message_logging_enabled'
  | 'recording_announcement'
  | 'recording_retention_days'
  | 'message_sync_enabled'
  | 'multimedia_messages_enabled'
  | 'max_attachment_mb'
  | 'sms_opt_in_enabled'
  | 'sms_opt_in_keyword'
  | 'sms_opt_in_confirmation'
  | 'sms_opt_in_help'
  | 'portal_product_name'
  | 'portal_primary_color'
  | 'app_name'
  | 'app_primary_color'
  | 'app_support_email'
  | 'app_support_url';

export type AppPlatform = 'ios' | 'android';

/** Setup > Application Version: what one platform's users should run. */
export interface AppVersionPolicy {
  latest_version: string;
  minimum_version: string;
  release_notes: string;
  store_url: string;
}

/** The application version report of an organization and below. */
export interface AppVersionReport {
  versions: { platform: AppPlatform; app_version: string; users: number }[];
  below_minimum: {
    account_id: string;
    login: string;
    name: string;
    org_id: string;
    org_name: string;
    platform: AppPlatform;
    app_version: string;
    minimum_version: string;
    seen_at: string;
  }[];
}

/** Setup > In-App Messaging: a message shown in the app to some users for a while. */
export interface InAppMessage {
  id: string;
  org_id: string;
  text: string;
  include_suborgs: boolean;
  permission_group_id: string | null;
  account_count: number;
  starts_at: string;
  expires_at: string;
  created_at: string;
  created_by: string;
  /** Users whose app listed it. */
  delivered: number;
  read: number;
}

export interface InAppMessageInput {
  text: string;
  include_suborgs: boolean;
  permission_group_id?: string;
  account_ids?: string[];
  starts_at?: string;
  expires_at: string;
}

/** A PATCH of settings: a value sets it here, null inherits it again. */
export interface SettingsChanges extends Partial<Record<AppSettingKey, string | number | boolean | null>> {
  timezone?: string | null;
  language?: Language | null;
  two_factor_enabled?: boolean | null;
  domain_restriction?: string[] | null;
  utilization_threshold_pct?: number | null;
  subscription_id?: string | null;
  /** The organization's own blocked prefixes (added to its ancestors'); null drops its own list. */
  call_filter_blocked_prefixes?: string[] | null;
  app_version_ios?: AppVersionPolicy | null;
  app_version_android?: AppVersionPolicy | null;
}

// ---- Company profile (Setup > Company Profile)

/** The text fields of a company profile; null when unset. */
export interface CompanyProfileFields {
  legal_name: string | null;
  address: string | null;
  phone: string | null;
  contact_email: string | null;
}

export const COMPANY_PROFILE_FIELDS = ['legal_name', 'address', 'phone', 'contact_email'] as const satisfies ReadonlyArray<
  keyof CompanyProfileFields
>;

/** The logo of a company profile, as the server read it. */
export interface CompanyLogo {
  /** Where it is served; its `v` parameter changes with the image. */
  url: string;
  media_type: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  updated_at: string;
}

export interface CompanyProfile extends CompanyProfileFields {
  org_id: string;
  /** What invitations name as the users' company: the nearest legal name up to the top customer organization, else its name. */
  company_name: string;
  logo: CompanyLogo | null;
}

/** A branding logo in force at an organization: its own, or the nearest ancestor's. */
export interface BrandingLogo extends CompanyLogo {
  own: boolean;
  source_org_id: string;
  source_org_name: string;
}

export type BrandingLogoKind = 'portal' | 'app';

/** Setup > Branding's images: null where no organization up the tree set one. */
export interface BrandingLogos {
  portal_logo: BrandingLogo | null;
  app_logo: BrandingLogo | null;
}

/** A PATCH of the company profile: only the fields sent change; null clears one. */
export type CompanyProfileChanges = Partial<CompanyProfileFields>;

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

/** The admin's own portal choices, kept on the server (PATCH /auth/me/preferences). */
export interface Preferences {
  /** Accounts: "Include sub-organizations" as last set; absent until the admin sets it. */
  accounts_include_suborgs?: boolean;
}

export interface Me {
  admin: Admin;
  org: Org;
  privileges: string[];
  csrf_token: string;
  password_change_required?: boolean;
  preferences?: Preferences;
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
  /** An organization template usable at the parent: it fills in what the request leaves out. */
  template_id?: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A fault on one line of an uploaded file: `column` for a CSV file with a header (the account
 * and number imports), `field` for a usage record.
 */
export interface RowError {
  line: number;
  column?: string;
  field?: string;
  value: string;
  message: string;
}

/** What one item of a request on many came to (results of invite, suspend, move...). */
export interface ItemResult {
  result: string;
  message: string | null;
}

// ---- Numbers (docs/product.md#numbers)

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
  /** The whole subtree (this pool and every pool below it) by status; the fields above are this pool's. */
  subtree: Record<'total' | 'available' | 'reserved' | 'pending_invitation' | 'assigned' | 'activated' | 'quarantined', number>;
}

// ---- User permission groups (docs/product.md#user-permission-groups)

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

// ---- Subscription plans (docs/subscriptions.md)

/** How far an organization's subtree may grow; null is unlimited. */
export const PLAN_LIMITS = ['max_accounts', 'max_numbers', 'max_suborgs'] as const;
export type PlanLimit = (typeof PLAN_LIMITS)[number];
export type PlanLimits = Record<PlanLimit, number | null>;

/** The unit prices of a plan: decimal strings of up to 6 decimals, never floats. */
export const PLAN_PRICES = ['voice_per_minute', 'per_message', 'data_per_mb', 'monthly_per_active_user'] as const;
export type PlanPrice = (typeof PLAN_PRICES)[number];
/** An ISO 4217 currency code and the prices in it. */
export type PriceList = { currency: string } & Record<PlanPrice, string>;

/** The prices in force now; every change of a price makes a new version. */
export interface PlanCharging extends PriceList {
  version: number;
  effective_from: string;
}

export interface ChargingVersion extends PriceList {
  version: number;
  effective_from: string;
  /** Null for the version in force now. */
  effective_until: string | null;
}

/** `allow_all`: every destination but the blocked prefixes; `allow_list`: only the allowed ones. */
export type CallFilteringMode = 'allow_all' | 'allow_list';

export interface CallFiltering {
  mode: CallFilteringMode;
  /** "+" and 1 to 15 digits. */
  allowed_prefixes: string[];
  blocked_prefixes: string[];
}

export interface SubscriptionPlan {
  id: string;
  org_id: string;
  org_name: string;
  name: string;
  features: Feature[];
  limits: PlanLimits;
  charging: PlanCharging;
  /** Newest first. */
  charging_history: ChargingVersion[];
  call_filtering: CallFiltering;
  /** Organizations whose own `subscription_id` names it. */
  in_use: number;
  created_at: string;
  updated_at: string;
}

/** A plan as listed where it is usable. */
export interface UsablePlan extends SubscriptionPlan {
  /** Defined on an organization above the one asked about. */
  inherited: boolean;
  /** False when its features or limits go past the plan of the caller's own organization. */
  selectable: boolean;
}

/** A new plan (every field), or a change (any of them; each replaces the plan's whole field). */
export interface SubscriptionPlanInput {
  name?: string;
  features?: Feature[];
  limits?: PlanLimits;
  charging?: PriceList;
  call_filtering?: CallFiltering;
}

// ---- Charging (docs/subscriptions.md#charging)

/** A month of the organization's calendar, "2026-11". */
export type YearMonth = `${number}-${number}`;

/** The cycle a charges request names: the current one, the one before it, or a month up to the current one. */
export type ChargeCycle = 'current' | 'last' | YearMonth;

/**
 * What one organization is charged under one plan's price version over a stretch of the cycle;
 * with no plan in force (plan_id null) the quantities come unpriced. Money is decimal text, exact
 * to the micro-unit: shown as given, never turned into a number.
 */
export interface ChargeLine {
  org_id: string;
  org_name: string;
  plan_id: string | null;
  plan_name: string | null;
  price_version: number | null;
  /** The stretch of the cycle the line covers (RFC 3339); a plan or price change splits a cycle. */
  from: string;
  to: string;
  currency: string | null;
  voice_minutes: number;
  voice_per_minute: string | null;
  voice_amount: string | null;
  messages: number;
  per_message: string | null;
  messages_amount: string | null;
  data_mb: number;
  data_per_mb: string | null;
  data_amount: string | null;
  active_users: number;
  monthly_per_active_user: string | null;
  active_users_amount: string | null;
  amount: string | null;
}

export interface CurrencyTotal {
  currency: string;
  amount: string;
}

/** GET /orgs/{id}/charges: the organization and its subtree for one cycle. */
export interface Charges {
  org_id: string;
  /** YYYY-MM. */
  cycle: string;
  current: boolean;
  /** When the server computed it: the current cycle's lines run up to here. */
  as_of: string;
  /** The organization's time zone: its calendar months are the cycles. */
  timezone: string;
  /** First and last local day of the cycle, YYYY-MM-DD. */
  from: string;
  to: string;
  items: ChargeLine[];
  /** The priced lines' amounts summed per currency. */
  totals: CurrencyTotal[];
}

// ---- Organization templates (docs/subscriptions.md#organization-templates)

/** The organization settings a template gives a new organization; a setting left out is inherited. */
export interface TemplateSettings {
  timezone?: string;
  language?: Language;
  two_factor_enabled?: boolean;
  utilization_threshold_pct?: number;
  domain_restriction?: string[];
  number_quarantine_days?: number;
  call_filter_blocked_prefixes?: string[];
}

/** A user permission group a template creates in the new organization. */
export interface GroupPreset {
  name: string;
  features: Feature[];
  /** The new organization's default group, in place of the automatic one; at most one. */
  is_default: boolean;
}

export interface OrgTemplate {
  id: string;
  /** Where it is defined: usable there and below. */
  org_id: string;
  org_name: string;
  name: string;
  /** Null: the new organization is on its parent's plan. */
  subscription_id: string | null;
  settings: TemplateSettings;
  /** Roles copied into the new organization as roles of its own. */
  role_ids: string[];
  permission_groups: GroupPreset[];
  /** Available numbers allocated from the parent's pool; null: none. */
  numbers: number | null;
  created_at: string;
  updated_at: string;
}

/** A template as listed where it is usable. */
export interface UsableOrgTemplate extends OrgTemplate {
  /** Defined on an organization above the one asked about. */
  inherited: boolean;
}

/** A new template (name required), or a change (each field sent replaces the template's whole field). */
export interface OrgTemplateInput {
  name?: string;
  subscription_id?: string | null;
  settings?: TemplateSettings;
  role_ids?: string[];
  permission_groups?: GroupPreset[];
  numbers?: number | null;
}

// ---- User accounts (docs/product.md#user-accounts-and-invitations)

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

/** What a bulk operation does to each account matching its filter. */
export type BulkAction = 'invite' | 'edit' | 'suspend' | 'resume' | 'delete';

/** The settings a bulk edit may change (AccountPatch without login and number); only those sent change. */
export interface BulkChanges {
  permission_group_id?: string;
  social_messaging?: boolean;
  monitor_calls?: MonitorCalls;
  monitor_sms?: MonitorSms;
  restrict_incoming_social_messaging?: boolean;
}

/** How far a bulk operation started with `Prefer: respond-async` has come. */
export interface BulkProgress {
  batch_id: string;
  org_id: string;
  action: BulkAction;
  /** The accounts that matched the filter when it started. */
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  finished: boolean;
  created_at: string;
}

export interface MoveOption {
  org_id: string;
  org_name: string;
  depth: number;
  allowed: boolean;
  reason: string | null;
}

export interface AccountImport {
  created: number;
  invited: number;
  batch_id: string;
  dry_run: boolean;
}

// ---- Invitation templates (docs/product.md#alerts-and-notifications)

export type TemplateChannel = 'email' | 'sms';

/** A message's template in force on an organization, as both template pages read it. */
export interface TemplateInForce {
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

export interface InvitationTemplate extends TemplateInForce {
  channel: TemplateChannel;
}

export interface TemplateContent {
  subject: string | null;
  text: string;
  html: string | null;
}

// ---- Email templates of an organization (Setup > Email Templates)

/**
 * The emails whose templates an organization may change: the administrators' account emails,
 * then the alerts (docs/product.md#alerts-and-notifications).
 */
export type EmailMessage =
  | 'admin_invitation'
  | 'password_reset'
  | 'password_reset_blocked'
  | 'two_factor_pin'
  | 'subscription_changed'
  | 'webhook_disabled'
  | 'account_moved'
  | 'invitation_threshold_exceeded'
  | 'admin_privilege_granted'
  | 'suspended_account_reactivated'
  | 'account_added'
  | 'admin_added'
  | 'number_utilization_threshold_exceeded'
  | 'admin_privilege_revoked'
  | 'suspicious_login_activity'
  | 'account_deleted'
  | 'password_changed'
  | 'account_suspended'
  | 'privacy_opted_out'
  | 'privacy_resumed'
  | 'batch_operations_report';

/** The template of one email in one language that applies to an organization. */
export interface EmailTemplate extends TemplateInForce {
  message: EmailMessage;
  /** The message's name in each language (an alert's as Setup > Manage Alerts names it). */
  name: Record<Language, string>;
  subject: string;
  /** The placeholders this email may use, without braces ("reset_link"). */
  placeholders: string[];
  /** Those that must appear in the text, and in the HTML when there is HTML. */
  required_placeholders: string[];
}

/** What the activation page shows: whom the invitation is for, its code and the QR code of its link. */
export interface InvitationCard {
  first_name: string;
  last_name: string;
  login: string;
  org_name: string;
  activation_code: string;
  activation_link: string;
  /** A PNG as a data: URL. */
  qr_code: string;
}

// ---- Webhooks of an organization (Setup > Webhook Events)

/** An event a webhook may receive, named in each language (an alert's as Manage Alerts names it). */
export interface WebhookEventType {
  type: string;
  name: Record<Language, string>;
}

/** An HTTP endpoint of an organization that receives its events, signed the Standard Webhooks way. */
export interface Webhook {
  id: string;
  org_id: string;
  url: string;
  events: string[];
  /** Also the events of the organizations below. */
  include_suborgs: boolean;
  enabled: boolean;
  /** Why Lineport turned it off: the receiver answered 410 Gone, or it failed for 3 days. */
  disabled_reason: 'gone' | 'failing' | null;
  /** The first failed attempt since the last success. */
  failing_since: string | null;
  /** After a rotation, the old secret still signs until then. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The answer of a creation or a rotation: the only times the signing secret is given. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export interface WebhookInput {
  url?: string;
  events?: string[];
  include_suborgs?: boolean;
  enabled?: boolean;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One try at sending a delivery. */
export interface DeliveryAttempt {
  attempt: number;
  attempted_at: string;
  /** The receiver's HTTP status; null when none came. */
  status_code: number | null;
  latency_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

/** One message sent to one webhook; a replay is a new delivery of the same message. */
export interface WebhookDelivery {
  id: string;
  /** The `webhook-id` header: the same for a replay. */
  message_id: string;
  webhook_id: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  replay_of: string | null;
  /** The JSON sent. */
  payload: unknown;
  attempt_log: DeliveryAttempt[];
}

/** Where the text of a help page in one language comes from. */
export interface HelpPageSource {
  language: Language;
  title: string;
  /** Written by the organization itself. */
  own: boolean;
  /** The text shipped with Lineport. */
  built_in: boolean;
  source_org_id: string | null;
  source_org_name: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

/** A help page (built-in or custom) and its texts in force, one per language. */
export interface HelpPageSet {
  slug: string;
  /** One of the pages shipped with Lineport. */
  built_in: boolean;
  pages: HelpPageSource[];
}

/** A help page's text in one language; the body is Markdown. */
export interface HelpPage extends HelpPageSource {
  slug: string;
  body: string;
}

export interface HelpPageInput {
  title: string;
  body: string;
}
