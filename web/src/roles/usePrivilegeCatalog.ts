import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { privileges } from '../api/endpoints';
import type { Privilege } from '../api/types';

let cached: Privilege[] | null = null;

/** GET /privileges, read once per page load (the catalog is fixed for a server version). */
export function usePrivilegeCatalog(): { catalog: Privilege[] | null; error: ApiError | null } {
  const [catalog, setCatalog] = useState<Privilege[] | null>(cached);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (cached) return;
    let live = true;
    privileges
      .list()
      .then(({ items }) => {
        cached = items;
        if (live) setCatalog(items);
      })
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, { detail: String(e) })));
    return () => {
      live = false;
    };
  }, []);
  return { catalog, error };
}
