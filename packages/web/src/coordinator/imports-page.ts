// Bulk import from a spreadsheet saved as CSV (coordinators: members and households; admins also
// items and opening balances). A check comes first and imports nothing; the report lists every
// refused row with the column and the reason, and after the import, the rows done.
import { api } from '../api.js';
import type { ImportKind, ImportReportView } from '../api-types.js';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { codeText } from '../components/problem-text.js';
import { dataTable, facts } from '../components/table.js';
import { formatCount } from '../i18n/format.js';
import { isMessageKey, t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

/** The api reads a text/csv body of up to 1 MiB (as JSON it would take only 100 kB). */
const csvBytesMax = 1024 * 1024;

/** A refused row's reason in words: the import's own codes first, then the api's error codes. */
function rowProblemText(code: string): string {
  const key = `importProblem.${code}`;
  return isMessageKey(key) ? t(key) : codeText(code, code);
}

function kindsFor(role: string | undefined): readonly ImportKind[] {
  return role === 'admin' ? ['members', 'households', 'items', 'opening-balances'] : ['members', 'households'];
}

function reportView(report: ImportReportView): HTMLElement {
  const refused = report.problems;
  const done = report.dryRun ? report.valid : report.imported > 0 || report.rows === 0;
  const title = report.dryRun ? (report.valid ? t('imports.checkedOk') : t('imports.checkedBad')) : report.valid ? t('imports.importedOk', { count: formatCount(report.imported) }) : t('imports.checkedBad');
  return h(
    'div',
    { class: `import-report state ${done ? 'state-ok' : 'state-error'}`, 'data-result': 'import', 'data-valid': String(report.valid), 'data-dry-run': String(report.dryRun) },
    h('h3', { class: 'state-title', tabindex: '-1' }, title),
    facts([
      [t('imports.rows'), formatCount(report.rows)],
      [t('imports.problemsTotal'), formatCount(report.problemsTotal)],
      [t('imports.imported'), formatCount(report.imported)],
    ]),
    refused.length === 0
      ? null
      : dataTable(
          t('imports.problemsCaption', { count: formatCount(refused.length) }),
          [
            { header: t('imports.row'), numeric: true, cell: (problem: ImportReportView['problems'][number]) => formatCount(problem.row) },
            { header: t('imports.column'), cell: (problem) => problem.column ?? '—' },
            { header: t('imports.reason'), cell: (problem) => h('span', {}, rowProblemText(problem.code), h('br', {}), h('small', { lang: 'en' }, problem.detail)) },
          ],
          refused,
        ),
    report.problemsTotal > refused.length ? h('p', {}, t('imports.moreProblems', { count: formatCount(report.problemsTotal - refused.length) })) : null,
    report.results.length === 0
      ? null
      : dataTable(
          t('imports.resultsCaption', { count: formatCount(report.results.length) }),
          [
            { header: t('imports.row'), numeric: true, cell: (row: ImportReportView['results'][number]) => formatCount(row.row) },
            { header: t('imports.ref'), cell: (row) => h('code', {}, row.ref) },
          ],
          report.results,
        ),
  );
}

export const importsPage: Page = {
  path: '/coordinator/imports',
  group: 'coordinator',
  title: 'imports.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal, user }) => {
    const result = h('div', { 'aria-live': 'polite' });
    const kinds = kindsFor(user?.role);
    const importForm = form({
      id: 'import',
      fields: [
        { name: 'kind', label: 'imports.kind', kind: 'select', required: true, initial: 'members', options: kinds.map((kind) => ({ value: kind, label: t(`imports.kind.${kind}`) })) },
        { name: 'csv', label: 'imports.csv', kind: 'textarea', required: true, hint: 'imports.csvHint' },
        {
          name: 'mode',
          label: 'imports.mode',
          kind: 'radio',
          required: true,
          initial: 'check',
          options: [
            { value: 'check', label: t('imports.modeCheck') },
            { value: 'import', label: t('imports.modeImport') },
          ],
        },
      ],
      submitLabel: 'imports.submit',
      keepDraft: true,
      validate: (values) => (new TextEncoder().encode(values['csv'] ?? '').length > csvBytesMax ? { csv: t('error.payload_too_large') } : {}),
      submit: (values, submission) => {
        const dryRun = values['mode'] !== 'import';
        const path = `/api/v1/imports/${values['kind'] ?? 'members'}?dryRun=${dryRun ? 'true' : 'false'}`;
        const content = `${values['csv'] ?? ''}\n`;
        return api<ImportReportView>(path, { method: 'POST', text: { contentType: 'text/csv; charset=utf-8', content }, idempotencyKey: submission.keyFor({ path, content }), signal });
      },
      done: (report, handle) => {
        replaceChildren(result, reportView(report));
        // After a real import the same text must not be imported twice by a second press.
        if (!report.dryRun && report.valid) {
          handle.setValue('csv', '');
          handle.setValue('mode', 'check');
        }
        result.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    // A file from the computer fills the text box; the person still sees what will be sent.
    const fileInput = h('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv', class: 'file-input' });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file === undefined) return;
      void file.text().then((text) => importForm.setValue('csv', text));
    });
    const fileField = h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('imports.file')), h('p', { class: 'field-hint' }, t('imports.fileHint')), fileInput);
    importForm.element.querySelector('.field[data-field="csv"]')?.before(fileField);
    replaceChildren(
      main,
      pageHeader('imports.title', 'imports.intro'),
      section(t('imports.columnsTitle'), h('ul', {}, ...kinds.map((kind) => h('li', {}, h('strong', {}, t(`imports.kind.${kind}`)), ' — ', t(`imports.columns.${kind}`))))),
      section(t('imports.formTitle'), importForm.element, result),
    );
  },
};
