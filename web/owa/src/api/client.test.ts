import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The client reads document.cookie, location and sessionStorage: give it minimal stand-ins (Node has no DOM).
function installBrowser(cookie: string) {
  const store = new Map<string, string>();
  const location = { pathname: '/owa/', search: '', hash: '#/mail/inbox', assign: vi.fn() };
  vi.stubGlobal('document', { cookie });
  vi.stubGlobal('location', location);
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  return { location, store };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

describe('api client', () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it('sends the canary from the cookie on writes only', async () => {
    installBrowser('theme=x; X-OWA-CANARY=abc%2B123; other=1');
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    const { api } = await import('./client');
    await api.get('/session');
    await api.patch('/messages/m1', { isRead: true });
    const [getUrl, getInit] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const [patchUrl, patchInit] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(getUrl).toBe('/owa/service/session');
    expect((getInit.headers as Record<string, string>)['X-OWA-CANARY']).toBeUndefined();
    expect(patchUrl).toBe('/owa/service/messages/m1');
    expect(patchInit.method).toBe('PATCH');
    expect((patchInit.headers as Record<string, string>)['X-OWA-CANARY']).toBe('abc+123');
    expect(patchInit.body).toBe('{"isRead":true}');
  });

  it('turns the contract error body into a typed ApiError', async () => {
    installBrowser('');
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(409, { error: { code: 'WellKnownFolder', message: 'The Inbox cannot be renamed.' } })));
    const { api, ApiError } = await import('./client');
    const e = await api.patch('/folders/f1', { name: 'x' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'WellKnownFolder', message: 'The Inbox cannot be renamed.' });
  });

  it('on 440 keeps the unsent draft and goes to the sign-in page, back to the same view', async () => {
    const { location, store } = installBrowser('X-OWA-CANARY=t');
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(440, undefined)));
    const client = await import('./client');
    client.registerPendingDraft(() => ({ subject: 'Unsent', to: [{ name: 'Bob', address: 'bob@bourse.test' }] }));
    const e = await client.api.put('/drafts/d1', {}).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 440, code: 'SessionExpired' });
    expect(location.assign).toHaveBeenCalledWith('/owa/auth/logon.aspx?url=' + encodeURIComponent('/owa/#/mail/inbox'));
    expect(JSON.parse(store.get('owa.pendingDrafts')!)).toEqual([{ subject: 'Unsent', to: [{ name: 'Bob', address: 'bob@bourse.test' }] }]);
    // After signing in again the draft is handed back once.
    expect(client.takePendingDrafts()).toHaveLength(1);
    expect(client.takePendingDrafts()).toHaveLength(0);
  });

  it('builds query strings without empty values', async () => {
    installBrowser('');
    const { serviceUrl } = await import('./client');
    expect(serviceUrl('/search', { q: 'a b', from: '', after: undefined, offset: 0 })).toBe('/owa/service/search?q=a+b&offset=0');
  });
});
