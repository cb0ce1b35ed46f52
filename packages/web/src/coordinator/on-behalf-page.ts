// Acting for a member who has no phone (many are elderly): give their hours to a family member or
// the pool, or send them to another community, with how and when the member agreed. The api
// records the consent in the audit log and marks the journal entry as made on their behalf.
import { api } from '../api.js';
import type { ConsentMethod, GiftView, TransferView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form, type FormValues } from '../components/form.js';
import { transferLookup, transferView } from '../components/transfer-view.js';
import { communityTimeZone, formatAmount, formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { facts } from '../components/table.js';
import { memberNumberPattern, validateRemote } from '../volunteer/transfer-page.js';

const consentMethods: readonly ConsentMethod[] = ['in_person', 'phone_call', 'written'];
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^\d{2}:\d{2}$/;

/** Today's date and the time now on the community's clock, to start the consent fields with. */
function communityNow(): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: communityTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((entry) => entry.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

function consentBody(values: FormValues): Record<string, unknown> {
  // The community's clock is UTC+8 all year (China keeps no summer time).
  const consent: Record<string, unknown> = {
    method: values['consent/method'],
    recordedAt: `${values['consent/date']}T${values['consent/time']}:00+08:00`,
  };
  if (values['consent/note'] !== '') consent['note'] = values['consent/note'];
  return { member: values['member'], consent };
}

export const onBehalfPage: Page = {
  path: '/coordinator/on-behalf',
  group: 'coordinator',
  title: 'onBehalf.title',
  access: ['coordinator', 'staff'],
  inMenu: true,
  render: ({ main, signal, user }) => {
    const result = h('div', { 'aria-live': 'polite' });
    const now = communityNow();
    const behalfForm = form<{ gift: GiftView } | { transfer: TransferView }>({
      id: 'on-behalf',
      fields: [
        { name: 'member', label: 'onBehalf.member', required: true, hint: 'give.memberNumberHint', autocomplete: 'off', maxLength: 64 },
        {
          name: 'destination',
          label: 'onBehalf.destination',
          kind: 'radio',
          required: true,
          initial: 'member',
          options: [
            { value: 'member', label: t('give.toMember') },
            { value: 'pool', label: t('give.toPool') },
            { value: 'community', label: t('onBehalf.toCommunity') },
          ],
        },
        { name: 'to/member', label: 'give.memberNumber', hint: 'give.memberNumberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'toCommunity', label: 'transfer.toCommunity', hint: 'transfer.toCommunityHint', autocomplete: 'off', maxLength: 64 },
        { name: 'toMember', label: 'transfer.toMember', hint: 'give.memberNumberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'hours', label: 'give.hours', kind: 'decimal', required: true, hint: 'give.hoursHint' },
        { name: 'memo', label: 'give.memo', maxLength: 200 },
        {
          name: 'consent/method',
          label: 'onBehalf.consentMethod',
          kind: 'select',
          required: true,
          initial: 'in_person',
          options: consentMethods.map((method) => ({ value: method, label: t(`consent.${method}`) })),
        },
        { name: 'consent/date', label: 'onBehalf.consentDate', kind: 'date', required: true, initial: now.date },
        { name: 'consent/time', label: 'onBehalf.consentTime', kind: 'time', required: true, initial: now.time },
        { name: 'consent/note', label: 'onBehalf.consentNote', kind: 'textarea', hint: 'onBehalf.consentNoteHint', maxLength: 500 },
      ],
      submitLabel: 'onBehalf.submit',
      validate: (values) => {
        const problems: Record<string, string> = {};
        if (values['member'] !== '' && !memberNumberPattern.test(values['member'] ?? ''))
          problems['member'] = t('give.memberNumberInvalid');
        if (values['destination'] === 'member') {
          if (values['to/member'] === '') problems['to/member'] = t('form.required');
          else if (!memberNumberPattern.test(values['to/member'] ?? '')) problems['to/member'] = t('give.memberNumberInvalid');
        }
        if (values['destination'] === 'community') {
          if (values['toCommunity'] === '') problems['toCommunity'] = t('form.required');
          if (values['toMember'] === '') problems['toMember'] = t('form.required');
          Object.assign(problems, validateRemote(values, 'toCommunity', 'toMember'));
        }
        if (values['consent/date'] !== '' && !datePattern.test(values['consent/date'] ?? ''))
          problems['consent/date'] = t('onBehalf.dateInvalid');
        if (values['consent/time'] !== '' && !timePattern.test(values['consent/time'] ?? ''))
          problems['consent/time'] = t('onBehalf.timeInvalid');
        return problems;
      },
      submit: async (values, submission) => {
        const onBehalfOf = consentBody(values);
        const memo = values['memo'] === '' ? {} : { memo: values['memo'] };
        if (values['destination'] === 'community') {
          const body = { onBehalfOf, toCommunity: values['toCommunity'], toMember: values['toMember'], hours: values['hours'], ...memo };
          return {
            transfer: await api<TransferView>('/api/v1/clearing/transfers/on-behalf', {
              method: 'POST',
              body,
              idempotencyKey: submission.keyFor(body),
              signal,
            }),
          };
        }
        const body = {
          onBehalfOf,
          to: values['destination'] === 'pool' ? 'pool' : { member: values['to/member'] },
          hours: values['hours'],
          ...memo,
        };
        return {
          gift: await api<GiftView>('/api/v1/gifts/on-behalf', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal }),
        };
      },
      done: (outcome, handle) => {
        for (const name of ['hours', 'memo', 'consent/note']) handle.setValue(name, '');
        if ('transfer' in outcome) replaceChildren(result, transferView(outcome.transfer, t('transfer.sent')));
        else {
          const gift = outcome.gift;
          replaceChildren(
            result,
            h(
              'div',
              { class: 'receipt', 'data-result': 'gift' },
              h('h3', { tabindex: '-1' }, t('onBehalf.doneTitle')),
              facts([
                [t('onBehalf.member'), gift.from.member],
                [t('give.hours'), formatAmount(gift.hours, 'HOUR')],
                [t('give.recipient'), gift.to === 'pool' ? t('give.toPool') : gift.to.member],
                [t('give.when'), formatDateTime(gift.effectiveAt)],
                [t('give.balanceAfter'), formatAmount(gift.giverBalance, 'HOUR')],
              ]),
            ),
          );
        }
        result.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    // A new submission takes the last one's result away, so a refusal is not read beside an old success.
    behalfForm.element.addEventListener('submit', () => replaceChildren(result));
    // Only the fields the chosen destination needs are shown.
    const update = (): void => {
      const destination = behalfForm.element.querySelector<HTMLInputElement>('input[name="destination"]:checked')?.value ?? 'member';
      for (const [name, shownFor] of [
        ['to/member', 'member'],
        ['toCommunity', 'community'],
        ['toMember', 'community'],
      ] as const) {
        const wrapper = behalfForm.element.querySelector<HTMLElement>(`.field[data-field="${name}"]`);
        if (wrapper !== null) wrapper.hidden = destination !== shownFor;
      }
    };
    for (const radio of behalfForm.element.querySelectorAll<HTMLInputElement>('input[name="destination"]'))
      radio.addEventListener('change', update);
    update();
    replaceChildren(
      main,
      pageHeader('onBehalf.title', 'onBehalf.intro'),
      section(t('onBehalf.formTitle'), behalfForm.element, result),
      // Staff may send for a member but not read transfers back (the api's roles for that read).
      user?.role === 'coordinator' ? section(t('transfer.lookupTitle'), transferLookup(signal)) : null,
    );
  },
};
