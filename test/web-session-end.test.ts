// The web client and an ended session: a 401 `session_ended` renews once and, when the renewal is
// refused too, ends the session so the shell shows the login page. No browser needed: fetch is stubbed.
import { afterEach, describe, expect, it, vi } from 'vitest';

interface WebApi {
  api<T>(path: string): Promise<T>;
  setAuthHooks(hooks: { accessToken(): string | undefined; renew(): Promise<boolean>; ended(): void }): void;
}

const webApi = new URL('../packages/web/src/api.ts', import.meta.url).href;

function problem(status: number, code: string): Response {
  return new Response(JSON.stringify({ status, code, title: code }), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

describe('the web client when the api says the session ended', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('renews once, and when the renewal is refused, ends the session (the login page)', async () => {
    const { api, setAuthHooks } = (await import(webApi)) as WebApi;
    const fetch = vi.fn(async () => problem(401, 'session_ended'));
    vi.stubGlobal('fetch', fetch);
    const hooks = { accessToken: () => 'an access token of an ended session', renew: vi.fn(async () => false), ended: vi.fn() };
    setAuthHooks(hooks);
    await expect(api('/api/v1/me')).rejects.toMatchObject({ status: 401, code: 'session_ended' });
    expect(hooks.renew).toHaveBeenCalledTimes(1);
    expect(hooks.ended).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends the request again when the renewal succeeds', async () => {
    const { api, setAuthHooks } = (await import(webApi)) as WebApi;
    let token = 'old';
    const fetch = vi.fn(async (_path: string, init: RequestInit) =>
      (init.headers as Record<string, string>)['Authorization'] === 'Bearer new'
        ? new Response(JSON.stringify({ ok: true }), { status: 200 })
        : problem(401, 'session_ended'),
    );
    vi.stubGlobal('fetch', fetch);
    const hooks = {
      accessToken: () => token,
      renew: vi.fn(async () => {
        token = 'new';
        return true;
      }),
      ended: vi.fn(),
    };
    setAuthHooks(hooks);
    expect(await api('/api/v1/me')).toEqual({ ok: true });
    expect(hooks.ended).not.toHaveBeenCalled();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
