// Accounts of the community (admins): every account with its role and state, a new account, and
// a change to one (role, name, new password, disabled). The api audits each change.
import { api } from '../api.js';
import type { PasswordResetView, UserView } from '@linli/contract';
import { oneTimePasswordReceipt } from '../components/one-time-password.js';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable, facts } from '../components/table.js';
import { formatCount, formatDate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { communityRoles } from '../session.js';
import { memberNumberPattern } from '../volunteer/transfer-page.js';

const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** The api's minimum for new passwords (validation.ts), said before sending. */
const passwordLengthMin = 12;

function roleOptions(): { value: string; label: string }[] {
  return communityRoles.map((role) => ({ value: role, label: t(`role.${role}`) }));
}

function userResult(user: UserView, heading: string): HTMLElement {
  return h(
    'div',
    { class: 'receipt', 'data-result': 'user' },
    h('h3', { tabindex: '-1' }, heading),
    facts([
      [t('users.number'), h('code', {}, user.id)],
      [t('users.username'), user.username],
      [t('users.displayName'), user.displayName],
      [t('users.role'), t(`role.${user.role}`)],
      [t('users.state'), user.disabled ? t('members.disabled') : t('members.active')],
    ]),
  );
}

export const usersPage: Page = {
  path: '/admin/users',
  group: 'admin',
  title: 'users.title',
  access: ['admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    const createResult = h('div', { 'aria-live': 'polite' });
    const changeResult = h('div', { 'aria-live': 'polite' });
    const showList = (): void =>
      pagedList<UserView>(list, signal, {
        path: '/api/v1/users',
        empty: t('users.empty'),
        render: (items) =>
          dataTable(
            t('users.listCaption', { count: formatCount(items.length) }),
            [
              { header: t('users.displayName'), cell: (row: UserView) => row.displayName },
              { header: t('users.username'), cell: (row) => row.username },
              { header: t('users.number'), cell: (row) => h('code', {}, row.id) },
              { header: t('users.role'), cell: (row) => t(`role.${row.role}`) },
              { header: t('users.state'), cell: (row) => (row.disabled ? t('members.disabled') : t('members.active')) },
              { header: t('users.created'), cell: (row) => formatDate(row.createdAt) },
            ],
            items,
          ),
      });
    const createForm = form({
      id: 'user-create',
      fields: [
        { name: 'username', label: 'users.username', required: true, hint: 'users.usernameHint', autocomplete: 'off', maxLength: 64 },
        { name: 'displayName', label: 'users.displayName', required: true, maxLength: 100 },
        { name: 'role', label: 'users.role', kind: 'select', required: true, initial: 'member', options: roleOptions() },
        {
          name: 'password',
          label: 'users.password',
          kind: 'password',
          required: true,
          hint: 'users.passwordHint',
          autocomplete: 'new-password',
        },
      ],
      submitLabel: 'users.create',
      validate: (values) => ({
        ...(values['username'] !== '' && !usernamePattern.test(values['username'] ?? '') ? { username: t('users.usernameInvalid') } : {}),
        ...(values['password'] !== '' && (values['password'] ?? '').length < passwordLengthMin
          ? { password: t('users.passwordShort') }
          : {}),
      }),
      submit: (values, submission) => {
        const body = {
          username: values['username'],
          displayName: values['displayName'],
          role: values['role'],
          password: values['password'],
        };
        return api<UserView>('/api/v1/users', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (user, handle) => {
        handle.setValue('password', '');
        replaceChildren(createResult, userResult(user, t('users.created.done')));
        createResult.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    const noChange = { value: '', label: t('users.noChange') };
    const changeForm = form({
      id: 'user-change',
      fields: [
        { name: 'userId', label: 'users.number', required: true, hint: 'users.numberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'role', label: 'users.role', kind: 'select', options: [noChange, ...roleOptions()] },
        { name: 'displayName', label: 'users.displayName', maxLength: 100, hint: 'users.keepIfEmpty' },
        {
          name: 'disabled',
          label: 'users.state',
          kind: 'select',
          options: [noChange, { value: 'false', label: t('members.active') }, { value: 'true', label: t('members.disabled') }],
        },
        { name: 'password', label: 'users.newPassword', kind: 'password', hint: 'users.passwordHint', autocomplete: 'new-password' },
      ],
      submitLabel: 'users.change',
      validate: (values) => {
        const problems: Record<string, string> = {};
        if (values['userId'] !== '' && !memberNumberPattern.test(values['userId'] ?? ''))
          problems['userId'] = t('give.memberNumberInvalid');
        if (values['password'] !== '' && (values['password'] ?? '').length < passwordLengthMin)
          problems['password'] = t('users.passwordShort');
        if (values['role'] === '' && values['displayName'] === '' && values['disabled'] === '' && values['password'] === '')
          problems['role'] = t('users.nothingToChange');
        return problems;
      },
      submit: (values) => {
        const body: Record<string, unknown> = {};
        if (values['role'] !== '') body['role'] = values['role'];
        if (values['displayName'] !== '') body['displayName'] = values['displayName'];
        if (values['disabled'] !== '') body['disabled'] = values['disabled'] === 'true';
        if (values['password'] !== '') body['password'] = values['password'];
        return api<UserView>(`/api/v1/users/${encodeURIComponent(values['userId'] ?? '')}`, { method: 'PATCH', body, signal });
      },
      done: (user, handle) => {
        handle.setValue('password', '');
        replaceChildren(changeResult, userResult(user, t('users.changed')));
        changeResult.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    const resetResult = h('div', { 'aria-live': 'polite' });
    const resetForm = form({
      id: 'user-password-reset',
      fields: [{ name: 'userId', label: 'users.number', required: true, hint: 'users.numberHint', autocomplete: 'off', maxLength: 64 }],
      submitLabel: 'users.resetPassword',
      validate: (values) =>
        values['userId'] !== '' && !memberNumberPattern.test(values['userId'] ?? '') ? { userId: t('give.memberNumberInvalid') } : {},
      submit: (values, submission) => {
        const userId = values['userId'] ?? '';
        return api<PasswordResetView>(`/api/v1/users/${encodeURIComponent(userId)}/password-reset`, {
          method: 'POST',
          idempotencyKey: submission.keyFor({ userId }),
          signal,
        });
      },
      done: (reset) => {
        replaceChildren(
          resetResult,
          oneTimePasswordReceipt(t('users.resetDone'), [[t('users.username'), reset.username]], reset.oneTimePassword, 'password-reset'),
        );
        resetResult.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    replaceChildren(
      main,
      pageHeader('users.title', 'users.intro'),
      section(t('users.listTitle'), list),
      section(t('users.createTitle'), createForm.element, createResult),
      section(t('users.changeTitle'), changeForm.element, changeResult),
      section(t('users.resetTitle'), h('p', {}, t('users.resetIntro')), resetForm.element, resetResult),
    );
    showList();
  },
};
