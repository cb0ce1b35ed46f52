// The community's restricted charity funds: what each holds and what its projects spent; grants
// and spending out of a fund for one of its projects; and, for admins, a new fund with its projects.
import { api } from '../api.js';
import type { FundMovementView, FundView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { emptyState, loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatAmount, formatCount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { loadFunds, validateYuan } from '../staff/cash-donation-page.js';

const slugPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** The api's limit on projects per fund is its own; this keeps the text box honest. */
const projectLinesMax = 20;

interface ProjectLine {
  code: string;
  name: string;
}

/** "code name" per line → projects; undefined when a line is not of that shape. */
export function parseProjects(text: string): ProjectLine[] | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const projects: ProjectLine[] = [];
  for (const line of lines) {
    const match = /^([a-z0-9][a-z0-9-]{0,39})\s+(.+)$/.exec(line);
    if (match === null) return undefined;
    projects.push({ code: match[1] ?? '', name: (match[2] ?? '').trim() });
  }
  return projects;
}

function fundsTable(funds: readonly FundView[]): HTMLElement {
  return dataTable(
    t('funds.listCaption', { count: formatCount(funds.length) }),
    [
      { header: t('funds.name'), cell: (fund: FundView) => h('span', {}, fund.name, ' ', h('code', {}, fund.code)) },
      { header: t('funds.balance'), numeric: true, cell: (fund) => formatAmount(fund.balance, 'CNY') },
      { header: t('funds.donated'), numeric: true, cell: (fund) => formatAmount(fund.donated, 'CNY') },
      {
        header: t('funds.projects'),
        cell: (fund) =>
          h(
            'ul',
            { class: 'plain-list' },
            ...fund.projects.map((project) =>
              h('li', {}, t('funds.projectSpent', { name: project.name, code: project.code, amount: formatAmount(project.spent, 'CNY') })),
            ),
          ),
      },
    ],
    funds,
  );
}

export const fundsPage: Page = {
  path: '/coordinator/funds',
  group: 'coordinator',
  title: 'funds.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal, user, refresh }) => {
    const list = h('div', {});
    const spendArea = h('div', {});
    const spendResult = h('div', { 'aria-live': 'polite' });
    const parts: Node[] = [
      pageHeader('funds.title', 'funds.intro'),
      section(t('funds.listTitle'), list),
      section(t('funds.spendTitle'), spendArea, spendResult),
    ];
    if (user?.role === 'admin') {
      const createResult = h('div', { 'aria-live': 'polite' });
      const createForm = form({
        id: 'fund-create',
        fields: [
          { name: 'code', label: 'funds.code', required: true, hint: 'funds.codeHint', autocomplete: 'off', maxLength: 40 },
          { name: 'name', label: 'funds.name', required: true, maxLength: 100 },
          { name: 'projects', label: 'funds.projectLines', kind: 'textarea', required: true, hint: 'funds.projectLinesHint' },
        ],
        submitLabel: 'funds.create',
        validate: (values) => {
          const problems: Record<string, string> = {};
          if (values['code'] !== '' && !slugPattern.test(values['code'] ?? '')) problems['code'] = t('funds.codeInvalid');
          const projects = parseProjects(values['projects'] ?? '');
          if (values['projects'] !== '' && (projects === undefined || projects.length === 0 || projects.length > projectLinesMax))
            problems['projects'] = t('funds.projectLinesInvalid');
          return problems;
        },
        submit: (values, submission) => {
          const body = { code: values['code'], name: values['name'], projects: parseProjects(values['projects'] ?? '') ?? [] };
          return api<FundView>('/api/v1/funds', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
        },
        done: (fund) => {
          replaceChildren(
            createResult,
            h('p', { class: 'receipt', 'data-result': 'fund-created' }, t('funds.created', { name: fund.name, code: fund.code })),
          );
          window.setTimeout(refresh, 0);
        },
      });
      parts.push(section(t('funds.createTitle'), createForm.element, createResult));
    }
    replaceChildren(main, ...parts);
    void loadInto(
      list,
      signal,
      () => loadFunds(signal),
      ({ items: funds }) => {
        if (funds.length === 0) {
          replaceChildren(spendArea, emptyState(t('funds.empty')));
          return emptyState(t('funds.empty'));
        }
        const choices = funds.flatMap((fund) =>
          fund.projects.map((project) => ({ value: `${fund.code} ${project.code}`, label: `${fund.name} · ${project.name}` })),
        );
        const spendForm = form({
          id: 'fund-spend',
          fields: [
            { name: 'target', label: 'funds.target', kind: 'select', required: true, initial: choices[0]?.value, options: choices },
            {
              name: 'kind',
              label: 'funds.kind',
              kind: 'radio',
              required: true,
              initial: 'spending',
              options: [
                { value: 'spending', label: t('funds.kindSpending') },
                { value: 'grants', label: t('funds.kindGrant') },
              ],
            },
            { name: 'amount', label: 'cash.amount', kind: 'decimal', required: true, hint: 'cash.amountHint' },
            { name: 'memo', label: 'intake.memo', maxLength: 200 },
          ],
          submitLabel: 'funds.spendSubmit',
          validate: (values) => validateYuan('amount', values['amount'] ?? ''),
          submit: (values, submission) => {
            const [fund, project] = (values['target'] ?? '').split(' ');
            const body: Record<string, unknown> = { project, amount: values['amount'] };
            if (values['memo'] !== '') body['memo'] = values['memo'];
            const path = `/api/v1/funds/${encodeURIComponent(fund ?? '')}/${values['kind'] === 'grants' ? 'grants' : 'spending'}`;
            return api<FundMovementView>(path, { method: 'POST', body, idempotencyKey: submission.keyFor({ path, body }), signal });
          },
          done: (movement, handle) => {
            handle.setValue('amount', '');
            handle.setValue('memo', '');
            replaceChildren(
              spendResult,
              h(
                'div',
                { class: 'receipt', 'data-result': 'fund-movement' },
                h('h3', { tabindex: '-1' }, t(movement.kind === 'fund_grant' ? 'funds.kindGrant' : 'funds.kindSpending')),
                facts([
                  [t('cash.amount'), formatAmount(movement.amount, 'CNY')],
                  [t('funds.balanceAfter'), formatAmount(movement.fundBalance, 'CNY')],
                  [t('receipt.code'), h('code', {}, movement.hash.slice(0, 12))],
                ]),
              ),
            );
            spendResult.querySelector<HTMLElement>('h3')?.focus();
            void loadInto(
              list,
              signal,
              () => loadFunds(signal),
              ({ items }) => fundsTable(items),
            );
          },
        });
        // A new submission takes the last one's result away, so a refusal is not read beside an old success.
        spendForm.element.addEventListener('submit', () => replaceChildren(spendResult));
        replaceChildren(spendArea, spendForm.element);
        return fundsTable(funds);
      },
    );
  },
};
