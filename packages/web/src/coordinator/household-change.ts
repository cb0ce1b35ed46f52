// Changing a household's personal data (coordinators, admins): the form starts with what is stored;
// only what was changed is sent, and an optional field emptied is removed (the api's `null`).
import { api } from '../api.js';
import type { HouseholdPersonal, HouseholdView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form, type FormValues } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { t } from '../i18n/i18n.js';

const optionalFields = ['phone', 'idNumber', 'notes'] as const;

function storedValues(personal: HouseholdPersonal | undefined): FormValues {
  return {
    name: personal?.name ?? '',
    address: personal?.address ?? '',
    phone: personal?.phone ?? '',
    size: personal?.size === undefined ? '' : String(personal.size),
    idNumber: personal?.idNumber ?? '',
    notes: personal?.notes ?? '',
  };
}

/** The change: fields whose value differs from the stored one; an emptied optional field becomes null. */
export function householdChange(stored: FormValues, values: FormValues): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  for (const name of ['name', 'address'] as const) if (values[name] !== stored[name]) change[name] = values[name];
  for (const name of optionalFields) if (values[name] !== stored[name]) change[name] = values[name] === '' ? null : values[name];
  if (values['size'] !== stored['size']) change['size'] = values['size'] === '' ? null : Number(values['size']);
  return change;
}

export function householdChangeForm(code: string, signal: AbortSignal): HTMLElement {
  const container = h('div', {});
  const result = h('div', { 'aria-live': 'polite' });
  const path = `/api/v1/households/${encodeURIComponent(code)}`;
  void loadInto(
    container,
    signal,
    () => api<HouseholdView>(path, { signal }),
    (household) => {
      const stored = storedValues(household.personal);
      const changeForm = form({
        // The draft is per household, so typing for one never fills in another.
        id: `household-change-${code}`,
        fields: [
          { name: 'name', label: 'households.name', required: true, autocomplete: 'off', maxLength: 100, initial: stored['name'] },
          { name: 'address', label: 'households.address', required: true, autocomplete: 'off', maxLength: 200, initial: stored['address'] },
          { name: 'phone', label: 'households.phone', kind: 'tel', autocomplete: 'off', maxLength: 32, initial: stored['phone'] },
          { name: 'size', label: 'households.size', kind: 'integer', hint: 'households.sizeHint', initial: stored['size'] },
          { name: 'idNumber', label: 'households.idNumber', autocomplete: 'off', maxLength: 32, initial: stored['idNumber'] },
          { name: 'notes', label: 'households.notes', kind: 'textarea', maxLength: 500, initial: stored['notes'] },
        ],
        submitLabel: 'households.change',
        validate: (values) => (Object.keys(householdChange(stored, values)).length === 0 ? { name: t('users.nothingToChange') } : {}),
        submit: (values) => api<HouseholdView>(path, { method: 'PATCH', body: householdChange(stored, values), signal }),
        done: (changed) => {
          Object.assign(stored, storedValues(changed.personal));
          replaceChildren(
            result,
            h(
              'p',
              { class: 'state state-ok', role: 'status', 'data-result': 'household-changed' },
              t('households.changed', { code: changed.code }),
            ),
          );
        },
      });
      changeForm.element.addEventListener('submit', () => replaceChildren(result));
      return h('div', {}, changeForm.element, result);
    },
  );
  return container;
}
