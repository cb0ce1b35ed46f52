// Matching (coordinators): pick a need, run batch matching over the open needs, and review this
// need's proposals with their cost parts, the volunteers a rule excluded, and its assignments.
import { api } from '../api.js';
import type { AssignmentView, MatchRunView, NeedView, PageOf, ProposalView } from '../api-types.js';
import { actionButton } from '../components/action-button.js';
import { costPartNames, distanceText, exclusionText, urgencyText } from '../components/cost-parts.js';
import { h, replaceChildren } from '../components/dom.js';
import { emptyState, loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatAmount, formatCount, formatDateTimeRange } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page, type PageContext } from '../page.js';
import { memberNames } from './member-names.js';
import { needsTable } from './needs-page.js';

function proposalsTable(proposals: readonly ProposalView[], names: ReadonlyMap<string, string>): HTMLElement {
  if (proposals.length === 0) return emptyState(t('matching.noProposals'));
  return dataTable(
    t('matching.proposalsCaption'),
    [
      { header: t('matching.volunteer'), cell: (proposal: ProposalView) => names.get(proposal.volunteer) ?? proposal.volunteer },
      { header: t('cost.distanceLabel'), numeric: true, cell: (proposal) => distanceText(proposal.distanceM) },
      ...costPartNames.map((name) => ({ header: t(`cost.${name}`), numeric: true, cell: (proposal: ProposalView) => formatCount(proposal.costParts[name]) })),
      { header: t('matching.total'), numeric: true, cell: (proposal) => h('strong', {}, formatCount(proposal.cost)) },
    ],
    proposals,
  );
}

function assignmentsTable(assignments: readonly AssignmentView[], names: ReadonlyMap<string, string>): HTMLElement {
  if (assignments.length === 0) return emptyState(t('matching.noAssignments'));
  return dataTable(
    t('matching.assignmentsCaption'),
    [
      { header: t('matching.volunteer'), cell: (assignment: AssignmentView) => names.get(assignment.volunteer) ?? assignment.volunteer },
      { header: t('needsNearMe.status'), cell: (assignment) => t(`assignment.${assignment.status}`) },
      { header: t('matching.total'), numeric: true, cell: (assignment) => formatCount(assignment.cost) },
      { header: t('needsNearMe.hours'), numeric: true, cell: (assignment) => (assignment.heldHours === null ? '—' : formatAmount(assignment.heldHours, 'HOUR')) },
    ],
    assignments,
  );
}

function needDetail(context: PageContext, needId: string): HTMLElement[] {
  const detail = h('div', {});
  const run = h('div', { 'aria-live': 'polite' });
  const path = `/api/v1/needs/${encodeURIComponent(needId)}`;
  let names = new Map<string, string>();
  void loadInto(
    detail,
    context.signal,
    async () => {
      const [view, loadedNames] = await Promise.all([api<{ need: NeedView; assignments: AssignmentView[] }>(path, { signal: context.signal }), memberNames(context.signal)]);
      names = loadedNames;
      return view;
    },
    ({ need, assignments }) =>
      h(
        'div',
        {},
        facts([
          [t('postNeed.titleField'), need.title],
          [t('postNeed.when'), formatDateTimeRange(need.window.start, need.window.end)],
          [t('postNeed.gridCell'), need.gridCell],
          [t('postNeed.skills'), need.skills.join('、') || '—'],
          [t('postNeed.filled'), `${need.confirmedSlots} / ${need.slots}`],
          [t('postNeed.urgency'), urgencyText(need.urgency)],
          [t('postNeed.status'), t(`needStatus.${need.status}`)],
        ]),
        h('h3', {}, t('matching.assignmentsTitle')),
        assignmentsTable(assignments, names),
      ),
  );
  const button = actionButton<MatchRunView>({
    label: t('matching.run'),
    action: 'run-matching',
    primary: true,
    run: (key) => api(`${path}/match`, { method: 'POST', idempotencyKey: key, signal: context.signal }),
    done: (result) => {
      replaceChildren(
        run,
        h(
          'div',
          { 'data-result': 'matching' },
          h('p', { class: 'state state-ok' }, t('matching.runSummary', { needs: formatCount(result.run.needs), volunteers: formatCount(result.run.volunteers), filled: formatCount(result.run.filledSlots), open: formatCount(result.run.openSlots) })),
          h('p', { class: 'field-hint' }, t('cost.explainTable')),
          proposalsTable(result.proposals, names),
          result.exclusions.length === 0
            ? null
            : h('details', { class: 'exclusions' }, h('summary', {}, t('matching.excludedTitle', { count: String(result.exclusions.length) })), h('ul', {}, ...result.exclusions.map((exclusion) => h('li', {}, `${names.get(exclusion.volunteer) ?? exclusion.volunteer}：${exclusionText(exclusion.rule)}`)))),
        ),
      );
    },
  });
  return [section(t('matching.needTitle'), detail, h('p', {}, appLink('/coordinator/matching', t('matching.backToNeeds')))), section(t('matching.runTitle'), h('p', {}, t('matching.partBody')), h('div', { class: 'button-row' }, button), run)];
}

export const matchingPage: Page = {
  path: '/coordinator/matching',
  group: 'coordinator',
  title: 'matching.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: (context) => {
    const needId = context.query.get('need');
    if (needId !== null && /^need-[0-9a-f]{16}$/.test(needId)) {
      replaceChildren(context.main, pageHeader('matching.title', 'matching.intro'), ...needDetail(context, needId));
      return;
    }
    const list = h('div', {});
    replaceChildren(context.main, pageHeader('matching.title', 'matching.intro'), section(t('matching.chooseNeed'), list));
    void loadInto(list, context.signal, () => api<PageOf<NeedView>>('/api/v1/needs?status=open&limit=100', { signal: context.signal }), (page) =>
      page.items.length === 0 ? emptyState(t('postNeed.none')) : needsTable(t('matching.openNeedsCaption'), page.items),
    );
  },
};
