// POST /api/v1/imports/{members,households,items,opening-balances}?dryRun=: bulk imports from CSV.
import { z } from 'zod';
import type { Role } from '../auth/roles.js';
import { defineRoute, type Route } from '../routing.js';
import { csvEncodings } from '../workflows/csv-encoding.js';
import { runImport, type ImportKind } from '../workflows/imports.js';
import { acceptingCsv, csvBytesMax } from './csv-body.js';
import { managers } from './supermarket-schemas.js';

const columns: Readonly<Record<ImportKind, string>> = {
  members: 'username, displayName; optional phone, languages, skills (separated by ;). Imported members cannot log in until a coordinator sets their password.',
  households: 'name, address; optional phone, idNumber, size, notes. Personal data is sealed; each row gets a household code.',
  items: 'code, name, scale (0 or 3), unitPrice (yuan); optional barcode.',
  'opening-balances': 'type (member_hours, household_points, stock, fund), owner (username, household code, store or fund code), item (stock only), amount. One linked batch against opening-balances/<unit>.',
};

const reportRow = z.strictObject({ row: z.number().int(), column: z.string().nullable(), code: z.string(), detail: z.string() });

function importRoute(kind: ImportKind, operationId: string, access: readonly [Role, ...Role[]]): Route {
  const route = defineRoute({
    operationId,
    method: 'post',
    path: `/api/v1/imports/${kind}`,
    summary: `Import ${kind} from a spreadsheet (CSV); dryRun=true (the default) only checks`,
    tag: 'imports',
    access,
    idempotent: true,
    request: {
      query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional().describe('true (default): report every bad row and import nothing') }),
      body: z.strictObject({
        csv: z.string().min(1).max(csvBytesMax).describe(`CSV with a header row. Columns: ${columns[kind]}`),
        encoding: z.enum(csvEncodings).optional().describe('the encoding of the file the text was read from, reported back (utf-8 when absent); a text/csv upload sets it from its byte order mark, its charset (utf-8, gb18030, gbk, gb2312) or detection'),
      }),
    },
    response: {
      status: 200,
      description: 'the report: every problem (row, column, code), and the rows imported',
      schema: z.strictObject({
        kind: z.enum(['members', 'households', 'items', 'opening-balances']),
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
            rows: z.array(z.strictObject({ row: z.number().int(), cells: z.array(z.string()) })).describe('the first data rows as read, phone and ID numbers masked'),
          })
          .nullable()
          .describe('in a dry run: the header and first rows as read, so that wrongly read text is seen; null otherwise'),
      }),
    },
    handler: ({ deps, principal, query, body, idempotencyKey }) => runImport(deps, principal, kind, body.csv, query.dryRun !== 'false', idempotencyKey, body.encoding),
  });
  return acceptingCsv(route, `CSV with a header row, in UTF-8 or GB18030 (GBK): name it with charset=, or the service reads a byte order mark or detects it (the dry run reports which, with the first rows). Columns: ${columns[kind]}`);
}

export const importsMembers = importRoute('members', 'importsMembersCreate', managers);
export const importsHouseholds = importRoute('households', 'importsHouseholdsCreate', managers);
export const importsItems = importRoute('items', 'importsItemsCreate', ['admin']);
export const importsOpeningBalances = importRoute('opening-balances', 'importsOpeningBalancesCreate', ['admin']);
