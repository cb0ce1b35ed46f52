// A household's love points and quotas, and issuing points to it (coordinators, admins).
import { api } from '../api.js';
import type { HouseholdSupermarketView, PointsIssueView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { formatAmount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { householdCounterView } from '../staff/handout-page.js';

/** Reasons are short tags, never personal details: the ledger keeps them for ever. */
const pointReasons = ['monthly_allowance', 'emergency_relief', 'holiday_gift', 'volunteer_family'] as const;

export function householdPoints(code: string, signal: AbortSignal): HTMLElement {
  const summary = h('div', {});
  const result = h('div', { 'aria-live': 'polite' });
  const load = (): void =>
    void loadInto(
      summary,
      signal,
      () => api<HouseholdSupermarketView>(`/api/v1/households/${encodeURIComponent(code)}/supermarket`, { signal }),
      householdCounterView,
    );
  const issueForm = form({
    id: `points-${code}`,
    fields: [
      { name: 'points', label: 'points.issueAmount', kind: 'integer', required: true, hint: 'points.issueHint' },
      {
        name: 'reason',
        label: 'points.reason',
        kind: 'select',
        required: true,
        initial: 'monthly_allowance',
        options: pointReasons.map((reason) => ({ value: reason, label: t(`points.reason.${reason}`) })),
      },
    ],
    submitLabel: 'points.issue',
    submit: (values, submission) => {
      const body = { points: values['points'], reason: values['reason'] };
      return api<PointsIssueView>(`/api/v1/households/${encodeURIComponent(code)}/points`, {
        method: 'POST',
        body,
        idempotencyKey: submission.keyFor(body),
        signal,
      });
    },
    done: (issued, handle) => {
      handle.setValue('points', '');
      replaceChildren(
        result,
        h(
          'p',
          { class: 'state state-ok', 'data-result': 'points-issued' },
          t('points.issued', { points: formatAmount(issued.points, 'POINT'), balance: formatAmount(issued.balance, 'POINT') }),
        ),
      );
      load();
    },
  });
  load();
  return h('div', {}, summary, h('h3', {}, t('points.issueTitle')), issueForm.element, result);
}
