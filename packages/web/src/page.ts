// What a page is: its path, who may open it, its title, and how it renders into the main area.
import { t, type MessageKey } from './i18n/i18n.js';
import { h, type Child } from './components/dom.js';
import type { Role, SessionUser } from './session.js';

export type Group = 'public' | 'volunteer' | 'staff' | 'coordinator' | 'auditor' | 'admin' | 'platform';

export interface PageContext {
  main: HTMLElement;
  query: URLSearchParams;
  /** Aborted when the person leaves the page: late answers are then dropped. */
  signal: AbortSignal;
  user: SessionUser | undefined;
  navigate(path: string): void;
  /** Renders the page again (after a language change the shell does it). */
  refresh(): void;
}

export interface Page {
  path: string;
  group: Group;
  title: MessageKey;
  /** Who may open it; the api checks again, this only keeps menus honest. */
  access: 'public' | readonly Role[];
  /** Shown in the menu of the roles that may open it. */
  inMenu: boolean;
  render(context: PageContext): void;
}

/** The page's one h1, focusable so the shell can move focus to it after navigation. */
export function pageHeader(title: MessageKey, intro?: MessageKey): HTMLElement {
  return h(
    'header',
    { class: 'page-header' },
    h('h1', { tabindex: '-1' }, t(title)),
    intro === undefined ? null : h('p', { class: 'intro' }, t(intro)),
  );
}

/** A titled part of a page. */
export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

/** A link inside the app (hash routing). */
export function appLink(path: string, label: string, className = 'link'): HTMLAnchorElement {
  return h('a', { href: `#${path}`, class: className }, label);
}
