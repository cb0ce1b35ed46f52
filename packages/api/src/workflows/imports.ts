// Bulk imports from spreadsheets (CSV): members, households, catalogue items, opening balances.
// A dry run reports every bad row and writes nothing; a real run writes only a file with no
// problem at all.
import { randomBytes } from 'node:crypto';
import { books, type TransactionInput } from '@linli/ledger';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.js';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/roles.js';
import { insertUser } from '../auth/users.js';
import { isUniqueViolation } from '../database-values.js';
import type { Deps } from '../deps.js';
import { sealPersonal } from './households.js';
import { insertHousehold } from './queries/households.js';
import { insertMemberProfile } from './queries/member-profiles.js';
import { newHouseholdCode, newUserId } from '../random-ids.js';
import { ApiError, type FieldProblem } from '../http-errors.js';
import { displayName, phone, tag, text, usernameNew } from '../validation.js';
import { createCatalogueItem } from './catalogue.js';
import { openHouseholdAccount, openMemberAccount } from './community-books.js';
import type { CsvEncoding } from './csv-encoding.js';
import { csvMalformed, readCsvTable, type ColumnSpec, type CsvPreview, type RowProblem } from './csv-table.js';
import { derivedId, findCatalogueItems } from './supermarket-support.js';
import { importKinds, type ImportKind } from '@linli/contract';
import type { ImportReportView } from '@linli/contract';

export { importKinds, type ImportKind };

const { accountIds } = books;

/** Rows in one file; opening balances are one linked batch, which the ledger caps at 1,000. */
export const importRowsMax: Readonly<Record<ImportKind, number>> = {
  members: 2_000,
  households: 2_000,
  items: 2_000,
  'opening-balances': 1_000,
};
/** Problems listed in one report; the total is always given. */
export const importProblemsListedMax = 1_000;

export type ImportReport = ImportReportView;

/**
 * Columns whose cells the preview masks but for their last 4 characters: digits only, so never
 * garbled by a wrong encoding, and personal data that a stored answer (the Idempotency-Key's)
 * should hold no more of than it needs.
 */
const maskedColumns: ReadonlySet<string> = new Set(['phone', 'idNumber']);

function mask(cell: string): string {
  return cell.length <= 4 ? '*'.repeat(cell.length) : `${'*'.repeat(cell.length - 4)}${cell.slice(-4)}`;
}

function maskedPreview(preview: CsvPreview): CsvPreview {
  const masked = preview.header.map((name) => maskedColumns.has(name));
  return {
    header: preview.header,
    rows: preview.rows.map(({ row, cells }) => ({ row, cells: cells.map((cell, index) => (masked[index] === true ? mask(cell) : cell)) })),
  };
}

const list = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .transform((cell) =>
      cell
        .split(/[;；]/)
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(schema).max(20));
const slug = z
  .string()
  .max(63)
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, dot, dash, underscore');
const positive = z
  .string()
  .max(25)
  .regex(/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$/, 'a decimal such as 2.50')
  .refine((value) => !/^0(\.0*)?$/.test(value), 'more than zero');
const yuan = z
  .string()
  .max(20)
  .regex(/^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/, 'yuan with at most 2 decimals, such as 45.00');

interface MemberRow {
  username: string;
  displayName: string;
  phone?: string;
  languages?: string[];
  skills?: string[];
}
interface HouseholdRow {
  name: string;
  address: string;
  phone?: string;
  idNumber?: string;
  size?: number;
  notes?: string;
}
interface ItemRow {
  code: string;
  name: string;
  scale: 0 | 3;
  unitPrice: string;
  barcode?: string;
}
interface BalanceRow {
  type: 'member_hours' | 'household_points' | 'stock' | 'fund';
  owner: string;
  item?: string;
  amount: string;
}

const columns: Readonly<Record<ImportKind, Readonly<Record<string, ColumnSpec>>>> = {
  members: {
    username: { required: true, schema: usernameNew },
    displayName: { required: true, schema: displayName },
    phone: { required: false, schema: phone },
    languages: { required: false, schema: list(tag) },
    skills: { required: false, schema: list(tag) },
  },
  households: {
    name: { required: true, schema: text(100) },
    address: { required: true, schema: text(200) },
    phone: { required: false, schema: phone },
    idNumber: {
      required: false,
      schema: z
        .string()
        .min(4)
        .max(32)
        .regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes'),
    },
    size: {
      required: false,
      schema: z
        .string()
        .regex(/^[1-9][0-9]?$/, 'a whole number from 1 to 30')
        .transform(Number)
        .pipe(z.number().int().min(1).max(30)),
    },
    notes: { required: false, schema: text(500) },
  },
  items: {
    code: { required: true, schema: slug },
    name: { required: true, schema: text(100) },
    scale: { required: true, schema: z.enum(['0', '3'], 'pieces 0 or kilograms 3').transform((value) => (value === '3' ? 3 : 0)) },
    unitPrice: { required: true, schema: yuan },
    barcode: { required: false, schema: z.string().regex(/^[0-9]{8,14}$/, '8 to 14 digits') },
  },
  'opening-balances': {
    type: {
      required: true,
      schema: z.enum(['member_hours', 'household_points', 'stock', 'fund'], 'member_hours, household_points, stock or fund'),
    },
    owner: {
      required: true,
      schema: z
        .string()
        .max(64)
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a username, household code, store or fund code'),
    },
    item: { required: false, schema: slug },
    amount: { required: true, schema: positive },
  },
};

/**
 * Checks a file and, unless it is a dry run, imports it. `encoding` is the one its bytes were read
 * in (csv-encoding.ts), for the report. Rejections: `csv_malformed` (with the file's problem code
 * and line in `errors`), `import_too_large`, and `import_invalid` for a real run of a file with any
 * problem (a dry run answers those with the report instead).
 */
export async function runImport(
  deps: Deps,
  actor: Principal,
  kind: ImportKind,
  csv: string,
  dryRun: boolean,
  idempotencyKey: string | undefined,
  encoding: CsvEncoding = 'utf-8',
): Promise<ImportReport> {
  const table = readCsvTable<Record<string, unknown>>(csv, columns[kind], importRowsMax[kind]);
  if ('code' in table)
    throw table.code === 'csv_malformed'
      ? csvMalformed(table.problem, table.line, table.detail)
      : new ApiError(table.code, { detail: table.detail });
  const rowCount = table.rows.length + new Set(table.problems.filter((problem) => problem.row > 1).map((problem) => problem.row)).size;
  const checked = await check(deps, actor.community, kind, table.rows);
  const problems = [...table.problems, ...checked.problems].sort((a, b) => a.row - b.row);
  const report: ImportReport = {
    kind,
    dryRun,
    rows: rowCount,
    valid: problems.length === 0,
    problemsTotal: problems.length,
    problems: problems.slice(0, importProblemsListedMax),
    imported: 0,
    results: [],
    encoding,
    preview: dryRun ? maskedPreview(table.preview) : null,
  };
  if (dryRun) return report;
  if (problems.length > 0) {
    const errors: FieldProblem[] = problems.slice(0, 20).map((problem) => ({
      in: 'body',
      pointer: `/rows/${problem.row}${problem.column === null ? '' : `/${problem.column}`}`,
      detail: `${problem.code}: ${problem.detail}`,
    }));
    throw new ApiError('import_invalid', {
      detail: `${problems.length} problems; nothing was imported (a dry run lists them all)`,
      errors,
    });
  }
  const results = await write(deps, actor, kind, checked.rows, idempotencyKey);
  await recordAudit(
    deps.knex,
    {
      community: actor.community,
      actor: actor.userId,
      action: 'import.completed',
      target: `import:${kind}`,
      details: { rows: results.length },
    },
    deps.now(),
  );
  return { ...report, imported: results.length, results };
}

interface Checked {
  rows: { row: number; value: Record<string, unknown> }[];
  problems: RowProblem[];
}

/** The checks against the community's data and within the file, for rows whose cells are valid. */
async function check(
  deps: Deps,
  community: string,
  kind: ImportKind,
  rows: readonly { row: number; value: Record<string, unknown> }[],
): Promise<Checked> {
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const unique = (row: number, column: string, value: string): boolean => {
    const first = seen.get(`${column}\n${value}`);
    if (first !== undefined) {
      problems.push({ row, column, code: 'duplicate', detail: `the same as row ${first}` });
      return false;
    }
    seen.set(`${column}\n${value}`, row);
    return true;
  };
  if (kind === 'members') {
    const usernames = rows.map((entry) => (entry.value as unknown as MemberRow).username);
    const taken = new Set(
      (
        (await deps.knex('users').select('username').where({ community_id: community }).whereIn('username', usernames)) as {
          username: string;
        }[]
      ).map((user) => user.username),
    );
    for (const { row, value } of rows) {
      const username = (value as unknown as MemberRow).username;
      if (taken.has(username))
        problems.push({ row, column: 'username', code: 'already_exists', detail: 'the username is taken in this community' });
      else unique(row, 'username', username);
    }
  } else if (kind === 'items') {
    const codes = rows.map((entry) => (entry.value as unknown as ItemRow).code);
    const known = await findCatalogueItems(deps.knex, community, codes);
    const barcodes = rows.flatMap((entry) =>
      (entry.value as unknown as ItemRow).barcode === undefined ? [] : [(entry.value as unknown as ItemRow).barcode as string],
    );
    const takenBarcodes = new Set(
      barcodes.length === 0
        ? []
        : (
            (await deps.knex('catalogue_items').select('barcode').where({ community_id: community }).whereIn('barcode', barcodes)) as {
              barcode: string;
            }[]
          ).map((item) => item.barcode),
    );
    for (const { row, value } of rows) {
      const item = value as unknown as ItemRow;
      if (known.has(item.code)) problems.push({ row, column: 'code', code: 'already_exists', detail: 'the item is in the catalogue' });
      else unique(row, 'code', item.code);
      if (item.barcode !== undefined) {
        if (takenBarcodes.has(item.barcode))
          problems.push({ row, column: 'barcode', code: 'already_exists', detail: 'another item has this barcode' });
        else unique(row, 'barcode', item.barcode);
      }
    }
  } else if (kind === 'opening-balances') {
    await checkBalances(deps, community, rows, problems, unique);
  }
  const bad = new Set(problems.map((problem) => problem.row));
  return { rows: rows.filter((entry) => !bad.has(entry.row)), problems };
}

const scales = { member_hours: 2, household_points: 0, fund: 2 } as const;

async function checkBalances(
  deps: Deps,
  community: string,
  rows: readonly { row: number; value: Record<string, unknown> }[],
  problems: RowProblem[],
  unique: (row: number, column: string, value: string) => boolean,
): Promise<void> {
  const typed = rows.map((entry) => ({ row: entry.row, value: entry.value as unknown as BalanceRow }));
  const owners = (type: BalanceRow['type']) => typed.filter((entry) => entry.value.type === type).map((entry) => entry.value.owner);
  const members = new Map(
    (
      (await deps
        .knex('users')
        .select('username', 'id')
        .where({ community_id: community, role: 'member' })
        .whereIn('username', owners('member_hours'))) as { username: string; id: string }[]
    ).map((user) => [user.username, user.id]),
  );
  const households = new Set(
    (
      (await deps.knex('households').select('code').where({ community_id: community }).whereIn('code', owners('household_points'))) as {
        code: string;
      }[]
    ).map((household) => household.code),
  );
  const stores = new Set(
    ((await deps.knex('stores').select('id').where({ community_id: community }).whereIn('id', owners('stock'))) as { id: string }[]).map(
      (store) => store.id,
    ),
  );
  const funds = new Set(
    (
      (await deps.knex('funds').select('code').where({ community_id: community }).whereIn('code', owners('fund'))) as { code: string }[]
    ).map((fund) => fund.code),
  );
  const items = await findCatalogueItems(
    deps.knex,
    community,
    typed.flatMap((entry) => (entry.value.item === undefined ? [] : [entry.value.item])),
  );
  for (const { row, value } of typed) {
    const decimals = value.amount.split('.')[1]?.length ?? 0;
    if (value.type !== 'stock' && value.item !== undefined)
      problems.push({ row, column: 'item', code: 'invalid', detail: 'only stock rows name an item' });
    if (value.type === 'member_hours' && !members.has(value.owner))
      problems.push({ row, column: 'owner', code: 'not_found', detail: 'no member with this username' });
    if (value.type === 'household_points' && !households.has(value.owner))
      problems.push({ row, column: 'owner', code: 'not_found', detail: 'no household with this code' });
    if (value.type === 'fund' && !funds.has(value.owner))
      problems.push({ row, column: 'owner', code: 'not_found', detail: 'no fund with this code' });
    if (value.type === 'stock') {
      if (!stores.has(value.owner)) problems.push({ row, column: 'owner', code: 'not_found', detail: 'no store with this id' });
      const item = value.item === undefined ? undefined : items.get(value.item);
      if (value.item === undefined) problems.push({ row, column: 'item', code: 'required', detail: 'a stock row names its item' });
      else if (item === undefined) problems.push({ row, column: 'item', code: 'item_not_in_catalogue', detail: 'not in the catalogue' });
      else if (decimals > item.scale)
        problems.push({ row, column: 'amount', code: 'amount_scale_exceeded', detail: `at most ${item.scale} decimals for this item` });
    } else if (decimals > scales[value.type]) {
      problems.push({ row, column: 'amount', code: 'amount_scale_exceeded', detail: `at most ${scales[value.type]} decimals` });
    }
    unique(row, 'owner', `${value.type}/${value.owner}/${value.item ?? ''}`);
    // The account is resolved here, for `write`.
    if (value.type === 'member_hours')
      Object.assign(value, { account: accountIds.memberHours(members.get(value.owner) ?? ''), unit: 'HOUR' });
    if (value.type === 'household_points') Object.assign(value, { account: accountIds.householdPoints(value.owner), unit: 'POINT' });
    if (value.type === 'fund') Object.assign(value, { account: accountIds.fund(value.owner), unit: 'CNY' });
    if (value.type === 'stock')
      Object.assign(value, { account: accountIds.stock(value.owner, value.item ?? ''), unit: `ITEM:${value.item ?? ''}` });
  }
}

/** The equity account an opening balance comes from, one per unit. */
export function openingBalancesAccount(unit: string): string {
  return `opening-balances/${unit}`;
}

async function write(
  deps: Deps,
  actor: Principal,
  kind: ImportKind,
  rows: readonly { row: number; value: Record<string, unknown> }[],
  idempotencyKey: string | undefined,
): Promise<{ row: number; ref: string }[]> {
  const community = actor.community;
  const now = deps.now();
  if (kind === 'members') {
    // Imported members get one random password, hashed once and never shown: nobody can log in
    // with it, and a coordinator sets each member's own password before they first log in.
    // One hash instead of one per row keeps a 2,000-row import from taking minutes of scrypt.
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
    const created = rows.map(({ row, value }) => ({ row, id: newUserId(), member: value as unknown as MemberRow }));
    try {
      await deps.knex.transaction(async (trx) => {
        for (const { id, member } of created) {
          await insertUser(trx, {
            community,
            id,
            username: member.username,
            displayName: member.displayName,
            role: 'member',
            passwordHash,
            isDemo: false,
          });
          const phoneSealed = member.phone === undefined ? null : deps.sealer.seal(member.phone, `${community}/users/${id}/phone`);
          await insertMemberProfile(trx, {
            community,
            userId: id,
            phoneSealed,
            languages: member.languages ?? [],
            skills: member.skills ?? [],
          });
          await recordAudit(
            trx,
            {
              community,
              actor: actor.userId,
              action: 'member.created',
              target: `user:${id}`,
              details: { username: member.username, imported: true },
            },
            now,
          );
        }
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ApiError('username_taken', { detail: 'a username was taken while the file was imported; nothing was imported' });
      throw error;
    }
    for (const { id } of created) await openMemberAccount(deps.ledger, community, id);
    return created.map(({ row, id }) => ({ row, ref: id }));
  }
  if (kind === 'households') {
    const created = rows.map(({ row, value }) => ({ row, code: newHouseholdCode(), personal: value as unknown as HouseholdRow }));
    await deps.knex.transaction(async (trx) => {
      for (const { code, personal } of created) {
        await insertHousehold(trx, community, code, sealPersonal(deps.sealer, community, code, personal), actor.userId);
        await recordAudit(
          trx,
          { community, actor: actor.userId, action: 'household.created', target: `household:${code}`, details: { imported: true } },
          now,
        );
      }
    });
    for (const { code } of created) await openHouseholdAccount(deps.ledger, community, code);
    return created.map(({ row, code }) => ({ row, ref: code }));
  }
  if (kind === 'items') {
    const results = [];
    for (const { row, value } of rows) {
      const item = value as unknown as ItemRow;
      await createCatalogueItem(deps, actor, {
        code: item.code,
        name: item.name,
        scale: item.scale,
        unitPrice: item.unitPrice,
        barcode: item.barcode,
      });
      results.push({ row, ref: item.code });
    }
    return results;
  }
  const batch = `opening/${derivedId('opening-balances', actor, idempotencyKey)}`;
  const typed = rows.map(({ row, value }) => ({ row, value: value as unknown as BalanceRow & { account: string; unit: string } }));
  for (const unit of new Set(typed.map((entry) => entry.value.unit))) {
    await deps.ledger.openAccount({
      community,
      id: openingBalancesAccount(unit),
      unit,
      name: `期初余额 Opening balances (${unit})`,
      lowerLimit: null,
    });
  }
  const inputs: TransactionInput[] = typed.map(({ row, value }) => ({
    community,
    id: `${batch}/${row}`,
    kind: 'opening_balance',
    actor: actor.userId,
    metadata: { row, type: value.type },
    postings: [
      { account: openingBalancesAccount(value.unit), unit: value.unit, amount: `-${value.amount}` },
      { account: value.account, unit: value.unit, amount: value.amount },
    ],
  }));
  const transactions = await deps.ledger.postLinked(community, inputs);
  return typed.map(({ row }, index) => ({ row, ref: transactions[index]?.id ?? '' }));
}
