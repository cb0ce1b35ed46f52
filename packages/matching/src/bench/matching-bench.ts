// The matching benchmark: batch and browse latency, the stretch size, fill against greedy and
// load fairness, printed as one JSON line per figure after a line saying how they were measured.

import { cpus, loadavg } from 'node:os';
import {
  batchLoadGini,
  browseForNeed,
  compareFairness,
  createSnapshot,
  generateScenario,
  gini,
  givenLoad,
  runBatch,
  supplyLevels,
  type CostWeights,
  type Scenario,
  type SupplyLevel,
} from '../index.js';
import { Random } from '../prng.js';

const seed = 20_250_303;
/** Timed runs per supply level after warmUpRuns untimed ones. */
const timedRuns = 10;
const warmUpRuns = 3;
const browseNeedsTimed = 200;
const browseWarmUp = 20;
const stretchRuns = 2;
/** Consecutive weekly batches in the fairness simulation. */
const fairnessWeeks = 4;
/** Weeks simulated to reach a steady state of the rolling recent load. */
const steadyWeeks = 8;
/** Load weights compared on one moderate batch (the default is 100). */
const loadWeightsSwept = [0, 50, 100, 200, 400];

function print(bench: string, value: number, unit: string): void {
  console.log(JSON.stringify({ bench, value: Math.round(value * 100) / 100, unit }));
}

/** Nearest-rank percentile of the samples. */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Wall and CPU time of one batch call as the API would make it: index the snapshot, then run batch. */
function timeBatch(scenario: Scenario): { wallMs: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  runBatch(createSnapshot(scenario));
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The load part's window: recent load counts the assignments of the last this many weeks. */
const recentWindowWeeks = 4;

interface WeeklyFairness {
  /** Gini of the slots given over the first fairnessWeeks weeks, over volunteers considered in any of them. */
  periodGini: number;
  /** Gini of the recent load (the last recentWindowWeeks weeks' slots) after the last simulated week, over volunteers considered in those weeks. */
  windowGini: number;
  filled: number;
}

/**
 * Consecutive weekly batches on the same people (each week's needs from the seed and the week).
 * Each week's recent load is the generator's, fading out over the first recentWindowWeeks weeks,
 * plus what the simulated weeks inside the window gave: a volunteer's load over a rolling period,
 * as the service counts it (assignments of the last 28 days).
 */
function weeklyFairness(supply: SupplyLevel, weights: Partial<CostWeights>, weeks: number): WeeklyFairness {
  const given: Array<Map<string, number>> = [];
  const consideredInPeriod = new Set<string>();
  const consideredInWindow = new Set<string>();
  let filled = 0;
  let initial: number[] = [];
  for (let week = 0; week < weeks; week += 1) {
    const scenario = generateScenario({ seed, volunteers: 10_000, needs: 1_000, supply, week });
    if (week === 0) initial = scenario.volunteers.map((v) => v.recentAssignments);
    const volunteers = scenario.volunteers.map((volunteer, index) => {
      let recent = Math.round(((initial[index] as number) * Math.max(0, recentWindowWeeks - week)) / recentWindowWeeks);
      for (let earlier = Math.max(0, week - recentWindowWeeks); earlier < week; earlier += 1)
        recent += given[earlier]?.get(volunteer.id) ?? 0;
      return { ...volunteer, recentAssignments: recent };
    });
    const result = runBatch(createSnapshot({ volunteers, needs: scenario.needs, confirmed: scenario.confirmed, policy: { weights } }));
    given.push(givenLoad(result));
    if (week < fairnessWeeks) {
      for (const id of result.consideredVolunteerIds) consideredInPeriod.add(id);
      filled += result.filledSlots;
    }
    if (week >= weeks - recentWindowWeeks) for (const id of result.consideredVolunteerIds) consideredInWindow.add(id);
  }
  const sumOver = (id: string, from: number, to: number): number => {
    let sum = 0;
    for (let week = from; week < to; week += 1) sum += given[week]?.get(id) ?? 0;
    return sum;
  };
  return {
    periodGini: gini([...consideredInPeriod].map((id) => sumOver(id, 0, Math.min(weeks, fairnessWeeks)))),
    windowGini: gini([...consideredInWindow].map((id) => sumOver(id, Math.max(0, weeks - recentWindowWeeks), weeks))),
    filled,
  };
}

function main(): void {
  const cores = cpus();
  console.log(
    `# method: seeded synthetic city (seed ${seed}), 10,000 volunteers × 1,000 needs per supply level; batch time = createSnapshot + runBatch (exact), ` +
      `${warmUpRuns} warm-up runs per level then ${timedRuns} timed runs per level taken in turn, p95 by nearest rank over the ${timedRuns * supplyLevels.length} timed runs of all levels (per level too); ` +
      `browse = browseForNeed on a prebuilt moderate snapshot, ${browseWarmUp} warm-up then ${browseNeedsTimed} seeded random needs; ` +
      `stretch = 100,000 × 10,000 moderate, ${stretchRuns} runs, the slower reported; fill and cost against greedy on the same pairs, costs and constraints; ` +
      `load fairness: Gini with the load weight over Gini with it at 0 (ratio), under each reading of load (see the # fairness lines)`,
  );
  console.log(
    `# machine: ${cores.length} cores, ${cores[0]?.model ?? 'unknown cpu'}, node ${process.version}, load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    '# wall-clock figures are the targets; cpu figures (process user + system time) show the work when other processes share the cores',
  );

  const scenarios = new Map<SupplyLevel, Scenario>();
  for (const supply of supplyLevels) scenarios.set(supply, generateScenario({ seed, volunteers: 10_000, needs: 1_000, supply }));

  // Warm every level up first, then time the levels in turn, so slow moments of a shared machine
  // fall on all of them alike.
  for (let run = 0; run < warmUpRuns; run += 1) for (const supply of supplyLevels) timeBatch(scenarios.get(supply) as Scenario);
  const samplesByLevel = new Map<SupplyLevel, Array<{ wallMs: number; cpuMs: number }>>(supplyLevels.map((supply) => [supply, []]));
  for (let run = 0; run < timedRuns; run += 1) {
    for (const supply of supplyLevels) samplesByLevel.get(supply)?.push(timeBatch(scenarios.get(supply) as Scenario));
  }
  const pooled: number[] = [];
  const pooledCpu: number[] = [];
  for (const supply of supplyLevels) {
    const samples = samplesByLevel.get(supply) ?? [];
    pooled.push(...samples.map((sample) => sample.wallMs));
    pooledCpu.push(...samples.map((sample) => sample.cpuMs));
    print(
      `matching.batch.${supply}.p95_ms`,
      percentile(
        samples.map((sample) => sample.wallMs),
        95,
      ),
      'ms',
    );
    print(
      `matching.batch.${supply}.p50_ms`,
      percentile(
        samples.map((sample) => sample.wallMs),
        50,
      ),
      'ms',
    );
    print(
      `matching.batch.${supply}.cpu_p95_ms`,
      percentile(
        samples.map((sample) => sample.cpuMs),
        95,
      ),
      'ms',
    );
  }
  print('matching.batch.p95_ms', percentile(pooled, 95), 'ms');
  print('matching.batch.cpu_p95_ms', percentile(pooledCpu, 95), 'ms');

  const moderate = createSnapshot(scenarios.get('moderate') as Scenario);
  const random = new Random(seed);
  const needIds = (scenarios.get('moderate') as Scenario).needs.map((need) => need.id);
  for (let run = 0; run < browseWarmUp; run += 1) browseForNeed(moderate, random.pick(needIds));
  const browseSamples: number[] = [];
  for (let run = 0; run < browseNeedsTimed; run += 1) {
    const needId = random.pick(needIds);
    const start = performance.now();
    browseForNeed(moderate, needId);
    browseSamples.push(performance.now() - start);
  }
  const browseCpu = process.cpuUsage();
  for (let run = 0; run < browseNeedsTimed; run += 1) browseForNeed(moderate, needIds[run % needIds.length] as string);
  const browseCpuUsed = process.cpuUsage(browseCpu);
  print('matching.browse.p95_ms', percentile(browseSamples, 95), 'ms');
  print('matching.browse.p50_ms', percentile(browseSamples, 50), 'ms');
  print('matching.browse.cpu_mean_ms', (browseCpuUsed.user + browseCpuUsed.system) / 1000 / browseNeedsTimed, 'ms');

  for (const supply of supplyLevels) {
    const scenario = scenarios.get(supply) as Scenario;
    const exact = runBatch(createSnapshot(scenario));
    const greedy = runBatch(createSnapshot(scenario), { solver: 'greedy' });
    print(`matching.open_slots.${supply}`, exact.openSlots, 'slots');
    print(`matching.fill_rate.${supply}.batch_pct`, (100 * exact.filledSlots) / exact.openSlots, '%');
    print(`matching.fill_rate.${supply}.greedy_pct`, (100 * greedy.filledSlots) / greedy.openSlots, '%');
    print(`matching.fill_gain.${supply}_pct`, 100 * (exact.filledSlots / greedy.filledSlots - 1), '%');
    print(`matching.weighted_fill_gain.${supply}_pct`, 100 * (exact.weightedSlots / greedy.weightedSlots - 1), '%');
    print(`matching.total_cost_vs_greedy.${supply}_pct`, 100 * (exact.totalCost / greedy.totalCost - 1), '%');
    print(
      `matching.cost_per_slot_vs_greedy.${supply}_pct`,
      100 * (exact.totalCost / exact.filledSlots / (greedy.totalCost / greedy.filledSlots) - 1),
      '%',
    );
    if (supply === 'scarce') print('matching.fill_gain_scarce_pct', 100 * (exact.filledSlots / greedy.filledSlots - 1), '%');
  }

  console.log(
    '# fairness readings: batch = slots one batch gives each volunteer it considered (one with an eligible pair), zeros included (matching.gini_ratio, the figure reported since the first run); ' +
      'served = slots one batch gives, over the volunteers it gives any; after_batch = recent load carried in + slots given, over the considered volunteers; ' +
      `period_${fairnessWeeks}_weeks = slots given over ${fairnessWeeks} consecutive weekly batches, each week's recent load including earlier weeks' slots, over volunteers considered in any week; ` +
      `window_week_${steadyWeeks} = the rolling ${recentWindowWeeks}-week load the load part prices, after ${steadyWeeks} weekly batches (the generator's initial load faded out), over volunteers considered in those ${recentWindowWeeks} weeks; ` +
      'load_only = the same measure when batch prices load alone (every other weight 0): as even as any assignment filling as many slots gets, given who can serve what',
  );
  const readingsMet: string[] = [];
  for (const supply of supplyLevels) {
    const fairness = compareFairness(scenarios.get(supply) as Scenario);
    if (supply === 'moderate') print('matching.gini_ratio', fairness.giniRatio, 'ratio');
    print(`matching.gini_ratio.${supply}`, fairness.giniRatio, 'ratio');
    print(`matching.gini_with_penalty.${supply}`, fairness.giniWith, 'gini');
    print(`matching.gini_without_penalty.${supply}`, fairness.giniWithout, 'gini');
    print(`matching.gini_floor.${supply}`, fairness.giniFloor, 'gini');
    print(`matching.gini_load_only.${supply}`, fairness.giniLoadOnly, 'gini');
    print(`matching.gini_load_only_ratio.${supply}`, fairness.giniLoadOnly / fairness.giniWithout, 'ratio');
    print(`matching.gini_ratio.served.${supply}`, fairness.served.ratio, 'ratio');
    print(`matching.gini_with_penalty.served.${supply}`, fairness.served.with, 'gini');
    print(`matching.gini_without_penalty.served.${supply}`, fairness.served.without, 'gini');
    print(`matching.gini_ratio.after_batch.${supply}`, fairness.afterBatch.ratio, 'ratio');
    print(`matching.gini_with_penalty.after_batch.${supply}`, fairness.afterBatch.with, 'gini');
    print(`matching.gini_without_penalty.after_batch.${supply}`, fairness.afterBatch.without, 'gini');
    print(`matching.fairness_fill_loss.${supply}_pct`, 100 * fairness.fillLossShare, '%');
    if (supply === 'moderate') {
      for (const [name, ratio] of [
        ['batch', fairness.giniRatio],
        ['served', fairness.served.ratio],
        ['after_batch', fairness.afterBatch.ratio],
      ] as const)
        if (ratio <= 0.6) readingsMet.push(name);
    }
  }
  // The load weight against the other parts: how much of the spread pricing load alone reaches
  // each weight buys, and what it costs in travel (the distance parts of the proposals).
  const moderateScenario = scenarios.get('moderate') as Scenario;
  for (const loadPerAssignment of loadWeightsSwept) {
    const result = runBatch(createSnapshot({ ...moderateScenario, policy: { weights: { loadPerAssignment } } }));
    print(`matching.gini.weight_${loadPerAssignment}.moderate`, batchLoadGini(result), 'gini');
    print(
      `matching.distance_km_per_slot.weight_${loadPerAssignment}.moderate`,
      result.proposals.reduce((sum, proposal) => sum + proposal.distanceM, 0) / 1000 / result.filledSlots,
      'km',
    );
  }
  for (const loadPerAssignment of [200, 400]) {
    const weekly = weeklyFairness('moderate', { loadPerAssignment }, steadyWeeks);
    print(`matching.gini.period_${fairnessWeeks}_weeks.weight_${loadPerAssignment}.moderate`, weekly.periodGini, 'gini');
    print(`matching.gini.window_week_${steadyWeeks}.weight_${loadPerAssignment}.moderate`, weekly.windowGini, 'gini');
  }
  const withPenalty = weeklyFairness('moderate', {}, steadyWeeks);
  const withoutPenalty = weeklyFairness('moderate', { loadPerAssignment: 0 }, steadyWeeks);
  const loadOnly = weeklyFairness(
    'moderate',
    { distancePerKm: 0, skillFitPerLevel: 0, continuityMiss: 0, urgencyPerLevel: 0 },
    steadyWeeks,
  );
  const periodRatio = withPenalty.periodGini / withoutPenalty.periodGini;
  const windowRatio = withPenalty.windowGini / withoutPenalty.windowGini;
  print(`matching.gini_ratio.period_${fairnessWeeks}_weeks.moderate`, periodRatio, 'ratio');
  print(`matching.gini_with_penalty.period_${fairnessWeeks}_weeks.moderate`, withPenalty.periodGini, 'gini');
  print(`matching.gini_without_penalty.period_${fairnessWeeks}_weeks.moderate`, withoutPenalty.periodGini, 'gini');
  print(`matching.gini_load_only_ratio.period_${fairnessWeeks}_weeks.moderate`, loadOnly.periodGini / withoutPenalty.periodGini, 'ratio');
  print(`matching.gini_ratio.window_week_${steadyWeeks}.moderate`, windowRatio, 'ratio');
  print(`matching.gini_with_penalty.window_week_${steadyWeeks}.moderate`, withPenalty.windowGini, 'gini');
  print(`matching.gini_without_penalty.window_week_${steadyWeeks}.moderate`, withoutPenalty.windowGini, 'gini');
  print(`matching.gini_load_only_ratio.window_week_${steadyWeeks}.moderate`, loadOnly.windowGini / withoutPenalty.windowGini, 'ratio');
  print(
    `matching.fairness_fill_loss.period_${fairnessWeeks}_weeks.moderate_pct`,
    100 * Math.max(0, 1 - withPenalty.filled / withoutPenalty.filled),
    '%',
  );
  if (periodRatio <= 0.6) readingsMet.push(`period_${fairnessWeeks}_weeks`);
  if (windowRatio <= 0.6) readingsMet.push(`window_week_${steadyWeeks}`);
  console.log(
    `# fairness target (ratio ≤ 0.6, moderate): ${readingsMet.length === 0 ? 'met under no reading' : `met under ${readingsMet.join(', ')} only`}`,
  );

  const stretch = generateScenario({ seed, volunteers: 100_000, needs: 10_000, supply: 'moderate' });
  const stretchSamples: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let run = 0; run < stretchRuns; run += 1) stretchSamples.push(timeBatch(stretch));
  print('matching.batch.100k_10k_ms', Math.max(...stretchSamples.map((sample) => sample.wallMs)), 'ms');
  print('matching.batch.100k_10k_cpu_ms', Math.max(...stretchSamples.map((sample) => sample.cpuMs)), 'ms');
  const stretchResult = runBatch(createSnapshot(stretch));
  print('matching.stretch.fill_rate_pct', (100 * stretchResult.filledSlots) / stretchResult.openSlots, '%');
  console.log(
    `# load average at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main();
