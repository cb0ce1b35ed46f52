// An account's statement as a table: when, what, the amount and the balance after it.
import type { StatementLine } from '@linli/contract';
import { formatAmount, formatDate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { h } from './dom.js';
import { kindName } from './kind.js';
import { dataTable } from './table.js';

export function statementTable(caption: string, unit: string, lines: readonly StatementLine[]): HTMLElement {
  return dataTable(
    caption,
    [
      { header: t('statement.date'), cell: (line: StatementLine) => formatDate(line.effectiveAt) },
      {
        header: t('statement.what'),
        cell: (line) =>
          h(
            'span',
            {},
            h('span', { class: 'kind' }, kindName(line.kind)),
            line.memo === '' ? null : h('br'),
            line.memo === '' ? null : h('span', { class: 'memo' }, line.memo),
          ),
      },
      { header: t('statement.amount'), numeric: true, cell: (line) => formatAmount(line.amount, unit, { signed: true }) },
      { header: t('statement.balanceAfter'), numeric: true, cell: (line) => formatAmount(line.balanceAfter, unit) },
    ],
    lines,
  );
}
