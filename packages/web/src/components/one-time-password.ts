// A one-time password to hand over: shown once, in large type, with what its holder must do.
import { t } from '../i18n/i18n.js';
import { h } from './dom.js';
import { facts } from './table.js';

export function oneTimePasswordReceipt(
  heading: string,
  rows: readonly (readonly [string, string])[],
  password: string,
  result: string,
): HTMLElement {
  return h(
    'div',
    { class: 'receipt', 'data-result': result },
    h('h3', { tabindex: '-1' }, heading),
    facts([
      ...rows.map(([label, value]) => [label, value] as const),
      [t('oneTime.password'), h('code', { class: 'one-time-password', 'data-one-time-password': password }, password)],
    ]),
    h('p', {}, t('oneTime.handOver')),
  );
}
