// A household's personal data (what is sealed) and the household view as routes send it:
// personal data only for coordinators and admins.
import { z } from 'zod';
import { phone, text, timestamp } from './values.js';

export const householdPersonal = z.strictObject({
  /** The contact person's name. */
  name: text(100),
  phone: phone.optional(),
  address: text(200),
  /** A Chinese resident ID number (18 characters, the last may be X) or another document's number. */
  idNumber: z
    .string()
    .min(4)
    .max(32)
    .regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes')
    .optional(),
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
    idNumber: z
      .string()
      .min(4)
      .max(32)
      .regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes')
      .nullable()
      .optional(),
    size: z.number().int().min(1).max(30).nullable().optional(),
    notes: text(500).nullable().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'at least one field');

export type HouseholdPersonalChange = z.output<typeof householdPersonalChange>;

export const householdView = z.strictObject({
  code: z.string().describe('pseudonymous code, the only household reference the ledger and exports see'),
  createdAt: timestamp,
  updatedAt: timestamp,
  personal: householdPersonal.optional().describe('present for coordinators and admins only'),
});
