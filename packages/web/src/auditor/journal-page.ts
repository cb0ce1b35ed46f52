// Journal downloads for auditors: the whole journal as CSV (for spreadsheets) or as an hledger journal.
import { h, replaceChildren } from '../components/dom.js';
import { downloadButton } from '../components/download.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

export const journalPage: Page = {
  path: '/auditor/journal',
  group: 'auditor',
  title: 'journal.title',
  access: ['auditor', 'admin'],
  inMenu: true,
  render: ({ main }) => {
    replaceChildren(
      main,
      pageHeader('journal.title', 'journal.intro'),
      section(
        t('journal.csvTitle'),
        h('p', {}, t('journal.csvBody')),
        downloadButton(t('journal.csvDownload'), '/api/v1/audit/journal?format=csv', 'journal.csv'),
      ),
      section(
        t('journal.hledgerTitle'),
        h('p', {}, t('journal.hledgerBody')),
        downloadButton(t('journal.hledgerDownload'), '/api/v1/audit/journal?format=hledger', 'journal.journal'),
      ),
    );
  },
};
