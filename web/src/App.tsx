import { Suspense, lazy } from 'react';
import type { ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Button, Flex, Result, Spin } from 'antd';
import { AccountsPage } from './accounts/AccountsPage';
import { AdminsPage } from './admins/AdminsPage';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage';
import { LoginPage } from './auth/LoginPage';
import { ResetPasswordPage } from './auth/ResetPasswordPage';
import { useSession } from './auth/session';
import type { SessionState } from './auth/session';
import { useI18n } from './i18n';
import { RequirePrivilege } from './common/RequirePrivilege';
import { AppLayout } from './layout/AppLayout';
import { PAGE_PRIVILEGES, firstAllowedPage } from './layout/pages';
import { CurrentOrgProvider } from './org/currentOrg';
import { SubOrgsPage } from './org/SubOrgsPage';
import { ProfilePage } from './profile/ProfilePage';
import { AdminActivityPage } from './reports/AdminActivityPage';
import { RolesPage } from './roles/RolesPage';
import { NumberManagementPage } from './numbers/NumberManagementPage';
import { AlertsPage } from './setup/AlertsPage';
import { DomainRestrictionPage } from './setup/DomainRestrictionPage';
import { InvitationTemplatesPage } from './setup/InvitationTemplatesPage';
import { UserPermissionsPage } from './setup/UserPermissionsPage';
import { TwoFactorPage } from './setup/TwoFactorPage';
import { ActivitiesPage, ConsumptionMetricsPage, UserMetricsPage } from './reports/UsageReportPages';

// The dashboard brings ECharts; it loads in its own chunk, only for those who open it.
const DashboardPage = lazy(() => import('./dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));

/** Where each session state belongs; every other path redirects there. */
const HOME_OF: Record<Exclude<SessionState['status'], 'loading' | 'unavailable'>, string> = {
  anonymous: '/sign-in',
  password_change: '/change-password',
  signed_in: '/',
};

/** Renders `element` only in session state `status`, else sends the browser to its place. */
function Only({ status, element }: { status: keyof typeof HOME_OF; element: ReactElement }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === status) return element;
  if (state.status === 'loading' || state.status === 'unavailable') return null;
  // Back to the page that sent us to sign-in, once signed in.
  const from = (location.state as { from?: string } | null)?.from;
  const target = state.status === 'signed_in' && from ? from : HOME_OF[state.status];
  const remember =
    state.status === 'anonymous' && !state.signedOut ? { from: location.pathname + location.search } : undefined;
  return <Navigate to={target} replace state={remember} />;
}

/** "/": the Dashboard, or else the first page the admin's role opens. */
function Home() {
  const { can } = useSession();
  const first = firstAllowedPage(can);
  return first === '/' ? (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />}>
      <DashboardPage />
    </Suspense>
  ) : (
    <Navigate to={first} replace />
  );
}

/** A page of the signed-in portal behind the privileges its menu entry needs. */
const guarded = (path: keyof typeof PAGE_PRIVILEGES, element: ReactElement) => (
  <RequirePrivilege any={PAGE_PRIVILEGES[path]}>{element}</RequirePrivilege>
);

export function AppRoutes() {
  const { state, refresh } = useSession();
  const { t } = useI18n();

  if (state.status === 'loading') {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (state.status === 'unavailable') {
    return (
      <Result
        status="warning"
        title={state.error.detail}
        extra={<Button onClick={() => void refresh()}>{t('common.retry')}</Button>}
      />
    );
  }

  return (
    <Routes>
      <Route path="/sign-in" element={<Only status="anonymous" element={<LoginPage />} />} />
      <Route path="/forgot-password" element={<Only status="anonymous" element={<ForgotPasswordPage />} />} />
      {/* The emailed link works whatever the state of this browser's session. */}
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/change-password" element={<Only status="password_change" element={<ChangePasswordPage />} />} />
      <Route
        element={
          <Only
            status="signed_in"
            element={
              <CurrentOrgProvider>
                <AppLayout />
              </CurrentOrgProvider>
            }
          />
        }
      >
        <Route index element={<Home />} />
        <Route path="sub-organizations" element={guarded('/sub-organizations', <SubOrgsPage />)} />
        <Route path="accounts" element={guarded('/accounts', <AccountsPage />)} />
        <Route path="administrators" element={guarded('/administrators', <AdminsPage />)} />
        <Route path="roles" element={guarded('/roles', <RolesPage />)} />
        <Route path="setup/two-factor" element={guarded('/setup/two-factor', <TwoFactorPage />)} />
        <Route path="setup/alerts" element={guarded('/setup/alerts', <AlertsPage />)} />
        <Route
          path="setup/number-management"
          element={guarded('/setup/number-management', <NumberManagementPage />)}
        />
        <Route path="setup/user-permissions" element={guarded('/setup/user-permissions', <UserPermissionsPage />)} />
        <Route
          path="setup/domain-restriction"
          element={guarded('/setup/domain-restriction', <DomainRestrictionPage />)}
        />
        <Route
          path="setup/invitation-templates"
          element={guarded('/setup/invitation-templates', <InvitationTemplatesPage />)}
        />
        <Route
          path="reports/consumption-metrics"
          element={guarded('/reports/consumption-metrics', <ConsumptionMetricsPage />)}
        />
        <Route path="reports/user-metrics" element={guarded('/reports/user-metrics', <UserMetricsPage />)} />
        <Route path="reports/activities" element={guarded('/reports/activities', <ActivitiesPage />)} />
        <Route path="reports/admin-activity" element={guarded('/reports/admin-activity', <AdminActivityPage />)} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
