// Sending my hours to a member of another community (通存通兑): the hours leave on hold and
// arrive there; the transfer's id finds it again.
import { api } from '../api.js';
import type { MyBalancesView, TransferView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { transferLookup, transferView } from '../components/transfer-view.js';
import { formatAmount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export const communityCodePattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const memberNumberPattern = /^u-[a-z0-9]{1,62}$/;

/** Checks the receiving community's code and member number before sending. */
export function validateRemote(
  values: Readonly<Record<string, string>>,
  communityField: string,
  memberField: string,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const community = values[communityField] ?? '';
  const member = values[memberField] ?? '';
  if (community !== '' && !communityCodePattern.test(community)) problems[communityField] = t('transfer.communityInvalid');
  if (member !== '' && !memberNumberPattern.test(member)) problems[memberField] = t('give.memberNumberInvalid');
  return problems;
}

export const transferPage: Page = {
  path: '/volunteer/transfer',
  group: 'volunteer',
  title: 'transfer.title',
  access: ['member'],
  inMenu: true,
  render: ({ main, signal }) => {
    const available = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    const sendForm = form({
      id: 'transfer',
      fields: [
        {
          name: 'toCommunity',
          label: 'transfer.toCommunity',
          required: true,
          hint: 'transfer.toCommunityHint',
          autocomplete: 'off',
          maxLength: 64,
        },
        { name: 'toMember', label: 'transfer.toMember', required: true, hint: 'give.memberNumberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'hours', label: 'give.hours', kind: 'decimal', required: true, hint: 'give.hoursHint' },
        { name: 'memo', label: 'give.memo', maxLength: 200 },
      ],
      submitLabel: 'transfer.submit',
      validate: (values) => validateRemote(values, 'toCommunity', 'toMember'),
      submit: (values, submission) => {
        const body: Record<string, unknown> = { toCommunity: values['toCommunity'], toMember: values['toMember'], hours: values['hours'] };
        if (values['memo'] !== '') body['memo'] = values['memo'];
        return api<TransferView>('/api/v1/clearing/transfers', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (transfer, handle) => {
        handle.setValue('hours', '');
        handle.setValue('memo', '');
        replaceChildren(result, transferView(transfer, t('transfer.sent')));
        result.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    // A new submission takes the last one's result away, so a refusal is not read beside an old success.
    sendForm.element.addEventListener('submit', () => replaceChildren(result));
    replaceChildren(
      main,
      pageHeader('transfer.title', 'transfer.intro'),
      section(t('give.availableTitle'), available),
      section(t('transfer.formTitle'), sendForm.element, result),
      section(t('transfer.lookupTitle'), transferLookup(signal)),
    );
    void loadInto(
      available,
      signal,
      () => api<MyBalancesView>('/api/v1/me/balances', { signal }),
      (view) => h('p', { class: 'lead' }, t('give.availableBody', { hours: formatAmount(view.hours.available, 'HOUR') })),
    );
  },
};
