import type { ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Button, Flex, Result, Spin } from 'antd';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { LoginPage } from './auth/LoginPage';
import { useSession } from './auth/session';
import type { SessionState } from './auth/session';
import { useI18n } from './i18n';
import { AppLayout } from './layout/AppLayout';
import { CurrentOrgProvider } from './org/currentOrg';
import { SubOrgsPage } from './org/SubOrgsPage';
import { ProfilePage } from './profile/ProfilePage';

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
  const remember = state.status === 'anonymous' ? { from: location.pathname + location.search } : undefined;
  return <Navigate to={target} replace state={remember} />;
}

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
        <Route index element={<SubOrgsPage />} />
        <Route path="sub-organizations" element={<SubOrgsPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
