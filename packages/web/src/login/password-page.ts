// Choosing a new password: required after a one-time password (the admin `linli init` created, or
// after an operator's reset), and open to anyone logged in. The api ends every session on a
// change, so the page logs in again with the new password and goes on.
import { api } from '../api.js';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, type Page } from '../page.js';
import { roleHome } from '../role-home.js';
import { currentUser, login, roles } from '../session.js';

export const passwordPage: Page = {
  path: '/password',
  group: 'public',
  title: 'password.title',
  access: roles,
  inMenu: false,
  render: ({ main, query, navigate }) => {
    const required = query.get('required') === '1';
    const changeForm = form({
      id: 'password-change',
      fields: [
        {
          name: 'currentPassword',
          label: 'password.current',
          kind: 'password',
          required: true,
          autocomplete: 'current-password',
          maxLength: 256,
        },
        {
          name: 'newPassword',
          label: 'password.new',
          hint: 'password.newHint',
          kind: 'password',
          required: true,
          autocomplete: 'new-password',
          maxLength: 256,
        },
      ],
      submitLabel: 'password.submit',
      submit: async (values, submission) => {
        const user = currentUser();
        if (user === undefined) throw new Error('assertion: the page needs a session');
        const body = { currentPassword: values['currentPassword'] ?? '', newPassword: values['newPassword'] ?? '' };
        await api<undefined>('/api/v1/me/password', { method: 'POST', body, idempotencyKey: submission.keyFor(body) });
        return login(user.community, user.username, body.newPassword);
      },
      done: (user) => {
        const next = query.get('next');
        navigate(next?.startsWith('/') && next !== '/password' && next !== '/login' ? next : roleHome(user.role));
      },
    });
    replaceChildren(
      main,
      pageHeader('password.title', 'password.intro'),
      required
        ? h('p', { class: 'state state-pending', role: 'status', 'data-result': 'password-required' }, t('password.required'))
        : null,
      h('div', { class: 'panel' }, changeForm.element),
    );
  },
};
