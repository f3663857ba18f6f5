import { apiUrl, request } from './client';
import type {
  Account,
  AppVersionReport,
  InAppMessage,
  InAppMessageInput,
  Preferences,
  AccountFilter,
  AccountImport,
  AccountInput,
  AccountResult,
  Admin,
  AdminChanges,
  AdminRecord,
  AlertChanges,
  AlertSetting,
  BulkAction,
  BulkChanges,
  BulkProgress,
  ChargeCycle,
  Charges,
  BrandingLogoKind,
  BrandingLogos,
  CompanyProfile,
  CompanyProfileChanges,
  Dashboard,
  EmailMessage,
  EmailTemplate,
  HelpPage,
  HelpPageInput,
  HelpPageSet,
  InvitationCard,
  ReportName,
  ReportQuery,
  UsageType,
  UsablePlan,
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
  OrgTemplate,
  OrgTemplateInput,
  DeletionPreview,
  OrgInput,
  OrgSettings,
  Page,
  ProfileChanges,
  Language,
  InvitationTemplate,
  MoveOption,
  NumberImport,
  NumberMove,
  NumberQuery,
  NumberSelection,
  NumberSeries,
  NumberStatus,
  NumberTag,
  PermissionGroup,
  PermissionGroupInput,
  PoolNumber,
  SettingsChanges,
  SubOrgNumbers,
  SubscriptionPlan,
  SubscriptionPlanInput,
  TemplateChannel,
  TemplateContent,
  UsableOrgTemplate,
  Utilization,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
  WebhookInput,
  WebhookWithSecret,
} from './types';

export const auth = {
  login: (email: string, password: string) =>
    request<LoginResult>('POST', '/auth/login', { email, password }, { allowUnauthorized: true }),
  me: () => request<Me>('GET', '/auth/me', undefined, { allowUnauthorized: true }),
  updatePreferences: (changes: { [K in keyof Preferences]: Preferences[K] | null }) =>
    request<Preferences>('PATCH', '/auth/me/preferences', changes),
  logout: () => request<void>('POST', '/auth/logout', undefined, { allowUnauthorized: true }),
  changePassword: (current_password: string, new_password: string) =>
    request<void>('POST', '/auth/password', { current_password, new_password }, { allowUnauthorized: true }),
  updateProfile: (changes: ProfileChanges) => request<Admin>('PATCH', '/auth/me', changes),
  /** Emails the PIN of a two-factor challenge. */
  sendPin: (challenge: string) => request<void>('POST', '/auth/2fa/send', { challenge }, { allowUnauthorized: true }),
  /** The second step of a two-factor sign-in: the emailed PIN, an authenticator code or a recovery code. */
  verifySecondFactor: (challenge: string, factor: SecondFactor, value: string) =>
    request<LoginResult>('POST', '/auth/2fa/verify', { challenge, [factor]: value }, { allowUnauthorized: true }),
  forgotPassword: (email: string) => request<void>('POST', '/auth/forgot', { email }, { allowUnauthorized: true }),
  resetPassword: (token: string, new_password: string) =>
    request<void>('POST', '/auth/reset', { token, new_password }, { allowUnauthorized: true }),
};

/** The public activation page (`/activate?login=…&code=…`). */
export const activation = {
  invitation: (login: string, activation_code: string) =>
    request<InvitationCard>('POST', '/activation/invitation', { login, activation_code }, { allowUnauthorized: true }),
};

export const privileges = {
  list: () => request<{ items: Privilege[] }>('GET', '/privileges'),
};

const orgPath = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const orgs = {
  get: (id: string) => request<Org>('GET', orgPath(id)),
  update: (id: string, changes: { name?: string; description?: string }) => request<Org>('PATCH', orgPath(id), changes),
  remove: (id: string) => request<void>('DELETE', orgPath(id)),
  /** What deleting it would do: how many numbers go to the parent's pool, or why it cannot go. */
  deletionPreview: (id: string) => request<DeletionPreview>('GET', `${orgPath(id)}/deletion-preview`),
  children: (id: string, cursor?: string | null, limit = 50) =>
    request<Page<Org>>('GET', `${orgPath(id)}/children`, undefined, {
      query: { limit, cursor },
    }),
  createChild: (id: string, input: OrgInput) => request<Org>('POST', `${orgPath(id)}/children`, input),
  settings: (id: string) => request<OrgSettings>('GET', `${orgPath(id)}/settings`),
  updateSettings: (id: string, changes: SettingsChanges) => request<OrgSettings>('PATCH', `${orgPath(id)}/settings`, changes),
};

const profilePath = (orgId: string) => `${orgPath(orgId)}/company-profile`;

export const companyProfile = {
  get: (orgId: string) => request<CompanyProfile>('GET', profilePath(orgId)),
  /** Only the fields sent change; null clears one. */
  update: (orgId: string, changes: CompanyProfileChanges) => request<CompanyProfile>('PATCH', profilePath(orgId), changes),
  /**
   * The file as the logo. The server judges the bytes, not this type; a file whose type the
   * browser does not know is sent as what it is not, and refused (415).
   */
  setLogo: (orgId: string, file: Blob) =>
    request<CompanyProfile>('PUT', `${profilePath(orgId)}/logo`, file, { contentType: file.type || 'application/octet-stream' }),
  removeLogo: (orgId: string) => request<void>('DELETE', `${profilePath(orgId)}/logo`),
};

const brandingPath = (orgId: string) => `${orgPath(orgId)}/branding`;

export const branding = {
  /** The portal's and the app's logos in force at the organization. */
  logos: (orgId: string) => request<BrandingLogos>('GET', brandingPath(orgId)),
  /** The file as the organization's own logo (the server judges its bytes, as for the company logo). */
  setLogo: (orgId: string, kind: BrandingLogoKind, file: Blob) =>
    request<BrandingLogos>('PUT', `${brandingPath(orgId)}/${kind}/logo`, file, {
      contentType: file.type || 'application/octet-stream',
    }),
  /** Removes the organization's own logo: the inherited one applies again. */
  removeLogo: (orgId: string, kind: BrandingLogoKind) => request<BrandingLogos>('DELETE', `${brandingPath(orgId)}/${kind}/logo`),
};

const helpPath = (orgId: string, slug?: string, language?: string) =>
  `${orgPath(orgId)}/help-pages` + (slug && language ? `/${encodeURIComponent(slug)}/${encodeURIComponent(language)}` : '');

export const helpPages = {
  /** The help pages in force at the organization: the built-in ones first, then the custom ones by slug. */
  list: (orgId: string) => request<{ items: HelpPageSet[] }>('GET', helpPath(orgId)),
  get: (orgId: string, slug: string, language: string) => request<HelpPage>('GET', helpPath(orgId, slug, language)),
  /** The organization's own text (a new slug makes a custom page). */
  save: (orgId: string, slug: string, language: string, input: HelpPageInput) =>
    request<HelpPage>('PUT', helpPath(orgId, slug, language), input),
  /** Removes the organization's own text: it inherits again, or its custom page goes. */
  remove: (orgId: string, slug: string, language: string) => request<void>('DELETE', helpPath(orgId, slug, language)),
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
  createApiUser: (orgId: string, input: NewApiUserInput) => request<AdminRecord>('POST', `${orgPath(orgId)}/api-users`, input),
  get: (id: string) => request<AdminRecord>('GET', adminPath(id)),
  update: (id: string, changes: AdminChanges) => request<AdminRecord>('PATCH', adminPath(id), changes),
  /** `confirm` deletes even the last API user of an external application. */
  remove: (id: string, confirm = false) =>
    request<void>('DELETE', adminPath(id), undefined, { query: { confirm: confirm ? 'true' : undefined } }),
  resendInvitations: (admin_ids: string[]) => request<ResendBatch>('POST', '/admins/resend-invitations', { admin_ids }),
  /**
   * The file as the photo (anyone's own, or one they may edit). The server judges the bytes, not
   * this type; a file whose type the browser does not know is sent as what it is not, and refused.
   */
  setPhoto: (id: string, file: Blob) =>
    request<AdminRecord>('PUT', `${adminPath(id)}/photo`, file, { contentType: file.type || 'application/octet-stream' }),
  removePhoto: (id: string) => request<void>('DELETE', `${adminPath(id)}/photo`),
};

export const alerts = {
  list: (orgId: string) => request<{ items: AlertSetting[] }>('GET', `${orgPath(orgId)}/alerts`),
  update: (orgId: string, key: string, changes: AlertChanges) =>
    request<AlertSetting>('PATCH', `${orgPath(orgId)}/alerts/${encodeURIComponent(key)}`, changes),
};

/** The query parameters of a report (empty values are left out of the URL). */
const reportParams = (query: ReportQuery) => ({
  range: query.range,
  from: query.range === 'custom' ? query.from : undefined,
  to: query.range === 'custom' ? query.to : undefined,
  include_suborgs: query.include_suborgs ? 'true' : undefined,
  activity_type: query.activity_type,
  status: query.status,
  // As typed: the server says what it does not accept.
  account: query.account,
  peer_number: query.peer_number,
});

const reportPath = (orgId: string, report: ReportName) => `${orgPath(orgId)}/reports/${report}`;

export const reports = {
  /** One page of a report's rows. */
  page: <T>(orgId: string, report: ReportName, query: ReportQuery, cursor?: string | null, limit = 50) =>
    request<Page<T>>('GET', reportPath(orgId, report), undefined, {
      query: { ...reportParams(query), limit, cursor },
    }),
  /** A link that downloads the whole report as CSV (the session cookie authorizes it). */
  csvUrl: (orgId: string, report: ReportName, query: ReportQuery) =>
    apiUrl(reportPath(orgId, report), { ...reportParams(query), format: 'csv' }),
};

export const dashboard = {
  /** The dashboard of an organization and its subtree; `type` picks the current cycle's series. */
  get: (orgId: string, type: UsageType) => request<Dashboard>('GET', `${orgPath(orgId)}/dashboard`, undefined, { query: { type } }),
};

export interface PageQuery {
  cursor?: string | null;
  limit?: number;
}

export const numbers = {
  /** The pool of one organization (not the numbers allocated below it). */
  list: (orgId: string, query: NumberQuery & PageQuery) =>
    request<Page<PoolNumber>>('GET', `${orgPath(orgId)}/numbers`, undefined, { query: { ...query } }),
  series: (orgId: string) => request<{ items: NumberSeries[] }>('GET', `${orgPath(orgId)}/numbers/series`),
  tags: (orgId: string) => request<{ items: NumberTag[] }>('GET', `${orgPath(orgId)}/numbers/tags`),
  /** The direct children with the numbers of their pools. */
  subOrgs: (orgId: string) => request<{ items: SubOrgNumbers[] }>('GET', `${orgPath(orgId)}/numbers/suborgs`),
  utilization: (orgId: string) => request<Utilization>('GET', `${orgPath(orgId)}/numbers/utilization`),
  /** Root organization only. */
  importList: (orgId: string, list: string[], tag?: string) =>
    request<NumberImport>('POST', `${orgPath(orgId)}/numbers`, { numbers: list, ...(tag ? { tag } : {}) }),
  /** A CSV file with the header `number,tag`; `tag` is for the rows without their own. */
  importCsv: (orgId: string, csv: Blob | string, tag?: string) =>
    request<NumberImport>('POST', `${orgPath(orgId)}/numbers`, csv, { contentType: 'text/csv', query: { tag } }),
  allocate: (orgId: string, toOrgId: string, selection: NumberSelection) =>
    request<NumberMove>('POST', `${orgPath(orgId)}/numbers/allocate`, { to_org_id: toOrgId, ...selection }),
  withdraw: (orgId: string, fromOrgId: string, selection: NumberSelection) =>
    request<NumberMove>('POST', `${orgPath(orgId)}/numbers/withdraw`, { from_org_id: fromOrgId, ...selection }),
  /** Reserve with a tag, release, or retag. */
  update: (e164: string, changes: { status?: Extract<NumberStatus, 'available' | 'reserved'>; tag?: string | null }) =>
    request<PoolNumber>('PATCH', `/numbers/${encodeURIComponent(e164)}`, changes),
};

export const permissionGroups = {
  /** The groups usable at an organization: inherited ones first, then its own. */
  list: (orgId: string) => request<Page<PermissionGroup>>('GET', `${orgPath(orgId)}/permission-groups`),
  create: (orgId: string, input: PermissionGroupInput) =>
    request<PermissionGroup>('POST', `${orgPath(orgId)}/permission-groups`, input),
  update: (id: string, input: PermissionGroupInput) =>
    request<PermissionGroup>('PATCH', `/permission-groups/${encodeURIComponent(id)}`, input),
  remove: (id: string) => request<void>('DELETE', `/permission-groups/${encodeURIComponent(id)}`),
};

const planPath = (id: string) => `/subscriptions/${encodeURIComponent(id)}`;

export const subscriptions = {
  /** The plans usable at an organization: inherited ones first, then its own; each says whether the caller may choose it. */
  list: (orgId: string) => request<Page<UsablePlan>>('GET', `${orgPath(orgId)}/subscriptions`),
  create: (orgId: string, input: Required<SubscriptionPlanInput>) =>
    request<SubscriptionPlan>('POST', `${orgPath(orgId)}/subscriptions`, input),
  /** A change of any price adds a charging version in force from now. */
  update: (id: string, changes: SubscriptionPlanInput) => request<SubscriptionPlan>('PATCH', planPath(id), changes),
  remove: (id: string) => request<void>('DELETE', planPath(id)),
};

export const charges = {
  /** What the organization and its subtree are charged for `cycle` (setup.view.subscriptions). */
  get: (orgId: string, cycle: ChargeCycle) => request<Charges>('GET', `${orgPath(orgId)}/charges`, undefined, { query: { cycle } }),
  /** A link that downloads the same lines as CSV (the session cookie authorizes it). */
  csvUrl: (orgId: string, cycle: ChargeCycle) => apiUrl(`${orgPath(orgId)}/charges`, { cycle, format: 'csv' }),
};

const orgTemplatePath = (id: string) => `/org-templates/${encodeURIComponent(id)}`;

export const orgTemplates = {
  /** The templates usable at an organization: its own and those inherited from above. */
  list: (orgId: string) => request<Page<UsableOrgTemplate>>('GET', `${orgPath(orgId)}/org-templates`),
  create: (orgId: string, input: OrgTemplateInput & { name: string }) =>
    request<OrgTemplate>('POST', `${orgPath(orgId)}/org-templates`, input),
  /** Only the fields sent change; organizations created from it before keep what they got. */
  update: (id: string, changes: OrgTemplateInput) => request<OrgTemplate>('PATCH', orgTemplatePath(id), changes),
  remove: (id: string) => request<void>('DELETE', orgTemplatePath(id)),
};

const accountFilterQuery = (filter: AccountFilter) => ({
  ...filter,
  include_suborgs: filter.include_suborgs ? 'true' : undefined,
});
const accountPath = (id: string) => `/accounts/${encodeURIComponent(id)}`;
type Results = { results: AccountResult[] };

export const accounts = {
  list: (orgId: string, filter: AccountFilter & PageQuery) =>
    request<Page<Account>>('GET', `${orgPath(orgId)}/accounts`, undefined, { query: accountFilterQuery(filter) }),
  /** A link that downloads the filtered list as CSV (the session cookie authorizes it). */
  csvUrl: (orgId: string, filter: AccountFilter) => apiUrl(`${orgPath(orgId)}/accounts.csv`, accountFilterQuery(filter)),
  create: (orgId: string, input: AccountInput) => request<Account>('POST', `${orgPath(orgId)}/accounts`, input),
  get: (id: string) => request<Account>('GET', accountPath(id)),
  update: (id: string, changes: AccountInput) => request<Account>('PATCH', accountPath(id), changes),
  remove: (id: string) => request<void>('DELETE', accountPath(id)),
  invite: (account_ids: string[]) => request<Results>('POST', '/accounts/invite', { account_ids }),
  suspend: (account_ids: string[]) => request<Results>('POST', '/accounts/suspend', { account_ids }),
  deleteEach: (account_ids: string[]) => request<Results>('POST', '/accounts/delete', { account_ids }),
  resume: (account_ids: string[]) => request<Results>('POST', '/accounts/resume', { account_ids }),
  moveOptions: (account_ids: string[]) => request<{ items: MoveOption[] }>('POST', '/accounts/move-options', { account_ids }),
  move: (account_ids: string[], to_org_id: string) =>
    request<{ moved: number }>('POST', '/accounts/move', { account_ids, to_org_id }),
  templateUrl: () => apiUrl('/accounts/import-template.csv'),
  /** The template's header with a few example rows, to copy from. */
  exampleUrl: () => apiUrl('/accounts/import-example.csv'),
  import: (orgId: string, csv: Blob, options: { permission_group_id?: string; invite: boolean; dry_run?: boolean }) =>
    request<AccountImport>('POST', `${orgPath(orgId)}/accounts/import`, csv, {
      contentType: 'text/csv',
      query: {
        permission_group_id: options.permission_group_id,
        invite: String(options.invite),
        dry_run: options.dry_run ? 'true' : undefined,
      },
    }),
  importReportUrl: (batchId: string) => apiUrl(`/accounts/import/${encodeURIComponent(batchId)}.csv`),
  /**
   * Starts `action` on every account matching `filter` (the list's filter) as a background job:
   * the answer is its progress, to follow with `bulkProgress`.
   */
  bulk: (orgId: string, action: BulkAction, filter: AccountFilter, changes?: BulkChanges) =>
    request<BulkProgress>(
      'POST',
      `${orgPath(orgId)}/accounts/bulk`,
      { action, filter, ...(changes ? { changes } : {}) },
      { headers: { Prefer: 'respond-async' } },
    ),
  bulkProgress: (batchId: string) => request<BulkProgress>('GET', `/accounts/bulk/${encodeURIComponent(batchId)}`),
  /** A link that downloads the per-account results of a bulk operation (the session cookie authorizes it). */
  bulkResultsUrl: (batchId: string) => apiUrl(`/accounts/bulk/${encodeURIComponent(batchId)}/results.csv`),
};

const templatePath = (orgId: string, channel: TemplateChannel, language: Language) =>
  `${orgPath(orgId)}/invitation-templates/${channel}/${language}`;

export const invitationTemplates = {
  list: (orgId: string) => request<{ items: InvitationTemplate[] }>('GET', `${orgPath(orgId)}/invitation-templates`),
  save: (orgId: string, channel: TemplateChannel, language: Language, content: TemplateContent) =>
    request<InvitationTemplate>('PUT', templatePath(orgId, channel, language), content),
  /** Drops this organization's own template: the inherited one applies again. */
  revert: (orgId: string, channel: TemplateChannel, language: Language) =>
    request<void>('DELETE', templatePath(orgId, channel, language)),
  preview: (orgId: string, channel: TemplateChannel, language: Language, content: Partial<TemplateContent>) =>
    request<TemplateContent>('POST', `${orgPath(orgId)}/invitation-templates/preview`, { channel, language, ...content }),
};

const emailTemplatePath = (orgId: string, message: EmailMessage, language: Language) =>
  `${orgPath(orgId)}/email-templates/${encodeURIComponent(message)}/${language}`;

/** Setup > Email Templates: the administrators' emails and the alerts, per language. */
export const emailTemplates = {
  list: (orgId: string) => request<{ items: EmailTemplate[] }>('GET', `${orgPath(orgId)}/email-templates`),
  save: (orgId: string, message: EmailMessage, language: Language, content: TemplateContent) =>
    request<EmailTemplate>('PUT', emailTemplatePath(orgId, message, language), content),
  /** Drops this organization's own template: the inherited or built-in one applies again. */
  revert: (orgId: string, message: EmailMessage, language: Language) =>
    request<void>('DELETE', emailTemplatePath(orgId, message, language)),
  preview: (orgId: string, message: EmailMessage, language: Language, content: Partial<TemplateContent>) =>
    request<TemplateContent>('POST', `${orgPath(orgId)}/email-templates/preview`, { message, language, ...content }),
};

const webhookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

/** Setup > Webhook Events: an organization's webhooks and what was delivered to them. */
export const webhooks = {
  /** The events a webhook may receive, with their names. */
  eventTypes: () => request<{ items: WebhookEventType[] }>('GET', '/webhook-event-types'),
  /** The webhooks defined at the organization. */
  list: (orgId: string, cursor?: string | null, limit = 50) =>
    request<Page<Webhook>>('GET', `${orgPath(orgId)}/webhooks`, undefined, { query: { limit, cursor } }),
  /** The answer carries the signing secret, given only here and by `rotateSecret`. */
  create: (orgId: string, input: WebhookInput & { url: string; events: string[] }) =>
    request<WebhookWithSecret>('POST', `${orgPath(orgId)}/webhooks`, input),
  get: (id: string) => request<Webhook>('GET', webhookPath(id)),
  /** Only the fields sent change; `enabled: true` also turns back on a webhook Lineport turned off. */
  update: (id: string, changes: WebhookInput) => request<Webhook>('PATCH', webhookPath(id), changes),
  remove: (id: string) => request<void>('DELETE', webhookPath(id)),
  /** A new secret; the old one keeps signing until `previous_secret_expires_at`. */
  rotateSecret: (id: string) => request<WebhookWithSecret>('POST', `${webhookPath(id)}/rotate-secret`),
  /** Queues a `ping` event. */
  test: (id: string) => request<WebhookDelivery>('POST', `${webhookPath(id)}/test`),
  /** Newest first. */
  deliveries: (id: string, cursor?: string | null, limit = 50) =>
    request<{ items: WebhookDelivery[]; next_cursor: string | null }>('GET', `${webhookPath(id)}/deliveries`, undefined, {
      query: { limit, cursor },
    }),
  /** A new delivery of the same message (the same `webhook-id`). */
  replay: (id: string, deliveryId: string) =>
    request<WebhookDelivery>('POST', `${webhookPath(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`),
};

export const appVersions = {
  /** Users of the organization and below per platform and version, and those below the minimum. */
  report: (orgId: string) => request<AppVersionReport>('GET', `${orgPath(orgId)}/app-versions`),
  /** A link that downloads the users below the minimum as CSV (the session cookie authorizes it). */
  csvUrl: (orgId: string) => apiUrl(`${orgPath(orgId)}/app-versions`, { format: 'csv' }),
};

export const inAppMessages = {
  /** Newest first. */
  list: (orgId: string, query: PageQuery) =>
    request<Page<InAppMessage>>('GET', `${orgPath(orgId)}/in-app-messages`, undefined, { query: { ...query } }),
  create: (orgId: string, input: InAppMessageInput) => request<InAppMessage>('POST', `${orgPath(orgId)}/in-app-messages`, input),
  /** Withdraws it: the app no longer shows it. */
  remove: (id: string) => request<void>('DELETE', `/in-app-messages/${encodeURIComponent(id)}`),
};
