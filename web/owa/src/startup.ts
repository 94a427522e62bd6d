// What the page asks the server for before React renders (see api/prefetch.ts).
import { api } from './api/client';
import { prefetch } from './api/prefetch';
import type { Session } from './api/types';
import { prefetchMail } from './mail/prefetch';
import { currentRoute } from './router';

export const SESSION_KEY = 'session';

export function startPrefetch(): void {
  prefetch(SESSION_KEY, () => api.get<Session>('/session'));
  const route = currentRoute();
  const module = route.segments[0];
  if (module === undefined || module === 'mail') prefetchMail(route.segments[1]);
}
