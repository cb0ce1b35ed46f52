// The volunteer's start page: hours balance (available, on hold), hours served and star level,
// the member number family members need, and the way to everything else.
import { api } from '../api.js';
import type { MyBalancesView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { loadInto } from '../components/states.js';
import { formatAmount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';

function stars(level: number): HTMLElement {
  if (level === 0) return h('span', { class: 'stars' }, t('volunteer.noStarYet'));
  return h(
    'span',
    { class: 'stars' },
    h('span', { 'aria-hidden': 'true' }, '★'.repeat(level)),
    ' ',
    t('volunteer.starLevel', { level: String(level) }),
  );
}

function figure(label: string, value: string, name: string): HTMLElement {
  return h('div', { 'data-figure': name }, h('dt', {}, label), h('dd', {}, value));
}

export const volunteerHomePage: Page = {
  path: '/volunteer',
  group: 'volunteer',
  title: 'volunteer.title',
  access: ['member'],
  inMenu: true,
  render: ({ main, signal, user }) => {
    const balances = h('div', {});
    replaceChildren(
      main,
      pageHeader('volunteer.title', 'volunteer.intro'),
      section(t('volunteer.balanceTitle'), balances),
      section(
        t('volunteer.whatNext'),
        h(
          'ul',
          { class: 'home-links' },
          h('li', {}, appLink('/volunteer/needs', t('needsNearMe.title'))),
          h('li', {}, appLink('/volunteer/history', t('history.title'))),
          h('li', {}, appLink('/volunteer/give', t('give.title'))),
          h('li', {}, appLink('/volunteer/certificate', t('certificate.title'))),
          h('li', {}, appLink('/volunteer/profile', t('profile.title'))),
        ),
      ),
      user === undefined
        ? null
        : section(
            t('volunteer.memberNumberTitle'),
            h('p', {}, t('volunteer.memberNumberBody')),
            h('p', { class: 'member-number' }, h('strong', {}, user.id)),
          ),
    );
    void loadInto(
      balances,
      signal,
      () => api<MyBalancesView>('/api/v1/me/balances', { signal }),
      (view) =>
        h(
          'div',
          {},
          h(
            'dl',
            { class: 'big-figures' },
            figure(t('volunteer.balance'), formatAmount(view.hours.balance, 'HOUR'), 'balance'),
            figure(t('volunteer.available'), formatAmount(view.hours.available, 'HOUR'), 'available'),
            figure(t('volunteer.onHold'), formatAmount(view.hours.held, 'HOUR'), 'held'),
            figure(t('volunteer.served'), formatAmount(view.hoursServed, 'HOUR'), 'served'),
          ),
          h(
            'p',
            { class: 'star-line' },
            stars(view.starLevel),
            view.nextStarLevelHours === null
              ? null
              : ` · ${t('volunteer.nextStar', { hours: formatAmount(view.nextStarLevelHours, 'HOUR') })}`,
          ),
          view.hours.balance.startsWith('-') ? h('p', { class: 'state state-pending' }, t('volunteer.overdraft')) : null,
        ),
      { kind: 'balances', user },
    );
  },
};
