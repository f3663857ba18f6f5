import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dispatch, SetStateAction } from 'react';
import { DomainError } from '../api/client';

export interface ApiData<T> {
  data: T | null;
  loading: boolean;
  error: DomainError | null;
  /** Reads again, keeping the data on screen until the answer comes. */
  reload: () => Promise<void>;
  /** Puts the answer of a change in place of the data read (a value, or an update of it). */
  set: Dispatch<SetStateAction<T | null>>;
}

/**
 * One read of the API (not paged). `fetch` (from useCallback) says what to read; when it
 * changes the data is cleared and read again, and answers to an earlier `fetch` are dropped.
 * Null reads nothing.
 */
export function useApiData<T>(fetch: (() => Promise<T>) | null): ApiData<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<DomainError | null>(null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    if (!fetch) return;
    setLoading(true);
    setError(null);
    try {
      const answer = await fetch();
      if (mine === generation.current) setData(answer);
    } catch (e) {
      if (mine === generation.current) setError(e instanceof DomainError ? e : new DomainError(0, { detail: String(e) }));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [fetch]);

  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);

  return { data, loading, error, reload, set: setData };
}
