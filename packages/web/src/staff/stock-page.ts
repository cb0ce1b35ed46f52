// Stock on hand in a store, item by item, from the ledger's stock accounts.
import type { StockLineView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable } from '../components/table.js';
import { formatCount, formatDecimal } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { storePicker } from './store-picker.js';

export const stockPage: Page = {
  path: '/staff/stock',
  group: 'staff',
  title: 'stock.title',
  access: ['staff', 'coordinator', 'admin', 'auditor'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    let current: AbortController | undefined;
    replaceChildren(
      main,
      pageHeader('stock.title', 'stock.intro'),
      section(
        t('store.title'),
        storePicker(signal, (store) => {
          current?.abort();
          current = new AbortController();
          const controller = current;
          signal.addEventListener('abort', () => controller.abort(), { once: true });
          pagedList<StockLineView>(list, controller.signal, {
            path: `/api/v1/stores/${encodeURIComponent(store.id)}/stock`,
            empty: t('stock.empty'),
            render: (items) =>
              dataTable(
                t('stock.caption', { store: store.name, count: formatCount(items.length) }),
                [
                  { header: t('items.item'), cell: (line: StockLineView) => line.name },
                  { header: t('stock.code'), cell: (line) => h('code', {}, line.item) },
                  { header: t('stock.onHand'), numeric: true, cell: (line) => formatDecimal(line.quantity) },
                ],
                items,
              ),
          });
        }),
      ),
      section(t('stock.listTitle'), list),
    );
  },
};
