// Handing goods to a household at the counter, by its pseudonymous code: its love points and this
// month's remaining quotas first, then the goods; the api prices them in points by the rules.
import { api } from '../api.js';
import type { DistributionView, HouseholdSupermarketView, StoreView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatAmount, formatDecimal } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { itemRows } from './item-rows.js';
import { storePicker } from './store-picker.js';

const householdCodePattern = /^HH-[0-9A-Z]{5}$/;

/** A household's points and quotas, as the counter shows them. */
export function householdCounterView(view: HouseholdSupermarketView): HTMLElement {
  return h(
    'div',
    { 'data-result': 'household' },
    h(
      'dl',
      { class: 'big-figures' },
      h(
        'div',
        { 'data-figure': 'points-available' },
        h('dt', {}, t('points.available')),
        h('dd', {}, formatAmount(view.points.available, 'POINT')),
      ),
      h(
        'div',
        { 'data-figure': 'points-balance' },
        h('dt', {}, t('points.balance')),
        h('dd', {}, formatAmount(view.points.balance, 'POINT')),
      ),
    ),
    view.quotas.length === 0
      ? h('p', { class: 'state state-empty' }, t('handout.noQuotas'))
      : dataTable(
          t('handout.quotasCaption', { month: view.month }),
          [
            { header: t('items.item'), cell: (quota: HouseholdSupermarketView['quotas'][number]) => quota.name },
            { header: t('handout.monthlyQuota'), numeric: true, cell: (quota) => formatDecimal(quota.monthlyQuota) },
            { header: t('handout.used'), numeric: true, cell: (quota) => formatDecimal(quota.used) },
            { header: t('handout.remaining'), numeric: true, cell: (quota) => formatDecimal(quota.remaining) },
          ],
          view.quotas,
        ),
  );
}

export const handoutPage: Page = {
  path: '/staff/handout',
  group: 'staff',
  title: 'handout.title',
  access: ['staff', 'coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal, query, navigate }) => {
    const code = (query.get('household') ?? '').toUpperCase();
    let store: StoreView | undefined;
    const lookup = form({
      id: 'handout-lookup',
      fields: [
        {
          name: 'household',
          label: 'handout.household',
          hint: 'handout.householdHint',
          required: true,
          autocomplete: 'off',
          maxLength: 8,
          initial: code,
        },
      ],
      submitLabel: 'handout.lookup',
      keepDraft: true,
      validate: (values) =>
        householdCodePattern.test((values['household'] ?? '').toUpperCase()) ? {} : { household: t('handout.householdInvalid') },
      submit: async (values) => (values['household'] ?? '').toUpperCase(),
      done: (household) => navigate(`/staff/handout?household=${encodeURIComponent(household)}`),
    });
    const parts: HTMLElement[] = [
      pageHeader('handout.title', 'handout.intro'),
      section(
        t('store.title'),
        storePicker(signal, (chosen) => (store = chosen)),
      ),
      section(t('handout.lookupTitle'), lookup.element),
    ];
    if (householdCodePattern.test(code)) {
      const household = h('div', {});
      const result = h('div', { 'aria-live': 'polite' });
      const load = (): void =>
        void loadInto(
          household,
          signal,
          () => api<HouseholdSupermarketView>(`/api/v1/households/${encodeURIComponent(code)}/supermarket`, { signal }),
          householdCounterView,
        );
      const rows = itemRows({ id: `handout-${code}`, withFairValue: false, signal });
      const handoutForm = form({
        id: `handout-${code}`,
        fields: [{ name: 'memo', label: 'handout.memo', maxLength: 200 }],
        extra: h('fieldset', { class: 'goods' }, h('legend', {}, t('handout.goods')), rows.element),
        submitLabel: 'handout.submit',
        validate: () => ({ ...rows.validate(), ...(store === undefined ? { store: t('store.choose') } : {}) }),
        submit: (values, submission) => {
          const body: Record<string, unknown> = {
            store: store?.id,
            household: code,
            items: rows.rows().map((row) => ({ item: row.item, quantity: row.quantity })),
          };
          if (values['memo'] !== '') body['memo'] = values['memo'];
          return api<DistributionView>('/api/v1/distributions', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
        },
        done: (distribution, handle) => {
          rows.clear();
          handle.setValue('memo', '');
          replaceChildren(
            result,
            h(
              'div',
              { class: 'receipt', 'data-result': 'distribution' },
              h('h3', { tabindex: '-1' }, t('handout.doneTitle')),
              facts([
                [t('handout.household'), distribution.household ?? '—'],
                [t('handout.pointsCharged'), formatAmount(distribution.points, 'POINT')],
                [t('handout.itemsGiven'), distribution.items.map((line) => `${line.item} × ${formatDecimal(line.quantity)}`).join('、')],
              ]),
            ),
          );
          result.querySelector<HTMLElement>('h3')?.focus();
          load();
        },
      });
      parts.push(section(t('handout.householdTitle', { code }), household), section(t('handout.formTitle'), handoutForm.element, result));
      load();
    }
    replaceChildren(main, ...parts);
  },
};
