import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { Org } from '../api/types';
import { useMe } from '../auth/session';

interface CurrentOrg {
  /** The organization every org page acts on; null while it loads. */
  org: Org | null;
  error: DomainError | null;
  select: (id: string) => Promise<void>;
  /** Re-reads the current organization (its counts change as children come and go). */
  reload: () => Promise<void>;
}

const CurrentOrgContext = createContext<CurrentOrg | null>(null);

const storageKey = (adminId: string) => `lineport.org.${adminId}`;

/** The organization this admin last chose here, if any (it may be gone or out of scope now). */
export const rememberedOrgId = (adminId: string): string | null => localStorage.getItem(storageKey(adminId));

/** Keeps the organization chosen with the picker, per admin, across reloads. */
export function CurrentOrgProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const adminId = me.admin.id;
  const homeId = me.org.id;
  const [org, setOrg] = useState<Org | null>(null);
  const [error, setError] = useState<DomainError | null>(null);

  const select = useCallback(
    async (id: string) => {
      const next = await orgs.get(id);
      localStorage.setItem(storageKey(adminId), next.id);
      setError(null);
      setOrg(next);
    },
    [adminId],
  );

  useEffect(() => {
    const stored = localStorage.getItem(storageKey(adminId));
    const load = async () => {
      try {
        await select(stored ?? homeId);
      } catch (e) {
        // The remembered organization may be gone or out of scope now: go home.
        if (stored && stored !== homeId && e instanceof DomainError && (e.status === 404 || e.status === 403)) {
          localStorage.removeItem(storageKey(adminId));
          await select(homeId);
        } else {
          throw e;
        }
      }
    };
    load().catch((e: unknown) => setError(e instanceof DomainError ? e : new DomainError(0, { detail: String(e) })));
  }, [adminId, homeId, select]);

  const reload = useCallback(async () => {
    if (org) setOrg(await orgs.get(org.id));
  }, [org]);

  const value = useMemo(() => ({ org, error, select, reload }), [org, error, select, reload]);
  return <CurrentOrgContext.Provider value={value}>{children}</CurrentOrgContext.Provider>;
}

export function useCurrentOrg(): CurrentOrg {
  const context = useContext(CurrentOrgContext);
  if (!context) throw new Error('useCurrentOrg outside CurrentOrgProvider');
  return context;
}
