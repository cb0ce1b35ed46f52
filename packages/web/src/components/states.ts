// Loading, "not available yet", and error states, and the loader that switches between them.
import { ApiProblem, isRouteMissing } from '../api.js';
import { t } from '../i18n/i18n.js';
import { h, replaceChildren } from './dom.js';
import { problemText } from './problem-text.js';

export function loadingState(): HTMLElement {
  return h('p', { class: 'state state-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('state.loading'));
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

export function emptyState(message: string): HTMLElement {
  return h('p', { class: 'state state-empty' }, message);
}

/**
 * Loads data into `container`: a loading message first, then what `render` makes of it, the
 * "not available yet" state when the api has no such route, or the error with a retry button.
 * Nothing is written once `signal` is aborted (the user went to another page).
 */
export async function loadInto<T>(container: HTMLElement, signal: AbortSignal, load: () => Promise<T>, render: (data: T) => Node): Promise<T | undefined> {
  replaceChildren(container, loadingState());
  container.setAttribute('aria-busy', 'true');
  try {
    const data = await load();
    if (signal.aborted) return undefined;
    replaceChildren(container, render(data));
    return data;
  } catch (error) {
    if (signal.aborted) return undefined;
    if (isRouteMissing(error)) replaceChildren(container, notAvailableState());
    else replaceChildren(container, errorState(error, () => void loadInto(container, signal, load, render)));
    return undefined;
  } finally {
    if (!signal.aborted) container.removeAttribute('aria-busy');
  }
}
