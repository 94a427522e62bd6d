// The one way the page talks to /owa/service: JSON in and out, the X-OWA-CANARY header on every state-changing call,
// typed errors from {"error":{"code","message"}}, and 440 (the session ended) handled in one place.
import type { ApiErrorBody, ApiErrorCode } from './types';

export const SERVICE_ROOT = '/owa/service';
const CANARY = 'X-OWA-CANARY';
const PENDING_DRAFTS_KEY = 'owa.pendingDrafts';

/** An error answer of the API (or a network failure), with the contract's code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;

  constructor(status: number, code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function isApiError(e: unknown, code?: ApiErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** A readable sentence for any error thrown by the client. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message || e.code;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** The script-readable anti-forgery cookie set at sign-in (path /owa). */
export function readCanary(): string | null {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === CANARY) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

// ---- Session expiry (440) -------------------------------------------------------------------------------------------

/** Something unsent the page must keep over a sign-in (a draft being composed). */
export type PendingDraftProvider = () => unknown | null;

const draftProviders = new Set<PendingDraftProvider>();
let expiring = false;
const expiryListeners = new Set<() => void>();

/** Registers a callback asked for its unsent state when the session ends; returns the unregister function. */
export function registerPendingDraft(provider: PendingDraftProvider): () => void {
  draftProviders.add(provider);
  return () => draftProviders.delete(provider);
}

/** Called once when a 440 arrives (e.g. to show a "session ended" message before the page leaves). */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** The drafts kept by the last session expiry (and forgets them). */
export function takePendingDrafts(): unknown[] {
  const raw = sessionStorage.getItem(PENDING_DRAFTS_KEY);
  if (!raw) return [];
  sessionStorage.removeItem(PENDING_DRAFTS_KEY);
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The sign-in page, coming back to what the user was looking at. */
export function signInUrl(): string {
  const here = location.pathname.startsWith('/owa') ? location.pathname + location.search + location.hash : '/owa/';
  return '/owa/auth/logon.aspx?url=' + encodeURIComponent(here);
}

/** The session is over: keep unsent drafts in sessionStorage and go to the sign-in page. */
export function handleSessionExpired(): void {
  if (expiring) return;
  expiring = true;
  const drafts: unknown[] = [];
  for (const provider of draftProviders) {
    try {
      const d = provider();
      if (d != null) drafts.push(d);
    } catch {
      // A provider that fails must not keep the user from signing in again.
    }
  }
  if (drafts.length > 0) {
    try {
      sessionStorage.setItem(PENDING_DRAFTS_KEY, JSON.stringify(drafts));
    } catch {
      // Storage full or disabled: nothing more can be done.
    }
  }
  for (const l of expiryListeners) l();
  location.assign(signInUrl());
}

// ---- Requests -------------------------------------------------------------------------------------------------------

export type Query = Record<string, string | number | boolean | null | undefined>;

/** "/folders/x/messages" + {offset: 0} → "/owa/service/folders/x/messages?offset=0" (undefined/null/'' left out). */
export function serviceUrl(path: string, query?: Query): string {
  let url = SERVICE_ROOT + (path.startsWith('/') ? path : '/' + path);
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      params.set(k, String(v));
    }
    const s = params.toString();
    if (s) url += '?' + s;
  }
  return url;
}

/** Encodes one id for a path segment. */
export const seg = (id: string): string => encodeURIComponent(id);

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Raw body (Blob/ArrayBuffer) sent as is with this content type instead of JSON. */
  rawBody?: BodyInit;
  contentType?: string;
}

async function toError(response: Response): Promise<ApiError> {
  let code: ApiErrorCode = 'HttpError';
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body && body.error && typeof body.error.code === 'string') {
      code = body.error.code;
      message = typeof body.error.message === 'string' ? body.error.message : code;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(response.status, code, message);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['Content-Type'] = options.contentType || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const canary = readCanary();
    if (canary) headers[CANARY] = canary;
  }
  let response: Response;
  try {
    response = await fetch(serviceUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NetworkError', 'The server could not be reached. Check your connection.');
  }
  if (response.status === 440) {
    handleSessionExpired();
    throw new ApiError(440, 'SessionExpired', 'Your session has ended. Please sign in again.');
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body, query }),
  put: <T>(path: string, body: unknown, query?: Query) => request<T>('PUT', path, { body, query }),
  patch: <T>(path: string, body: unknown, query?: Query) => request<T>('PATCH', path, { body, query }),
  del: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
};

// ---- Uploads with progress ------------------------------------------------------------------------------------------

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/**
 * POSTs raw bytes (a file) with XMLHttpRequest so that upload progress can be shown; fetch has no upload progress.
 * onProgress gets (sent, total) in bytes.
 */
export function upload<T>(
  path: string,
  file: Blob,
  query: Query | undefined,
  onProgress?: (sent: number, total: number) => void,
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', serviceUrl(path, query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    const canary = readCanary();
    if (canary) xhr.setRequestHeader(CANARY, canary);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', 'The upload failed. Check your connection.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status === 440) {
        handleSessionExpired();
        reject(new ApiError(440, 'SessionExpired', 'Your session has ended. Please sign in again.'));
        return;
      }
      let parsed: unknown = undefined;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed as T);
        return;
      }
      const body = parsed as Partial<ApiErrorBody> | undefined;
      if (body?.error && typeof body.error.code === 'string')
        reject(new ApiError(xhr.status, body.error.code, body.error.message ?? body.error.code));
      else if (xhr.status === 413) reject(new ApiError(413, 'TooLarge', 'The file is too large.'));
      else reject(new ApiError(xhr.status, 'HttpError', `${xhr.status} ${xhr.statusText}`.trim()));
    };
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
