import { useCallback } from 'react';
import { orgs } from '../api/endpoints';
import type { Org } from '../api/types';
import { useCursorList } from '../common/useCursorList';
import type { CursorList } from '../common/useCursorList';

/** The sub-organizations of `parentId`, a cursor page at a time (sorted by name). */
export function useChildren(parentId: string | null, pageSize = 50): CursorList<Org> {
  const fetchPage = useCallback((cursor: string | null) => orgs.children(parentId ?? '', cursor, pageSize), [parentId, pageSize]);
  return useCursorList(parentId ? fetchPage : null);
}
