// Amounts past their unit: strings the OpenAPI document's shared amount pattern accepts
// (validation.ts `amount`, `signedAmount`) that the unit refuses: more decimals than its scale,
// zero, negative where the route moves a positive amount, or the largest amount the pattern
// allows, which no account here can pay or hold. The document finds the amount fields; it cannot
// say which unit one counts, so each operation that has one gets a valid example request here
// (from the demo community), and the unit is read from the field and that request's body.
import fc from 'fast-check';
import { z } from 'zod';
import { isValid, sitesOf, withValueAt, type JsonSchema, type Operation } from './bad-input-generators.js';
import type { Role } from '../src/auth/roles.js';
import { amount, signedAmount } from '../src/validation.js';

/** The patterns of the shared amount strings, as the document writes them. */
const amountPatterns: ReadonlySet<string> = new Set(
  [amount, signedAmount].map((schema) => String((z.toJSONSchema(schema) as { pattern?: string }).pattern)),
);

export function isSharedAmountSchema(schema: JsonSchema): boolean {
  return schema.type === 'string' && schema.pattern !== undefined && amountPatterns.has(schema.pattern);
}

/** What a valid request of an operation needs from the test database. */
export interface ExampleContext {
  /** Demo user ids by username. */
  users: ReadonlyMap<string, string>;
  /** A member of the other community, to receive a transfer. */
  otherCommunity: string;
  otherMember: string;
  household: string;
  now: Date;
}

/** A request the operation accepts as it is, sent as `role`. */
export interface Example {
  role: Role;
  pathValues: Record<string, string>;
  body: Record<string, unknown>;
  /**
   * The codes a refusal of the largest amount the pattern takes may carry, where no such amount
   * can be right (an account would go below its limit, a fair value past 18 integer digits); left
   * out where it is a valid amount (a cash donation, a counted quantity).
   */
  largestRefusedWith?: readonly string[];
  /** Zero is a valid amount here (a count of none). */
  zeroAllowed?: true;
}

/** An account would go below its lower limit (or the hours are more than were banked). */
const belowLimit = ['exceeds_lower_limit'];

const demoStore = 'xianlin-market';
const demoFund = 'elderly-care';

function consent(context: ExampleContext) {
  return { method: 'in_person', recordedAt: new Date(context.now.getTime() - 60_000).toISOString() };
}

function userOf(context: ExampleContext, username: string): string {
  const id = context.users.get(username);
  if (id === undefined) throw new Error(`the demo has no user ${username}`);
  return id;
}

/**
 * A valid request for every operation whose body has a shared amount field, by operationId. The
 * suite fails for an operation with such a field and no example here, so a new route is not
 * silently left out. Quantities name both a piece item (`rice-5kg`, scale 0) and a weighed one
 * (`flour-kg`, scale 3).
 */
export const amountExamples: Readonly<Record<string, (context: ExampleContext) => Example>> = {
  giftsCreate: () => ({
    role: 'member',
    pathValues: {},
    body: { to: 'pool', hours: '0.50', memo: '赠送' },
    largestRefusedWith: belowLimit,
  }),
  giftsCreateOnBehalf: (context) => ({
    role: 'coordinator',
    pathValues: {},
    body: { onBehalfOf: { member: userOf(context, 'wang-ayi'), consent: consent(context) }, to: 'pool', hours: '0.50' },
    largestRefusedWith: belowLimit,
  }),
  clearingTransfersCreate: (context) => ({
    role: 'member',
    pathValues: {},
    body: { toCommunity: context.otherCommunity, toMember: context.otherMember, hours: '0.50' },
    largestRefusedWith: belowLimit,
  }),
  clearingTransfersCreateOnBehalf: (context) => ({
    role: 'coordinator',
    pathValues: {},
    body: {
      onBehalfOf: { member: userOf(context, 'wang-ayi'), consent: consent(context) },
      toCommunity: context.otherCommunity,
      toMember: context.otherMember,
      hours: '0.50',
    },
    largestRefusedWith: belowLimit,
  }),
  donationsInKindCreate: () => ({
    role: 'staff',
    pathValues: {},
    body: {
      store: demoStore,
      donor: { anonymous: true },
      items: [
        { item: 'rice-5kg', quantity: '2' },
        { item: 'flour-kg', quantity: '1.250' },
      ],
      valuationMethod: 'catalogue_price',
    },
    largestRefusedWith: ['amount_exceeds_maximum'],
  }),
  donationsCashCreate: () => ({
    role: 'staff',
    pathValues: {},
    body: { fund: demoFund, amount: '10.00', donor: { anonymous: true }, method: 'cash' },
  }),
  distributionsCreate: (context) => ({
    role: 'staff',
    pathValues: {},
    body: {
      store: demoStore,
      household: context.household,
      items: [
        { item: 'rice-5kg', quantity: '1' },
        { item: 'flour-kg', quantity: '0.500' },
      ],
    },
    largestRefusedWith: [...belowLimit, 'points_insufficient', 'quota_exceeded'],
  }),
  stockCountsCreate: () => ({
    role: 'staff',
    pathValues: {},
    body: {
      store: demoStore,
      lines: [
        { item: 'rice-5kg', counted: '3' },
        { item: 'flour-kg', counted: '2.500' },
      ],
    },
    zeroAllowed: true,
  }),
  fundGrantsCreate: () => ({
    role: 'coordinator',
    pathValues: { fund: demoFund },
    body: { project: 'meal-delivery', amount: '1.00' },
    largestRefusedWith: belowLimit,
  }),
  fundSpendingCreate: () => ({
    role: 'coordinator',
    pathValues: { fund: demoFund },
    body: { project: 'meal-delivery', amount: '1.00' },
    largestRefusedWith: belowLimit,
  }),
};

/** Scales of the units every community has; items come from the catalogue. */
const unitScales: Readonly<Record<string, number>> = { HOUR: 2, CNY: 2, POINT: 0 };

/**
 * The unit an amount field counts, from the field's name and the body around it: hours are
 * `HOUR`, money `CNY`, points `POINT`, a quantity or count the unit of the item beside it.
 */
export function unitAt(body: unknown, path: readonly (string | number)[]): string {
  const field = String(path[path.length - 1]);
  if (/hours/i.test(field)) return 'HOUR';
  if (/points/i.test(field)) return 'POINT';
  if (field === 'amount' || /value|price/i.test(field)) return 'CNY';
  if (field === 'quantity' || field === 'counted') {
    let parent: unknown = body;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
    const item = (parent as { item?: unknown }).item;
    if (typeof item === 'string') return `ITEM:${item}`;
  }
  throw new Error(`no unit known for the amount field ${path.join('/')}`);
}

export function scaleOf(unit: string, catalogue: ReadonlyMap<string, number>): number {
  const scale = unit.startsWith('ITEM:') ? catalogue.get(unit.slice('ITEM:'.length)) : unitScales[unit];
  if (scale === undefined) throw new Error(`no scale known for the unit ${unit}`);
  return scale;
}

/** The most integer digits an amount may have (the ledger's `amountIntegerDigitsMax`). */
const integerDigitsMax = 18;

export interface AmountPastUnit {
  label: string;
  body: unknown;
  /** The amount as sent. */
  value: string;
  /** The codes the refusal may carry. */
  codes: readonly string[];
}

const decimals = (count: number): fc.Arbitrary<string> =>
  count === 0 ? fc.constant('') : fc.stringMatching(new RegExp(`^[0-9]{${count}}$`));

/**
 * Amounts past the field's unit, each put into the example's body at one amount field: over its
 * scale (the last decimal not zero, so it is not a trailing zero that could be dropped), zero,
 * negative (where the pattern lets a sign through), the largest the pattern takes, and text that
 * is no decimal at all.
 */
export function amountsPastTheUnit(
  operation: Operation,
  example: Example,
  catalogue: ReadonlyMap<string, number>,
): fc.Arbitrary<AmountPastUnit> {
  const schema = operation.body as JsonSchema;
  const sites = sitesOf(schema, example.body).filter((site) => isSharedAmountSchema(site.schema));
  if (sites.length === 0) throw new Error(`${operation.operationId}: the example has no amount field`);
  return fc.constantFrom(...sites).chain((site) => {
    const unit = unitAt(example.body, site.path);
    const scale = scaleOf(unit, catalogue);
    const field = `body /${site.path.join('/')} (${unit}, scale ${scale})`;
    const signed = isValid(site.schema, '-1');
    const overScale = fc
      .tuple(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: scale + 1, max: 6 }).chain((count) => decimals(count - 1)),
        fc.integer({ min: 1, max: 9 }),
      )
      .map(([whole, digits, last]) => ({ value: `${whole}.${digits}${last}`, codes: ['amount_scale_exceeded'] }));
    const zero = fc
      .integer({ min: 0, max: scale })
      .map((count) => ({ value: count === 0 ? '0' : `0.${'0'.repeat(count)}`, codes: ['amount_must_not_be_zero', 'validation_failed'] }));
    const negative = fc
      .tuple(fc.integer({ min: 0, max: 999 }), decimals(scale))
      .filter(([whole, digits]) => whole > 0 || /[1-9]/.test(digits))
      .map(([whole, digits]) => ({
        value: `-${whole}${digits === '' ? '' : `.${digits}`}`,
        codes: ['amount_must_be_positive', 'validation_failed'],
      }));
    // The largest amount the pattern takes: more than any account here holds or may go below zero,
    // and for goods more than their fair value in CNY can be written (18 integer digits).
    const largestRefusedWith = example.largestRefusedWith;
    const largest = fc.constant({
      value: `${'9'.repeat(integerDigitsMax)}${scale === 0 ? '' : `.${'9'.repeat(scale)}`}`,
      codes: largestRefusedWith ?? [],
    });
    // Not a decimal at all: the field's help text comes back, and must not invite a negative.
    const notDecimal = fc.constantFrom('abc', '2,50', '二').map((value) => ({ value, codes: ['validation_failed'] }));
    const kinds = [
      overScale,
      ...(example.zeroAllowed ? [] : [zero]),
      ...(signed ? [negative] : []),
      ...(largestRefusedWith === undefined ? [] : [largest]),
      notDecimal,
    ];
    return fc.oneof(...kinds).map(({ value, codes }) => ({
      label: `${field} = ${JSON.stringify(value)}`,
      body: withValueAt(example.body, site.path, { value }),
      value,
      codes,
    }));
  });
}
