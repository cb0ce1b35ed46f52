// The public face of @linli/matching: the engine's types and pure functions; nothing else is
// imported from outside the package.

export type { Interval } from './time.js';
export type {
  AvailabilityException,
  Certificate,
  ConfirmedAssignment,
  Payer,
  Place,
  ServiceNeed,
  SkillLevel,
  Urgency,
  Volunteer,
  Weekday,
  WeeklyAvailability,
} from './model.js';
export { defaultCostWeights, defaultPolicy, type CostWeights, type MatchingPolicy } from './policy.js';
export { createSnapshot, type Snapshot, type SnapshotInput } from './snapshot.js';
export { checkPair, exclusionRules, type Exclusion, type ExclusionCounts, type ExclusionRule, type PairCheck } from './eligibility.js';
export { costPartNames, totalCost, type CostParts } from './cost.js';
export type { Proposal } from './proposal.js';
export { browseForNeed, browseForVolunteer, browsePair, type BrowseResult } from './browse.js';
export { runBatch, type BatchOptions, type BatchResult, type NeedOutcome } from './batch.js';
export { urgencyWeight } from './batch-problem.js';
export { defaultUrgentPolicy, planUrgentWaves, type UrgentInput, type UrgentPlan, type UrgentPolicy, type UrgentWave } from './urgent.js';
export {
  allocateGoods,
  type GoodsAllocation,
  type GoodsInput,
  type GoodsNeed,
  type GoodsRecipient,
  type GoodsResult,
  type GoodsShortfall,
  type HouseholdQuota,
  type Pledge,
  type StockLot,
} from './goods.js';
export { gini } from './gini.js';
export {
  batchLoadGini,
  compareFairness,
  evenGini,
  givenLoad,
  loadAfterBatchGini,
  servedLoadGini,
  type FairnessComparison,
  type GiniReading,
} from './fairness.js';
export { generateScenario, supplyLevels, syntheticSkills, type Scenario, type ScenarioOptions, type SupplyLevel } from './synthetic.js';
export { Random } from './prng.js';
export { hoursToHundredths, hundredthsToHours } from './hours.js';
export * as limits from './limits.js';
