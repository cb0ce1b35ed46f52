// The frame around every page: brand, menu for the signed-in role, language and elderly-mode
// switches, the user and logout, and focus moved to the new page's heading after navigation.
import { onReachabilityChange, serviceReachable } from './api.js';
import { h, replaceChildren } from './components/dom.js';
import { locale, setLocale, t } from './i18n/i18n.js';
import type { Group, Page } from './page.js';
import { currentUser, logout, type Role } from './session.js';

const elderlyStorageKey = 'linli.elderly';

export function elderlyMode(): boolean {
  return document.documentElement.classList.contains('elderly');
}

export function setElderlyMode(on: boolean): void {
  document.documentElement.classList.toggle('elderly', on);
  try {
    localStorage.setItem(elderlyStorageKey, on ? '1' : '0');
  } catch {
    // Storage refused: the mode lasts until reload.
  }
}

export function restoreElderlyMode(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(elderlyStorageKey);
  } catch {
    stored = null;
  }
  document.documentElement.classList.toggle('elderly', stored === '1');
}

const primaryGroup: Readonly<Record<Role, Group>> = {
  member: 'volunteer',
  staff: 'staff',
  coordinator: 'coordinator',
  auditor: 'auditor',
  admin: 'admin',
  platform_admin: 'platform',
};

export function mayOpen(page: Page, role: Role | undefined): boolean {
  if (page.access === 'public') return true;
  return role !== undefined && page.access.includes(role);
}

export interface ShellHandlers {
  rerender(): void;
  loggedOut(): void;
}

/**
 * Offline: the phone says it has no network, or the last request found no way to the service (a
 * phone on a weak signal often says it is online when nothing gets through).
 */
function offline(): boolean {
  return !navigator.onLine || !serviceReachable();
}

/**
 * Said at the top of every page while offline: what is shown may be old, and nothing typed is
 * sent later by itself (the app keeps no queue of writes), so the person sends again.
 */
function connectionNotice(): HTMLElement {
  const notice = h('p', { class: 'state state-pending connection-notice', role: 'status', 'data-state': 'offline' }, t('offline.banner'));
  notice.hidden = !offline();
  return notice;
}

/** Shows or hides the offline notice as the connection comes and goes (registered once, at start). */
export function followConnection(): void {
  const update = (): void => {
    for (const notice of document.querySelectorAll<HTMLElement>('[data-state="offline"]')) notice.hidden = !offline();
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onReachabilityChange(update);
}

/** Draws the header for the current user and path. */
export function renderShell(pages: readonly Page[], currentPath: string, handlers: ShellHandlers): void {
  const header = document.getElementById('site-header');
  if (header === null) return;
  const user = currentUser();
  const otherLocale = locale() === 'zh-CN' ? 'en' : 'zh-CN';
  const languageButton = h(
    'button',
    { type: 'button', class: 'button', lang: otherLocale, 'data-action': 'switch-language' },
    t('shell.switchLanguage'),
  );
  languageButton.addEventListener('click', () => setLocale(otherLocale));
  const elderlyButton = h(
    'button',
    { type: 'button', class: 'button', 'aria-pressed': elderlyMode() ? 'true' : 'false', 'data-action': 'elderly-mode' },
    t('shell.elderlyMode'),
  );
  elderlyButton.addEventListener('click', () => {
    setElderlyMode(!elderlyMode());
    handlers.rerender();
  });
  const controls = h('div', { class: 'site-controls' }, languageButton, elderlyButton);
  if (user !== undefined) {
    const logoutButton = h('button', { type: 'button', class: 'button', 'data-action': 'logout' }, t('shell.logout'));
    logoutButton.addEventListener('click', () => {
      logoutButton.disabled = true;
      void logout().then(() => handlers.loggedOut());
    });
    controls.append(
      h('span', { class: 'user-name' }, t('shell.signedInAs', { name: user.displayName, role: t(`role.${user.role}`) })),
      logoutButton,
    );
  } else {
    controls.append(h('a', { href: '#/login', class: 'button' }, t('shell.login')));
  }
  const home = user === undefined ? 'public' : primaryGroup[user.role];
  // The role's own pages first, then what else it may open (a coordinator also works the counter).
  const menuPages = pages
    .filter((page) => page.inMenu && mayOpen(page, user?.role))
    .sort((a, b) => (a.group === home ? 0 : a.group === 'public' ? 2 : 1) - (b.group === home ? 0 : b.group === 'public' ? 2 : 1));
  const nav = h(
    'nav',
    { class: 'site-nav', 'aria-label': t('shell.menu') },
    h(
      'ul',
      {},
      ...menuPages.map((page) =>
        h('li', {}, h('a', { href: `#${page.path}`, 'aria-current': page.path === currentPath ? 'page' : null }, t(page.title))),
      ),
    ),
  );
  replaceChildren(header, h('div', { class: 'brand' }, h('a', { href: '#/' }, t('app.name'))), controls, nav, connectionNotice());
  const skip = document.getElementById('skip-link');
  if (skip !== null) skip.textContent = t('shell.skipToContent');
}
