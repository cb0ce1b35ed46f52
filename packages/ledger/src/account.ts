// Accounts: one community, one unit, optional limits, a status; the balance is kept beside them.
import { AmountDecimal, parseAmount } from './amount.js';
import { isId } from './ids.js';
import { isJsonObject, isStorableText, canonicalJson, utf8Length, type JsonObject } from './json.js';
import { metadataBytesMax } from './limits.js';
import { refuse, type Refusal } from './rejections.js';
import type { Unit } from './unit.js';

export type AccountStatus = 'open' | 'frozen' | 'closed';
export const accountStatuses: readonly AccountStatus[] = ['open', 'frozen', 'closed'];

export interface AccountInput {
  community: string;
  id: string;
  unit: string;
  name: string;
  /** Who the account belongs to: a member id, a pseudonymous household code, a store. */
  ownerRef?: string | null | undefined;
  /** The lowest balance allowed; `null` for none. Defaults to "0": no account goes negative unless allowed. */
  lowerLimit?: string | null | undefined;
  /** The highest balance allowed; `null` (the default) for none. */
  upperLimit?: string | null | undefined;
  metadata?: JsonObject | undefined;
}

export interface PreparedAccount {
  community: string;
  id: string;
  unit: string;
  name: string;
  ownerRef: string | null;
  lowerLimit: string | null;
  upperLimit: string | null;
  metadata: JsonObject;
}

export interface Account extends PreparedAccount {
  status: AccountStatus;
  balance: string;
  /** Amounts reserved by pending holds going out of this account. */
  held: string;
  /** Amounts reserved by pending holds coming into this account. */
  incoming: string;
  /** Balance minus pending outgoing holds: what can still be spent. */
  available: string;
  createdAt: string;
}

const nameLengthMax = 200;

/** Checks an account in the precedence order of `rejections.ts`: owner, name, metadata, then the account id, unit and limits. */
export function prepareAccount(
  input: AccountInput,
  units: ReadonlyMap<string, Unit>,
): { ok: true; account: PreparedAccount } | { ok: false; refusal: Refusal } {
  if (input.ownerRef !== undefined && input.ownerRef !== null && !isId(input.ownerRef)) {
    return { ok: false, refusal: refuse('id_invalid', 'owner reference is not a valid id') };
  }
  if (typeof input.name !== 'string' || input.name.length === 0 || input.name.length > nameLengthMax || !isStorableText(input.name)) {
    return { ok: false, refusal: refuse('name_invalid', `account name must be 1 to ${nameLengthMax} characters`) };
  }
  const metadata = input.metadata ?? {};
  if (!isJsonObject(metadata)) return { ok: false, refusal: refuse('metadata_invalid', 'metadata must be a JSON object') };
  if (utf8Length(canonicalJson(metadata)) > metadataBytesMax) {
    return { ok: false, refusal: refuse('metadata_too_large', `metadata is over ${metadataBytesMax} bytes`) };
  }
  if (!isId(input.id))
    return {
      ok: false,
      refusal: refuse('account_id_invalid', 'account id is empty, too long or has characters outside [A-Za-z0-9._:/@-]'),
    };
  const unit = units.get(input.unit);
  if (unit === undefined)
    return {
      ok: false,
      refusal: refuse('unit_not_found', `unit ${String(input.unit).slice(0, 80)} is not defined in community ${input.community}`),
    };
  const lower = parseLimit(input.lowerLimit === undefined ? '0' : input.lowerLimit, unit);
  if (!lower.ok) return lower;
  const upper = parseLimit(input.upperLimit ?? null, unit);
  if (!upper.ok) return upper;
  if (lower.value !== null && upper.value !== null && new AmountDecimal(lower.value).greaterThan(upper.value)) {
    return { ok: false, refusal: refuse('exceeds_upper_limit', 'the lower limit is above the upper limit') };
  }
  // A new account's balance is zero, so its limits must allow zero; the database's CHECK
  // constraints would otherwise fail the insert with an error instead of a rejection.
  if (lower.value !== null && new AmountDecimal(lower.value).greaterThan(0)) {
    return { ok: false, refusal: refuse('exceeds_lower_limit', `a new account's balance of 0 is below the lower limit ${lower.value}`) };
  }
  if (upper.value !== null && new AmountDecimal(upper.value).lessThan(0)) {
    return { ok: false, refusal: refuse('exceeds_upper_limit', `a new account's balance of 0 is above the upper limit ${upper.value}`) };
  }
  return {
    ok: true,
    account: {
      community: input.community,
      id: input.id,
      unit: unit.code,
      name: input.name,
      ownerRef: input.ownerRef ?? null,
      lowerLimit: lower.value,
      upperLimit: upper.value,
      metadata,
    },
  };
}

/** A limit may be zero or negative (an overdraft), so it is parsed without the sign rules of postings. */
export function parseLimit(text: string | null, unit: Unit): { ok: true; value: string | null } | { ok: false; refusal: Refusal } {
  if (text === null) return { ok: true, value: null };
  if (text === '0' || /^-?0(\.0+)?$/.test(text)) return { ok: true, value: (0).toFixed(unit.scale) };
  const parsed = parseAmount(text, unit.scale, 'nonzero');
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value.toFixed(unit.scale) };
}
