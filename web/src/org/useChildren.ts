import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { Org } from '../api/types';

interface Children {
  items: Org[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  loadMore: () => void;
  reload: () => void;
}

/** The sub-organizations of `parentId`, a cursor page at a time (sorted by name). */
export function useChildren(parentId: string | null, pageSize = 50): Children {
  const [items, setItems] = useState<Org[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // Answers for a parent the user has already left are dropped.
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (from: string | null, append: boolean) => {
      if (!parentId) return;
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await orgs.children(parentId, from, pageSize);
        if (mine !== generation.current) return;
        setItems((prev) => (append ? [...prev, ...page.items] : page.items));
        setTotal(page.total);
        setCursor(page.next_cursor);
      } catch (e) {
        if (mine === generation.current) {
          setError(e instanceof ApiError ? e : new ApiError(0, { detail: String(e) }));
        }
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [parentId, pageSize],
  );

  useEffect(() => {
    setItems([]);
    setTotal(0);
    setCursor(null);
    void fetchPage(null, false);
  }, [fetchPage]);

  return {
    items,
    total,
    hasMore: cursor !== null,
    loading,
    error,
    loadMore: () => void fetchPage(cursor, true),
    reload: () => void fetchPage(null, false),
  };
}
