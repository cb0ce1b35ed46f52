// Giving hours: to a family member (by their member number) or to the community's pool.
// Only banked hours can be given; the available balance is shown first.
import { api } from '../api.js';
import type { GiftView, MyBalancesView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatAmount, formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';

const memberNumber = /^u-[a-z0-9]{1,62}$/;

export const givePage: Page = {
  path: '/volunteer/give',
  group: 'volunteer',
  title: 'give.title',
  access: ['member'],
  inMenu: true,
  render: ({ main, signal }) => {
    const available = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    const giveForm = form({
      id: 'give',
      fields: [
        {
          name: 'recipient',
          label: 'give.recipient',
          kind: 'radio',
          required: true,
          initial: 'member',
          options: [
            { value: 'member', label: t('give.toMember') },
            { value: 'pool', label: t('give.toPool') },
          ],
        },
        { name: 'to/member', label: 'give.memberNumber', hint: 'give.memberNumberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'hours', label: 'give.hours', kind: 'decimal', required: true, hint: 'give.hoursHint' },
        { name: 'memo', label: 'give.memo', maxLength: 200 },
      ],
      submitLabel: 'give.submit',
      validate: (values) => {
        if (values['recipient'] !== 'member') return {};
        const number = values['to/member'] ?? '';
        if (number === '') return { 'to/member': t('form.required') };
        return memberNumber.test(number) ? {} : { 'to/member': t('give.memberNumberInvalid') };
      },
      submit: (values, submission) => {
        const body: Record<string, unknown> = {
          to: values['recipient'] === 'pool' ? 'pool' : { member: values['to/member'] },
          hours: values['hours'],
        };
        if (values['memo'] !== '') body['memo'] = values['memo'];
        return api<GiftView>('/api/v1/gifts', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (gift, handle) => {
        handle.setValue('hours', '');
        handle.setValue('memo', '');
        replaceChildren(
          result,
          h(
            'div',
            { class: 'receipt', 'data-result': 'gift' },
            h('h3', {}, t('give.doneTitle')),
            facts([
              [t('give.hours'), formatAmount(gift.hours, 'HOUR')],
              [t('give.recipient'), gift.to === 'pool' ? t('give.toPool') : gift.to.member],
              [t('give.when'), formatDateTime(gift.effectiveAt)],
              [t('give.balanceAfter'), formatAmount(gift.giverBalance, 'HOUR')],
            ]),
            h('p', {}, appLink('/volunteer/history', t('history.title'))),
          ),
        );
        result.querySelector('h3')?.setAttribute('tabindex', '-1');
        result.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    replaceChildren(
      main,
      pageHeader('give.title', 'give.intro'),
      section(t('give.availableTitle'), available),
      section(t('give.formTitle'), giveForm.element, result),
    );
    void loadInto(
      available,
      signal,
      () => api<MyBalancesView>('/api/v1/me/balances', { signal }),
      (view) => h('p', { class: 'lead' }, t('give.availableBody', { hours: formatAmount(view.hours.available, 'HOUR') })),
    );
  },
};
