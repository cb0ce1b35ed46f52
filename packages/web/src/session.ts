// The signed-in user: the access token lives only in memory; the refresh token in sessionStorage,
// so a reload in the same tab keeps the session and closing the tab ends it.
import { api, setAuthHooks } from './api.js';

export const roles = ['member', 'staff', 'coordinator', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  community: string;
}

interface SessionView {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const refreshStorageKey = 'linli.refresh';

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

function adopt(session: SessionView): SessionUser {
  accessToken = session.accessToken;
  user = session.user;
  storeRefreshToken(session.refreshToken);
  return session.user;
}

function clear(): void {
  accessToken = undefined;
  user = undefined;
  storeRefreshToken(undefined);
}

export async function login(community: string, username: string, password: string): Promise<SessionUser> {
  const session = await api<SessionView>('/api/v1/auth/login', { method: 'POST', body: { community, username, password }, anonymous: true });
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
 * is rotated on use, and presenting it twice would revoke the whole session.
 */
function renew(): Promise<boolean> {
  renewing ??= (async () => {
    const refreshToken = readRefreshToken();
    if (refreshToken === undefined) return false;
    try {
      adopt(await api<SessionView>('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken }, anonymous: true }));
      return true;
    } catch {
      clear();
      return false;
    }
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/** At start: picks the session up again from this tab's refresh token, if there is one. */
export async function resume(): Promise<SessionUser | undefined> {
  if (readRefreshToken() === undefined) return undefined;
  return (await renew()) ? user : undefined;
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
