// The cost of a volunteer–need pair, split into named parts so every ranking can be explained.

import { recentAssignmentsCountedMax, skillsMax } from './limits.js';
import type { ServiceNeed } from './model.js';
import type { CostWeights } from './policy.js';
import type { Snapshot } from './snapshot.js';

/** The parts of a pair's cost, in integer cost points; lower is better. */
export interface CostParts {
  /** Travel from the volunteer's home to the need. */
  readonly distance: number;
  /** How far the volunteer's skill levels lie below expert. */
  readonly skillFit: number;
  /** Charged unless the volunteer is one of the beneficiary's regulars. */
  readonly continuity: number;
  /** Less urgent needs cost more, so a volunteer's browse list shows urgent needs first. */
  readonly urgency: number;
  /** Rises with the volunteer's recent assignments and those given earlier in the same batch. */
  readonly load: number;
}

export const costPartNames = ['distance', 'skillFit', 'continuity', 'urgency', 'load'] as const satisfies ReadonlyArray<keyof CostParts>;

export function totalCost(parts: CostParts): number {
  return parts.distance + parts.skillFit + parts.continuity + parts.urgency + parts.load;
}

/** Every part except load, which depends on how many assignments the volunteer already holds. */
export function pairCostParts(snapshot: Snapshot, v: number, n: number, distanceM: number): Omit<CostParts, 'load'> {
  const weights = snapshot.policy.weights;
  return {
    distance: distancePart(weights, distanceM),
    skillFit: skillFitPart(snapshot, v, n),
    continuity: continuityPart(snapshot, v, n),
    urgency: urgencyPart(weights, (snapshot.needs[n] as ServiceNeed).urgency),
  };
}

/** The sum of pairCostParts without building them: batch prices every candidate pair. */
export function pairBaseCost(snapshot: Snapshot, v: number, n: number, distanceM: number): number {
  const weights = snapshot.policy.weights;
  return (
    distancePart(weights, distanceM) +
    skillFitPart(snapshot, v, n) +
    continuityPart(snapshot, v, n) +
    urgencyPart(weights, (snapshot.needs[n] as ServiceNeed).urgency)
  );
}

function distancePart(weights: CostWeights, distanceM: number): number {
  return Math.round((distanceM * weights.distancePerKm) / 1000);
}

function skillFitPart(snapshot: Snapshot, v: number, n: number): number {
  let levelsShort = 0;
  for (const bit of snapshot.needSkillBits[n] as readonly number[])
    levelsShort += 3 - (snapshot.volunteerSkillLevel[v * skillsMax + bit] as number);
  return levelsShort * snapshot.policy.weights.skillFitPerLevel;
}

function continuityPart(snapshot: Snapshot, v: number, n: number): number {
  const beneficiaryId = (snapshot.needs[n] as ServiceNeed).beneficiaryId;
  if (beneficiaryId === null) return 0;
  return (snapshot.volunteerRegulars[v] as ReadonlySet<string>).has(beneficiaryId) ? 0 : snapshot.policy.weights.continuityMiss;
}

function urgencyPart(weights: CostWeights, urgency: number): number {
  return (5 - urgency) * weights.urgencyPerLevel;
}

/**
 * The load part of a volunteer's k-th new assignment (k from 1): loadPerAssignment × (n − 1) where
 * n = recent + k, counted up to a maximum. The steps never fall as k rises, which is what lets
 * batch treat them as parallel arcs of increasing cost and stay exact.
 */
export function loadStepCost(weights: CostWeights, recentAssignments: number, k: number): number {
  const n = Math.min(recentAssignments + k, recentAssignmentsCountedMax);
  return weights.loadPerAssignment * (n - 1);
}
