// Browse mode: a ranked list of volunteers for a need, or of needs for a volunteer, each entry with
// the parts of its cost and every excluded pair with the rule it failed.

import { assert } from './assert.js';
import { candidatesForNeed, candidatesForVolunteer, type ExclusionSink } from './candidates.js';
import { loadStepCost, pairCostParts } from './cost.js';
import { checkPair, emptyExclusionCounts, type Exclusion, type ExclusionCounts } from './eligibility.js';
import { browseResultsMax, volunteersMax } from './limits.js';
import type { ServiceNeed, Volunteer } from './model.js';
import { makeProposal, type Proposal } from './proposal.js';
import type { Snapshot } from './snapshot.js';

export interface BrowseResult {
  /** Cheapest first, at most browseResultsMax. */
  readonly proposals: Proposal[];
  /** Every pair the grid index offered that failed a rule. */
  readonly exclusions: Exclusion[];
  readonly exclusionCounts: ExclusionCounts;
}

function byCost(a: Proposal, b: Proposal): number {
  return (
    a.cost - b.cost ||
    a.distanceM - b.distanceM ||
    (a.volunteerId < b.volunteerId ? -1 : a.volunteerId > b.volunteerId ? 1 : a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : 0)
  );
}

/**
 * Volunteers for one need, ranked by cost. The load part is that of the volunteer's next
 * assignment. A need with no open slot still ranks, so a coordinator can see who else could go.
 */
export function browseForNeed(snapshot: Snapshot, needId: string): BrowseResult {
  const n = snapshot.needIndexById.get(needId);
  assert(n !== undefined, `unknown need ${needId}`);
  const sink: ExclusionSink = { counts: emptyExclusionCounts(), list: [] };
  const { volunteers, distancesM } = candidatesForNeed(snapshot, n, volunteersMax, sink);
  const need = snapshot.needs[n] as ServiceNeed;
  const proposals: Proposal[] = [];
  for (let index = 0; index < volunteers.length; index += 1) {
    const v = volunteers[index] as number;
    const distanceM = distancesM[index] as number;
    const volunteer = snapshot.volunteers[v] as Volunteer;
    const load = loadStepCost(snapshot.policy.weights, volunteer.recentAssignments, 1);
    proposals.push(makeProposal(need, volunteer, distanceM, { ...pairCostParts(snapshot, v, n, distanceM), load }));
  }
  proposals.sort(byCost);
  return { proposals: proposals.slice(0, browseResultsMax), exclusions: sink.list ?? [], exclusionCounts: sink.counts };
}

/** Needs with an open slot near one volunteer, ranked by cost. */
export function browseForVolunteer(snapshot: Snapshot, volunteerId: string): BrowseResult {
  const v = snapshot.volunteerIndexById.get(volunteerId);
  assert(v !== undefined, `unknown volunteer ${volunteerId}`);
  const sink: ExclusionSink = { counts: emptyExclusionCounts(), list: [] };
  const { needs, distancesM } = candidatesForVolunteer(snapshot, v, sink);
  const volunteer = snapshot.volunteers[v] as Volunteer;
  const load = loadStepCost(snapshot.policy.weights, volunteer.recentAssignments, 1);
  const proposals: Proposal[] = [];
  for (let index = 0; index < needs.length; index += 1) {
    const n = needs[index] as number;
    if ((snapshot.needOpenSlots[n] as number) === 0) continue;
    const distanceM = distancesM[index] as number;
    proposals.push(
      makeProposal(snapshot.needs[n] as ServiceNeed, volunteer, distanceM, { ...pairCostParts(snapshot, v, n, distanceM), load }),
    );
  }
  proposals.sort(byCost);
  return { proposals: proposals.slice(0, browseResultsMax), exclusions: sink.list ?? [], exclusionCounts: sink.counts };
}

/**
 * One pair as browse would show it: the proposal with its cost parts (the load part that of the
 * volunteer's next assignment) when every rule accepts the pair, else the first rule it fails. A
 * need with no open slot is not excluded here; the caller decides who takes a slot.
 */
export function browsePair(
  snapshot: Snapshot,
  volunteerId: string,
  needId: string,
): { readonly eligible: true; readonly proposal: Proposal } | { readonly eligible: false; readonly exclusion: Exclusion } {
  const check = checkPair(snapshot, volunteerId, needId);
  if (!check.eligible) return check;
  const v = snapshot.volunteerIndexById.get(volunteerId) as number;
  const n = snapshot.needIndexById.get(needId) as number;
  const volunteer = snapshot.volunteers[v] as Volunteer;
  const load = loadStepCost(snapshot.policy.weights, volunteer.recentAssignments, 1);
  return {
    eligible: true,
    proposal: makeProposal(snapshot.needs[n] as ServiceNeed, volunteer, check.distanceM, {
      ...pairCostParts(snapshot, v, n, check.distanceM),
      load,
    }),
  };
}
