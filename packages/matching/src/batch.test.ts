// Batch mode: proposals with their cost parts, confirmed assignments held fixed, no double booking.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBatch, type BatchResult } from './batch.js';
import { totalCost } from './cost.js';
import { exclusionRules } from './eligibility.js';
import type { ConfirmedAssignment, ServiceNeed } from './model.js';
import { createSnapshot, type SnapshotInput } from './snapshot.js';
import { generateScenario } from './synthetic.js';
import { at, need, volunteer } from './testing/fixtures.js';
import { smallSnapshotInput } from './testing/small-cases.js';
import { minuteMs } from './time.js';

/** Every volunteer's proposed and confirmed windows keep the travel buffer between them. */
function doubleBookings(input: SnapshotInput, result: BatchResult, bufferMinutes = 30): string[] {
  const windows = new Map<string, { startMs: number; endMs: number; what: string }[]>();
  const add = (volunteerId: string, window: { startMs: number; endMs: number }, what: string): void => {
    const list = windows.get(volunteerId) ?? [];
    list.push({ ...window, what });
    windows.set(volunteerId, list);
  };
  for (const c of input.confirmed) add(c.volunteerId, c.window, `confirmed ${c.needId}`);
  for (const p of result.proposals) add(p.volunteerId, p.window, `proposed ${p.needId}`);
  const problems: string[] = [];
  const bufferMs = bufferMinutes * minuteMs;
  for (const [volunteerId, list] of windows) {
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const a = list[i] as { startMs: number; endMs: number; what: string };
        const b = list[j] as { startMs: number; endMs: number; what: string };
        if (a.what.startsWith('confirmed') && b.what.startsWith('confirmed')) continue;
        if (a.startMs < b.endMs + bufferMs && b.startMs < a.endMs + bufferMs) problems.push(`${volunteerId}: ${a.what} and ${b.what}`);
      }
    }
  }
  return problems;
}

describe('runBatch', () => {
  it('fills a slot that greedy leaves empty by giving the urgent need its second-best volunteer', () => {
    const input: SnapshotInput = {
      volunteers: [volunteer({ id: 'v-a', place: { eastM: 900, northM: 0 } }), volunteer({ id: 'v-b', place: { eastM: -800, northM: 0 } })],
      needs: [
        need({ id: 'n-urgent', urgency: 5 }),
        // A later need only v-a can reach (v-b's radius stops 2 km short).
        need({ id: 'n-east', urgency: 2, place: { eastM: 2_500, northM: 0 }, window: { startMs: at(9, 7), endMs: at(12, 7) } }),
      ],
      confirmed: [],
      policy: {},
    };
    // Two hours a week each: one slot per volunteer in this batch.
    const capped = { ...input, volunteers: input.volunteers.map((v) => ({ ...v, weeklyHourCap: '2.00' })) };
    const exact = runBatch(createSnapshot(capped));
    const greedy = runBatch(createSnapshot(capped), { solver: 'greedy' });
    expect(greedy.proposals.map((p) => `${p.needId}:${p.volunteerId}`)).toEqual(['n-urgent:v-a']);
    expect(exact.proposals.map((p) => `${p.needId}:${p.volunteerId}`)).toEqual(['n-east:v-a', 'n-urgent:v-b']);
    expect(exact.filledSlots).toBe(2);
  });

  it('gives every proposal its cost parts, the load rising with each slot of one volunteer', () => {
    const input: SnapshotInput = {
      volunteers: [volunteer({ id: 'v-only', recentAssignments: 2 })],
      needs: [need({ id: 'n-1' }), need({ id: 'n-2', window: { startMs: at(9, 7), endMs: at(12, 7) } })],
      confirmed: [],
    };
    const result = runBatch(createSnapshot(input));
    expect(result.proposals.map((p) => [p.needId, p.costParts.load])).toEqual([
      ['n-1', 200],
      ['n-2', 300],
    ]);
    for (const proposal of result.proposals) expect(totalCost(proposal.costParts)).toBe(proposal.cost);
    expect(result.totalCost).toBe(result.proposals.reduce((sum, p) => sum + p.cost, 0));
  });

  it('names the rule of every exclusion when asked to list them', () => {
    const scenario = generateScenario({ seed: 3, volunteers: 400, needs: 40, supply: 'moderate' });
    const result = runBatch(createSnapshot(scenario), { collectExclusions: true });
    expect(result.exclusions.length).toBeGreaterThan(0);
    for (const exclusion of result.exclusions) expect(exclusionRules).toContain(exclusion.rule);
    const counted = Object.values(result.exclusionCounts).reduce((sum, count) => sum + count, 0);
    expect(result.exclusions.length).toBe(counted);
    // Listing or counting only, the counts agree.
    expect(runBatch(createSnapshot(scenario)).exclusionCounts).toEqual(result.exclusionCounts);
  });

  it('re-running after confirming proposals never changes a confirmed assignment nor double-books anyone', () => {
    fc.assert(
      fc.property(smallSnapshotInput, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (input, keep) => {
        const first = runBatch(createSnapshot(input));
        expect(first.confirmed).toEqual(input.confirmed);
        expect(doubleBookings(input, first)).toEqual([]);
        const newlyConfirmed: ConfirmedAssignment[] = first.proposals
          .filter((_, index) => keep[index % keep.length])
          .map((p) => ({ needId: p.needId, volunteerId: p.volunteerId, window: p.window, hours: p.hoursPerSlot }));
        const secondInput = { ...input, confirmed: [...input.confirmed, ...newlyConfirmed] };
        const second = runBatch(createSnapshot(secondInput));
        expect(second.confirmed).toEqual(secondInput.confirmed);
        expect(doubleBookings(secondInput, second)).toEqual([]);
        const confirmedPairs = new Set(secondInput.confirmed.map((c) => `${c.volunteerId}:${c.needId}`));
        for (const proposal of second.proposals) expect(confirmedPairs.has(`${proposal.volunteerId}:${proposal.needId}`)).toBe(false);
        for (const outcome of second.needs) {
          const slots = (input.needs.find((n) => n.id === outcome.needId) as ServiceNeed).slots;
          expect(outcome.confirmedSlots + outcome.proposedSlots + outcome.unfilledSlots).toBe(slots);
        }
        // What the first run proposed and was confirmed is still filled: the fill never drops.
        expect(second.filledSlots + newlyConfirmed.length).toBeGreaterThanOrEqual(first.filledSlots);
      }),
      { numRuns: 200 },
    );
  });

  it('never double-books a volunteer in a synthetic week', () => {
    const scenario = generateScenario({ seed: 11, volunteers: 2_000, needs: 200, supply: 'plentiful' });
    const result = runBatch(createSnapshot(scenario));
    expect(result.filledSlots).toBeGreaterThan(0);
    expect(doubleBookings(scenario, result)).toEqual([]);
  });
});
