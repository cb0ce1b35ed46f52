// The item catalogue (admins): every item with its unit, price and barcode, and a new item —
// its ledger unit and stock accounts open in every store.
import { api } from '../api.js';
import type { CatalogueItemView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable, facts } from '../components/table.js';
import { formatAmount, formatCount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { yuanPattern } from '../staff/cash-donation-page.js';

const itemCodePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const barcodePattern = /^[0-9]{8,14}$/;

export const cataloguePage: Page = {
  path: '/admin/catalogue',
  group: 'admin',
  title: 'catalogue.title',
  access: ['admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    const showList = (): void =>
      pagedList<CatalogueItemView>(list, signal, {
        path: '/api/v1/catalogue/items',
        empty: t('catalogue.empty'),
        render: (items) =>
          dataTable(
            t('catalogue.listCaption', { count: formatCount(items.length) }),
            [
              { header: t('items.item'), cell: (item: CatalogueItemView) => item.name },
              { header: t('catalogue.code'), cell: (item) => h('code', {}, item.code) },
              { header: t('catalogue.scale'), cell: (item) => t(item.scale === 3 ? 'catalogue.byWeight' : 'catalogue.byPiece') },
              { header: t('catalogue.unitPrice'), numeric: true, cell: (item) => formatAmount(item.unitPrice, 'CNY') },
              { header: t('catalogue.barcode'), cell: (item) => item.barcode ?? '—' },
            ],
            items,
          ),
      });
    const createForm = form({
      id: 'catalogue-create',
      fields: [
        { name: 'code', label: 'catalogue.code', required: true, hint: 'catalogue.codeHint', autocomplete: 'off', maxLength: 63 },
        { name: 'name', label: 'catalogue.name', required: true, maxLength: 100 },
        {
          name: 'scale',
          label: 'catalogue.scale',
          kind: 'radio',
          required: true,
          initial: '0',
          options: [
            { value: '0', label: t('catalogue.byPiece') },
            { value: '3', label: t('catalogue.byWeight') },
          ],
        },
        { name: 'unitPrice', label: 'catalogue.unitPrice', kind: 'decimal', required: true, hint: 'catalogue.unitPriceHint' },
        { name: 'barcode', label: 'catalogue.barcode', hint: 'catalogue.barcodeHint', autocomplete: 'off', maxLength: 14 },
      ],
      submitLabel: 'catalogue.create',
      validate: (values) => ({
        ...(values['code'] !== '' && !itemCodePattern.test(values['code'] ?? '') ? { code: t('catalogue.codeInvalid') } : {}),
        ...(values['barcode'] !== '' && !barcodePattern.test(values['barcode'] ?? '') ? { barcode: t('catalogue.barcodeInvalid') } : {}),
        // A price of zero is allowed (goods with no fair value); more than 2 decimals is not.
        ...(values['unitPrice'] !== '' && !yuanPattern.test(values['unitPrice'] ?? '') ? { unitPrice: t('cash.amountInvalid') } : {}),
      }),
      submit: (values, submission) => {
        const body: Record<string, unknown> = {
          code: values['code'],
          name: values['name'],
          scale: values['scale'] === '3' ? 3 : 0,
          unitPrice: values['unitPrice'],
        };
        if (values['barcode'] !== '') body['barcode'] = values['barcode'];
        return api<CatalogueItemView>('/api/v1/catalogue/items', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (item) => {
        replaceChildren(
          result,
          h(
            'div',
            { class: 'receipt', 'data-result': 'catalogue-item' },
            h('h3', { tabindex: '-1' }, t('catalogue.created')),
            facts([
              [t('catalogue.name'), item.name],
              [t('catalogue.code'), h('code', {}, item.code)],
              [t('catalogue.unitPrice'), formatAmount(item.unitPrice, 'CNY')],
              [t('catalogue.barcode'), item.barcode ?? '—'],
            ]),
          ),
        );
        result.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    replaceChildren(
      main,
      pageHeader('catalogue.title', 'catalogue.intro'),
      section(t('catalogue.createTitle'), createForm.element, result),
      section(t('catalogue.listTitle'), list),
    );
    showList();
  },
};
