// Bulk import from a spreadsheet saved as CSV (coordinators: members and households; admins also
// items and opening balances). A check comes first and imports nothing; the report lists every
// refused row with the column and the reason, the encoding the file was read in and its first
// rows as read (so that wrongly read Chinese shows), and after the import, the rows done. A file
// goes to the api as its bytes: the api reads UTF-8 and GB18030 (Excel's Chinese CSV), detected
// or as the person chooses, which the browser's own text reading would have garbled.
import { api, ApiProblem } from '../api.js';
import { csvEncodings, type ImportKind, type ImportReportView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { codeText } from '../components/problem-text.js';
import { dataTable, facts } from '../components/table.js';
import { formatCount, formatDecimal } from '../i18n/format.js';
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

/** The api names the file's problems at `/csv`; when a file was sent they belong beside the file. */
function aboutTheFile(error: unknown): unknown {
  if (!(error instanceof ApiProblem)) return error;
  const errors = error.errors.map((problem) => (problem.pointer === '/csv' ? { ...problem, pointer: '/file' } : problem));
  return new ApiProblem(error.status, error.code, error.title, error.detail, errors, error.path);
}

/** The first rows as the api read them, under the file's own column names. */
function previewTable(preview: NonNullable<ImportReportView['preview']>): HTMLElement {
  type PreviewRow = NonNullable<ImportReportView['preview']>['rows'][number];
  return dataTable(
    t('imports.previewCaption', { count: formatCount(preview.rows.length) }),
    [
      { header: t('imports.row'), numeric: true, cell: (row: PreviewRow) => formatCount(row.row) },
      ...preview.header.map((name, index) => ({ header: name, cell: (row: PreviewRow) => row.cells[index] ?? '' })),
    ],
    preview.rows,
  );
}

function reportView(report: ImportReportView): HTMLElement {
  const refused = report.problems;
  const done = report.dryRun ? report.valid : report.imported > 0 || report.rows === 0;
  const title = report.dryRun
    ? report.valid
      ? t('imports.checkedOk')
      : t('imports.checkedBad')
    : report.valid
      ? t('imports.importedOk', { count: formatCount(report.imported) })
      : t('imports.checkedBad');
  return h(
    'div',
    {
      class: `import-report state ${done ? 'state-ok' : 'state-error'}`,
      'data-result': 'import',
      'data-valid': String(report.valid),
      'data-dry-run': String(report.dryRun),
    },
    h('h3', { class: 'state-title', tabindex: '-1' }, title),
    facts([
      [t('imports.rows'), formatCount(report.rows)],
      [t('imports.problemsTotal'), formatCount(report.problemsTotal)],
      [t('imports.imported'), formatCount(report.imported)],
      [t('imports.encodingUsed'), h('span', { 'data-encoding': report.encoding }, t(`imports.encoding.${report.encoding}`))],
    ]),
    refused.length === 0
      ? null
      : dataTable(
          t('imports.problemsCaption', { count: formatCount(refused.length) }),
          [
            { header: t('imports.row'), numeric: true, cell: (problem: ImportReportView['problems'][number]) => formatCount(problem.row) },
            { header: t('imports.column'), cell: (problem) => problem.column ?? '—' },
            {
              header: t('imports.reason'),
              cell: (problem) => h('span', {}, rowProblemText(problem.code), h('br', {}), h('small', { lang: 'en' }, problem.detail)),
            },
          ],
          refused,
        ),
    report.problemsTotal > refused.length
      ? h('p', {}, t('imports.moreProblems', { count: formatCount(report.problemsTotal - refused.length) }))
      : null,
    report.preview === null || report.preview.rows.length === 0 ? null : previewTable(report.preview),
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
    // A file chosen from the computer is sent as it is; without one, the text in the box is.
    let file: File | undefined;
    const importForm = form({
      id: 'import',
      fields: [
        {
          name: 'kind',
          label: 'imports.kind',
          kind: 'select',
          required: true,
          initial: 'members',
          options: kinds.map((kind) => ({ value: kind, label: t(`imports.kind.${kind}`) })),
        },
        {
          name: 'encoding',
          label: 'imports.encoding',
          kind: 'select',
          required: true,
          initial: 'auto',
          hint: 'imports.encodingHint',
          options: [
            { value: 'auto', label: t('imports.encodingAuto') },
            ...csvEncodings.map((encoding) => ({ value: encoding, label: t(`imports.encoding.${encoding}`) })),
          ],
        },
        { name: 'csv', label: 'imports.csv', kind: 'textarea', hint: 'imports.csvHint' },
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
      validate: (values) => {
        if (file !== undefined) return file.size > csvBytesMax ? { file: t('error.payload_too_large') } : {};
        const text = values['csv'] ?? '';
        if (text.trim() === '') return { csv: t('form.required') };
        return new TextEncoder().encode(text).length > csvBytesMax ? { csv: t('error.payload_too_large') } : {};
      },
      submit: (values, submission) => {
        // The last report goes: a refusal of this sending is never read beside an earlier success.
        replaceChildren(result);
        const dryRun = values['mode'] !== 'import';
        const path = `/api/v1/imports/${values['kind'] ?? 'members'}?dryRun=${dryRun ? 'true' : 'false'}`;
        if (file !== undefined) {
          // The file's bytes with the encoding chosen; "detect" names none, and the api decides.
          const encoding = values['encoding'] ?? 'auto';
          const contentType = encoding === 'auto' ? 'text/csv' : `text/csv; charset=${encoding}`;
          const sent = { path, contentType, file: { name: file.name, size: file.size, lastModified: file.lastModified } };
          return api<ImportReportView>(path, {
            method: 'POST',
            text: { contentType, content: file },
            idempotencyKey: submission.keyFor(sent),
            signal,
          }).catch((error: unknown) => {
            throw aboutTheFile(error);
          });
        }
        // Text typed or pasted into the box is Unicode already: it goes as UTF-8.
        const content = `${values['csv'] ?? ''}\n`;
        return api<ImportReportView>(path, {
          method: 'POST',
          text: { contentType: 'text/csv; charset=utf-8', content },
          idempotencyKey: submission.keyFor({ path, content }),
          signal,
        });
      },
      done: (report, handle) => {
        replaceChildren(result, reportView(report));
        // After a real import the same text or file must not be imported twice by a second press.
        if (!report.dryRun && report.valid) {
          handle.setValue('csv', '');
          handle.setValue('mode', 'check');
          forgetFile();
        }
        result.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    const fileInput = h('input', {
      type: 'file',
      id: 'import-file',
      name: 'file',
      accept: '.csv,text/csv',
      class: 'file-input',
      'aria-describedby': 'import-file-hint',
    });
    const chosen = h('p', { class: 'file-chosen', 'data-file-chosen': 'false' });
    const clear = h('button', { type: 'button', class: 'button', hidden: true }, t('imports.fileClear'));
    const csvField = importForm.element.querySelector<HTMLElement>('.field[data-field="csv"]');
    const showFile = (): void => {
      if (file === undefined) {
        chosen.textContent = '';
        chosen.dataset['fileChosen'] = 'false';
      } else {
        chosen.textContent = t('imports.fileChosen', {
          name: file.name,
          size: formatDecimal(String(Math.max(1, Math.ceil(file.size / 1024)))),
        });
        chosen.dataset['fileChosen'] = 'true';
      }
      clear.hidden = file === undefined;
      // With a file chosen the box is not what is sent, so it is out of the way.
      if (csvField !== null) csvField.hidden = file !== undefined;
    };
    const forgetFile = (): void => {
      file = undefined;
      fileInput.value = '';
      showFile();
    };
    fileInput.addEventListener('change', () => {
      file = fileInput.files?.[0];
      replaceChildren(result);
      showFile();
    });
    clear.addEventListener('click', () => {
      forgetFile();
      fileInput.focus();
    });
    const fileField = h(
      'div',
      { class: 'field', 'data-field': 'file' },
      h('label', { for: 'import-file' }, t('imports.file')),
      h('p', { class: 'field-hint', id: 'import-file-hint' }, t('imports.fileHint')),
      fileInput,
      chosen,
      clear,
      h('p', { class: 'field-error', hidden: true }),
    );
    importForm.element.querySelector('.field[data-field="encoding"]')?.before(fileField);
    replaceChildren(
      main,
      pageHeader('imports.title', 'imports.intro'),
      section(
        t('imports.columnsTitle'),
        h('ul', {}, ...kinds.map((kind) => h('li', {}, h('strong', {}, t(`imports.kind.${kind}`)), ' — ', t(`imports.columns.${kind}`)))),
      ),
      section(t('imports.formTitle'), importForm.element, result),
    );
  },
};
