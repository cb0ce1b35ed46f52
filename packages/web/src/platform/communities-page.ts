// The platform (a street office or district): its communities with this month's public figures, a
// new community with its first admin, and a community admin's password reset.
import { api, withQuery } from '../api.js';
import type { CommunityCreated, CommunityWithFigures, Figure, PasswordResetView, UserView } from '@linli/contract';
import { actionButton } from '../components/action-button.js';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { oneTimePasswordReceipt } from '../components/one-time-password.js';
import { pagedList } from '../components/paged-list.js';
import { loadInto } from '../components/states.js';
import { dataTable } from '../components/table.js';
import { formatAmount, formatDate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';

const communityPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function figureText(figure: Figure, unit: string): string {
  if (figure.suppressed || figure.value === null) return t('platform.suppressed');
  return formatAmount(figure.value, unit);
}

export const communitiesPage: Page = {
  path: '/platform/communities',
  group: 'platform',
  title: 'platform.title',
  access: ['platform_admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    const createResult = h('div', { 'aria-live': 'polite' });
    const admins = h('div', { 'aria-live': 'polite' });
    const resetResult = h('div', { 'aria-live': 'polite' });
    const showList = (): void =>
      pagedList<CommunityWithFigures>(list, signal, {
        path: '/api/v1/platform/communities',
        empty: t('platform.empty'),
        render: (items) =>
          dataTable(
            t('platform.listCaption'),
            [
              { header: t('platform.name'), cell: (row: CommunityWithFigures) => row.name },
              { header: t('platform.code'), cell: (row) => h('code', {}, row.code) },
              { header: t('platform.hoursThisMonth'), cell: (row) => figureText(row.thisMonth.hoursServed, 'HOUR') },
              { header: t('platform.cashThisMonth'), cell: (row) => figureText(row.thisMonth.cashDonated, 'CNY') },
              { header: t('platform.created'), cell: (row) => formatDate(row.createdAt) },
              {
                header: t('platform.publicStats'),
                cell: (row) => appLink(`/stats?community=${encodeURIComponent(row.code)}`, t('platform.publicStatsLink')),
              },
            ],
            items,
          ),
      });
    const createForm = form({
      id: 'platform-community-create',
      fields: [
        { name: 'code', label: 'platform.code', required: true, hint: 'platform.codeHint', autocomplete: 'off', maxLength: 64 },
        { name: 'name', label: 'platform.name', required: true, maxLength: 100 },
        {
          name: 'adminUsername',
          label: 'platform.adminUsername',
          required: true,
          hint: 'users.usernameHint',
          autocomplete: 'off',
          maxLength: 64,
        },
        { name: 'adminName', label: 'platform.adminName', required: true, maxLength: 100 },
      ],
      submitLabel: 'platform.create',
      validate: (values) => ({
        ...(values['code'] !== '' && !communityPattern.test(values['code'] ?? '') ? { code: t('platform.codeInvalid') } : {}),
        ...(values['adminUsername'] !== '' && !usernamePattern.test(values['adminUsername'] ?? '')
          ? { adminUsername: t('users.usernameInvalid') }
          : {}),
      }),
      submit: (values, submission) => {
        const body = {
          code: values['code'],
          name: values['name'],
          admin: { username: values['adminUsername'], displayName: values['adminName'] },
        };
        return api<CommunityCreated>('/api/v1/platform/communities', {
          method: 'POST',
          body,
          idempotencyKey: submission.keyFor(body),
          signal,
        });
      },
      done: (created) => {
        replaceChildren(
          createResult,
          oneTimePasswordReceipt(
            t('platform.createdTitle', { name: created.name }),
            [
              [t('platform.code'), created.community],
              [t('platform.adminUsername'), created.admin.username],
            ],
            created.admin.oneTimePassword,
            'community',
          ),
        );
        createResult.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    const adminsForm = form({
      id: 'platform-admins',
      fields: [{ name: 'community', label: 'platform.code', required: true, autocomplete: 'off', maxLength: 64 }],
      submitLabel: 'platform.showAdmins',
      keepDraft: true,
      validate: (values) => (communityPattern.test(values['community'] ?? '') ? {} : { community: t('platform.codeInvalid') }),
      submit: async (values) => values['community'] ?? '',
      done: (community) => {
        replaceChildren(resetResult);
        void loadInto(
          admins,
          signal,
          () =>
            api<{ items: UserView[] }>(withQuery(`/api/v1/platform/communities/${encodeURIComponent(community)}/admins`, {}), { signal }),
          (answer) =>
            dataTable(
              t('platform.adminsCaption', { community }),
              [
                { header: t('users.displayName'), cell: (row: UserView) => row.displayName },
                { header: t('users.username'), cell: (row) => row.username },
                {
                  header: t('platform.resetPassword'),
                  cell: (row) =>
                    actionButton<PasswordResetView>({
                      label: t('platform.resetPasswordOf', { name: row.displayName }),
                      action: 'reset-admin-password',
                      run: (key) =>
                        api<PasswordResetView>(
                          `/api/v1/platform/communities/${encodeURIComponent(community)}/admins/${encodeURIComponent(row.id)}/password-reset`,
                          { method: 'POST', idempotencyKey: key, signal },
                        ),
                      done: (reset) => {
                        replaceChildren(
                          resetResult,
                          oneTimePasswordReceipt(
                            t('platform.resetDone', { name: row.displayName }),
                            [[t('users.username'), reset.username]],
                            reset.oneTimePassword,
                            'admin-password',
                          ),
                        );
                        resetResult.querySelector<HTMLElement>('h3')?.focus();
                      },
                    }),
                },
              ],
              answer.items,
            ),
        );
      },
    });
    replaceChildren(
      main,
      pageHeader('platform.title', 'platform.intro'),
      section(t('platform.listTitle'), list),
      section(t('platform.createTitle'), createForm.element, createResult),
      section(t('platform.adminsTitle'), adminsForm.element, admins, resetResult),
    );
    showList();
  },
};
