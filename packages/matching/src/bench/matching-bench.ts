// The matching benchmark: batch and browse latency, the stretch size, fill against greedy and
// load fairness, printed as one JSON line per figure after a line saying how they were measured.

import { cpus, loadavg } from 'node:os';
import { browseForNeed, compareFairness, createSnapshot, generateScenario, gini, runBatch, supplyLevels, type Scenario, type SupplyLevel } from '../index.js';
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

/**
 * Four weekly batches on the same people; each week's recent load is the generator's (fading
 * by a quarter a week, as a four-week window would) plus what earlier simulated weeks gave.
 * Returns the Gini of the load given over all weeks, over volunteers considered in any week.
 */
function fourWeekGini(supply: SupplyLevel, loadPerAssignment: number | undefined): { gini: number; filled: number } {
  const given: Array<Map<string, number>> = [];
  const total = new Map<string, number>();
  const considered = new Set<string>();
  let filled = 0;
  let initial: number[] = [];
  for (let week = 0; week < fairnessWeeks; week += 1) {
    const scenario = generateScenario({ seed, volunteers: 10_000, needs: 1_000, supply, week });
    if (week === 0) initial = scenario.volunteers.map((v) => v.recentAssignments);
    const volunteers = scenario.volunteers.map((volunteer, index) => {
      let recent = Math.round(((initial[index] as number) * (fairnessWeeks - week)) / fairnessWeeks);
      for (const earlier of given) recent += earlier.get(volunteer.id) ?? 0;
      return { ...volunteer, recentAssignments: recent };
    });
    const weights = loadPerAssignment === undefined ? {} : { loadPerAssignment };
    const result = runBatch(createSnapshot({ volunteers, needs: scenario.needs, confirmed: scenario.confirmed, policy: { weights } }));
    const thisWeek = new Map<string, number>();
    for (const proposal of result.proposals) {
      thisWeek.set(proposal.volunteerId, (thisWeek.get(proposal.volunteerId) ?? 0) + 1);
      total.set(proposal.volunteerId, (total.get(proposal.volunteerId) ?? 0) + 1);
    }
    for (const id of result.consideredVolunteerIds) considered.add(id);
    given.push(thisWeek);
    filled += result.filledSlots;
  }
  return { gini: gini([...considered].map((id) => total.get(id) ?? 0)), filled };
}

function main(): void {
  const cores = cpus();
  console.log(
    `# method: seeded synthetic city (seed ${seed}), 10,000 volunteers × 1,000 needs per supply level; batch time = createSnapshot + runBatch (exact), ` +
      `${warmUpRuns} warm-up runs per level then ${timedRuns} timed runs per level taken in turn, p95 by nearest rank over the ${timedRuns * supplyLevels.length} timed runs of all levels (per level too); ` +
      `browse = browseForNeed on a prebuilt moderate snapshot, ${browseWarmUp} warm-up then ${browseNeedsTimed} seeded random needs; ` +
      `stretch = 100,000 × 10,000 moderate, ${stretchRuns} runs, the slower reported; fill and cost against greedy on the same pairs, costs and constraints; ` +
      `Gini of load given by one batch over the volunteers it considered (zeros included), with the load weight and with it at 0, and over ${fairnessWeeks} weekly batches`,
  );
  console.log(`# machine: ${cores.length} cores, ${cores[0]?.model ?? 'unknown cpu'}, node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('# wall-clock figures are the targets; cpu figures (process user + system time) show the work when other processes share the cores');

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
    print(`matching.batch.${supply}.p95_ms`, percentile(samples.map((sample) => sample.wallMs), 95), 'ms');
    print(`matching.batch.${supply}.p50_ms`, percentile(samples.map((sample) => sample.wallMs), 50), 'ms');
    print(`matching.batch.${supply}.cpu_p95_ms`, percentile(samples.map((sample) => sample.cpuMs), 95), 'ms');
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
    print(`matching.cost_per_slot_vs_greedy.${supply}_pct`, 100 * (exact.totalCost / exact.filledSlots / (greedy.totalCost / greedy.filledSlots) - 1), '%');
    if (supply === 'scarce') print('matching.fill_gain_scarce_pct', 100 * (exact.filledSlots / greedy.filledSlots - 1), '%');
  }

  for (const supply of supplyLevels) {
    const fairness = compareFairness(scenarios.get(supply) as Scenario);
    if (supply === 'moderate') print('matching.gini_ratio', fairness.giniRatio, 'ratio');
    print(`matching.gini_ratio.${supply}`, fairness.giniRatio, 'ratio');
    print(`matching.gini_with_penalty.${supply}`, fairness.giniWith, 'gini');
    print(`matching.gini_without_penalty.${supply}`, fairness.giniWithout, 'gini');
    print(`matching.gini_floor.${supply}`, fairness.giniFloor, 'gini');
    print(`matching.fairness_fill_loss.${supply}_pct`, 100 * fairness.fillLossShare, '%');
  }
  const withPenalty = fourWeekGini('moderate', undefined);
  const withoutPenalty = fourWeekGini('moderate', 0);
  print('matching.gini_ratio_4_weeks.moderate', withPenalty.gini / withoutPenalty.gini, 'ratio');
  print('matching.fairness_fill_loss_4_weeks.moderate_pct', 100 * Math.max(0, 1 - withPenalty.filled / withoutPenalty.filled), '%');

  const stretch = generateScenario({ seed, volunteers: 100_000, needs: 10_000, supply: 'moderate' });
  const stretchSamples: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let run = 0; run < stretchRuns; run += 1) stretchSamples.push(timeBatch(stretch));
  print('matching.batch.100k_10k_ms', Math.max(...stretchSamples.map((sample) => sample.wallMs)), 'ms');
  print('matching.batch.100k_10k_cpu_ms', Math.max(...stretchSamples.map((sample) => sample.cpuMs)), 'ms');
  const stretchResult = runBatch(createSnapshot(stretch));
  print('matching.stretch.fill_rate_pct', (100 * stretchResult.filledSlots) / stretchResult.openSlots, '%');
  console.log(`# load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main();
