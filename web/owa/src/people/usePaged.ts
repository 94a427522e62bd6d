// A list loaded page by page for a search text: the first page on every new search (or reload), the next when the
// list asks for more. Answers to an old search are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export interface PageResult<T> {
  items: T[];
  total: number;
}

export type PageFetcher<T> = (q: string, offset: number, signal: AbortSignal) => Promise<PageResult<T>>;

export interface Paged<T> {
  items: T[];
  total: number;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
}

export function usePaged<T>(fetchPage: PageFetcher<T>, q: string, reload: number): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const busy = useRef(false);
  const state = useRef({ items, total });
  state.current = { items, total };

  useEffect(() => {
    const gen = ++generation.current;
    const ctrl = new AbortController();
    busy.current = true;
    setLoading(true);
    fetchPage(q, 0, ctrl.signal)
      .then((page) => {
        if (gen !== generation.current) return;
        setItems(page.items ?? []);
        setTotal(Math.max(page.total ?? 0, page.items?.length ?? 0));
        setError(null);
      })
      .catch((e) => {
        if (gen === generation.current && !ctrl.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (gen === generation.current) {
          busy.current = false;
          setLoading(false);
        }
      });
    return () => ctrl.abort();
  }, [fetchPage, q, reload]);

  const loadMore = useCallback(() => {
    const { items: have, total: all } = state.current;
    if (busy.current || have.length >= all) return;
    const gen = generation.current;
    const ctrl = new AbortController();
    busy.current = true;
    fetchPage(q, have.length, ctrl.signal)
      .then((page) => {
        if (gen !== generation.current) return;
        const more = page.items ?? [];
        setItems((list) => list.concat(more));
        // An empty page means the list shrank meanwhile: stop asking.
        setTotal(more.length === 0 ? have.length : Math.max(page.total ?? 0, have.length + more.length));
      })
      .catch((e) => {
        if (gen === generation.current) setError(errorMessage(e));
      })
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [fetchPage, q]);

  return { items, total, loading, error, loadMore };
}

/** The value, once it has stopped changing for `ms` (search boxes). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
