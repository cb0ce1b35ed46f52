// Choosing the store to work in: loaded from the api, remembered on this device, preselected when there is one.
import { api } from '../api.js';
import type { StoreView } from '@linli/contract';
import { h } from '../components/dom.js';
import { fieldElement } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { t } from '../i18n/i18n.js';

const storageKey = 'linli.store';

function remembered(): string {
  try {
    return localStorage.getItem(storageKey) ?? '';
  } catch {
    return '';
  }
}

/** Renders the picker into a container; calls `chosen` with the store now and whenever it changes. */
export function storePicker(signal: AbortSignal, chosen: (store: StoreView) => void): HTMLElement {
  const container = h('div', { class: 'store-picker' });
  void loadInto(
    container,
    signal,
    () => api<{ items: StoreView[] }>('/api/v1/stores', { signal }),
    ({ items }) => {
      if (items.length === 0) return h('p', { class: 'state state-empty' }, t('store.none'));
      const preferred = items.find((store) => store.id === remembered()) ?? items[0];
      const field = fieldElement(
        { name: 'store', label: 'store.label', kind: 'select', options: items.map((store) => ({ value: store.id, label: store.name })) },
        preferred?.id ?? '',
      );
      const pick = (): void => {
        const store = items.find((candidate) => candidate.id === field.read());
        if (store === undefined) return;
        try {
          localStorage.setItem(storageKey, store.id);
        } catch {
          // Not remembered on this device.
        }
        chosen(store);
      };
      field.onChange(pick);
      queueMicrotask(pick);
      return field.wrapper;
    },
  );
  return container;
}
