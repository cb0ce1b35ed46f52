// A household's personal data: the schema of what is sealed, and who may see it in clear.
import type { Role } from '../auth/roles.js';
import { householdPersonal, type HouseholdPersonal, type HouseholdPersonalChange } from '@linli/contract';

export { householdPersonal, householdPersonalChange, type HouseholdPersonal, type HouseholdPersonalChange } from '@linli/contract';

/** Coordinators (and admins) work with households by name; staff and auditors see only codes. */
export const personalDataRoles: readonly Role[] = ['coordinator', 'admin'];

export function seesPersonalData(role: Role): boolean {
  return personalDataRoles.includes(role);
}

export function applyPersonalChange(current: HouseholdPersonal, change: HouseholdPersonalChange): HouseholdPersonal {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(change)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return householdPersonal.parse(next);
}
