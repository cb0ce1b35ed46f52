// The volunteer's hours history: every posting on their hour account with the balance after it.
import type { StatementLine } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { pagedList } from '../components/paged-list.js';
import { statementTable } from '../components/statement-table.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export const historyPage: Page = {
  path: '/volunteer/history',
  group: 'volunteer',
  title: 'history.title',
  access: ['member'],
  inMenu: true,
  render: ({ main, signal, user }) => {
    const list = h('div', {});
    replaceChildren(main, pageHeader('history.title', 'history.intro'), section(t('history.listTitle'), list));
    pagedList<StatementLine>(list, signal, {
      path: '/api/v1/me/statement',
      cursorName: 'cursor',
      empty: t('history.empty'),
      render: (lines) => statementTable(t('history.caption'), 'HOUR', lines),
      keep: { kind: 'statement', user },
    });
  },
};
