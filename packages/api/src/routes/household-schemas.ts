// The household view as routes send it: personal data only for coordinators and admins.
import { z } from 'zod';
import { householdPersonal } from '../workflows/household-personal.js';
import { timestamp } from '../validation.js';

export const householdView = z.strictObject({
  code: z.string().describe('pseudonymous code, the only household reference the ledger and exports see'),
  createdAt: timestamp,
  updatedAt: timestamp,
  personal: householdPersonal.optional().describe('present for coordinators and admins only'),
});
