import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { DomainError, setApiHooks, setCsrfToken } from '../api/client';
import { auth } from '../api/endpoints';
import type { Admin, LoginResult, Me, Preferences, SecondFactor } from '../api/types';
import { hasStoredLanguage, isLanguage, useI18n } from '../i18n';

export type SessionState =
  | { status: 'loading' }
  /** `signedOut`: the admin signed out here (a later sign-in starts at home, not where they were). */
  | { status: 'anonymous'; signedOut?: boolean }
  | { status: 'unavailable'; error: DomainError }
  /** Signed in, but the server accepts nothing until the password is changed. */
  | { status: 'password_change'; admin: Admin | null }
  | { status: 'signed_in'; me: Me };

interface Session {
  state: SessionState;
  /** The signed-in session; only valid while `state.status === 'signed_in'`. */
  me: Me | null;
  /** Resolves with the login answer; a `two_factor_required` one leaves the state as it is. */
  signIn: (email: string, password: string) => Promise<LoginResult>;
  /** Second step of a two-factor sign-in. */
  verifySecondFactor: (challenge: string, factor: SecondFactor, value: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Re-reads GET /auth/me (after a password change, or to retry). */
  refresh: () => Promise<void>;
  /** Replaces the signed-in admin after an edit of the own profile. */
  setAdmin: (admin: Admin) => void;
  /** Replaces the admin's portal preferences with what the server stored. */
  setPreferences: (preferences: Preferences) => void;
  can: (privilege: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

// Is there a session already? Asked as the portal's code starts, while the page is still being
// drawn, and taken by the first refresh (docs/performance.md, "First load").
let firstMe: Promise<Me> | null = auth.me();
firstMe.catch(() => {}); // the first refresh handles it

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { setLanguage } = useI18n();

  const adopt = useCallback((me: Me) => {
    setCsrfToken(me.csrf_token);
    setState(me.password_change_required ? { status: 'password_change', admin: me.admin } : { status: 'signed_in', me });
  }, []);

  const refresh = useCallback(async () => {
    const asked = firstMe ?? auth.me();
    firstMe = null;
    try {
      adopt(await asked);
    } catch (e) {
      const error = e instanceof DomainError ? e : new DomainError(0, { detail: String(e) });
      if (error.status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      } else if (error.code === 'password_change_required') {
        setState({ status: 'password_change', admin: null });
      } else {
        setState({ status: 'unavailable', error });
      }
    }
  }, [adopt]);

  // First load: is there a session already?
  useEffect(() => {
    setApiHooks({
      onUnauthorized: () => {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      },
      onPasswordChangeRequired: () =>
        setState((s) => ({
          status: 'password_change',
          admin: s.status === 'signed_in' ? s.me.admin : null,
        })),
    });
    void refresh();
  }, [refresh]);

  /** Takes over the session a successful login (password, or password and PIN) opened. */
  const adoptLogin = useCallback(
    async (result: LoginResult) => {
      if (!result.admin) return;
      setCsrfToken(result.csrf_token ?? null);
      if (isLanguage(result.admin.language)) setLanguage(result.admin.language);
      if (result.password_change_required) {
        setState({ status: 'password_change', admin: result.admin });
      } else {
        await refresh();
      }
    },
    [refresh, setLanguage],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await auth.login(email, password);
      if (!result.two_factor_required) await adoptLogin(result);
      return result;
    },
    [adoptLogin],
  );

  const verifySecondFactor = useCallback(
    async (challenge: string, factor: SecondFactor, value: string) =>
      adoptLogin(await auth.verifySecondFactor(challenge, factor, value)),
    [adoptLogin],
  );

  const signOut = useCallback(async () => {
    try {
      await auth.logout();
    } catch {
      // The session may be gone already; signing out locally is what matters.
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', signedOut: true });
  }, []);

  const setAdmin = useCallback((admin: Admin) => {
    setState((s) => (s.status === 'signed_in' ? { status: 'signed_in', me: { ...s.me, admin } } : s));
  }, []);

  const setPreferences = useCallback((preferences: Preferences) => {
    setState((s) => (s.status === 'signed_in' ? { status: 'signed_in', me: { ...s.me, preferences } } : s));
  }, []);

  const me = state.status === 'signed_in' ? state.me : null;

  // A reload of the page keeps the language chosen in this browser; a first visit takes
  // the admin's own.
  useEffect(() => {
    if (me && !hasStoredLanguage() && isLanguage(me.admin.language)) {
      setLanguage(me.admin.language);
    }
  }, [me, setLanguage]);

  const value = useMemo<Session>(() => {
    const privileges = new Set(me?.privileges ?? []);
    return {
      state,
      me,
      signIn,
      verifySecondFactor,
      signOut,
      refresh,
      setAdmin,
      setPreferences,
      can: (privilege) => privileges.has(privilege),
    };
  }, [state, me, signIn, verifySecondFactor, signOut, refresh, setAdmin, setPreferences]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** For pages that only render inside the signed-in layout. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in session');
  return me;
}
