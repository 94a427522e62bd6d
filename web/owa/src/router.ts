// Hash routing: /owa/#/mail/inbox, #/calendar, #/people, #/settings. The hash keeps every route on the one start page
// the server serves at /owa/ (and survives the sign-in redirect, which keeps the whole /owa/ URL).
import { useSyncExternalStore } from 'react';

export interface Route {
  /** The path after '#', e.g. "/mail/inbox" (always starts with '/'). */
  path: string;
  /** The path's segments, decoded: ["mail", "inbox"]. */
  segments: string[];
  /** The query after '?' inside the hash (#/mail/inbox?q=x). */
  query: URLSearchParams;
}

function parse(hash: string): Route {
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith('/')) h = '/' + h;
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, segments, query };
}

let current = parse(location.hash);
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  current = parse(location.hash);
  for (const l of listeners) l();
});

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => current);
}

export function currentRoute(): Route {
  return current;
}

/** Builds "#/a/b" from segments, each encoded. */
export function href(...segments: string[]): string {
  return '#/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

/** Goes to a route ("/mail/inbox" or "#/mail/inbox"); replace=true does not add a history entry. */
export function navigate(to: string, replace = false): void {
  const hash = to.startsWith('#') ? to : '#' + (to.startsWith('/') ? to : '/' + to);
  if (location.hash === hash) return;
  if (replace) {
    history.replaceState(history.state, '', location.pathname + location.search + hash);
    current = parse(hash);
    for (const l of listeners) l();
  } else {
    location.hash = hash;
  }
}
