// The engine's settings: cost weights, travel buffer, local time offset and grid size.

import { assert, assertInteger } from './assert.js';
import { cellsPerQueryMax, travelRadiusMetersMax } from './limits.js';

/**
 * Weights of the cost parts, in cost points (integers, so sums are exact). The defaults make one
 * kilometre worth one skill level and worth each assignment a volunteer already carries.
 */
export interface CostWeights {
  /** Points per kilometre between the volunteer's home and the need. */
  readonly distancePerKm: number;
  /** Points per level a volunteer's skill lies below expert (level 3), summed over required skills. */
  readonly skillFitPerLevel: number;
  /** Points when the need's beneficiary has history and this volunteer is not one of its regulars. */
  readonly continuityMiss: number;
  /** Points per urgency level below the most urgent (5); ranks urgent needs first in browse. */
  readonly urgencyPerLevel: number;
  /**
   * The n-th assignment of a volunteer (recent ones plus those given in this batch) costs
   * loadPerAssignment × (n − 1): a rising, convex penalty. Zero turns load fairness off.
   */
  readonly loadPerAssignment: number;
}

export interface MatchingPolicy {
  readonly weights: CostWeights;
  /** Travel time kept free before and after each service, in minutes. */
  readonly travelBufferMinutes: number;
  /** Local time is UTC plus this offset; 480 is China Standard Time. */
  readonly utcOffsetMinutes: number;
  /** Side of a grid index cell in metres (500 by default; smaller cells would make a query visit too many). */
  readonly gridCellSizeM: number;
}

export const defaultCostWeights: CostWeights = {
  distancePerKm: 100,
  skillFitPerLevel: 100,
  continuityMiss: 150,
  urgencyPerLevel: 40,
  loadPerAssignment: 100,
};

export const defaultPolicy: MatchingPolicy = {
  weights: defaultCostWeights,
  travelBufferMinutes: 30,
  utcOffsetMinutes: 480,
  gridCellSizeM: 500,
};

/** Largest value of one weight, so the per-slot cost stays far below the batch's scale factor. */
export const costWeightMax = 100_000;

/** Fills a partial policy from the defaults and asserts every value. */
export function resolvePolicy(partial: Partial<Omit<MatchingPolicy, 'weights'>> & { weights?: Partial<CostWeights> } = {}): MatchingPolicy {
  const policy: MatchingPolicy = {
    ...defaultPolicy,
    ...partial,
    weights: { ...defaultCostWeights, ...partial.weights },
  };
  for (const [name, value] of Object.entries(policy.weights)) assertInteger(value as number, 0, costWeightMax, `weights.${name}`);
  assertInteger(policy.travelBufferMinutes, 0, 240, 'travelBufferMinutes');
  assertInteger(policy.utcOffsetMinutes, -720, 840, 'utcOffsetMinutes');
  // A query reaches travelRadiusMetersMax in every direction; its square of cells must stay within cellsPerQueryMax.
  const reach = Math.ceil(travelRadiusMetersMax / policy.gridCellSizeM);
  assert(
    Number.isInteger(policy.gridCellSizeM) && policy.gridCellSizeM <= 10_000 && (2 * reach + 1) ** 2 <= cellsPerQueryMax,
    `gridCellSizeM must be an integer of at most 10000 m whose queries stay within ${cellsPerQueryMax} cells`,
  );
  return policy;
}
