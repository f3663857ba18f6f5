import { Suspense, lazy, useEffect } from 'react';
import type { ComponentType, ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { Location } from 'react-router';
import { LoginPage } from './auth/LoginPage';
import { useSession } from './auth/session';
import type { SessionState } from './auth/session';
import type { Me } from './api/types';
import { useI18n } from './i18n';
import { Spinner } from './common/Spinner';
import { loadDashboardPage, preloadDashboard } from './dashboard/preload';
import { PAGE_PRIVILEGES, firstAllowedPage } from './layout/pages';
import { loadAntApp, loadAntConfig, loadLayout, preloadFrame } from './layout/preload';
import { CurrentOrgProvider, rememberedOrgId } from './org/currentOrg';

// Every page is its own chunk, loaded when it is opened: the sign-in page brings only its form,
// the Dashboard ECharts, and so on (docs/performance.md, "First load"). This file and what it
// imports are the portal's first load: no Ant Design here (docs/decisions.md, "Portal"); every
// page but the sign-in page is under AntConfigOutlet, which brings it.
const page = <M,>(load: () => Promise<M>, name: keyof M) => lazy(async () => ({ default: (await load())[name] as ComponentType }));
const AntConfigOutlet = page(loadAntConfig, 'AntConfigOutlet');
const AntAppOutlet = page(loadAntApp, 'AntAppOutlet');
const AppLayout = page(loadLayout, 'AppLayout');
const SIGNED_OUT_PAGES = {
  // Part of the first load (no Ant Design, a few KB): the page most first loads show.
  '/sign-in': () => Promise.resolve({ LoginPage }),
  '/forgot-password': () => import('./auth/ForgotPasswordPage'),
  '/reset-password': () => import('./auth/ResetPasswordPage'),
  '/change-password': () => import('./auth/ChangePasswordPage'),
  '/activate': () => import('./auth/ActivatePage'),
};
const ForgotPasswordPage = page(SIGNED_OUT_PAGES['/forgot-password'], 'ForgotPasswordPage');
const ResetPasswordPage = page(SIGNED_OUT_PAGES['/reset-password'], 'ResetPasswordPage');
const ChangePasswordPage = page(SIGNED_OUT_PAGES['/change-password'], 'ChangePasswordPage');
const ActivatePage = page(SIGNED_OUT_PAGES['/activate'], 'ActivatePage');
// The page the address names starts loading with the portal, not after GET /auth/me. The
// sign-in page is already here; the others need Ant Design's configuration too.
const firstPath = window.location.pathname;
void SIGNED_OUT_PAGES[firstPath as keyof typeof SIGNED_OUT_PAGES]?.();
if (firstPath in SIGNED_OUT_PAGES && firstPath !== '/sign-in') void loadAntConfig();
const DashboardPage = page(loadDashboardPage, 'DashboardPage');
const SubOrgsPage = page(() => import('./org/SubOrgsPage'), 'SubOrgsPage');
const AccountsPage = page(() => import('./accounts/AccountsPage'), 'AccountsPage');
const AdminsPage = page(() => import('./admins/AdminsPage'), 'AdminsPage');
const RolesPage = page(() => import('./roles/RolesPage'), 'RolesPage');
const TwoFactorPage = page(() => import('./setup/TwoFactorPage'), 'TwoFactorPage');
const AlertsPage = page(() => import('./setup/AlertsPage'), 'AlertsPage');
const NumberManagementPage = page(() => import('./numbers/NumberManagementPage'), 'NumberManagementPage');
const UserPermissionsPage = page(() => import('./setup/UserPermissionsPage'), 'UserPermissionsPage');
const SubscriptionsPage = page(() => import('./subscriptions/SubscriptionsPage'), 'SubscriptionsPage');
const OrgTemplatesPage = page(() => import('./orgTemplates/OrgTemplatesPage'), 'OrgTemplatesPage');
const DomainRestrictionPage = page(() => import('./setup/DomainRestrictionPage'), 'DomainRestrictionPage');
const CompanyProfilePage = page(() => import('./companyProfile/CompanyProfilePage'), 'CompanyProfilePage');
const InvitationTemplatesPage = page(() => import('./setup/InvitationTemplatesPage'), 'InvitationTemplatesPage');
const EmailTemplatesPage = page(() => import('./setup/EmailTemplatesPage'), 'EmailTemplatesPage');
const WebhooksPage = page(() => import('./setup/WebhooksPage'), 'WebhooksPage');
const loadAppSettings = () => import('./setup/AppSettingsPages');
const RecordingPage = page(loadAppSettings, 'RecordingPage');
const MessagesPage = page(loadAppSettings, 'MessagesPage');
const SmsOptInPage = page(loadAppSettings, 'SmsOptInPage');
const BrandingPage = page(() => import('./setup/BrandingPage'), 'BrandingPage');
const HelpPagesPage = page(() => import('./setup/HelpPagesPage'), 'HelpPagesPage');
const HelpPage = page(() => import('./help/HelpPage'), 'HelpPage');
const AppVersionPage = page(() => import('./setup/AppVersionPage'), 'AppVersionPage');
const InAppMessagingPage = page(() => import('./setup/InAppMessagingPage'), 'InAppMessagingPage');
const loadUsageReports = () => import('./reports/UsageReportPages');
const ConsumptionMetricsPage = page(loadUsageReports, 'ConsumptionMetricsPage');
const UserMetricsPage = page(loadUsageReports, 'UserMetricsPage');
const ActivitiesPage = page(loadUsageReports, 'ActivitiesPage');
const loadComplianceReports = () => import('./reports/ComplianceReportPages');
const CallRecordingPage = page(loadComplianceReports, 'CallRecordingPage');
const MessageLoggingPage = page(loadComplianceReports, 'MessageLoggingPage');
// Not Setup > SMS Opt-In (SmsOptInPage above): the report of the opt-ins.
const SmsOptInReportPage = page(loadComplianceReports, 'SmsOptInPage');
const ChargesPage = page(() => import('./reports/ChargesPage'), 'ChargesPage');
const AdminActivityPage = page(() => import('./reports/AdminActivityPage'), 'AdminActivityPage');
const AdministratorsReportPage = page(() => import('./reports/AdministratorsReportPage'), 'AdministratorsReportPage');
const ProfilePage = page(() => import('./profile/ProfilePage'), 'ProfilePage');

// Its refusal (a Result with its pictures) is not needed before a page is.
const RequirePrivilege = lazy(() => import('./common/RequirePrivilege').then((m) => ({ default: m.RequirePrivilege })));

const pageSpinner = <Spinner />;
const fullSpinner = <Spinner full />;

/** Where each session state belongs; every other path redirects there. */
const HOME_OF: Record<Exclude<SessionState['status'], 'loading' | 'unavailable'>, string> = {
  anonymous: '/sign-in',
  password_change: '/change-password',
  signed_in: '/',
};

type Placed = keyof typeof HOME_OF;

/**
 * Renders `element` only in session state `status` (or one of them), else sends the browser to its
 * place. With `whileLoading` it is also shown while the session is still being asked for.
 */
function Only({
  status,
  element,
  whileLoading = false,
}: {
  status: Placed | Placed[];
  element: ReactElement;
  whileLoading?: boolean;
}) {
  const { state } = useSession();
  const location = useLocation();
  if (([] as SessionState['status'][]).concat(status).includes(state.status)) return element;
  if (whileLoading && state.status === 'loading') return element;
  if (state.status === 'loading' || state.status === 'unavailable') return null;
  // Back to the page that sent us to sign-in, once signed in.
  const from = (location.state as { from?: string } | null)?.from;
  const target = state.status === 'signed_in' && from ? from : HOME_OF[state.status];
  const remember = state.status === 'anonymous' && !state.signedOut ? { from: location.pathname + location.search } : undefined;
  return <Navigate to={target} replace state={remember} />;
}

/** "/": the Dashboard, or else the first page the admin's role opens. */
function Home() {
  const { can } = useSession();
  const first = firstAllowedPage(can);
  return first === '/' ? <DashboardPage /> : <Navigate to={first} replace />;
}

/**
 * As the session turns out signed in: the portal's frame, and when the admin lands on the
 * Dashboard its code and its data, start loading together rather than one after the other.
 */
function preloadSignedIn(me: Me, can: (privilege: string) => boolean, location: Location) {
  preloadFrame();
  // From the sign-in page the admin goes where they came from, else home.
  const signedOutPage = location.pathname in SIGNED_OUT_PAGES;
  const from = (location.state as { from?: string } | null)?.from;
  const target = signedOutPage ? (from ?? '/') : location.pathname;
  if (target === '/' && firstAllowedPage(can) === '/') {
    preloadDashboard(rememberedOrgId(me.admin.id) ?? me.org.id);
  }
}

/** The signed-in portal: the frame, its pages inside. */
function SignedInPortal() {
  return (
    <CurrentOrgProvider>
      <Suspense fallback={fullSpinner}>
        <AppLayout />
      </Suspense>
    </CurrentOrgProvider>
  );
}

/** A page inside the frame: while its chunk loads the frame stays and a spinner takes its place. */
const inFrame = (element: ReactElement) => <Suspense fallback={pageSpinner}>{element}</Suspense>;

/** A page of the signed-in portal behind the privileges its menu entry needs. */
const guarded = (path: keyof typeof PAGE_PRIVILEGES, element: ReactElement) =>
  inFrame(<RequirePrivilege any={PAGE_PRIVILEGES[path]}>{element}</RequirePrivilege>);

export function AppRoutes() {
  const { state, refresh, can } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const me = state.status === 'signed_in' ? state.me : null;
  useEffect(() => {
    if (me) preloadSignedIn(me, can, location);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per session (per admin): later navigations load their own page
  }, [me?.admin.id]);

  // Whoever opens the sign-in page is most likely signed out: its form shows while GET /auth/me is
  // answered (in the same place of the tree, so nothing typed meanwhile is lost), and a session
  // that turns out signed in then goes where it belongs.
  if (state.status === 'loading' && location.pathname !== '/sign-in') return fullSpinner;
  if (state.status === 'unavailable') {
    return (
      <div className="lp-unavailable" role="alert">
        <span>{state.error.detail}</span>
        <button type="button" className="lp-btn" onClick={() => void refresh()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  return (
    <Suspense fallback={fullSpinner}>
      <Routes>
        {/* Plain HTML and CSS, without Ant Design (docs/decisions.md, "Portal"). */}
        <Route path="/sign-in" element={<Only status="anonymous" whileLoading element={<LoginPage />} />} />
        <Route element={<AntConfigOutlet />}>
          <Route path="/forgot-password" element={<Only status="anonymous" element={<ForgotPasswordPage />} />} />
          {/* The emailed link works whatever the state of this browser's session. */}
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          {/* The invitation's link, for the user: public, whoever is signed in here. */}
          <Route path="/activate" element={<ActivatePage />} />
        </Route>
        {/* Ant Design is loaded only once the session needs it: "/" opened signed out goes to the sign-in page without it. */}
        <Route element={<Only status={['password_change', 'signed_in']} element={<AntConfigOutlet />} />}>
          <Route element={<AntAppOutlet />}>
            <Route path="/change-password" element={<Only status="password_change" element={<ChangePasswordPage />} />} />
            <Route element={<Only status="signed_in" element={<SignedInPortal />} />}>
              <Route index element={inFrame(<Home />)} />
              <Route path="sub-organizations" element={guarded('/sub-organizations', <SubOrgsPage />)} />
              <Route path="accounts" element={guarded('/accounts', <AccountsPage />)} />
              <Route path="administrators" element={guarded('/administrators', <AdminsPage />)} />
              <Route path="roles" element={guarded('/roles', <RolesPage />)} />
              <Route path="setup/two-factor" element={guarded('/setup/two-factor', <TwoFactorPage />)} />
              <Route path="setup/alerts" element={guarded('/setup/alerts', <AlertsPage />)} />
              <Route path="setup/number-management" element={guarded('/setup/number-management', <NumberManagementPage />)} />
              <Route path="setup/user-permissions" element={guarded('/setup/user-permissions', <UserPermissionsPage />)} />
              <Route path="setup/subscriptions" element={guarded('/setup/subscriptions', <SubscriptionsPage />)} />
              <Route path="setup/organization-templates" element={guarded('/setup/organization-templates', <OrgTemplatesPage />)} />
              <Route path="setup/domain-restriction" element={guarded('/setup/domain-restriction', <DomainRestrictionPage />)} />
              <Route path="setup/company-profile" element={guarded('/setup/company-profile', <CompanyProfilePage />)} />
              <Route
                path="setup/invitation-templates"
                element={guarded('/setup/invitation-templates', <InvitationTemplatesPage />)}
              />
              <Route path="setup/email-templates" element={guarded('/setup/email-templates', <EmailTemplatesPage />)} />
              <Route path="setup/webhooks" element={guarded('/setup/webhooks', <WebhooksPage />)} />
              <Route path="setup/recording" element={guarded('/setup/recording', <RecordingPage />)} />
              <Route path="setup/messages" element={guarded('/setup/messages', <MessagesPage />)} />
              <Route path="setup/sms-opt-in" element={guarded('/setup/sms-opt-in', <SmsOptInPage />)} />
              <Route path="setup/in-app-messaging" element={guarded('/setup/in-app-messaging', <InAppMessagingPage />)} />
              <Route path="setup/application-version" element={guarded('/setup/application-version', <AppVersionPage />)} />
              <Route path="setup/branding" element={guarded('/setup/branding', <BrandingPage />)} />
              <Route path="setup/help" element={guarded('/setup/help', <HelpPagesPage />)} />
              <Route path="help" element={guarded('/help', <HelpPage />)} />
              <Route path="help/:slug" element={guarded('/help', <HelpPage />)} />
              <Route
                path="reports/consumption-metrics"
                element={guarded('/reports/consumption-metrics', <ConsumptionMetricsPage />)}
              />
              <Route path="reports/user-metrics" element={guarded('/reports/user-metrics', <UserMetricsPage />)} />
              <Route path="reports/activities" element={guarded('/reports/activities', <ActivitiesPage />)} />
              <Route path="reports/call-recording" element={guarded('/reports/call-recording', <CallRecordingPage />)} />
              <Route path="reports/message-logging" element={guarded('/reports/message-logging', <MessageLoggingPage />)} />
              <Route path="reports/sms-opt-in" element={guarded('/reports/sms-opt-in', <SmsOptInReportPage />)} />
              <Route path="reports/charges" element={guarded('/reports/charges', <ChargesPage />)} />
              <Route path="reports/admin-activity" element={guarded('/reports/admin-activity', <AdminActivityPage />)} />
              <Route path="reports/administrators" element={guarded('/reports/administrators', <AdministratorsReportPage />)} />
              <Route path="profile" element={inFrame(<ProfilePage />)} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Route>
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
