// The session across reloads and lost signals: picked up again in the tab without a request, kept
// when the service cannot be reached, ended (with what was last seen) when the service refuses.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from './session.js';

const member: SessionUser = { id: 'u-member1', username: 'member', displayName: '张小明', role: 'member', community: 'xianlin' };

/** sessionStorage as the browser keeps it for one tab. */
function tabStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() {
      return values.size;
    },
    clear: () => values.clear(),
    getItem: (key: string) => values.get(key) ?? null,
    key: (index: number) => [...values.keys()][index] ?? null,
    removeItem: (key: string) => void values.delete(key),
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

function problem(status: number, code: string): Response {
  return new Response(JSON.stringify({ title: code, status, code }), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

let storage: Storage;

beforeEach(() => {
  vi.resetModules();
  storage = tabStorage();
  vi.stubGlobal('sessionStorage', storage);
  storage.setItem('linli.refresh', 'refresh-1');
  storage.setItem('linli.access', JSON.stringify({ accessToken: 'access-1', user: member }));
  storage.setItem(
    'linli.lastSeen.balances',
    JSON.stringify({ owner: 'xianlin/u-member1', savedAt: '2026-12-01T08:00:00.000Z', data: { hours: { balance: '3.00' } } }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the session in one tab', () => {
  it('is picked up again at a reload without asking the service', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const session = await import('./session.js');
    await expect(session.resume()).resolves.toEqual(member);
    expect(session.currentUser()).toEqual(member);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is kept, with what was last seen, when renewal cannot reach the service', async () => {
    const fetch = vi.fn(async (path: string) => {
      if (path === '/api/v1/auth/refresh') throw new TypeError('Failed to fetch');
      return problem(401, 'token_expired');
    });
    vi.stubGlobal('fetch', fetch);
    const session = await import('./session.js');
    const { api } = await import('./api.js');
    const ended = vi.fn();
    session.onSessionEnded(ended);
    await session.resume();
    await expect(api('/api/v1/me/balances')).rejects.toMatchObject({ code: 'network_error' });
    expect(ended).not.toHaveBeenCalled();
    expect(session.currentUser()).toEqual(member);
    expect(storage.getItem('linli.refresh')).toBe('refresh-1');
    const { lastSeen } = await import('./offline/last-seen.js');
    expect(lastSeen('balances', member)?.savedAt).toBe('2026-12-01T08:00:00.000Z');
  });

  it('ends, and forgets what was last seen, when the service refuses the renewal', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string) =>
        path === '/api/v1/auth/refresh' ? problem(401, 'refresh_token_invalid') : problem(401, 'session_ended'),
      ),
    );
    const session = await import('./session.js');
    const { api } = await import('./api.js');
    const ended = vi.fn();
    session.onSessionEnded(ended);
    await session.resume();
    await expect(api('/api/v1/me/balances')).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
    expect(session.currentUser()).toBeUndefined();
    expect([storage.getItem('linli.refresh'), storage.getItem('linli.access'), storage.getItem('linli.lastSeen.balances')]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('shows what one member last saw to that member only', async () => {
    const { lastSeen, rememberLastSeen } = await import('./offline/last-seen.js');
    const neighbour: SessionUser = { ...member, id: 'u-member2', username: 'wang-ayi' };
    expect(lastSeen('balances', member)).toBeDefined();
    expect(lastSeen('balances', neighbour)).toBeUndefined();
    rememberLastSeen('statement', neighbour, { items: [] });
    expect(lastSeen('statement', member)).toBeUndefined();
  });
});
