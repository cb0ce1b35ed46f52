// Service records and certificates (服务证明): each approved service, with a printable certificate
// that carries the ledger's hash as its verification code ("whoever records, certifies").
import type { ServiceRecordView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { downloadButton } from '../components/download.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable } from '../components/table.js';
import { formatAmount, formatDate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export function serviceRecordsTable(caption: string, records: readonly ServiceRecordView[]): HTMLElement {
  return dataTable(
    caption,
    [
      { header: t('certificate.date'), cell: (record: ServiceRecordView) => formatDate(`${record.date}T12:00:00+08:00`) },
      { header: t('certificate.service'), cell: (record) => record.service },
      { header: t('certificate.hours'), numeric: true, cell: (record) => formatAmount(record.hours, 'HOUR') },
      {
        header: t('certificate.document'),
        cell: (record) =>
          downloadButton(
            t('certificate.download'),
            `/api/v1/service-records/${encodeURIComponent(record.id)}/certificate?format=html`,
            `certificate-${record.id}.html`,
          ),
      },
    ],
    records,
  );
}

export const certificatePage: Page = {
  path: '/volunteer/certificate',
  group: 'volunteer',
  title: 'certificate.title',
  access: ['member'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    replaceChildren(main, pageHeader('certificate.title', 'certificate.intro'), section(t('certificate.recordsTitle'), list));
    pagedList<ServiceRecordView>(list, signal, {
      path: '/api/v1/service-records',
      empty: t('certificate.none'),
      render: (records) => serviceRecordsTable(t('certificate.caption'), records),
    });
  },
};
