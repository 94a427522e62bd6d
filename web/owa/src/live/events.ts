// Live updates: one EventSource on /owa/service/events shared by the whole page. `change` events are handed to the
// subscribers; after a broken connection comes back, subscribers get one event with `resync: true` (changes may have
// been missed meanwhile, so refresh everything shown).
import { api, SERVICE_ROOT } from '../api/client';
import type { ChangeEvent } from '../api/types';

export interface LiveEvent extends ChangeEvent {
  /** True for the synthetic event sent after a reconnect: refresh whatever is shown. */
  resync?: boolean;
}

export type LiveListener = (event: LiveEvent) => void;

const listeners = new Set<LiveListener>();
let source: EventSource | null = null;
let retryTimer: number | undefined;
let retryDelay = 1000;
let hadConnection = false;
let broken = false;

function emit(event: LiveEvent): void {
  for (const l of [...listeners]) {
    try {
      l(event);
    } catch (e) {
      console.error('live update listener failed', e);
    }
  }
}

function connect(): void {
  if (source || listeners.size === 0) return;
  const es = new EventSource(SERVICE_ROOT + '/events', { withCredentials: true });
  source = es;
  es.onopen = () => {
    retryDelay = 1000;
    if (hadConnection && broken) emit({ changeNumber: 0, folders: [], hierarchy: true, resync: true });
    hadConnection = true;
    broken = false;
  };
  es.addEventListener('change', (e) => {
    try {
      const data = JSON.parse((e as MessageEvent<string>).data) as Partial<ChangeEvent>;
      emit({
        changeNumber: typeof data.changeNumber === 'number' ? data.changeNumber : 0,
        folders: Array.isArray(data.folders) ? data.folders : [],
        hierarchy: data.hierarchy === true,
      });
    } catch {
      // A malformed event is ignored; the next one will do.
    }
  });
  es.onerror = () => {
    broken = true;
    // The browser retries by itself while readyState is CONNECTING; once CLOSED (an HTTP error such as 440) it gives
    // up, and so we retry with a growing delay, first asking the API whether the session still exists (a 440 there
    // sends the user to the sign-in page).
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      if (source === es) source = null;
      scheduleRetry();
    }
  };
}

function scheduleRetry(): void {
  if (retryTimer !== undefined || listeners.size === 0) return;
  const delay = retryDelay;
  retryDelay = Math.min(retryDelay * 2, 60_000);
  retryTimer = window.setTimeout(async () => {
    retryTimer = undefined;
    try {
      await api.get('/session');
    } catch {
      // Network down or session gone (handled by the client); try again later either way.
      if (listeners.size > 0 && !source) scheduleRetry();
      return;
    }
    connect();
  }, delay);
}

function disconnect(): void {
  source?.close();
  source = null;
  if (retryTimer !== undefined) {
    clearTimeout(retryTimer);
    retryTimer = undefined;
  }
}

/** Listens to mailbox changes; returns the unsubscribe function. The connection lives while anyone listens. */
export function subscribe(listener: LiveListener): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** True while the event stream is open. */
export function isConnected(): boolean {
  return source?.readyState === EventSource.OPEN;
}
