import { useCallback, useRef } from 'react';

/** A function whose identity never changes but that always calls the latest `fn` (for memoized children). */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  ref.current = fn;
  return useCallback((...args: A) => ref.current(...args), []);
}
