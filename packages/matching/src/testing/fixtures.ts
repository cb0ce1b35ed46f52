// Hand-made volunteers and needs for example-based tests: one eligible pair to vary rule by rule.

import type { ConfirmedAssignment, ServiceNeed, Volunteer } from '../model.js';
import { dayMs, hourMs, minuteMs } from '../time.js';

/** Monday 2025-03-03, 00:00 in UTC+8. */
export const mondayMs = Date.UTC(2025, 2, 3) - 480 * minuteMs;

/** A local time on Monday 2025-03-03 plus `days`, e.g. at(9) is Monday 09:00. */
export function at(hours: number, days = 0): number {
  return mondayMs + days * dayMs + hours * hourMs;
}

/** Free Mondays 08:00–12:00, lives at the origin, travels 2 km, 6 hours a week. */
export function volunteer(overrides: Partial<Volunteer> = {}): Volunteer {
  return {
    id: 'v-base',
    skills: [{ skill: '医疗陪诊', level: 2 }],
    certificates: [{ name: '急救证', expiresOn: '2026-06-30' }],
    gridCell: '网格-0-0',
    place: { eastM: 0, northM: 0 },
    travelRadiusM: 2_000,
    weeklyAvailability: [{ weekday: 1, startMinute: 8 * 60, endMinute: 12 * 60 }],
    exceptions: [],
    weeklyHourCap: '6.00',
    languages: ['南京话'],
    recentAssignments: 0,
    regularBeneficiaryIds: [],
    ...overrides,
  };
}

/** A medical escort 1 km east of the origin, Monday 09:00–12:00, 2 hours, one slot. */
export function need(overrides: Partial<ServiceNeed> = {}): ServiceNeed {
  return {
    id: 'n-base',
    beneficiaryId: 'b-1',
    projectId: null,
    skills: ['医疗陪诊'],
    certificates: ['急救证'],
    languages: ['南京话', '普通话'],
    gridCell: '网格-2-0',
    place: { eastM: 1_000, northM: 0 },
    window: { startMs: at(9), endMs: at(12) },
    slots: 1,
    hoursPerSlot: '2.00',
    urgency: 3,
    postedAtMs: at(-24),
    payer: { kind: 'communityPool' },
    ...overrides,
  };
}

export function confirmed(overrides: Partial<ConfirmedAssignment> = {}): ConfirmedAssignment {
  return { needId: 'n-other', volunteerId: 'v-base', window: { startMs: at(14, 2), endMs: at(16, 2) }, hours: '2.00', ...overrides };
}
