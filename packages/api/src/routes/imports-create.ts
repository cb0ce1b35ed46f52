// POST /api/v1/imports/{members,households,items,opening-balances}?dryRun=: bulk imports from CSV.
import {
  importColumns,
  importsHouseholdsCreate,
  importsItemsCreate,
  importsMembersCreate,
  importsOpeningBalancesCreate,
  managers,
} from '@linli/contract';
import type { Role } from '../auth/roles.js';
import { defineRoute, type Route } from '../routing.js';
import { runImport, type ImportKind } from '../workflows/imports.js';
import { acceptingCsv } from './csv-body.js';

const contracts = { importsMembersCreate, importsHouseholdsCreate, importsItemsCreate, importsOpeningBalancesCreate };

function importRoute(kind: ImportKind, operationId: keyof typeof contracts, access: readonly [Role, ...Role[]]): Route {
  const contract = contracts[operationId];
  const route = defineRoute({
    operationId,
    method: contract.method,
    path: contract.path,
    summary: `Import ${kind} from a spreadsheet (CSV); dryRun=true (the default) only checks`,
    tag: 'imports',
    access,
    idempotent: true,
    request: contract.request,
    response: contract.response,
    handler: ({ deps, principal, query, body, idempotencyKey }) =>
      runImport(deps, principal, kind, body.csv, query.dryRun !== 'false', idempotencyKey, body.encoding),
  });
  return acceptingCsv(
    route,
    `CSV with a header row, in UTF-8 or GB18030 (GBK): name it with charset=, or the service reads a byte order mark or detects it (the dry run reports which, with the first rows). Columns: ${importColumns[kind]}`,
  );
}

export const importsMembers = importRoute('members', 'importsMembersCreate', managers);
export const importsHouseholds = importRoute('households', 'importsHouseholdsCreate', managers);
export const importsItems = importRoute('items', 'importsItemsCreate', ['admin']);
export const importsOpeningBalances = importRoute('opening-balances', 'importsOpeningBalancesCreate', ['admin']);
