// Candidate pairs come from the grid index: only volunteers in cells within reach of a need are
// checked, so the work grows with nearby pairs, not with volunteers × needs.

import { describeExclusion, firstFailedRule, type Exclusion, type ExclusionCounts } from './eligibility.js';
import type { GridIndex } from './grid-index.js';
import { cellsPerQueryMax, exclusionsMax } from './limits.js';
import type { ServiceNeed } from './model.js';
import { radiusBandCount, radiusBandM, type Snapshot } from './snapshot.js';

/** Where exclusions go: counts always, the full list only when a caller asks for it. */
export interface ExclusionSink {
  readonly counts: ExclusionCounts;
  /** Null when only counts are wanted (batch at scale). */
  readonly list: Exclusion[] | null;
}

/** The eligible volunteers of one need, nearest first. */
export interface NeedCandidates {
  readonly volunteers: number[];
  readonly distancesM: number[];
}

function record(
  sink: ExclusionSink,
  snapshot: Snapshot,
  v: number,
  n: number,
  rule: NonNullable<ReturnType<typeof firstFailedRule>>,
): void {
  sink.counts[rule] += 1;
  if (sink.list !== null && sink.list.length < exclusionsMax) sink.list.push(describeExclusion(snapshot, v, n, rule));
}

/**
 * Eligible volunteers for need n among those the grid index finds within the largest travel
 * radius, nearest first (ties by volunteer order), at most `limit` of them. Volunteers beyond the
 * searched cells are not pairs at all; those inside but too far fail the `distance` rule.
 *
 * When the sink keeps only counts, the scan visits just the volunteers who have the need's rarest
 * required skill and whose travel radius band reaches the need's cells (a grid per skill and
 * band), and counts the others without visiting them: those lacking the skill as `skill`, the
 * rest as `distance`, which is exact because skill and distance are the first two rules. The
 * counts are the same either way.
 */
export function candidatesForNeed(snapshot: Snapshot, n: number, limit: number, sink: ExclusionSink): NeedCandidates {
  const need = snapshot.needs[n] as ServiceNeed;
  const { eastM, northM } = need.place;
  const radiusM = snapshot.travelRadiusMaxM;
  const found: number[] = [];
  const distances: number[] = [];
  const visitRanges = (grid: GridIndex, reachM: number): void => {
    const count = grid.rangesNear(eastM, northM, reachM, rangeScratch);
    const members = grid.members;
    for (let range = 0; range < count; range += 2) {
      const end = rangeScratch[range + 1] as number;
      for (let position = rangeScratch[range] as number; position < end; position += 1) {
        const v = members[position] as number;
        const distanceM = snapshot.volunteerGrid.distanceM(v, eastM, northM);
        const rule = firstFailedRule(snapshot, v, n, distanceM);
        if (rule !== null) {
          record(sink, snapshot, v, n, rule);
          continue;
        }
        found.push(v);
        distances.push(distanceM);
      }
    }
  };
  const bit = sink.list === null ? rarestSkillBit(snapshot, n, eastM, northM, radiusM) : -1;
  if (bit === -1) {
    visitRanges(snapshot.volunteerGrid, radiusM);
  } else {
    let skilled = 0;
    for (let band = 0; band < radiusBandCount; band += 1) {
      const grid = snapshot.volunteerGridBySkillAndBand[bit * radiusBandCount + band];
      if (grid === null || grid === undefined) continue;
      const inCells = grid.countNear(eastM, northM, radiusM);
      skilled += inCells;
      const reachM = Math.min(radiusM, (band + 1) * radiusBandM);
      if (reachM < radiusM) sink.counts.distance += inCells - grid.countNear(eastM, northM, reachM);
      visitRanges(grid, reachM);
    }
    sink.counts.skill += snapshot.volunteerGrid.countNear(eastM, northM, radiusM) - skilled;
  }
  const order = found.map((_, index) => index);
  order.sort((a, b) => (distances[a] as number) - (distances[b] as number) || (found[a] as number) - (found[b] as number));
  const kept = order.length > limit ? order.slice(0, limit) : order;
  return { volunteers: kept.map((index) => found[index] as number), distancesM: kept.map((index) => distances[index] as number) };
}

/** Scratch for grid ranges: one range per column of cells a query may visit. */
const rangeScratch = new Int32Array(4 * Math.ceil(Math.sqrt(cellsPerQueryMax)) + 4);

/** The required skill bit with the fewest volunteers near the need, or −1 for a need without skills. */
function rarestSkillBit(snapshot: Snapshot, n: number, eastM: number, northM: number, radiusM: number): number {
  const bits = snapshot.needSkillBits[n] as readonly number[];
  if (bits.length <= 1) return bits[0] ?? -1;
  let best = -1;
  let bestCount = Infinity;
  for (const bit of bits) {
    let count = 0;
    for (let band = 0; band < radiusBandCount; band += 1)
      count += snapshot.volunteerGridBySkillAndBand[bit * radiusBandCount + band]?.countNear(eastM, northM, radiusM) ?? 0;
    if (count < bestCount) {
      best = bit;
      bestCount = count;
    }
  }
  return best;
}

/** Eligible needs for volunteer v among those the grid index finds within the volunteer's radius. */
export function candidatesForVolunteer(snapshot: Snapshot, v: number, sink: ExclusionSink): { needs: number[]; distancesM: number[] } {
  const volunteer = snapshot.volunteers[v];
  const needs: number[] = [];
  const distancesM: number[] = [];
  if (volunteer === undefined) return { needs, distancesM };
  const { eastM, northM } = volunteer.place;
  snapshot.needGrid.forEachNear(eastM, northM, volunteer.travelRadiusM, (n) => {
    const distanceM = snapshot.needGrid.distanceM(n, eastM, northM);
    const rule = firstFailedRule(snapshot, v, n, distanceM);
    if (rule !== null) {
      record(sink, snapshot, v, n, rule);
      return;
    }
    needs.push(n);
    distancesM.push(distanceM);
  });
  return { needs, distancesM };
}
