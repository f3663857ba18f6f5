/** The privileges (any one of them) each page of the portal needs; its menu entry shows with them. */
export const PAGE_PRIVILEGES = {
  '/': ['dashboard'],
  '/sub-organizations': ['profile.view'],
  '/accounts': ['accounts'],
  '/administrators': ['administrators', 'api_users'],
  '/roles': ['roles'],
  '/reports/consumption-metrics': ['reports.view.consumption_metrics'],
  '/reports/user-metrics': ['reports.view.user_metrics'],
  '/reports/activities': ['reports.view.activities'],
  // The compliance reports open for who may view them or only download them.
  '/reports/call-recording': ['reports.view.call_recording', 'reports.download.call_recording'],
  '/reports/message-logging': ['reports.view.message_logging', 'reports.download.message_logging'],
  '/reports/sms-opt-in': ['reports.view.sms_opt_in', 'reports.download.sms_opt_in'],
  // The charges are read by who may see the plans that price them.
  '/reports/charges': ['setup.view.subscriptions'],
  '/reports/admin-activity': ['reports.view.admin_activity'],
  '/reports/administrators': ['reports.view.admin_activity'],
  '/setup/two-factor': ['setup.view.two_factor'],
  '/setup/alerts': ['setup.view.alerts'],
  '/setup/webhooks': ['setup.view.webhooks'],
  '/setup/number-management': ['setup.view.number_management'],
  '/setup/user-permissions': ['setup.view.user_permissions'],
  '/setup/subscriptions': ['setup.view.subscriptions'],
  // Read by who creates organizations, managed by who sells plans.
  '/setup/organization-templates': ['setup.view.subscriptions', 'profile.create_suborg'],
  '/setup/domain-restriction': ['setup.view.domain_restriction'],
  '/setup/invitation-templates': ['setup.view.invitation_templates'],
  // The same privileges as the invitation templates.
  '/setup/email-templates': ['setup.view.invitation_templates'],
  '/setup/company-profile': ['setup.view.company_profile'],
  // The mobile app's areas (docs/app.md).
  '/setup/recording': ['setup.view.recording'],
  '/setup/messages': ['setup.view.messages'],
  '/setup/sms-opt-in': ['setup.view.sms_opt_in'],
  '/setup/in-app-messaging': ['setup.view.in_app_messaging'],
  '/setup/application-version': ['setup.view.application_version'],
  '/setup/branding': ['setup.view.branding'],
  // Read by everyone who may read the help; the Setup page is where it is written.
  '/help': ['help.view'],
  '/setup/help': ['help.view'],
} satisfies Record<string, string[]>;

export type PagePath = keyof typeof PAGE_PRIVILEGES;

export const mayOpen = (path: PagePath, can: (privilege: string) => boolean) => PAGE_PRIVILEGES[path].some(can);

/** Where "/" leads: the Dashboard, else the first page the admin may open, else their profile (open to everyone). */
export function firstAllowedPage(can: (privilege: string) => boolean): string {
  const first = (Object.keys(PAGE_PRIVILEGES) as PagePath[]).find((p) => mayOpen(p, can));
  return first ?? '/profile';
}
