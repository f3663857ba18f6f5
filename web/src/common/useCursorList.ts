import { useCallback, useEffect, useRef, useState } from 'react';
import { DomainError } from '../api/client';
import type { Page } from '../api/types';

export interface CursorList<T> {
  items: T[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error: DomainError | null;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A list the API serves a cursor page at a time. `fetchPage` (from useCallback) says what to
 * read; when it changes — another organization, another filter — the list starts again, and
 * answers to an earlier `fetchPage` are dropped. Null reads nothing.
 */
export function useCursorList<T>(fetchPage: ((cursor: string | null) => Promise<Page<T>>) | null): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<DomainError | null>(null);
  const generation = useRef(0);

  const load = useCallback(
    async (from: string | null, append: boolean) => {
      if (!fetchPage) return;
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await fetchPage(from);
        if (mine !== generation.current) return;
        setItems((prev) => (append ? [...prev, ...page.items] : page.items));
        setTotal(page.total);
        setCursor(page.next_cursor);
      } catch (e) {
        if (mine === generation.current) {
          setError(e instanceof DomainError ? e : new DomainError(0, { detail: String(e) }));
        }
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    setItems([]);
    setTotal(0);
    setCursor(null);
    void load(null, false);
  }, [load]);

  return {
    items,
    total,
    hasMore: cursor !== null,
    loading,
    error,
    loadMore: () => void load(cursor, true),
    reload: () => void load(null, false),
  };
}
