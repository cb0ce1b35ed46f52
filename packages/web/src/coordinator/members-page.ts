// Members (coordinators, admins): the community's volunteers with their skills and languages.
import type { MemberView } from '../api-types.js';
import { h, replaceChildren } from '../components/dom.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable } from '../components/table.js';
import { formatCount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export const membersPage: Page = {
  path: '/coordinator/members',
  group: 'coordinator',
  title: 'members.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    replaceChildren(main, pageHeader('members.title', 'members.intro'), section(t('members.listTitle'), list));
    pagedList<MemberView>(list, signal, {
      path: '/api/v1/members',
      empty: t('members.empty'),
      render: (items) =>
        dataTable(
          t('members.listCaption', { count: formatCount(items.length) }),
          [
            { header: t('members.name'), cell: (row) => row.displayName },
            { header: t('members.username'), cell: (row) => row.username },
            { header: t('members.skills'), cell: (row) => (row.skills.length === 0 ? '—' : row.skills.join('、')) },
            { header: t('members.languages'), cell: (row) => (row.languages.length === 0 ? '—' : row.languages.join('、')) },
            { header: t('members.phone'), cell: (row) => row.phone ?? '—' },
            { header: t('members.status'), cell: (row) => (row.disabled ? t('members.disabled') : t('members.active')) },
          ],
          items,
        ),
    });
  },
};
