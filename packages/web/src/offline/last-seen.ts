// What the signed-in volunteer last saw of their balance and history, kept in this tab only, so
// that when the service cannot be reached the page shows it, marked as not current, instead of
// nothing. Never sent anywhere; cleared at logout and when someone else signs in.
import type { SessionUser } from '../session-user.js';

export type LastSeenKind = 'balances' | 'statement';

export interface LastSeen<T> {
  /** When the api gave it (ISO 8601): the page says "as seen at …". */
  savedAt: string;
  data: T;
}

interface Stored {
  owner: string;
  savedAt: string;
  data: unknown;
}

const kinds: readonly LastSeenKind[] = ['balances', 'statement'];
const storagePrefix = 'linli.lastSeen.';

/** A first page of history is a few kilobytes; anything far larger is not kept (storage is small). */
export const lastSeenCharactersMax = 200_000;

function owner(user: SessionUser): string {
  return `${user.community}/${user.id}`;
}

export function rememberLastSeen<T>(kind: LastSeenKind, user: SessionUser, data: T): void {
  const text = JSON.stringify({ owner: owner(user), savedAt: new Date().toISOString(), data } satisfies Stored);
  if (text.length > lastSeenCharactersMax) return;
  try {
    sessionStorage.setItem(storagePrefix + kind, text);
  } catch {
    // Storage refused or full: there is then nothing to show offline, which the page says plainly.
  }
}

/** The last copy of `kind` this user saw in this tab, if any. */
export function lastSeen<T>(kind: LastSeenKind, user: SessionUser): LastSeen<T> | undefined {
  let stored: Stored;
  try {
    const text = sessionStorage.getItem(storagePrefix + kind);
    if (text === null) return undefined;
    stored = JSON.parse(text) as Stored;
  } catch {
    return undefined;
  }
  if (stored.owner !== owner(user) || typeof stored.savedAt !== 'string') return undefined;
  return { savedAt: stored.savedAt, data: stored.data as T };
}

export function forgetLastSeen(): void {
  for (const kind of kinds) {
    try {
      sessionStorage.removeItem(storagePrefix + kind);
    } catch {
      // Nothing stored, or storage refused: nothing to forget.
    }
  }
}
