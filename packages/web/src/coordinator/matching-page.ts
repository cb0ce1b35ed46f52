// Matching (coordinators): pick a need, run batch matching over the open needs, and review this
// need's proposals with their cost parts, the volunteers a rule excluded, and its assignments.
import { api } from '../api.js';
import type { AssignmentView, MatchRunView, NeedView, PageOf, ProposalView } from '@linli/contract';
import { actionButton } from '../components/action-button.js';
import { costPartNames, distanceText, exclusionText, urgencyText } from '../components/cost-parts.js';
import { h, replaceChildren } from '../components/dom.js';
import { emptyState, loadInto } from '../components/states.js';
import { dataTable, facts } from '../components/table.js';
import { formatAmount, formatCount, formatDateTime, formatDateTimeRange } from '../i18n/format.js';
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
      ...costPartNames.map((name) => ({
        header: t(`cost.${name}`),
        numeric: true,
        cell: (proposal: ProposalView) => formatCount(proposal.costParts[name]),
      })),
      { header: t('matching.total'), numeric: true, cell: (proposal) => h('strong', {}, formatCount(proposal.cost)) },
    ],
    proposals,
  );
}

/** Statuses a coordinator may still cancel from, and the one a no-show is recorded from (the api's rules). */
const cancellable: readonly AssignmentView['status'][] = ['proposed', 'accepted', 'checked_in', 'checked_out'];

function assignmentActions(assignment: AssignmentView, signal: AbortSignal, changed: () => void): HTMLElement | string {
  const path = `/api/v1/assignments/${encodeURIComponent(assignment.id)}`;
  const buttons: HTMLElement[] = [];
  if (assignment.status === 'accepted') {
    buttons.push(
      actionButton({
        label: t('matching.noShow'),
        action: 'no-show',
        run: (key) => api<AssignmentView>(`${path}/no-show`, { method: 'POST', idempotencyKey: key, signal }),
        done: changed,
      }),
    );
  }
  if (cancellable.includes(assignment.status)) {
    buttons.push(
      actionButton({
        label: t('matching.cancel'),
        action: 'cancel',
        run: (key) => api<AssignmentView>(`${path}/cancel`, { method: 'POST', idempotencyKey: key, signal }),
        done: changed,
      }),
    );
  }
  return buttons.length === 0 ? '—' : h('div', { class: 'button-row' }, ...buttons);
}

function assignmentsTable(
  assignments: readonly AssignmentView[],
  names: ReadonlyMap<string, string>,
  signal: AbortSignal,
  changed: () => void,
): HTMLElement {
  if (assignments.length === 0) return emptyState(t('matching.noAssignments'));
  return dataTable(
    t('matching.assignmentsCaption'),
    [
      { header: t('matching.volunteer'), cell: (assignment: AssignmentView) => names.get(assignment.volunteer) ?? assignment.volunteer },
      {
        header: t('needsNearMe.status'),
        cell: (assignment) => h('span', { 'data-status': assignment.status }, t(`assignment.${assignment.status}`)),
      },
      { header: t('matching.total'), numeric: true, cell: (assignment) => formatCount(assignment.cost) },
      {
        header: t('needsNearMe.hours'),
        numeric: true,
        cell: (assignment) => (assignment.heldHours === null ? '—' : formatAmount(assignment.heldHours, 'HOUR')),
      },
      { header: t('stores.actions'), cell: (assignment) => assignmentActions(assignment, signal, changed) },
    ],
    assignments,
  );
}

interface UrgentLaunchView {
  need: string;
  launchedAt: string;
  cooldownMinutes: number;
  waves: { wave: number; at: string; volunteers: string[] }[];
  notified: number;
  notifiedEarlier: number;
}

/** Urgent mode: notification waves of the best-ranked volunteers, recorded (no SMS or push is sent). */
function urgentPart(context: PageContext, path: string, names: () => ReadonlyMap<string, string>): HTMLElement {
  const result = h('div', { 'aria-live': 'polite' });
  const button = actionButton<UrgentLaunchView>({
    label: t('matching.urgentRun'),
    action: 'urgent',
    run: (key) => api(`${path}/urgent`, { method: 'POST', idempotencyKey: key, signal: context.signal }),
    done: (launch) =>
      replaceChildren(
        result,
        h(
          'div',
          { 'data-result': 'urgent' },
          h(
            'p',
            { class: 'state state-ok' },
            t('matching.urgentSummary', {
              notified: formatCount(launch.notified),
              earlier: formatCount(launch.notifiedEarlier),
              cooldown: formatCount(launch.cooldownMinutes),
            }),
          ),
          launch.waves.length === 0
            ? null
            : dataTable(
                t('matching.urgentWavesCaption'),
                [
                  {
                    header: t('matching.urgentWave'),
                    numeric: true,
                    cell: (wave: UrgentLaunchView['waves'][number]) => formatCount(wave.wave + 1),
                  },
                  { header: t('matching.urgentAt'), cell: (wave) => formatDateTime(wave.at) },
                  {
                    header: t('matching.volunteer'),
                    cell: (wave) => wave.volunteers.map((volunteer) => names().get(volunteer) ?? volunteer).join('、'),
                  },
                ],
                launch.waves,
              ),
        ),
      ),
  });
  return section(t('matching.urgentTitle'), h('p', {}, t('matching.urgentBody')), h('div', { class: 'button-row' }, button), result);
}

function needDetail(context: PageContext, needId: string): HTMLElement[] {
  const detail = h('div', {});
  const run = h('div', { 'aria-live': 'polite' });
  const path = `/api/v1/needs/${encodeURIComponent(needId)}`;
  let names = new Map<string, string>();
  const load = (): void =>
    void loadInto(
      detail,
      context.signal,
      async () => {
        const [view, loadedNames] = await Promise.all([
          api<{ need: NeedView; assignments: AssignmentView[] }>(path, { signal: context.signal }),
          memberNames(context.signal),
        ]);
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
          assignmentsTable(assignments, names, context.signal, load),
        ),
    );
  load();
  const button = actionButton<MatchRunView>({
    label: t('matching.run'),
    action: 'run-matching',
    primary: true,
    run: (key) => api(`${path}/match`, { method: 'POST', idempotencyKey: key, signal: context.signal }),
    done: (result) => {
      // The run made proposals: the assignments above show them with their actions.
      load();
      replaceChildren(
        run,
        h(
          'div',
          { 'data-result': 'matching' },
          h(
            'p',
            { class: 'state state-ok' },
            t('matching.runSummary', {
              needs: formatCount(result.run.needs),
              volunteers: formatCount(result.run.volunteers),
              filled: formatCount(result.run.filledSlots),
              open: formatCount(result.run.openSlots),
            }),
          ),
          h('p', { class: 'field-hint' }, t('cost.explainTable')),
          proposalsTable(result.proposals, names),
          result.exclusions.length === 0
            ? null
            : h(
                'details',
                { class: 'exclusions' },
                h('summary', {}, t('matching.excludedTitle', { count: String(result.exclusions.length) })),
                h(
                  'ul',
                  {},
                  ...result.exclusions.map((exclusion) =>
                    h('li', {}, `${names.get(exclusion.volunteer) ?? exclusion.volunteer}：${exclusionText(exclusion.rule)}`),
                  ),
                ),
              ),
        ),
      );
    },
  });
  return [
    section(t('matching.needTitle'), detail, h('p', {}, appLink('/coordinator/matching', t('matching.backToNeeds')))),
    section(t('matching.runTitle'), h('p', {}, t('matching.partBody')), h('div', { class: 'button-row' }, button), run),
    urgentPart(context, path, () => names),
  ];
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
    void loadInto(
      list,
      context.signal,
      () => api<PageOf<NeedView>>('/api/v1/needs?status=open&limit=100', { signal: context.signal }),
      (page) => (page.items.length === 0 ? emptyState(t('postNeed.none')) : needsTable(t('matching.openNeedsCaption'), page.items)),
    );
  },
};
