// The hours approval queue (coordinators): every checked-out assignment, the hours to approve
// beside each (at most those held), and approving several at once; each item succeeds or is
// refused on its own, and the page says which.
import { api } from '../api.js';
import type { ApprovalOutcome } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form, type FieldSpec } from '../components/form.js';
import { emptyState, loadInto } from '../components/states.js';
import { formatAmount, formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { codeText } from '../components/problem-text.js';
import { pageHeader, section, type Page, type PageContext } from '../page.js';
import { assignmentsWithStatus, type NeedAssignment } from '../service/assignments.js';
import { memberNames } from './member-names.js';

/** The api approves at most this many in one request. */
const approvalsPerRequestMax = 50;

function queue(context: PageContext, waiting: readonly NeedAssignment[], names: ReadonlyMap<string, string>): HTMLElement {
  if (waiting.length === 0) return emptyState(t('approvals.empty'));
  const shown = waiting.slice(0, approvalsPerRequestMax);
  const outcome = h('div', { 'aria-live': 'polite' });
  const fields = shown.flatMap(({ need, assignment }, index): FieldSpec[] => {
    const who = names.get(assignment.volunteer) ?? assignment.volunteer;
    const when = assignment.checkedOutAt === null ? '' : formatDateTime(assignment.checkedOutAt);
    return [
      {
        name: `items/${index}/approve`,
        label: 'approvals.select',
        labelText: t('approvals.selectOne', { who, title: need.title, when }),
        kind: 'radio',
        initial: 'yes',
        options: [
          { value: 'yes', label: t('approvals.yes') },
          { value: 'no', label: t('approvals.notNow') },
        ],
      },
      {
        name: `items/${index}/hours`,
        label: 'approvals.hours',
        labelText: t('approvals.hoursFor', { who, held: formatAmount(assignment.heldHours ?? need.hoursPerSlot, 'HOUR') }),
        kind: 'decimal',
        required: true,
        initial: assignment.heldHours ?? need.hoursPerSlot,
      },
    ];
  });
  const approveForm = form({
    id: 'approvals',
    fields,
    submitLabel: 'approvals.submit',
    validate: (values) =>
      shown.some((_, index) => values[`items/${index}/approve`] === 'yes') ? {} : { [`items/0/approve`]: t('approvals.noneChosen') },
    submit: (values, submission) => {
      const items = shown.flatMap(({ assignment }, index) =>
        values[`items/${index}/approve`] === 'yes' ? [{ id: assignment.id, hours: values[`items/${index}/hours`] ?? '' }] : [],
      );
      const body = { items };
      return api<{ items: ApprovalOutcome[] }>('/api/v1/assignments/approve', {
        method: 'POST',
        body,
        idempotencyKey: submission.keyFor(body),
        signal: context.signal,
      });
    },
    done: (result) => {
      const nameOf = (id: string): string => {
        const found = shown.find(({ assignment }) => assignment.id === id);
        return found === undefined ? id : `${names.get(found.assignment.volunteer) ?? found.assignment.volunteer} · ${found.need.title}`;
      };
      replaceChildren(
        outcome,
        h(
          'ul',
          { class: 'outcomes', 'data-result': 'approvals' },
          ...result.items.map((item) =>
            item.ok
              ? h(
                  'li',
                  { class: 'state state-ok', 'data-ok': 'true' },
                  t('approvals.approved', { what: nameOf(item.id), hours: formatAmount(item.assignment.approvedHours ?? '', 'HOUR') }),
                )
              : h(
                  'li',
                  { class: 'state state-error', 'data-ok': 'false' },
                  t('approvals.refused', { what: nameOf(item.id), why: codeText(item.code, item.detail) }),
                ),
          ),
        ),
        h('p', {}, h('button', { type: 'button', class: 'button', onclick: () => context.refresh() }, t('approvals.reload'))),
      );
    },
  });
  return h('div', {}, h('p', {}, t('approvals.count', { count: String(waiting.length) })), approveForm.element, outcome);
}

export const approvalsPage: Page = {
  path: '/coordinator/approvals',
  group: 'coordinator',
  title: 'approvals.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: (context) => {
    const body = h('div', {});
    replaceChildren(context.main, pageHeader('approvals.title', 'approvals.intro'), section(t('approvals.partTitle'), body));
    void loadInto(
      body,
      context.signal,
      () => Promise.all([assignmentsWithStatus(['checked_out'], context.signal), memberNames(context.signal)]),
      ([waiting, names]) => queue(context, waiting, names),
    );
  },
};
