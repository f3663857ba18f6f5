import { useEffect, useState } from 'react';
import { DomainError } from '../api/client';
import { privileges } from '../api/endpoints';
import type { Privilege } from '../api/types';

let cached: Privilege[] | null = null;

/** GET /privileges, read once per page load (the catalog is fixed for a server version). */
export function usePrivilegeCatalog(): { catalog: Privilege[] | null; error: DomainError | null } {
  const [catalog, setCatalog] = useState<Privilege[] | null>(cached);
  const [error, setError] = useState<DomainError | null>(null);
  useEffect(() => {
    if (cached) return;
    let live = true;
    privileges
      .list()
      .then(({ items }) => {
        cached = items;
        if (live) setCatalog(items);
      })
      .catch((e: unknown) => live && setError(e instanceof DomainError ? e : new DomainError(0, { detail: String(e) })));
    return () => {
      live = false;
    };
  }, []);
  return { catalog, error };
}
