// The contract of POST /api/v1/imports/{members,households,items,opening-balances}: what each takes and what it answers.
import { z } from 'zod';
import { csvBytesMax, csvEncodings, importKinds, type ImportKind } from '../imports.js';

/** The columns of each kind of file, as documented for its upload. */
export const importColumns: Readonly<Record<ImportKind, string>> = {
  members:
    'username, displayName; optional phone, languages, skills (separated by ;). Imported members cannot log in until a coordinator sets their password.',
  households: 'name, address; optional phone, idNumber, size, notes. Personal data is sealed; each row gets a household code.',
  items: 'code, name, scale (0 or 3), unitPrice (yuan); optional barcode.',
  'opening-balances':
    'type (member_hours, household_points, stock, fund), owner (username, household code, store or fund code), item (stock only), amount. One linked batch against opening-balances/<unit>.',
};

const reportRow = z.strictObject({ row: z.number().int(), column: z.string().nullable(), code: z.string(), detail: z.string() });

const importReport = z.strictObject({
  kind: z.enum(importKinds),
  dryRun: z.boolean(),
  rows: z.number().int(),
  valid: z.boolean(),
  problemsTotal: z.number().int(),
  problems: z.array(reportRow),
  imported: z.number().int(),
  results: z.array(z.strictObject({ row: z.number().int(), ref: z.string() })),
  encoding: z.enum(csvEncodings).describe('the encoding the file was read in'),
  preview: z
    .strictObject({
      header: z.array(z.string()),
      rows: z
        .array(z.strictObject({ row: z.number().int(), cells: z.array(z.string()) }))
        .describe('the first data rows as read, phone and ID numbers masked'),
    })
    .nullable()
    .describe('in a dry run: the header and first rows as read, so that wrongly read text is seen; null otherwise'),
});

/** The import of one kind of file; the four differ only in their path and documented columns. */
function importOperation(kind: ImportKind) {
  return {
    method: 'post',
    path: `/api/v1/imports/${kind}`,
    request: {
      query: z.strictObject({
        dryRun: z.enum(['true', 'false']).optional().describe('true (default): report every bad row and import nothing'),
      }),
      body: z.strictObject({
        csv: z.string().min(1).max(csvBytesMax).describe(`CSV with a header row. Columns: ${importColumns[kind]}`),
        encoding: z
          .enum(csvEncodings)
          .optional()
          .describe(
            'the encoding of the file the text was read from, reported back (utf-8 when absent); a text/csv upload sets it from its byte order mark, its charset (utf-8, gb18030, gbk, gb2312) or detection',
          ),
      }),
    },
    response: { status: 200, description: 'the report: every problem (row, column, code), and the rows imported', schema: importReport },
  } as const;
}

export const importsMembersCreate = importOperation('members');
export const importsHouseholdsCreate = importOperation('households');
export const importsItemsCreate = importOperation('items');
export const importsOpeningBalancesCreate = importOperation('opening-balances');
