import { apiUrl, request } from './client';
import type {
  ActivityQuery,
  ActivityRow,
  Admin,
  AdminChanges,
  AdminRecord,
  AlertChanges,
  AlertSetting,
  LoginResult,
  NewAdminInput,
  NewApiUserInput,
  Privilege,
  ResendBatch,
  Role,
  RoleInput,
  SecondFactor,
  Me,
  Org,
  OrgInput,
  OrgSettings,
  Page,
  ProfileChanges,
  Language,
} from './types';

export const auth = {
  login: (email: string, password: string) =>
    request<LoginResult>('POST', '/auth/login', { email, password }, { allowUnauthorized: true }),
  me: () => request<Me>('GET', '/auth/me', undefined, { allowUnauthorized: true }),
  logout: () => request<void>('POST', '/auth/logout', undefined, { allowUnauthorized: true }),
  changePassword: (current_password: string, new_password: string) =>
    request<void>(
      'POST',
      '/auth/password',
      { current_password, new_password },
      { allowUnauthorized: true },
    ),
  updateProfile: (changes: ProfileChanges) => request<Admin>('PATCH', '/auth/me', changes),
  /** Emails the PIN of a two-factor challenge. */
  sendPin: (challenge: string) =>
    request<void>('POST', '/auth/2fa/send', { challenge }, { allowUnauthorized: true }),
  /** The second step of a two-factor sign-in: the emailed PIN, an authenticator code or a recovery code. */
  verifySecondFactor: (challenge: string, factor: SecondFactor, value: string) =>
    request<LoginResult>('POST', '/auth/2fa/verify', { challenge, [factor]: value }, { allowUnauthorized: true }),
  forgotPassword: (email: string) =>
    request<void>('POST', '/auth/forgot', { email }, { allowUnauthorized: true }),
  resetPassword: (token: string, new_password: string) =>
    request<void>('POST', '/auth/reset', { token, new_password }, { allowUnauthorized: true }),
};

export const privileges = {
  list: () => request<{ items: Privilege[] }>('GET', '/privileges'),
};

const orgPath = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const orgs = {
  get: (id: string) => request<Org>('GET', orgPath(id)),
  update: (id: string, changes: { name?: string; description?: string }) =>
    request<Org>('PATCH', orgPath(id), changes),
  remove: (id: string) => request<void>('DELETE', orgPath(id)),
  children: (id: string, cursor?: string | null, limit = 50) =>
    request<Page<Org>>('GET', `${orgPath(id)}/children`, undefined, {
      query: { limit, cursor },
    }),
  createChild: (id: string, input: OrgInput) =>
    request<Org>('POST', `${orgPath(id)}/children`, input),
  settings: (id: string) => request<OrgSettings>('GET', `${orgPath(id)}/settings`),
  updateSettings: (
    id: string,
    changes: { timezone?: string | null; language?: Language | null; two_factor_enabled?: boolean | null },
  ) => request<OrgSettings>('PATCH', `${orgPath(id)}/settings`, changes),
};

export const roles = {
  /** The roles usable at an organization: its own and those inherited from above. */
  list: (orgId: string) => request<{ items: Role[] }>('GET', `${orgPath(orgId)}/roles`),
  create: (orgId: string, input: Required<RoleInput>) => request<Role>('POST', `${orgPath(orgId)}/roles`, input),
  update: (id: string, input: RoleInput) => request<Role>('PATCH', `/roles/${encodeURIComponent(id)}`, input),
  remove: (id: string) => request<void>('DELETE', `/roles/${encodeURIComponent(id)}`),
};

const adminPath = (id: string) => `/admins/${encodeURIComponent(id)}`;

export interface AdminListQuery {
  q?: string;
  include_suborgs?: boolean;
  cursor?: string | null;
  limit?: number;
}

export const admins = {
  list: (orgId: string, query: AdminListQuery) =>
    request<Page<AdminRecord>>('GET', `${orgPath(orgId)}/admins`, undefined, {
      query: { ...query, include_suborgs: query.include_suborgs ? 'true' : undefined },
    }),
  invite: (orgId: string, input: NewAdminInput) => request<AdminRecord>('POST', `${orgPath(orgId)}/admins`, input),
  createApiUser: (orgId: string, input: NewApiUserInput) =>
    request<AdminRecord>('POST', `${orgPath(orgId)}/api-users`, input),
  get: (id: string) => request<AdminRecord>('GET', adminPath(id)),
  update: (id: string, changes: AdminChanges) => request<AdminRecord>('PATCH', adminPath(id), changes),
  /** `confirm` deletes even the last API user of an external application. */
  remove: (id: string, confirm = false) =>
    request<void>('DELETE', adminPath(id), undefined, { query: { confirm: confirm ? 'true' : undefined } }),
  resendInvitations: (admin_ids: string[]) =>
    request<ResendBatch>('POST', '/admins/resend-invitations', { admin_ids }),
};

export const alerts = {
  list: (orgId: string) => request<{ items: AlertSetting[] }>('GET', `${orgPath(orgId)}/alerts`),
  update: (orgId: string, key: string, changes: AlertChanges) =>
    request<AlertSetting>('PATCH', `${orgPath(orgId)}/alerts/${encodeURIComponent(key)}`, changes),
};

const activityQuery = (query: ActivityQuery) => ({
  range: query.range,
  from: query.range === 'custom' ? query.from : undefined,
  to: query.range === 'custom' ? query.to : undefined,
  include_suborgs: query.include_suborgs ? 'true' : undefined,
  activity_type: query.activity_type,
});

export const reports = {
  adminActivity: (orgId: string, query: ActivityQuery, cursor?: string | null, limit = 50) =>
    request<Page<ActivityRow>>('GET', `${orgPath(orgId)}/reports/admin_activity`, undefined, {
      query: { ...activityQuery(query), limit, cursor },
    }),
  /** A link that downloads the whole report as CSV (the session cookie authorizes it). */
  adminActivityCsvUrl: (orgId: string, query: ActivityQuery) =>
    apiUrl(`${orgPath(orgId)}/reports/admin_activity`, { ...activityQuery(query), format: 'csv' }),
};
