// The api client's answer to a 401 (renew once, send again once, and otherwise end the session,
// whatever the 401's code; requests without a token are never renewed), and a 404's meaning by its code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, isRouteMissing, setAuthHooks } from './api.js';

function problem(status: number, code: string, detail?: string): Response {
  return new Response(JSON.stringify({ type: `urn:linli:problem:${code}`, title: code, status, code, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

function hooks(renewed: boolean) {
  let token = 'old-token';
  const ended = vi.fn();
  const renew = vi.fn(async () => {
    if (renewed) token = 'new-token';
    return renewed;
  });
  setAuthHooks({ accessToken: () => token, renew, ended });
  return { ended, renew };
}

function answers(...responses: Response[]) {
  const fetch = vi.fn(async (_path: string, _init: RequestInit) => {
    const next = responses.shift();
    if (next === undefined) throw new Error('assertion: no more answers in this test');
    return next;
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function authorization(init: RequestInit | undefined): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.['Authorization'];
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a 401 to a request with a token', () => {
  it('ends the session when renewal is refused, whatever the code (a session ended elsewhere)', async () => {
    const { ended, renew } = hooks(false);
    answers(problem(401, 'session_ended'));
    await expect(api('/api/v1/me/balances')).rejects.toMatchObject({ status: 401, code: 'session_ended' });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('sends again once with the renewed token, and ends nothing when that works', async () => {
    const { ended } = hooks(true);
    const fetch = answers(problem(401, 'token_expired'), json({ hours: { balance: '1.00' } }));
    await expect(api('/api/v1/me/balances')).resolves.toEqual({ hours: { balance: '1.00' } });
    expect(fetch.mock.calls.map(([, init]) => authorization(init))).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(ended).not.toHaveBeenCalled();
  });

  it('ends the session when the renewed token is refused too, without a third try', async () => {
    const { ended, renew } = hooks(true);
    const fetch = answers(problem(401, 'invalid_token'), problem(401, 'session_ended'));
    await expect(api('/api/v1/me/balances')).rejects.toMatchObject({ status: 401, code: 'session_ended' });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});

describe('requests without a token', () => {
  it('never renew: a wrong password at login is not an ended session', async () => {
    const { ended, renew } = hooks(true);
    answers(problem(401, 'invalid_credentials'));
    await expect(api('/api/v1/auth/login', { method: 'POST', body: {}, anonymous: true })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(renew).not.toHaveBeenCalled();
    expect(ended).not.toHaveBeenCalled();
  });
});

describe('a 404', () => {
  async function refusal(response: Response): Promise<unknown> {
    hooks(true);
    answers(response);
    return api('/api/v1/households/HH-7Q3K9').catch((error: unknown) => error);
  }

  it('is a missing route by its code, route_not_found', async () => {
    expect(isRouteMissing(await refusal(problem(404, 'route_not_found', 'no route for GET /api/v1/households/HH-7Q3K9')))).toBe(true);
  });

  it('about a record is not a missing route, whatever its detail says', async () => {
    const error = await refusal(problem(404, 'not_found', 'no route for this household'));
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(isRouteMissing(error)).toBe(false);
  });

  it('with a code this page does not know is http_404, and not a missing route', async () => {
    const error = await refusal(problem(404, 'some_newer_code'));
    expect(error).toMatchObject({ status: 404, code: 'http_404' });
    expect(isRouteMissing(error)).toBe(false);
  });
});
