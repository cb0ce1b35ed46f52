// A stock count: what is on the shelf per item; then the differences from the books, a reason for
// each, confirmation by staff, and finalization by an admin (the variances then post).
import { api } from '../api.js';
import type { CatalogueItemView, PageOf, StockCountView, StockLineView, StoreView, VarianceReason } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form, type FieldSpec } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatDateTime, formatDecimal } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page, type PageContext } from '../page.js';
import { storePicker } from './store-picker.js';

const reasons: readonly VarianceReason[] = ['damaged', 'expired', 'miscounted', 'lost', 'found', 'other'];
const stockCountIdPattern = /^sc-[0-9a-f]{20}$/;
/** Items counted in one go; the api has its own maximum. */
const countLinesMax = 100;

function isZero(value: string): boolean {
  return /^-?0(\.0+)?$/.test(value);
}

/** The form of a new count: one "counted" field per item the store stocks. */
function newCount(context: PageContext, store: StoreView, items: readonly StockLineView[]): HTMLElement {
  const counted = items.slice(0, countLinesMax);
  const countForm = form({
    id: `count-${store.id}`,
    fields: counted.map(
      (line, index): FieldSpec => ({
        name: `lines/${index}/counted`,
        label: 'count.counted',
        labelText: t('count.countedOf', { name: line.name }),
        kind: 'decimal',
        required: true,
      }),
    ),
    submitLabel: 'count.submit',
    submit: (values, submission) => {
      const body = {
        store: store.id,
        lines: counted.map((line, index) => ({ item: line.item, counted: values[`lines/${index}/counted`] ?? '' })),
      };
      return api<StockCountView>('/api/v1/stock-counts', {
        method: 'POST',
        body,
        idempotencyKey: submission.keyFor(body),
        signal: context.signal,
      });
    },
    done: (count) => context.navigate(`/staff/count?id=${encodeURIComponent(count.id)}`),
  });
  return counted.length === 0 ? h('p', { class: 'state state-empty' }, t('stock.empty')) : countForm.element;
}

/** A recorded count: differences, reasons, confirm; finalize for admins. */
function countView(context: PageContext, count: StockCountView, names: ReadonlyMap<string, string>): HTMLElement {
  const nameOf = (item: string): string => names.get(item) ?? item;
  const differing = count.lines.filter((line) => !isZero(line.difference));
  const table = dataTable(
    t('count.linesCaption'),
    [
      { header: t('items.item'), cell: (line: StockCountView['lines'][number]) => nameOf(line.item) },
      { header: t('count.book'), numeric: true, cell: (line) => formatDecimal(line.book) },
      { header: t('count.counted'), numeric: true, cell: (line) => formatDecimal(line.counted) },
      {
        header: t('count.difference'),
        numeric: true,
        cell: (line) =>
          h('span', { class: isZero(line.difference) ? null : 'difference' }, formatDecimal(line.difference, { signed: true })),
      },
      { header: t('count.reason'), cell: (line) => (line.reason === null ? '—' : t(`reason.${line.reason}`)) },
    ],
    count.lines,
  );
  const parts: (HTMLElement | null)[] = [
    facts([
      [t('count.status'), h('span', { 'data-status': count.status }, t(`count.status.${count.status}`))],
      [t('count.countedAt'), formatDateTime(count.countedAt)],
      [t('count.differences'), String(differing.length)],
    ]),
    table,
  ];
  if (count.status === 'counted') {
    const confirmForm = form({
      id: `confirm-${count.id}`,
      fields: differing.map(
        (line, index): FieldSpec => ({
          name: `reasons/${index}/reason`,
          label: 'count.reason',
          labelText: t('count.reasonFor', { item: nameOf(line.item), difference: formatDecimal(line.difference, { signed: true }) }),
          kind: 'select',
          required: true,
          options: [
            { value: '', label: t('count.chooseReason') },
            ...reasons.map((reason) => ({ value: reason, label: t(`reason.${reason}`) })),
          ],
        }),
      ),
      submitLabel: 'count.confirm',
      submit: (values, submission) => {
        const body = { reasons: differing.map((line, index) => ({ item: line.item, reason: values[`reasons/${index}/reason`] })) };
        return api<StockCountView>(`/api/v1/stock-counts/${encodeURIComponent(count.id)}/confirm`, {
          method: 'POST',
          body,
          idempotencyKey: submission.keyFor(body),
          signal: context.signal,
        });
      },
      done: () => context.refresh(),
    });
    parts.push(
      h('h3', {}, t('count.confirmTitle')),
      differing.length === 0 ? h('p', {}, t('count.noDifferences')) : null,
      confirmForm.element,
    );
  } else if (count.status === 'confirmed' && context.user?.role === 'admin') {
    const finalizeForm = form({
      id: `finalize-${count.id}`,
      fields: [],
      submitLabel: 'count.finalize',
      submit: (_values, submission) =>
        api<StockCountView>(`/api/v1/stock-counts/${encodeURIComponent(count.id)}/finalize`, {
          method: 'POST',
          idempotencyKey: submission.keyFor({ finalize: count.id }),
          signal: context.signal,
        }),
      done: () => context.refresh(),
    });
    parts.push(h('h3', {}, t('count.finalizeTitle')), finalizeForm.element);
  } else if (count.status === 'confirmed') {
    parts.push(h('p', { class: 'state state-pending' }, t('count.awaitingAdmin')));
  }
  return h('div', { 'data-result': 'stock-count' }, ...parts);
}

export const countPage: Page = {
  path: '/staff/count',
  group: 'staff',
  title: 'count.title',
  access: ['staff', 'coordinator', 'admin'],
  inMenu: true,
  render: (context) => {
    const { main, signal, query } = context;
    const id = query.get('id') ?? '';
    if (stockCountIdPattern.test(id)) {
      const body = h('div', {});
      replaceChildren(
        main,
        pageHeader('count.title', 'count.intro'),
        section(t('count.recordTitle', { id }), body),
        h('p', {}, h('a', { href: '#/staff/count' }, t('count.startNew'))),
      );
      const load = async (): Promise<[StockCountView, Map<string, string>]> => {
        const [count, catalogue] = await Promise.all([
          api<StockCountView>(`/api/v1/stock-counts/${encodeURIComponent(id)}`, { signal }),
          api<PageOf<CatalogueItemView>>('/api/v1/catalogue/items?limit=100', { signal }),
        ]);
        return [count, new Map(catalogue.items.map((item) => [item.code, item.name]))];
      };
      void loadInto(body, signal, load, ([count, names]) => countView(context, count, names));
      return;
    }
    const body = h('div', {});
    let current: AbortController | undefined;
    replaceChildren(
      main,
      pageHeader('count.title', 'count.intro'),
      section(
        t('store.title'),
        storePicker(signal, (store) => {
          current?.abort();
          current = new AbortController();
          const controller = current;
          signal.addEventListener('abort', () => controller.abort(), { once: true });
          void loadInto(
            body,
            controller.signal,
            () =>
              api<PageOf<StockLineView>>(`/api/v1/stores/${encodeURIComponent(store.id)}/stock?limit=100`, { signal: controller.signal }),
            (page) => newCount(context, store, page.items),
          );
        }),
      ),
      section(t('count.formTitle'), body),
    );
  },
};
