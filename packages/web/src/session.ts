// The signed-in user: the tokens and who they belong to live in sessionStorage, so a reload in
// the same tab keeps the session without asking the service (one round trip less on a slow
// network) and closing the tab ends it.
import { api, isUnreachable, setAuthHooks } from './api.js';
import { forgetLastSeen } from './offline/last-seen.js';

import { roles, type Role, type SessionUser } from './session-user.js';
export { communityRoles, roles, type Role, type SessionUser } from './session-user.js';

interface SessionView {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const refreshStorageKey = 'linli.refresh';
/**
 * The access token and its user, for a reload. Kept where the refresh token already is: anyone who
 * can read that one can mint access tokens, so this adds nothing a script in the page could not
 * get, and an access token is the weaker of the two (short-lived, and ended by the api at logout).
 */
const accessStorageKey = 'linli.access';

let accessToken: string | undefined;
let user: SessionUser | undefined;
let renewing: Promise<boolean> | undefined;
const endedListeners = new Set<() => void>();

export function currentUser(): SessionUser | undefined {
  return user;
}

function storeRefreshToken(token: string | undefined): void {
  try {
    if (token === undefined) sessionStorage.removeItem(refreshStorageKey);
    else sessionStorage.setItem(refreshStorageKey, token);
  } catch {
    // Storage refused (private mode): the session then lasts until a reload.
  }
}

function readRefreshToken(): string | undefined {
  try {
    return sessionStorage.getItem(refreshStorageKey) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeAccess(view: { accessToken: string; user: SessionUser } | undefined): void {
  try {
    if (view === undefined) sessionStorage.removeItem(accessStorageKey);
    else sessionStorage.setItem(accessStorageKey, JSON.stringify(view));
  } catch {
    // Storage refused: a reload then renews with the refresh token, as before.
  }
}

function readAccess(): { accessToken: string; user: SessionUser } | undefined {
  try {
    const text = sessionStorage.getItem(accessStorageKey);
    if (text === null) return undefined;
    const view = JSON.parse(text) as { accessToken?: unknown; user?: Partial<SessionUser> };
    const stored = view.user;
    if (
      typeof view.accessToken !== 'string' ||
      stored === undefined ||
      typeof stored.id !== 'string' ||
      typeof stored.community !== 'string' ||
      !roles.includes(stored.role as Role)
    )
      return undefined;
    return { accessToken: view.accessToken, user: stored as SessionUser };
  } catch {
    return undefined;
  }
}

function adopt(session: SessionView): SessionUser {
  // Someone else signing in on this tab never sees what the last person saw.
  if (user !== undefined && (user.id !== session.user.id || user.community !== session.user.community)) forgetLastSeen();
  accessToken = session.accessToken;
  user = session.user;
  storeRefreshToken(session.refreshToken);
  storeAccess({ accessToken: session.accessToken, user: session.user });
  return session.user;
}

function clear(): void {
  accessToken = undefined;
  user = undefined;
  storeRefreshToken(undefined);
  storeAccess(undefined);
  forgetLastSeen();
}

export async function login(community: string, username: string, password: string): Promise<SessionUser> {
  const session = await api<SessionView>('/api/v1/auth/login', {
    method: 'POST',
    body: { community, username, password },
    anonymous: true,
  });
  return adopt(session);
}

export async function logout(): Promise<void> {
  const refreshToken = readRefreshToken();
  try {
    if (refreshToken !== undefined) await api('/api/v1/auth/logout', { method: 'POST', body: { refreshToken } });
  } catch {
    // Logging out locally is what matters to the person at the screen.
  } finally {
    clear();
  }
}

/**
 * Renews the access token once, however many requests ask at the same moment: a refresh token
 * is rotated on use, and presenting it twice would revoke the whole session. False when the
 * service refuses (the session is over); when it cannot be reached the session is kept and the
 * error thrown, so a phone that loses its signal is not logged out.
 */
function renew(): Promise<boolean> {
  renewing ??= (async () => {
    const refreshToken = readRefreshToken();
    if (refreshToken === undefined) return false;
    try {
      adopt(await api<SessionView>('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken }, anonymous: true }));
      return true;
    } catch (error) {
      if (isUnreachable(error)) throw error;
      clear();
      return false;
    }
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/**
 * At start: picks the session up again in this tab, from the stored access token when there is
 * one (no request: an expired one is renewed at the first 401), else from the refresh token.
 */
export async function resume(): Promise<SessionUser | undefined> {
  const stored = readAccess();
  if (stored !== undefined && readRefreshToken() !== undefined) {
    accessToken = stored.accessToken;
    user = stored.user;
    return user;
  }
  if (readRefreshToken() === undefined) return undefined;
  try {
    return (await renew()) ? user : undefined;
  } catch {
    return undefined;
  }
}

export function onSessionEnded(listener: () => void): void {
  endedListeners.add(listener);
}

setAuthHooks({
  accessToken: () => accessToken,
  renew,
  ended: () => {
    clear();
    for (const listener of endedListeners) listener();
  },
});
