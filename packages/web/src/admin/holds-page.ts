// Holds whose time has passed (admins): the service expires them every minute by itself; this
// frees their amounts now, for example before a count or an export. The api audits each run.
import { api } from '../api.js';
import { actionButton } from '../components/action-button.js';
import { h, replaceChildren } from '../components/dom.js';
import { formatCount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export const holdsPage: Page = {
  path: '/admin/holds',
  group: 'admin',
  title: 'holds.title',
  access: ['admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const result = h('div', { 'aria-live': 'polite' });
    const button = actionButton<{ expired: number }>({
      label: t('holds.run'),
      action: 'expire-holds',
      primary: true,
      run: (key) => api('/api/v1/admin/expire-holds', { method: 'POST', idempotencyKey: key, signal }),
      done: ({ expired }) =>
        replaceChildren(
          result,
          h(
            'p',
            { class: 'state state-ok', role: 'status', 'data-result': 'holds-expired', 'data-expired': String(expired) },
            t('holds.done', { count: formatCount(expired) }),
          ),
        ),
    });
    replaceChildren(
      main,
      pageHeader('holds.title', 'holds.intro'),
      section(t('holds.runTitle'), h('div', { class: 'button-row' }, button), result),
    );
  },
};
