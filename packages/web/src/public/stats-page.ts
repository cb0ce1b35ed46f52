// Public statistics, no login: a community's hours served, goods in and out, and cash donated per month.
import { api, withQuery } from '../api.js';
import type { PublicStatsView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';
import { statsCharts } from './stats-charts.js';

const communityPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

function rememberedCommunity(): string {
  try {
    return localStorage.getItem('linli.community') ?? '';
  } catch {
    return '';
  }
}

export const statsPage: Page = {
  path: '/stats',
  group: 'public',
  title: 'stats.title',
  access: 'public',
  inMenu: true,
  render: ({ main, signal, query, navigate, user }) => {
    const community = query.get('community') ?? user?.community ?? rememberedCommunity();
    const chooser = form({
      id: 'stats-community',
      fields: [
        { name: 'community', label: 'login.community', hint: 'login.communityHint', required: true, initial: community, maxLength: 64 },
      ],
      submitLabel: 'stats.show',
      keepDraft: true,
      validate: (values) =>
        communityPattern.test((values['community'] ?? '').toLowerCase()) ? {} : { community: t('stats.communityInvalid') },
      submit: async (values) => (values['community'] ?? '').toLowerCase(),
      done: (chosen) => navigate(`/stats?community=${encodeURIComponent(chosen)}`),
    });
    const body = h('div', {});
    replaceChildren(
      main,
      pageHeader('stats.title', 'stats.intro'),
      section(t('stats.chooseTitle'), chooser.element),
      section(t('stats.chartsTitle'), body),
    );
    if (!communityPattern.test(community)) {
      replaceChildren(body, h('p', { class: 'state state-empty' }, t('stats.chooseFirst')));
      return;
    }
    void loadInto(
      body,
      signal,
      () => api<PublicStatsView>(withQuery('/api/v1/public/stats', { community }), { signal, anonymous: true }),
      statsCharts,
    );
  },
};
