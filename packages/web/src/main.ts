// The app's entry: restores preferences and the session, then routes every hash change to its page.
import { h, replaceChildren } from './components/dom.js';
import { locale, onLocaleChange, t } from './i18n/i18n.js';
import type { Page, PageContext } from './page.js';
import { pages } from './pages.js';
import { roleHome } from './role-home.js';
import { currentLocation, navigate, onNavigate } from './router.js';
import { currentUser, onSessionEnded, resume } from './session.js';
import { followConnection, mayOpen, renderShell, restoreElderlyMode } from './shell.js';

let controller: AbortController | undefined;
let firstRender = true;

function notFoundPage(main: HTMLElement): void {
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, t('page.notFound.title')),
    h('p', {}, t('page.notFound.body')),
    h('p', {}, h('a', { href: '#/' }, t('page.notFound.home'))),
  );
  document.title = `${t('page.notFound.title')} · ${t('app.name')}`;
}

function render(): void {
  const main = document.getElementById('main');
  if (main === null) return;
  const { path, query } = currentLocation();
  const user = currentUser();
  if (path === '/') {
    navigate(user === undefined ? '/login' : roleHome(user.role));
    return;
  }
  const page: Page | undefined = pages.find((candidate) => candidate.path === path);
  controller?.abort();
  controller = new AbortController();
  renderShell(pages, path, { rerender: render, loggedOut: () => navigate('/login') });
  if (page === undefined) {
    notFoundPage(main);
  } else if (!mayOpen(page, user?.role)) {
    if (user === undefined) {
      navigate(`/login?next=${encodeURIComponent(path)}`);
      return;
    }
    replaceChildren(
      main,
      h('h1', { tabindex: '-1' }, t('page.forbidden.title')),
      h('p', {}, t('page.forbidden.body')),
      h('p', {}, h('a', { href: `#${roleHome(user.role)}` }, t('page.notFound.home'))),
    );
    document.title = `${t('page.forbidden.title')} · ${t('app.name')}`;
  } else {
    replaceChildren(main);
    const context: PageContext = { main, query, signal: controller.signal, user, navigate, refresh: render };
    page.render(context);
    document.title = `${t(page.title)} · ${t('app.name')}`;
  }
  const announcer = document.getElementById('announcer');
  if (announcer !== null) announcer.textContent = document.title;
  if (!firstRender) main.querySelector<HTMLElement>('h1')?.focus();
  firstRender = false;
}

/**
 * The service worker keeps the shell for the next visit and for offline use (worker/service-
 * worker.ts). Browsers allow one only on https and localhost; elsewhere the app works as before.
 * Registered after the page has loaded, so installing it never competes with the first paint.
 */
function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = (): void => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

async function start(): Promise<void> {
  registerServiceWorker();
  followConnection();
  restoreElderlyMode();
  document.documentElement.lang = locale();
  document.getElementById('skip-link')?.addEventListener('click', (event) => {
    // The skip link must not change the hash: the hash is the route.
    event.preventDefault();
    document.getElementById('main')?.focus();
  });
  await resume();
  onNavigate(render);
  onLocaleChange(render);
  onSessionEnded(() => navigate('/login?expired=1'));
  render();
}

void start();
