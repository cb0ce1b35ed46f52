// Loading, "not available yet", "not current" and error states, and the loader that switches between them.
import { ApiProblem, isRouteMissing, isUnreachable } from '../api.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { lastSeen, rememberLastSeen, type LastSeenKind } from '../offline/last-seen.js';
import type { SessionUser } from '../session.js';
import { h, replaceChildren } from './dom.js';
import { problemText } from './problem-text.js';

export function loadingState(): HTMLElement {
  return h(
    'p',
    { class: 'state state-loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    t('state.loading'),
  );
}

/** Shown when the api has no route for a part of the service yet: honest, and never fake data. */
export function notAvailableState(): HTMLElement {
  return h(
    'div',
    { class: 'state state-pending', role: 'status', 'data-state': 'not-available' },
    h('p', { class: 'state-title' }, t('state.notAvailable.title')),
    h('p', {}, t('state.notAvailable.body')),
  );
}

export function errorState(error: unknown, retry?: () => void): HTMLElement {
  const code = error instanceof ApiProblem ? error.code : 'unexpected';
  return h(
    'div',
    { class: 'state state-error', role: 'alert', 'data-code': code },
    h('p', { class: 'state-title' }, t('state.error.title')),
    h('p', {}, problemText(error)),
    retry === undefined ? null : h('button', { type: 'button', class: 'button', onclick: () => retry() }, t('action.retry')),
  );
}

/**
 * Above what the person last saw, when the service cannot be reached: that it is not current,
 * since when, and a way to try again. Never shown without the time it was seen.
 */
export function notCurrentState(savedAt: string, retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state state-pending', role: 'status', 'data-state': 'not-current' },
    h('p', { class: 'state-title' }, t('offline.notCurrent.title')),
    h('p', {}, t('offline.notCurrent.body', { time: formatDateTime(savedAt) })),
    h('button', { type: 'button', class: 'button', onclick: () => retry() }, t('action.retry')),
  );
}

/** What a loader keeps of its answer for this user, to show (marked) when the service is out of reach. */
export interface KeepLastSeen {
  kind: LastSeenKind;
  user: SessionUser | undefined;
}

export function emptyState(message: string): HTMLElement {
  return h('p', { class: 'state state-empty' }, message);
}

/**
 * Loads data into `container`: a loading message first, then what `render` makes of it, the
 * "not available yet" state when the api has no such route, or the error with a retry button.
 * With `keep`, the answer is kept for this user, and when the service cannot be reached the kept
 * one is shown under the "not current" state instead of the error.
 * Nothing is written once `signal` is aborted (the user went to another page).
 */
export async function loadInto<T>(
  container: HTMLElement,
  signal: AbortSignal,
  load: () => Promise<T>,
  render: (data: T) => Node,
  keep?: KeepLastSeen,
): Promise<T | undefined> {
  replaceChildren(container, loadingState());
  container.setAttribute('aria-busy', 'true');
  const retry = (): void => void loadInto(container, signal, load, render, keep);
  try {
    const data = await load();
    if (signal.aborted) return undefined;
    if (keep?.user !== undefined) rememberLastSeen(keep.kind, keep.user, data);
    replaceChildren(container, render(data));
    return data;
  } catch (error) {
    if (signal.aborted) return undefined;
    const kept = keep?.user !== undefined && isUnreachable(error) ? lastSeen<T>(keep.kind, keep.user) : undefined;
    if (kept !== undefined) replaceChildren(container, notCurrentState(kept.savedAt, retry), render(kept.data));
    else if (isRouteMissing(error)) replaceChildren(container, notAvailableState());
    else replaceChildren(container, errorState(error, retry));
    return undefined;
  } finally {
    if (!signal.aborted) container.removeAttribute('aria-busy');
  }
}
