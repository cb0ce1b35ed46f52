// Applications to join the community (coordinators, admins): who applied, with phone and skills;
// accept (a member account with a one-time password, or the member they are) or decline with a reason.
import { api } from '../api.js';
import type { ApplicationAcceptance, ApplicationView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { oneTimePasswordReceipt } from '../components/one-time-password.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable, facts } from '../components/table.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { memberNumberPattern } from '../volunteer/transfer-page.js';

const referencePattern = /^ap-[0-9a-hjkmnp-tv-z]{10}$/;
const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const applicationsPage: Page = {
  path: '/coordinator/applications',
  group: 'coordinator',
  title: 'applications.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    const showList = (): void =>
      pagedList<ApplicationView>(list, signal, {
        path: '/api/v1/applications',
        query: { status: 'pending' },
        empty: t('applications.empty'),
        render: (items) =>
          dataTable(
            t('applications.caption'),
            [
              { header: t('apply.reference'), cell: (row: ApplicationView) => h('code', {}, row.id) },
              { header: t('apply.name'), cell: (row) => row.name },
              { header: t('apply.phone'), cell: (row) => row.phone },
              { header: t('apply.skills'), cell: (row) => row.skills.join(', ') },
              { header: t('apply.sentAt'), cell: (row) => formatDateTime(row.createdAt) },
            ],
            items,
          ),
      });
    const decision = form({
      id: 'application-decision',
      fields: [
        { name: 'reference', label: 'apply.reference', required: true, autocomplete: 'off', maxLength: 13 },
        {
          name: 'decision',
          label: 'applications.decision',
          kind: 'radio',
          required: true,
          options: [
            { value: 'accept', label: t('applications.accept') },
            { value: 'link', label: t('applications.link') },
            { value: 'decline', label: t('applications.decline') },
          ],
        },
        { name: 'username', label: 'applications.username', hint: 'applications.usernameHint', autocomplete: 'off', maxLength: 64 },
        { name: 'userId', label: 'applications.memberNumber', hint: 'applications.memberNumberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'reason', label: 'applications.reason', kind: 'textarea', hint: 'applications.reasonHint', maxLength: 500 },
      ],
      submitLabel: 'applications.submit',
      validate: (values) => {
        const problems: Record<string, string> = {};
        if (values['reference'] !== '' && !referencePattern.test(values['reference'] ?? ''))
          problems['reference'] = t('apply.referenceInvalid');
        if (values['decision'] === 'accept' && !usernamePattern.test(values['username'] ?? ''))
          problems['username'] = t('users.usernameInvalid');
        if (values['decision'] === 'link' && !memberNumberPattern.test(values['userId'] ?? ''))
          problems['userId'] = t('give.memberNumberInvalid');
        if (values['decision'] === 'decline' && (values['reason'] ?? '').trim() === '')
          problems['reason'] = t('applications.reasonRequired');
        return problems;
      },
      submit: async (values, submission) => {
        const path = `/api/v1/applications/${encodeURIComponent(values['reference'] ?? '')}`;
        if (values['decision'] === 'decline') {
          const body = { reason: values['reason'] };
          const declined = await api<ApplicationView>(`${path}/decline`, {
            method: 'POST',
            body,
            idempotencyKey: submission.keyFor({ path, ...body }),
            signal,
          });
          return { kind: 'declined' as const, application: declined };
        }
        const body = values['decision'] === 'link' ? { userId: values['userId'] } : { username: values['username'] };
        const accepted = await api<ApplicationAcceptance>(`${path}/accept`, {
          method: 'POST',
          body,
          idempotencyKey: submission.keyFor({ path, ...body }),
          signal,
        });
        return { kind: 'accepted' as const, acceptance: accepted };
      },
      done: (outcome) => {
        if (outcome.kind === 'declined') {
          replaceChildren(
            result,
            h(
              'div',
              { class: 'receipt', 'data-result': 'declined' },
              h('h3', { tabindex: '-1' }, t('applications.declined', { name: outcome.application.name })),
              facts([[t('applications.reason'), outcome.application.declineReason ?? '']]),
            ),
          );
        } else {
          const { acceptance } = outcome;
          const rows = [
            [t('users.username'), acceptance.user.username],
            [t('users.number'), acceptance.user.id],
          ] as const;
          replaceChildren(
            result,
            acceptance.oneTimePassword === null
              ? h(
                  'div',
                  { class: 'receipt', 'data-result': 'accepted' },
                  h('h3', { tabindex: '-1' }, t('applications.linked', { name: acceptance.application.name })),
                  facts(rows),
                )
              : oneTimePasswordReceipt(
                  t('applications.accepted', { name: acceptance.application.name }),
                  rows,
                  acceptance.oneTimePassword,
                  'accepted',
                ),
          );
        }
        result.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    replaceChildren(
      main,
      pageHeader('applications.title', 'applications.intro'),
      section(t('applications.listTitle'), list),
      section(t('applications.decideTitle'), decision.element, result),
    );
    showList();
  },
};
