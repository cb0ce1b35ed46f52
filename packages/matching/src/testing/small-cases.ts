// Small random matching cases for property tests: snapshots and bare batch problems.

import fc from 'fast-check';
import type { BatchProblem } from '../batch-problem.js';
import { slotsPerVolunteerPerBatchMax } from '../limits.js';
import type { ConfirmedAssignment, ServiceNeed, Urgency, Volunteer, Weekday } from '../model.js';
import type { SnapshotInput } from '../snapshot.js';
import { dayMs, minuteMs } from '../time.js';

/** Monday 2025-03-03, 00:00 in UTC+8. */
export const weekStartMs = Date.UTC(2025, 2, 3) - 480 * minuteMs;

const skills = ['助老陪护', '代买代办', '医疗陪诊'] as const;
const parts: ReadonlyArray<readonly [number, number]> = [
  [8 * 60, 12 * 60],
  [13 * 60, 17 * 60 + 30],
];

const volunteerArbitrary = fc.record({
  skills: fc.uniqueArray(fc.record({ skill: fc.constantFrom(...skills), level: fc.constantFrom(1 as const, 2 as const, 3 as const) }), {
    minLength: 2,
    maxLength: 3,
    selector: (s) => s.skill,
  }),
  certificateExpiry: fc.constantFrom(null, '2025-03-01', '2026-01-01', '2026-01-01'),
  dialect: fc.boolean(),
  east: fc.integer({ min: 0, max: 20 }),
  north: fc.integer({ min: 0, max: 20 }),
  radius: fc.constantFrom(500, 2_000, 3_000, 3_000),
  availability: fc.uniqueArray(fc.record({ day: fc.integer({ min: 1, max: 2 }), part: fc.integer({ min: 0, max: 1 }) }), {
    minLength: 1,
    maxLength: 4,
    selector: (a) => `${a.day}:${a.part}`,
  }),
  cap: fc.constantFrom('1.00', '2.00', '3.50', '6.00'),
  recent: fc.constantFrom(0, 0, 1, 3, 49),
  regular: fc.boolean(),
});

const needArbitrary = fc.record({
  skill: fc.constantFrom('助老陪护', '助老陪护', '代买代办', '医疗陪诊'),
  dialectOnly: fc.constantFrom(false, false, false, true),
  east: fc.integer({ min: 0, max: 20 }),
  north: fc.integer({ min: 0, max: 20 }),
  day: fc.integer({ min: 1, max: 2 }),
  part: fc.integer({ min: 0, max: 1 }),
  offsetHalfHours: fc.integer({ min: 0, max: 3 }),
  hours: fc.constantFrom('1.00', '1.50', '2.00'),
  slots: fc.integer({ min: 1, max: 2 }),
  urgency: fc.constantFrom(1, 2, 3, 5) as fc.Arbitrary<Urgency>,
  beneficiary: fc.constantFrom(null, 'b1', 'b2'),
});

/** A snapshot input of at most 6 volunteers and 4 needs of at most 2 slots, with some confirmed assignments. */
export const smallSnapshotInput: fc.Arbitrary<SnapshotInput> = fc
  .record({
    volunteers: fc.array(volunteerArbitrary, { minLength: 1, maxLength: 6 }),
    needs: fc.array(needArbitrary, { minLength: 1, maxLength: 4 }),
    confirmedPicks: fc.array(fc.record({ v: fc.nat(), n: fc.nat() }), { maxLength: 2 }),
    weights: fc.record({
      distancePerKm: fc.constantFrom(0, 100, 1_000),
      skillFitPerLevel: fc.constantFrom(0, 100),
      continuityMiss: fc.constantFrom(0, 150),
      urgencyPerLevel: fc.constantFrom(0, 40),
      loadPerAssignment: fc.constantFrom(0, 60, 500),
    }),
  })
  .map(({ volunteers, needs, confirmedPicks, weights }) => {
    const builtVolunteers: Volunteer[] = volunteers.map((v, index) => ({
      id: `v${index}`,
      skills: v.skills,
      certificates: v.certificateExpiry === null ? [] : [{ name: '急救证', expiresOn: v.certificateExpiry }],
      gridCell: `网格-${v.east}-${v.north}`,
      place: { eastM: v.east * 100, northM: v.north * 100 },
      travelRadiusM: v.radius,
      weeklyAvailability: v.availability.map((a) => ({
        weekday: a.day as Weekday,
        startMinute: (parts[a.part] as readonly [number, number])[0],
        endMinute: (parts[a.part] as readonly [number, number])[1],
      })),
      exceptions: [],
      weeklyHourCap: v.cap,
      languages: v.dialect ? ['普通话', '南京话'] : ['普通话'],
      recentAssignments: v.recent,
      regularBeneficiaryIds: v.regular ? ['b1'] : [],
    }));
    const builtNeeds: ServiceNeed[] = needs.map((n, index) => {
      const [partStart, partEnd] = parts[n.part] as readonly [number, number];
      const startMinute = partStart + 30 * n.offsetHalfHours;
      const endMinute = Math.min(partEnd, startMinute + Number(n.hours) * 60 + 60);
      const dayStart = weekStartMs + (n.day - 1) * dayMs;
      return {
        id: `n${index}`,
        beneficiaryId: n.beneficiary,
        projectId: null,
        skills: [n.skill],
        certificates: n.skill === '医疗陪诊' ? ['急救证'] : [],
        languages: n.dialectOnly ? ['南京话'] : [],
        gridCell: `网格-${n.east}-${n.north}`,
        place: { eastM: n.east * 100, northM: n.north * 100 },
        window: { startMs: dayStart + startMinute * minuteMs, endMs: dayStart + endMinute * minuteMs },
        slots: n.slots,
        hoursPerSlot: n.hours,
        urgency: n.urgency,
        postedAtMs: weekStartMs - (index + 1) * 60 * minuteMs,
        payer: { kind: 'communityPool' },
      };
    });
    const confirmed: ConfirmedAssignment[] = [];
    const seen = new Set<string>();
    for (const pick of confirmedPicks) {
      const volunteer = builtVolunteers[pick.v % builtVolunteers.length] as Volunteer;
      const need = builtNeeds[pick.n % builtNeeds.length] as ServiceNeed;
      const key = `${volunteer.id}:${need.id}`;
      if (seen.has(key) || confirmed.filter((c) => c.needId === need.id).length >= need.slots) continue;
      seen.add(key);
      confirmed.push({ needId: need.id, volunteerId: volunteer.id, window: need.window, hours: need.hoursPerSlot });
    }
    return { volunteers: builtVolunteers, needs: builtNeeds, confirmed, policy: { weights } };
  });

/**
 * A bare batch problem: at most 6 volunteers (budgets 1–3, non-falling load steps), at most 4
 * needs of at most 2 slots, random pairs with costs biased to the edges, and clusters per volunteer.
 */
export const smallBatchProblem: fc.Arbitrary<BatchProblem> = fc
  .record({
    volunteers: fc.array(
      fc.record({
        budget: fc.integer({ min: 1, max: 3 }),
        steps: fc.array(fc.constantFrom(0, 1, 50, 1_000), {
          minLength: slotsPerVolunteerPerBatchMax,
          maxLength: slotsPerVolunteerPerBatchMax,
        }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    needs: fc.array(fc.record({ slots: fc.integer({ min: 1, max: 2 }), weight: fc.constantFrom(1, 2, 5) }), { minLength: 1, maxLength: 4 }),
    pairs: fc.array(
      fc.record({ v: fc.nat(), n: fc.nat(), cost: fc.constantFrom(0, 1, 7, 300, 10_000), cluster: fc.integer({ min: 0, max: 2 }) }),
      { maxLength: 16 },
    ),
  })
  .map(({ volunteers, needs, pairs }) => {
    const unique = new Map<string, { v: number; n: number; cost: number; cluster: number }>();
    for (const pair of pairs) {
      const v = pair.v % volunteers.length;
      const n = pair.n % needs.length;
      unique.set(`${v}:${n}`, { v, n, cost: pair.cost, cluster: v * 3 + pair.cluster });
    }
    const list = [...unique.values()];
    const loadSteps = new Float64Array(volunteers.length * slotsPerVolunteerPerBatchMax);
    volunteers.forEach((volunteer, v) => {
      const sorted = [...volunteer.steps].sort((a, b) => a - b);
      sorted.forEach((step, k) => (loadSteps[v * slotsPerVolunteerPerBatchMax + k] = step));
    });
    return {
      needCount: needs.length,
      needOf: Int32Array.from(needs, (_, index) => index),
      needOpenSlots: Int32Array.from(needs, (n) => n.slots),
      needWeight: Int32Array.from(needs, (n) => n.weight),
      needStartMs: Float64Array.from(needs, (_, index) => index),
      volunteerCount: volunteers.length,
      volunteerOf: Int32Array.from(volunteers, (_, index) => index),
      volunteerBudget: Int32Array.from(volunteers, (v) => v.budget),
      volunteerLoadStep: loadSteps,
      pairCount: list.length,
      pairVolunteer: Int32Array.from(list, (p) => p.v),
      pairNeed: Int32Array.from(list, (p) => p.n),
      pairCost: Float64Array.from(list, (p) => p.cost),
      pairDistanceM: Float64Array.from(list, () => 0),
      pairCluster: Int32Array.from(list, (p) => p.cluster),
    };
  });
