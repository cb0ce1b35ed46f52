// Donation intake at the counter, made fast: the store, the donor, rows of goods (type-ahead or
// barcode, quantity, optional value), then the donor's receipt on screen and as a printable file.
import { api } from '../api.js';
import type { DonationView, ReceiptView, StoreView, ValuationMethod } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { downloadButton } from '../components/download.js';
import { form, type FormValues } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatAmount, formatDateTime, formatDecimal } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { itemRows } from './item-rows.js';
import { storePicker } from './store-picker.js';

const valuationMethods: readonly ValuationMethod[] = ['catalogue_price', 'market_price', 'donor_invoice', 'appraisal', 'nominal'];
const donorRefPattern = /^D-[0-9A-Z]{1,12}$/;

/** The donor as the api takes it: anonymous, a known donor's ref, or a name (and phone) to seal. */
export function donorBody(values: FormValues): Record<string, unknown> {
  if (values['donorKind'] === 'ref') return { ref: values['donor/ref'] };
  if (values['donorKind'] === 'name')
    return values['donor/phone'] === '' ? { name: values['donor/name'] } : { name: values['donor/name'], phone: values['donor/phone'] };
  return { anonymous: true };
}

export function donorFields() {
  return [
    {
      name: 'donorKind',
      label: 'donor.kind',
      kind: 'radio',
      required: true,
      initial: 'anonymous',
      options: [
        { value: 'anonymous', label: t('donor.anonymous') },
        { value: 'name', label: t('donor.byName') },
        { value: 'ref', label: t('donor.byRef') },
      ],
    },
    { name: 'donor/name', label: 'donor.name', autocomplete: 'off', maxLength: 100 },
    { name: 'donor/phone', label: 'donor.phone', kind: 'tel', autocomplete: 'off', maxLength: 32 },
    { name: 'donor/ref', label: 'donor.ref', hint: 'donor.refHint', autocomplete: 'off', maxLength: 16 },
  ] as const;
}

/** Shows only the donor fields the chosen kind of donor needs: fewer boxes, fewer mistakes. */
export function showDonorFields(formElement: HTMLFormElement): void {
  const update = (): void => {
    const kind = formElement.querySelector<HTMLInputElement>('input[name="donorKind"]:checked')?.value ?? 'anonymous';
    for (const [name, shownFor] of [
      ['donor/name', 'name'],
      ['donor/phone', 'name'],
      ['donor/ref', 'ref'],
    ] as const) {
      const wrapper = formElement.querySelector<HTMLElement>(`.field[data-field="${name}"]`);
      if (wrapper !== null) wrapper.hidden = kind !== shownFor;
    }
  };
  for (const radio of formElement.querySelectorAll<HTMLInputElement>('input[name="donorKind"]')) radio.addEventListener('change', update);
  update();
}

export function validateDonor(values: FormValues): Record<string, string> {
  if (values['donorKind'] === 'name' && values['donor/name'] === '') return { 'donor/name': t('form.required') };
  if (values['donorKind'] === 'ref' && !donorRefPattern.test(values['donor/ref'] ?? '')) return { 'donor/ref': t('donor.refInvalid') };
  return {};
}

/** The donor's receipt: who, what, its value, and the ledger's hashes as verification codes. */
export function receiptView(receipt: ReceiptView): HTMLElement {
  const lines = receipt.lines;
  return h(
    'div',
    { class: 'receipt', 'data-result': 'receipt' },
    h('h3', { tabindex: '-1' }, t('receipt.title', { id: receipt.id })),
    facts([
      [t('receipt.community'), receipt.community.name],
      [t('receipt.donor'), receipt.donorName ?? (receipt.donor === 'anonymous' ? t('donor.anonymous') : receipt.donor)],
      [t('receipt.when'), formatDateTime(receipt.recordedAt)],
      [
        receipt.kind === 'cash' ? t('receipt.fund') : t('receipt.store'),
        (receipt.kind === 'cash' ? receipt.fundName : receipt.storeName) ?? '—',
      ],
      [t('receipt.total'), formatAmount(receipt.totalValue, 'CNY')],
    ]),
    lines.length === 0
      ? null
      : dataTable(
          t('receipt.linesCaption'),
          [
            { header: t('items.item'), cell: (line: ReceiptView['lines'][number]) => line.name },
            { header: t('items.quantity'), numeric: true, cell: (line) => formatDecimal(line.quantity) },
            { header: t('receipt.value'), numeric: true, cell: (line) => formatAmount(line.fairValue, 'CNY') },
            { header: t('receipt.code'), cell: (line) => h('code', {}, line.hash.slice(0, 12)) },
          ],
          lines,
        ),
    receipt.cash === null ? null : h('p', {}, t('receipt.code'), ': ', h('code', {}, receipt.cash.hash.slice(0, 12))),
    h(
      'div',
      { class: 'button-row' },
      downloadButton(
        t('receipt.download'),
        `/api/v1/donations/${encodeURIComponent(receipt.id)}/receipt?format=html`,
        `receipt-${receipt.id}.html`,
      ),
    ),
  );
}

/** Loads the receipt of a donation just booked into `container`, and moves focus to it. */
export function showReceipt(container: HTMLElement, signal: AbortSignal, donation: DonationView): void {
  void loadInto(
    container,
    signal,
    () => api<ReceiptView>(`/api/v1/donations/${encodeURIComponent(donation.id)}/receipt`, { signal }),
    (receipt) => receiptView(receipt),
  ).then(() => container.querySelector<HTMLElement>('h3')?.focus());
}

export const intakePage: Page = {
  path: '/staff/intake',
  group: 'staff',
  title: 'intake.title',
  access: ['staff', 'coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    let store: StoreView | undefined;
    const result = h('div', {});
    const rows = itemRows({ id: 'intake', withFairValue: true, signal });
    const intakeForm = form({
      id: 'intake',
      fields: [
        ...donorFields(),
        {
          name: 'valuationMethod',
          label: 'intake.valuationMethod',
          kind: 'select',
          initial: 'catalogue_price',
          options: valuationMethods.map((method) => ({ value: method, label: t(`valuation.${method}`) })),
        },
        { name: 'memo', label: 'intake.memo', maxLength: 200 },
      ],
      extra: h('fieldset', { class: 'goods' }, h('legend', {}, t('intake.goods')), rows.element),
      submitLabel: 'intake.submit',
      validate: (values) => ({
        ...validateDonor(values),
        ...rows.validate(),
        ...(store === undefined ? { store: t('store.choose') } : {}),
      }),
      submit: (values, submission) => {
        const items = rows
          .rows()
          .map((row) =>
            row.fairValue === ''
              ? { item: row.item, quantity: row.quantity }
              : { item: row.item, quantity: row.quantity, fairValue: row.fairValue },
          );
        const body: Record<string, unknown> = {
          store: store?.id,
          donor: donorBody(values),
          items,
          valuationMethod: values['valuationMethod'],
        };
        if (values['memo'] !== '') body['memo'] = values['memo'];
        return api<DonationView>('/api/v1/donations/in-kind', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (donation, handle) => {
        rows.clear();
        for (const name of ['donor/name', 'donor/phone', 'donor/ref', 'memo']) handle.setValue(name, '');
        showReceipt(result, signal, donation);
      },
    });
    showDonorFields(intakeForm.element);
    replaceChildren(
      main,
      pageHeader('intake.title', 'intake.intro'),
      section(
        t('store.title'),
        storePicker(signal, (chosen) => (store = chosen)),
      ),
      section(t('intake.formTitle'), intakeForm.element),
      h('div', { 'aria-live': 'polite' }, result),
    );
  },
};
