// A cash donation to one of the community's restricted funds: the fund, the amount, how it was
// paid, the donor; then the donor's receipt on screen and as a printable file.
import { api } from '../api.js';
import type { DonationView, FundView, PageOf, PaymentMethod } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { emptyState, loadInto } from '../components/states.js';
import { formatAmount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { donorBody, donorFields, showDonorFields, showReceipt, validateDonor } from './intake-page.js';

const paymentMethods: readonly PaymentMethod[] = ['wechat_pay', 'alipay', 'cash', 'bank_transfer'];
/** Yuan with at most two decimals: the ledger refuses more for CNY. */
export const yuanPattern = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/;

/** The funds of the community, at most the first page (a community has a handful). */
export function loadFunds(signal: AbortSignal): Promise<PageOf<FundView>> {
  return api<PageOf<FundView>>('/api/v1/funds?limit=100', { signal });
}

export function validateYuan(name: string, value: string): Record<string, string> {
  if (value === '') return {};
  if (!yuanPattern.test(value)) return { [name]: t('cash.amountInvalid') };
  return /^0(\.0+)?$/.test(value) ? { [name]: t('error.amount_must_be_positive') } : {};
}

export const cashDonationPage: Page = {
  path: '/staff/cash',
  group: 'staff',
  title: 'cash.title',
  access: ['staff', 'coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const formArea = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    replaceChildren(main, pageHeader('cash.title', 'cash.intro'), section(t('cash.formTitle'), formArea), result);
    void loadInto(
      formArea,
      signal,
      () => loadFunds(signal),
      ({ items: funds }) => {
        if (funds.length === 0) return emptyState(t('funds.empty'));
        const cashForm = form({
          id: 'cash-donation',
          fields: [
            {
              name: 'fund',
              label: 'cash.fund',
              kind: 'select',
              required: true,
              initial: funds[0]?.code,
              options: funds.map((fund) => ({ value: fund.code, label: `${fund.name} (${formatAmount(fund.balance, 'CNY')})` })),
            },
            { name: 'amount', label: 'cash.amount', kind: 'decimal', required: true, hint: 'cash.amountHint' },
            {
              name: 'method',
              label: 'cash.method',
              kind: 'select',
              required: true,
              initial: 'wechat_pay',
              options: paymentMethods.map((method) => ({ value: method, label: t(`payment.${method}`) })),
            },
            ...donorFields(),
            { name: 'memo', label: 'intake.memo', maxLength: 200 },
          ],
          submitLabel: 'cash.submit',
          validate: (values) => ({ ...validateDonor(values), ...validateYuan('amount', values['amount'] ?? '') }),
          submit: (values, submission) => {
            const body: Record<string, unknown> = {
              fund: values['fund'],
              amount: values['amount'],
              donor: donorBody(values),
              method: values['method'],
            };
            if (values['memo'] !== '') body['memo'] = values['memo'];
            return api<DonationView>('/api/v1/donations/cash', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
          },
          done: (donation, handle) => {
            for (const name of ['amount', 'donor/name', 'donor/phone', 'donor/ref', 'memo']) handle.setValue(name, '');
            showReceipt(result, signal, donation);
          },
        });
        // A new submission takes the last one's result away, so a refusal is not read beside an old success.
        cashForm.element.addEventListener('submit', () => replaceChildren(result));
        showDonorFields(cashForm.element);
        return cashForm.element;
      },
    );
  },
};
