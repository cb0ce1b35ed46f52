// Households (coordinators, admins): the list by pseudonymous code with contact details, registering
// a household, and a household's points and details.
import { api } from '../api.js';
import type { HouseholdView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable } from '../components/table.js';
import { formatCount, formatDate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';
import { householdChangeForm } from './household-change.js';
import { householdPoints } from './household-points.js';

export const householdsPage: Page = {
  path: '/coordinator/households',
  group: 'coordinator',
  title: 'households.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal, query, navigate }) => {
    const selected = query.get('code');
    const list = h('div', {});
    const created = h('div', { role: 'status' });
    const createForm = form({
      id: 'household-create',
      fields: [
        { name: 'name', label: 'households.name', required: true, autocomplete: 'off', maxLength: 100 },
        { name: 'address', label: 'households.address', required: true, autocomplete: 'off', maxLength: 200 },
        { name: 'phone', label: 'households.phone', kind: 'tel', autocomplete: 'off', maxLength: 32 },
        { name: 'size', label: 'households.size', kind: 'integer', hint: 'households.sizeHint' },
        { name: 'idNumber', label: 'households.idNumber', autocomplete: 'off', maxLength: 32 },
        { name: 'notes', label: 'households.notes', kind: 'textarea', maxLength: 500 },
      ],
      submitLabel: 'households.create',
      submit: (values, submission) => {
        const body: Record<string, unknown> = { name: values['name'], address: values['address'] };
        for (const name of ['phone', 'idNumber', 'notes'] as const) if (values[name] !== '') body[name] = values[name];
        if (values['size'] !== '') body['size'] = Number(values['size']);
        return api<HouseholdView>('/api/v1/households', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (household, handle) => {
        for (const name of ['name', 'address', 'phone', 'size', 'idNumber', 'notes']) handle.setValue(name, '');
        replaceChildren(created, h('p', { class: 'state state-ok' }, t('households.created', { code: household.code })));
        navigate(`/coordinator/households?code=${encodeURIComponent(household.code)}`);
      },
    });
    const detail =
      selected === null
        ? null
        : section(
            t('households.detailTitle', { code: selected }),
            householdPoints(selected, signal),
            h('p', {}, appLink('/coordinator/households', t('households.backToList'))),
          );
    const change =
      selected === null ? null : section(t('households.changeTitle', { code: selected }), householdChangeForm(selected, signal));
    replaceChildren(
      main,
      pageHeader('households.title', 'households.intro'),
      detail,
      change,
      section(t('households.listTitle'), list),
      section(t('households.createTitle'), created, createForm.element),
    );
    pagedList<HouseholdView>(list, signal, {
      path: '/api/v1/households',
      empty: t('households.empty'),
      render: (items) =>
        dataTable(
          t('households.listCaption', { count: formatCount(items.length) }),
          [
            {
              header: t('households.code'),
              cell: (row) => appLink(`/coordinator/households?code=${encodeURIComponent(row.code)}`, row.code),
            },
            { header: t('households.name'), cell: (row) => row.personal?.name ?? '—' },
            { header: t('households.address'), cell: (row) => row.personal?.address ?? '—' },
            {
              header: t('households.size'),
              numeric: true,
              cell: (row) => (row.personal?.size === undefined ? '—' : formatCount(row.personal.size)),
            },
            { header: t('households.registered'), cell: (row) => formatDate(row.createdAt) },
          ],
          items,
        ),
    });
  },
};
