// The audit log (auditors, admins): privileged actions, newest first.
import type { AuditEntryView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable } from '../components/table.js';
import { formatCount, formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export const auditLogPage: Page = {
  path: '/auditor/audit-log',
  group: 'auditor',
  title: 'auditLog.title',
  access: ['auditor', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    replaceChildren(main, pageHeader('auditLog.title', 'auditLog.intro'), section(t('auditLog.listTitle'), list));
    pagedList<AuditEntryView>(list, signal, {
      path: '/api/v1/audit-log',
      cursorName: 'before',
      empty: t('auditLog.empty'),
      render: (items) =>
        dataTable(
          t('auditLog.listCaption', { count: formatCount(items.length) }),
          [
            { header: t('auditLog.at'), cell: (row) => formatDateTime(row.at) },
            { header: t('auditLog.action'), cell: (row) => h('code', {}, row.action) },
            { header: t('auditLog.actor'), cell: (row) => row.actor },
            { header: t('auditLog.target'), cell: (row) => row.target },
          ],
          items,
        ),
    });
  },
};
