// The trial balance per unit, now or at the end of a past day: every unit nets to zero in balanced books.
import { api, withQuery } from '../api.js';
import type { TrialBalanceView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { dataTable } from '../components/table.js';
import { unitAmount } from '../components/unit-amount.js';
import { formatCount, formatDate, unitName } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function trialBalanceView(view: TrialBalanceView): HTMLElement {
  return h(
    'div',
    { 'data-result': 'trial-balance', 'data-balanced': view.balanced ? 'true' : 'false' },
    h(
      'p',
      { class: view.balanced ? 'state state-ok' : 'state state-error', role: 'status' },
      h('strong', {}, view.balanced ? t('trialBalance.balanced') : t('trialBalance.unbalanced')),
      view.at === null ? '' : ` · ${t('trialBalance.asOf', { date: formatDate(view.at) })}`,
    ),
    dataTable(
      t('trialBalance.caption'),
      [
        {
          header: t('trialBalance.unit'),
          cell: (line: TrialBalanceView['units'][number]) =>
            h('span', {}, unitName(line.unit), line.unit.startsWith('ITEM:') ? null : h('span', { class: 'unit-code' }, ` (${line.unit})`)),
        },
        { header: t('trialBalance.debit'), numeric: true, cell: (line) => unitAmount(line.debit, line.unit) },
        { header: t('trialBalance.credit'), numeric: true, cell: (line) => unitAmount(line.credit, line.unit) },
        { header: t('trialBalance.net'), numeric: true, cell: (line) => unitAmount(line.net, line.unit) },
        { header: t('trialBalance.accounts'), numeric: true, cell: (line) => formatCount(line.accounts) },
      ],
      view.units,
    ),
  );
}

export const trialBalancePage: Page = {
  path: '/auditor/trial-balance',
  group: 'auditor',
  title: 'trialBalance.title',
  access: ['auditor', 'admin', 'coordinator'],
  inMenu: true,
  render: ({ main, signal, query, navigate }) => {
    const date = query.get('date') ?? '';
    const body = h('div', {});
    const chooser = form({
      id: 'trial-balance-date',
      fields: [{ name: 'date', label: 'trialBalance.date', kind: 'date', hint: 'trialBalance.dateHint', initial: date }],
      submitLabel: 'trialBalance.show',
      keepDraft: true,
      submit: async (values) => values['date'] ?? '',
      done: (chosen) => navigate(chosen === '' ? '/auditor/trial-balance' : `/auditor/trial-balance?date=${encodeURIComponent(chosen)}`),
    });
    replaceChildren(
      main,
      pageHeader('trialBalance.title', 'trialBalance.intro'),
      section(t('trialBalance.resultTitle'), body),
      section(t('trialBalance.pastTitle'), chooser.element),
    );
    // The end of the chosen day in the community's time zone (UTC+8).
    const at = datePattern.test(date) ? `${date}T23:59:59+08:00` : undefined;
    void loadInto(
      body,
      signal,
      () => api<TrialBalanceView>(withQuery('/api/v1/audit/trial-balance', { at }), { signal }),
      trialBalanceView,
    );
  },
};
