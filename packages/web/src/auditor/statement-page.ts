// Any account's statement: the accounts by id (filtered by unit), then one account's balance and
// its postings with the balance after each.
import { api } from '../api.js';
import type { AccountView, BalanceView, StatementLine } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { pagedList } from '../components/paged-list.js';
import { loadInto } from '../components/states.js';
import { statementTable } from '../components/statement-table.js';
import { dataTable, facts } from '../components/table.js';
import { unitAmount } from '../components/unit-amount.js';
import { formatCount, unitName } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page, type PageContext } from '../page.js';

const unitPattern = /^(HOUR|CNY|POINT|ITEM:[a-z0-9][a-z0-9._-]{0,62})$/;

function statementLink(account: string, label: string): HTMLAnchorElement {
  return appLink(`/auditor/statement?account=${encodeURIComponent(account)}`, label);
}

function accountStatement(context: PageContext, account: string): HTMLElement[] {
  const balance = h('div', {});
  const lines = h('div', {});
  const path = `/api/v1/accounts/${encodeURIComponent(account)}`;
  void loadInto(
    balance,
    context.signal,
    () => api<BalanceView>(`${path}/balance`, { signal: context.signal }),
    (view) =>
      facts([
        [t('statement.unit'), unitName(view.unit)],
        [t('statement.balance'), unitAmount(view.balance, view.unit)],
        [t('statement.available'), unitAmount(view.available, view.unit)],
        [t('statement.held'), unitAmount(view.held, view.unit)],
      ]),
  ).then((view) => {
    pagedList<StatementLine>(lines, context.signal, {
      path: `${path}/statement`,
      cursorName: 'cursor',
      empty: t('statement.empty'),
      render: (items) => statementTable(t('statement.caption', { account }), view?.unit ?? '', items),
    });
  });
  return [
    section(t('statement.accountTitle', { account }), balance, h('p', {}, appLink('/auditor/statement', t('statement.backToAccounts')))),
    section(t('statement.linesTitle'), lines),
  ];
}

function accountList(context: PageContext, unit: string): HTMLElement[] {
  const list = h('div', {});
  const filter = form({
    id: 'accounts-filter',
    fields: [{ name: 'unit', label: 'statement.unitFilter', hint: 'statement.unitFilterHint', initial: unit, maxLength: 70 }],
    submitLabel: 'statement.filter',
    keepDraft: true,
    validate: (values) => (values['unit'] === '' || unitPattern.test(values['unit'] ?? '') ? {} : { unit: t('statement.unitInvalid') }),
    submit: async (values) => values['unit'] ?? '',
    done: (chosen) => context.navigate(chosen === '' ? '/auditor/statement' : `/auditor/statement?unit=${encodeURIComponent(chosen)}`),
  });
  pagedList<AccountView>(list, context.signal, {
    path: '/api/v1/accounts',
    cursorName: 'cursor',
    query: { unit: unitPattern.test(unit) ? unit : undefined },
    empty: t('statement.noAccounts'),
    render: (items) =>
      dataTable(
        t('statement.accountsCaption', { count: formatCount(items.length) }),
        [
          { header: t('statement.account'), cell: (account: AccountView) => statementLink(account.id, account.id) },
          { header: t('statement.name'), cell: (account) => account.name },
          { header: t('statement.unit'), cell: (account) => unitName(account.unit) },
          { header: t('statement.balance'), numeric: true, cell: (account) => unitAmount(account.balance, account.unit) },
          { header: t('statement.status'), cell: (account) => t(`accountStatus.${account.status}`) },
        ],
        items,
      ),
  });
  return [section(t('statement.filterTitle'), filter.element), section(t('statement.accountsTitle'), list)];
}

export const statementPage: Page = {
  path: '/auditor/statement',
  group: 'auditor',
  title: 'statement.title',
  access: ['auditor', 'admin', 'coordinator'],
  inMenu: true,
  render: (context) => {
    const account = context.query.get('account');
    const parts =
      account === null || account === '' ? accountList(context, context.query.get('unit') ?? '') : accountStatement(context, account);
    replaceChildren(context.main, pageHeader('statement.title', 'statement.intro'), ...parts);
  },
};
