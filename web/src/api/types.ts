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

export interface ActivityQuery {
  range: DateRangeName;
  /** YYYY-MM-DD, inclusive; for `custom`. */
  from?: string;
  to?: string;
  include_suborgs?: boolean;
  activity_type?: ActivityType;
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
