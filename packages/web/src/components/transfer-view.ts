// A transfer of hours between communities (通存通兑) on screen: its status, hours and both ends;
// and a small form that looks one up by its id.
import { api } from '../api.js';
import type { TransferView } from '@linli/contract';
import { formatAmount, formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { h, replaceChildren } from './dom.js';
import { form } from './form.js';
import { facts } from './table.js';

function end(side: TransferView['from']): string {
  return side.member === null ? side.community : `${side.community} / ${side.member}`;
}

export function transferView(transfer: TransferView, heading: string): HTMLElement {
  return h(
    'div',
    { class: 'receipt', 'data-result': 'transfer', 'data-status': transfer.status },
    h('h3', { tabindex: '-1' }, heading),
    facts([
      [t('transfer.id'), h('code', {}, transfer.id)],
      [t('transfer.status'), t(`transfer.status.${transfer.status}`)],
      [t('give.hours'), formatAmount(transfer.hours, 'HOUR')],
      [t('transfer.from'), end(transfer.from)],
      [t('transfer.to'), end(transfer.to)],
      [t('give.when'), formatDateTime(transfer.createdAt)],
      ...(transfer.onBehalfOf === null ? [] : [[t('onBehalf.consentMethod'), t(`consent.${transfer.onBehalfOf.consent.method}`)] as const]),
    ]),
  );
}

/** The lookup form; the answer goes below it. */
export function transferLookup(signal: AbortSignal): HTMLElement {
  const result = h('div', { 'aria-live': 'polite' });
  const lookup = form({
    id: 'transfer-lookup',
    fields: [{ name: 'id', label: 'transfer.id', required: true, hint: 'transfer.idHint', autocomplete: 'off', maxLength: 200 }],
    submitLabel: 'transfer.lookup',
    keepDraft: true,
    submit: (values) => api<TransferView>(`/api/v1/clearing/transfers/${encodeURIComponent(values['id'] ?? '')}`, { signal }),
    done: (transfer) => {
      replaceChildren(result, transferView(transfer, t('transfer.found')));
      result.querySelector<HTMLElement>('h3')?.focus();
    },
  });
  return h('div', {}, lookup.element, result);
}
