// Logging in: community code, username and password; then to the page asked for, or the role's home.
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, type Page } from '../page.js';
import { roleHome } from '../role-home.js';
import { api } from '../api.js';
import { login } from '../session.js';

const communityStorageKey = 'linli.community';

function rememberedCommunity(): string {
  try {
    return localStorage.getItem(communityStorageKey) ?? '';
  } catch {
    return '';
  }
}

export const loginPage: Page = {
  path: '/login',
  group: 'public',
  title: 'login.title',
  access: 'public',
  inMenu: false,
  render: ({ main, query, navigate }) => {
    const notice = query.get('expired') === '1' ? h('p', { class: 'state state-pending', role: 'status' }, t('login.expired')) : null;
    const loginForm = form({
      id: 'login',
      fields: [
        // An accepted application's status page links here with the community and username filled in.
        {
          name: 'community',
          label: 'login.community',
          hint: 'login.communityHint',
          required: true,
          autocomplete: 'organization',
          initial: query.get('community') ?? rememberedCommunity(),
          maxLength: 64,
        },
        {
          name: 'username',
          label: 'login.username',
          required: true,
          autocomplete: 'username',
          initial: query.get('username') ?? '',
          maxLength: 64,
        },
        { name: 'password', label: 'login.password', kind: 'password', required: true, autocomplete: 'current-password', maxLength: 256 },
      ],
      submitLabel: 'login.submit',
      submit: async (values) => {
        const user = await login(values['community']?.toLowerCase() ?? '', values['username'] ?? '', values['password'] ?? '');
        // A one-time password: the api answers nothing else until it is changed.
        const me = await api<{ mustChangePassword: boolean }>('/api/v1/me');
        return { user, mustChangePassword: me.mustChangePassword };
      },
      done: ({ user, mustChangePassword }) => {
        try {
          localStorage.setItem(communityStorageKey, user.community);
        } catch {
          // Not remembered; nothing else changes.
        }
        const next = query.get('next');
        const target = next?.startsWith('/') && next !== '/login' ? next : roleHome(user.role);
        navigate(mustChangePassword ? `/password?required=1&next=${encodeURIComponent(target)}` : target);
      },
    });
    replaceChildren(
      main,
      pageHeader('login.title', 'login.intro'),
      notice,
      h('div', { class: 'panel' }, loginForm.element),
      h('p', {}, appLink('/stats', t('login.publicStats'))),
    );
  },
};
