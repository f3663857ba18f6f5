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
}

export interface LoginResult {
  admin?: Admin;
  csrf_token?: string;
  password_change_required?: boolean;
  two_factor_required?: boolean;
  challenge?: string;
}

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
