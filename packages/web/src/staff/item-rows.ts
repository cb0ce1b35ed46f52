// Rows of goods for a donation, a handout or a count: each an item found by name, code or barcode
// (type-ahead from the catalogue; a scanner's Enter picks the item and moves on to the quantity),
// a quantity and, for donations, an optional fair value. Rows are kept per form across re-renders.
import { api, isRouteMissing, withQuery } from '../api.js';
import type { CatalogueItemView, PageOf } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { checkField, fieldElement, type FieldSpec } from '../components/form.js';
import { formatAmount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';

export interface ItemRow {
  item: string;
  quantity: string;
  fairValue: string;
}

/** Lines in one donation or handout; the api has its own maximum, this keeps the page usable. */
export const itemRowsMax = 50;
const searchDelayMs = 250;

const rowDrafts = new Map<string, ItemRow[]>();
/** Items seen in searches, by code: their names and prices for the hints. */
const known = new Map<string, CatalogueItemView>();

export interface ItemRowsOptions {
  /** Names the draft rows (the form's id). */
  id: string;
  withFairValue: boolean;
  signal: AbortSignal;
}

export interface ItemRowsHandle {
  element: HTMLElement;
  rows(): ItemRow[];
  /** Field name → message for empty or malformed rows. */
  validate(): Record<string, string>;
  clear(): void;
}

function emptyRow(): ItemRow {
  return { item: '', quantity: '', fairValue: '' };
}

export function itemRows(options: ItemRowsOptions): ItemRowsHandle {
  let rows = rowDrafts.get(options.id) ?? [emptyRow()];
  rowDrafts.set(options.id, rows);
  const listId = `${options.id}-catalogue`;
  const datalist = h('datalist', { id: listId });
  const container = h('div', { class: 'item-rows' });
  const catalogueNotice = h('p', { class: 'field-hint', role: 'status' });
  const addButton = h('button', { type: 'button', class: 'button', 'data-action': 'add-row' }, t('items.addRow'));
  const element = h(
    'div',
    {},
    h('p', { class: 'field-hint' }, t('items.itemHint'), options.withFairValue ? ` ${t('items.fairValueHint')}` : ''),
    datalist,
    catalogueNotice,
    container,
    h('div', { class: 'button-row' }, addButton),
  );
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchController: AbortController | undefined;

  const search = async (text: string): Promise<CatalogueItemView[]> => {
    searchController?.abort();
    const controller = new AbortController();
    searchController = controller;
    options.signal.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      const page = await api<PageOf<CatalogueItemView>>(withQuery('/api/v1/catalogue/items', { q: text }), { signal: controller.signal });
      for (const item of page.items) known.set(item.code, item);
      replaceChildren(
        datalist,
        ...page.items.map((item) => h('option', { value: item.code }, `${item.name}${item.barcode === null ? '' : ` · ${item.barcode}`}`)),
      );
      catalogueNotice.textContent = '';
      return page.items;
    } catch (error) {
      if (isRouteMissing(error)) catalogueNotice.textContent = t('items.catalogueUnavailable');
      return [];
    }
  };

  const itemHint = (code: string): string => {
    const item = known.get(code);
    if (item === undefined) return code === '' ? '' : t('items.unknownYet');
    return t('items.chosen', { name: item.name, price: formatAmount(item.unitPrice, 'CNY') });
  };

  const render = (): void => {
    replaceChildren(
      container,
      ...rows.map((row, index) => {
        const itemSpec: FieldSpec = {
          name: `items/${index}/item`,
          label: 'items.item',
          required: true,
          list: listId,
          autocomplete: 'off',
          maxLength: 63,
        };
        const item = fieldElement(itemSpec, row.item);
        const quantity = fieldElement(
          { name: `items/${index}/quantity`, label: 'items.quantity', kind: 'decimal', required: true },
          row.quantity,
        );
        const chosen = h('p', { class: 'item-chosen', 'aria-live': 'polite' }, itemHint(row.item));
        item.wrapper.append(chosen);
        item.onChange(() => {
          row.item = item.read().trim();
          chosen.textContent = itemHint(row.item);
          clearTimeout(searchTimer);
          if (row.item !== '' && !known.has(row.item))
            searchTimer = setTimeout(() => void search(row.item).then(() => (chosen.textContent = itemHint(row.item))), searchDelayMs);
        });
        // A barcode scanner types the code and presses Enter: pick the item instead of sending the form.
        item.control.addEventListener('keydown', (event) => {
          if (!(event instanceof KeyboardEvent) || event.key !== 'Enter') return;
          event.preventDefault();
          const text = item.read().trim();
          if (text === '') return;
          void search(text).then((found) => {
            const match =
              found.find((candidate) => candidate.barcode === text || candidate.code === text) ??
              (found.length === 1 ? found[0] : undefined);
            if (match !== undefined) {
              item.write(match.code);
              row.item = match.code;
              chosen.textContent = itemHint(match.code);
              quantity.control.focus();
            } else {
              chosen.textContent = found.length === 0 ? t('items.noMatch') : t('items.severalMatches', { count: String(found.length) });
            }
          });
        });
        quantity.onChange(() => (row.quantity = quantity.read().trim()));
        const parts: HTMLElement[] = [item.wrapper, quantity.wrapper];
        if (options.withFairValue) {
          const fairValue = fieldElement({ name: `items/${index}/fairValue`, label: 'items.fairValue', kind: 'decimal' }, row.fairValue);
          fairValue.onChange(() => (row.fairValue = fairValue.read().trim()));
          parts.push(fairValue.wrapper);
        }
        const remove =
          rows.length > 1
            ? h(
                'button',
                { type: 'button', class: 'button', 'data-action': 'remove-row' },
                t('items.removeRow', { number: String(index + 1) }),
              )
            : null;
        remove?.addEventListener('click', () => {
          rows.splice(index, 1);
          render();
          container.querySelector<HTMLElement>('input')?.focus();
        });
        return h(
          'fieldset',
          { class: 'item-row-group' },
          h('legend', {}, t('items.row', { number: String(index + 1) })),
          h('div', { class: 'item-row' }, ...parts),
          remove,
        );
      }),
    );
    addButton.disabled = rows.length >= itemRowsMax;
  };

  addButton.addEventListener('click', () => {
    rows.push(emptyRow());
    render();
    const inputs = container.querySelectorAll<HTMLInputElement>(`input[name="items/${rows.length - 1}/item"]`);
    inputs[0]?.focus();
  });
  render();

  return {
    element,
    rows: () => rows.map((row) => ({ ...row })),
    validate: () => {
      const problems: Record<string, string> = {};
      rows.forEach((row, index) => {
        const item = checkField({ name: 'item', label: 'items.item', required: true }, row.item);
        if (item !== undefined) problems[`items/${index}/item`] = item;
        const quantity = checkField({ name: 'quantity', label: 'items.quantity', kind: 'decimal', required: true }, row.quantity);
        if (quantity !== undefined) problems[`items/${index}/quantity`] = quantity;
        if (options.withFairValue) {
          const fairValue = checkField({ name: 'fairValue', label: 'items.fairValue', kind: 'decimal' }, row.fairValue);
          if (fairValue !== undefined) problems[`items/${index}/fairValue`] = fairValue;
        }
      });
      return problems;
    },
    clear: () => {
      rows = [emptyRow()];
      rowDrafts.set(options.id, rows);
      render();
    },
  };
}
