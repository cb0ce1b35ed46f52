// The community's charity-supermarket stores (admins): the list, a new store, and who works in
// each — staff assigned to a store work its books.
import { api } from '../api.js';
import type { PageOf, StoreView, UserView } from '@linli/contract';
import { actionButton } from '../components/action-button.js';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { emptyState, loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatCount, formatDate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export interface StoreStaffView {
  userId: string;
  username: string;
  displayName: string;
  disabled: boolean;
  assignedAt: string;
}

const slugPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

function staffPath(store: string): string {
  return `/api/v1/stores/${encodeURIComponent(store)}/staff`;
}

/** One store's staff, with a remove button each and a form to assign one more. */
function storeStaff(container: HTMLElement, signal: AbortSignal, store: StoreView, staffUsers: readonly UserView[]): void {
  const list = h('div', {});
  const show = (): void =>
    void loadInto(
      list,
      signal,
      () => api<{ items: StoreStaffView[] }>(staffPath(store.id), { signal }),
      ({ items }) =>
        items.length === 0
          ? emptyState(t('stores.noStaff'))
          : dataTable(
              t('stores.staffCaption', { store: store.name }),
              [
                { header: t('users.displayName'), cell: (row: StoreStaffView) => row.displayName },
                { header: t('users.username'), cell: (row) => row.username },
                { header: t('stores.assignedAt'), cell: (row) => formatDate(row.assignedAt) },
                {
                  header: t('stores.actions'),
                  cell: (row) =>
                    actionButton({
                      label: t('stores.unassign'),
                      action: 'unassign',
                      run: () => api<undefined>(`${staffPath(store.id)}/${encodeURIComponent(row.userId)}`, { method: 'DELETE', signal }),
                      done: show,
                    }),
                },
              ],
              items,
            ),
    );
  const assignForm = form({
    id: `store-staff-${store.id}`,
    fields: [
      {
        name: 'userId',
        label: 'stores.staffMember',
        labelText: t('stores.staffMemberOf', { store: store.name }),
        kind: 'select',
        required: true,
        initial: staffUsers[0]?.id,
        options: staffUsers.map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` })),
      },
    ],
    submitLabel: 'stores.assign',
    submit: (values, submission) => {
      const body = { userId: values['userId'] };
      return api<StoreStaffView>(staffPath(store.id), { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
    },
    done: show,
  });
  replaceChildren(
    container,
    h('h3', {}, store.name, ' ', h('code', {}, store.id)),
    list,
    staffUsers.length === 0 ? emptyState(t('stores.noStaffAccounts')) : assignForm.element,
  );
  show();
}

export const storesPage: Page = {
  path: '/admin/stores',
  group: 'admin',
  title: 'stores.title',
  access: ['admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    const staff = h('div', {});
    const createResult = h('div', { 'aria-live': 'polite' });
    const load = (): void =>
      void loadInto(
        list,
        signal,
        async () => {
          const [stores, users] = await Promise.all([
            api<{ items: StoreView[] }>('/api/v1/stores', { signal }),
            api<PageOf<UserView>>('/api/v1/users?role=staff&limit=100', { signal }),
          ]);
          return { stores: stores.items, staffUsers: users.items.filter((user) => !user.disabled) };
        },
        ({ stores, staffUsers }) => {
          replaceChildren(staff, ...stores.map((store) => h('div', { class: 'store-staff', 'data-store': store.id })));
          stores.forEach((store, index) => {
            const slot = staff.children[index];
            if (slot instanceof HTMLElement) storeStaff(slot, signal, store, staffUsers);
          });
          if (stores.length === 0) return emptyState(t('store.none'));
          return dataTable(
            t('stores.listCaption', { count: formatCount(stores.length) }),
            [
              { header: t('stores.name'), cell: (store: StoreView) => store.name },
              { header: t('stores.code'), cell: (store) => h('code', {}, store.id) },
            ],
            stores,
          );
        },
      );
    const createForm = form({
      id: 'store-create',
      fields: [
        { name: 'id', label: 'stores.code', required: true, hint: 'funds.codeHint', autocomplete: 'off', maxLength: 40 },
        { name: 'name', label: 'stores.name', required: true, maxLength: 100 },
      ],
      submitLabel: 'stores.create',
      validate: (values) => (values['id'] !== '' && !slugPattern.test(values['id'] ?? '') ? { id: t('funds.codeInvalid') } : {}),
      submit: (values, submission) => {
        const body = { id: values['id'], name: values['name'] };
        return api<StoreView>('/api/v1/stores', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (store) => {
        replaceChildren(
          createResult,
          h(
            'div',
            { class: 'receipt', 'data-result': 'store' },
            h('h3', { tabindex: '-1' }, t('stores.created')),
            facts([
              [t('stores.name'), store.name],
              [t('stores.code'), h('code', {}, store.id)],
            ]),
          ),
        );
        createResult.querySelector<HTMLElement>('h3')?.focus();
        load();
      },
    });
    replaceChildren(
      main,
      pageHeader('stores.title', 'stores.intro'),
      section(t('stores.listTitle'), list),
      section(t('stores.createTitle'), createForm.element, createResult),
      section(t('stores.staffTitle'), h('p', { class: 'field-hint' }, t('stores.staffIntro')), staff),
    );
    load();
  },
};
