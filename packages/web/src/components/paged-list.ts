// A list read page by page from the api: the first page, then "show more" while the api says there is more.
import { api, withQuery } from '../api.js';
import type { PageOf } from '@linli/contract';
import { t } from '../i18n/i18n.js';
import { h, replaceChildren } from './dom.js';
import { emptyState, errorState, loadingState, notAvailableState, notCurrentState, type KeepLastSeen } from './states.js';
import { isRouteMissing, isUnreachable } from '../api.js';
import { lastSeen, rememberLastSeen } from '../offline/last-seen.js';

export interface PagedListOptions<T> {
  path: string;
  /** The query parameter that takes the previous page's `next`. */
  cursorName?: 'after' | 'before' | 'cursor';
  query?: Readonly<Record<string, string | undefined>>;
  empty: string;
  /** Draws every item read so far. */
  render(items: readonly T[]): Node;
  /** Keeps the first page for this user, shown as not current when the service is out of reach. */
  keep?: KeepLastSeen;
}

export function pagedList<T>(container: HTMLElement, signal: AbortSignal, options: PagedListOptions<T>): void {
  const items: T[] = [];
  const body = h('div', {});
  const more = h('button', { type: 'button', class: 'button' }, t('action.showMore'));
  const footer = h('div', { class: 'button-row' });
  replaceChildren(container, body, footer);

  const load = async (cursor: string | undefined): Promise<void> => {
    replaceChildren(footer, loadingState());
    container.setAttribute('aria-busy', 'true');
    try {
      const page = await api<PageOf<T>>(withQuery(options.path, { ...options.query, [options.cursorName ?? 'after']: cursor }), { signal });
      if (signal.aborted) return;
      if (cursor === undefined && options.keep?.user !== undefined) rememberLastSeen(options.keep.kind, options.keep.user, page);
      items.push(...page.items);
      replaceChildren(body, items.length === 0 ? emptyState(options.empty) : options.render(items));
      if (page.next === null) replaceChildren(footer);
      else {
        const next = page.next;
        more.onclick = () => void load(next);
        replaceChildren(footer, more);
        if (cursor !== undefined) more.focus();
      }
    } catch (error) {
      if (signal.aborted) return;
      const kept =
        cursor === undefined && options.keep?.user !== undefined && isUnreachable(error)
          ? lastSeen<PageOf<T>>(options.keep.kind, options.keep.user)
          : undefined;
      if (kept !== undefined) {
        // The first page as last seen, under the notice; "show more" waits until the service answers.
        replaceChildren(
          body,
          notCurrentState(kept.savedAt, () => void load(undefined)),
          kept.data.items.length === 0 ? emptyState(options.empty) : options.render(kept.data.items),
        );
        replaceChildren(footer);
        return;
      }
      replaceChildren(footer, isRouteMissing(error) ? notAvailableState() : errorState(error, () => void load(cursor)));
    } finally {
      container.removeAttribute('aria-busy');
    }
  };
  void load(undefined);
}
