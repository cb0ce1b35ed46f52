// A household's personal data: the schema of what is sealed, and who may see it in clear.
import { z } from 'zod';
import type { Role } from '../auth/roles.js';
import { phone, text } from '../validation.js';

/** Coordinators (and admins) work with households by name; staff and auditors see only codes. */
export const personalDataRoles: readonly Role[] = ['coordinator', 'admin'];

export function seesPersonalData(role: Role): boolean {
  return personalDataRoles.includes(role);
}

export const householdPersonal = z.strictObject({
  /** The contact person's name. */
  name: text(100),
  phone: phone.optional(),
  address: text(200),
  /** A Chinese resident ID number (18 characters, the last may be X) or another document's number. */
  idNumber: z.string().min(4).max(32).regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes').optional(),
  /** People living in the household. */
  size: z.number().int().min(1).max(30).optional(),
  notes: text(500).optional(),
});

export type HouseholdPersonal = z.output<typeof householdPersonal>;

/** A change: every field optional; `null` removes an optional field. */
export const householdPersonalChange = z
  .strictObject({
    name: text(100).optional(),
    phone: phone.nullable().optional(),
    address: text(200).optional(),
    idNumber: z.string().min(4).max(32).regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes').nullable().optional(),
    size: z.number().int().min(1).max(30).nullable().optional(),
    notes: text(500).nullable().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'at least one field');

export type HouseholdPersonalChange = z.output<typeof householdPersonalChange>;

export function applyPersonalChange(current: HouseholdPersonal, change: HouseholdPersonalChange): HouseholdPersonal {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(change)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return householdPersonal.parse(next);
}
