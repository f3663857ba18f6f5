import { request } from './client';
import type {
  Admin,
  LoginResult,
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
    changes: { timezone?: string | null; language?: Language | null },
  ) => request<OrgSettings>('PATCH', `${orgPath(id)}/settings`, changes),
};
