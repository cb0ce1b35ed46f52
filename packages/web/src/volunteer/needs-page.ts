// Needs near me, ranked, with why each is suggested; accepting or declining a proposal; checking
// in and out of what I accepted.
import { api } from '../api.js';
import type { AssignmentView, NeedsNearbyView } from '@linli/contract';
import { actionButton } from '../components/action-button.js';
import { costPartsView, distanceText, exclusionText, urgencyText } from '../components/cost-parts.js';
import { h, replaceChildren } from '../components/dom.js';
import { emptyState, loadInto } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatAmount, formatDateTime, formatDateTimeRange } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page, type PageContext } from '../page.js';
import { assignmentsWithStatus, type NeedAssignment } from '../service/assignments.js';

interface NotificationView {
  need: string;
  title: string;
  urgency: number;
  gridCell: string;
  window: { start: string; end: string };
  hoursPerSlot: string;
  slots: number;
  confirmedSlots: number;
  open: boolean;
  wave: number;
  notifiedAt: string;
  assignment: string | null;
}

/** Urgent needs a coordinator notified me of, newest first; an open one can be taken here (first come, first served). */
function notifications(context: PageContext, items: readonly NotificationView[]): HTMLElement {
  if (items.length === 0) return emptyState(t('notices.none'));
  return h(
    'ul',
    { class: 'cards', 'data-result': 'notices' },
    ...items.map((item) =>
      h(
        'li',
        { class: 'card', 'data-need': item.need, 'data-open': String(item.open) },
        h('h3', {}, item.title),
        facts([
          [t('needsNearMe.when'), windowText(item.window)],
          [t('needsNearMe.where'), item.gridCell],
          [t('needsNearMe.hours'), formatAmount(item.hoursPerSlot, 'HOUR')],
          [t('needsNearMe.urgency'), urgencyText(item.urgency)],
          [t('notices.notifiedAt'), formatDateTime(item.notifiedAt)],
        ]),
        item.open
          ? h(
              'div',
              { class: 'button-row' },
              actionButton<AssignmentView>({
                label: t('notices.accept'),
                action: 'take-urgent',
                primary: true,
                run: (key) =>
                  api(`/api/v1/me/notifications/${encodeURIComponent(item.need)}/accept`, {
                    method: 'POST',
                    idempotencyKey: key,
                    signal: context.signal,
                  }),
                done: () => context.refresh(),
              }),
            )
          : h('p', {}, t('notices.closed')),
      ),
    ),
  );
}

function windowText(window: { start: string; end: string }): string {
  return formatDateTimeRange(window.start, window.end);
}

function suggestions(context: PageContext, view: NeedsNearbyView): HTMLElement {
  const items = view.items.map((item, index) =>
    h(
      'li',
      { class: 'card', 'data-need': item.need },
      h('h3', {}, t('needsNearMe.rank', { rank: String(index + 1), title: item.title })),
      facts([
        [t('needsNearMe.when'), windowText(item.window)],
        [t('needsNearMe.where'), `${item.gridCell} · ${distanceText(item.distanceM)}`],
        [t('needsNearMe.hours'), formatAmount(item.hoursPerSlot, 'HOUR')],
        [t('needsNearMe.urgency'), urgencyText(item.urgency)],
      ]),
      h('h4', {}, t('needsNearMe.why')),
      costPartsView(item.costParts, item.cost),
      item.assignment === null
        ? h('p', { class: 'state state-pending' }, t('needsNearMe.notProposedYet'))
        : h(
            'div',
            { class: 'button-row' },
            actionButton<AssignmentView>({
              label: t('needsNearMe.accept'),
              action: 'accept',
              primary: true,
              run: (key) =>
                api(`/api/v1/assignments/${encodeURIComponent(item.assignment ?? '')}/accept`, {
                  method: 'POST',
                  idempotencyKey: key,
                  signal: context.signal,
                }),
              done: () => context.refresh(),
            }),
            actionButton<AssignmentView>({
              label: t('needsNearMe.decline'),
              action: 'decline',
              run: (key) =>
                api(`/api/v1/assignments/${encodeURIComponent(item.assignment ?? '')}/decline`, {
                  method: 'POST',
                  idempotencyKey: key,
                  signal: context.signal,
                }),
              done: () => context.refresh(),
            }),
          ),
    ),
  );
  const excluded =
    view.exclusions.length === 0
      ? null
      : h(
          'details',
          { class: 'exclusions' },
          h('summary', {}, t('needsNearMe.excludedTitle', { count: String(view.exclusions.length) })),
          h('ul', {}, ...view.exclusions.map((exclusion) => h('li', {}, `${exclusion.title}：${exclusionText(exclusion.rule)}`))),
        );
  return h('div', {}, items.length === 0 ? emptyState(t('needsNearMe.none')) : h('ol', { class: 'cards' }, ...items), excluded);
}

function myAssignments(context: PageContext, found: readonly NeedAssignment[]): HTMLElement {
  if (found.length === 0) return emptyState(t('needsNearMe.noAssignments'));
  return h(
    'ul',
    { class: 'cards' },
    ...found.map(({ need, assignment }) => {
      const path = `/api/v1/assignments/${encodeURIComponent(assignment.id)}`;
      const step =
        assignment.status === 'accepted'
          ? actionButton<AssignmentView>({
              label: t('needsNearMe.checkIn'),
              action: 'check-in',
              primary: true,
              run: (key) => api(`${path}/check-in`, { method: 'POST', idempotencyKey: key, signal: context.signal }),
              done: () => context.refresh(),
            })
          : assignment.status === 'checked_in'
            ? actionButton<AssignmentView>({
                label: t('needsNearMe.checkOut'),
                action: 'check-out',
                primary: true,
                run: (key) => api(`${path}/check-out`, { method: 'POST', idempotencyKey: key, signal: context.signal }),
                done: () => context.refresh(),
              })
            : h('p', { class: 'state state-pending' }, t('needsNearMe.awaitingApproval'));
      return h(
        'li',
        { class: 'card', 'data-assignment': assignment.id, 'data-status': assignment.status },
        h('h3', {}, need.title),
        facts([
          [t('needsNearMe.when'), windowText(need.window)],
          [t('needsNearMe.where'), need.address ?? need.gridCell],
          [t('needsNearMe.hours'), formatAmount(assignment.heldHours ?? need.hoursPerSlot, 'HOUR')],
          [t('needsNearMe.status'), t(`assignment.${assignment.status}`)],
          [t('needsNearMe.checkedIn'), assignment.checkedInAt === null ? '—' : formatDateTime(assignment.checkedInAt)],
        ]),
        h('div', { class: 'button-row' }, step),
      );
    }),
  );
}

export const needsNearMePage: Page = {
  path: '/volunteer/needs',
  group: 'volunteer',
  title: 'needsNearMe.title',
  access: ['member'],
  inMenu: true,
  render: (context) => {
    const { main, signal } = context;
    const mine = h('div', {});
    const suggested = h('div', {});
    const notices = h('div', {});
    replaceChildren(
      main,
      pageHeader('needsNearMe.title', 'needsNearMe.intro'),
      section(t('notices.title'), notices),
      section(t('needsNearMe.assignmentsTitle'), h('p', {}, t('needsNearMe.assignmentsBody')), mine),
      section(t('needsNearMe.proposalsTitle'), h('p', {}, t('needsNearMe.proposalsBody')), suggested),
    );
    void loadInto(
      notices,
      signal,
      () => api<{ items: NotificationView[] }>('/api/v1/me/notifications', { signal }),
      ({ items }) => notifications(context, items),
    );
    void loadInto(
      mine,
      signal,
      () => assignmentsWithStatus(['accepted', 'checked_in', 'checked_out'], signal),
      (found) => myAssignments(context, found),
    );
    void loadInto(
      suggested,
      signal,
      () => api<NeedsNearbyView>('/api/v1/me/needs-nearby', { signal }),
      (view) => suggestions(context, view),
    );
  },
};
