import { useSyncExternalStore } from 'react';

/** True while the media query matches, e.g. useMediaQuery('(max-width: 600px)'). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', notify);
      return () => mql.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
  );
}

/** The phone layout: one pane at a time. */
export const PHONE_QUERY = '(max-width: 600px)';
export const usePhoneLayout = () => useMediaQuery(PHONE_QUERY);
