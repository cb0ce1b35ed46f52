// Browse ranks volunteers for a need, and needs for a volunteer, with every part of the cost.

import { describe, expect, it } from 'vitest';
import { browseForNeed, browseForVolunteer, browsePair } from './browse.js';
import { costPartNames, totalCost } from './cost.js';
import { checkPair, exclusionRules } from './eligibility.js';
import { createSnapshot } from './snapshot.js';
import { at, need, volunteer } from './testing/fixtures.js';

const volunteers = [
  volunteer({ id: 'v-near', place: { eastM: 900, northM: 0 } }),
  volunteer({ id: 'v-far-expert', place: { eastM: -400, northM: 0 }, skills: [{ skill: '医疗陪诊', level: 3 }] }),
  volunteer({ id: 'v-regular', place: { eastM: -500, northM: 0 }, regularBeneficiaryIds: ['b-1'] }),
  volunteer({ id: 'v-busy', place: { eastM: 1_000, northM: 100 }, recentAssignments: 6 }),
  volunteer({ id: 'v-no-skill', place: { eastM: 1_000, northM: 0 }, skills: [{ skill: '课业辅导', level: 3 }] }),
];
const snapshot = createSnapshot({
  volunteers,
  needs: [need(), need({ id: 'n-later', urgency: 1, window: { startMs: at(9), endMs: at(12) } })],
  confirmed: [],
});

describe('browseForNeed', () => {
  const result = browseForNeed(snapshot, 'n-base');

  it('ranks eligible volunteers by total cost, each with its parts', () => {
    expect(result.proposals.map((p) => p.volunteerId)).toEqual(['v-regular', 'v-near', 'v-far-expert', 'v-busy']);
    for (let index = 1; index < result.proposals.length; index += 1) {
      expect((result.proposals[index - 1] as { cost: number }).cost).toBeLessThanOrEqual(
        (result.proposals[index] as { cost: number }).cost,
      );
    }
    for (const proposal of result.proposals) {
      expect(Object.keys(proposal.costParts).sort()).toEqual([...costPartNames].sort());
      expect(totalCost(proposal.costParts)).toBe(proposal.cost);
    }
    // v-near: 100 m away (10 points), one level short (100), not a regular (150), urgency 3 (80), no load.
    expect(result.proposals.find((p) => p.volunteerId === 'v-near')?.costParts).toEqual({
      distance: 10,
      skillFit: 100,
      continuity: 150,
      urgency: 80,
      load: 0,
    });
    expect(result.proposals.find((p) => p.volunteerId === 'v-busy')?.costParts.load).toBe(600);
  });

  it('names the rule of every excluded volunteer', () => {
    expect(result.exclusions).toEqual([expect.objectContaining({ volunteerId: 'v-no-skill', rule: 'skill' })]);
    for (const exclusion of result.exclusions) expect(exclusionRules).toContain(exclusion.rule);
    expect(result.exclusionCounts.skill).toBe(1);
  });

  it('shows the grid cell and a rounded distance, never a place', () => {
    const proposal = result.proposals[0];
    expect(proposal).toMatchObject({ gridCell: '网格-2-0', distanceM: 1_500 });
    expect(JSON.stringify(result)).not.toContain('eastM');
  });
});

describe('browseForVolunteer', () => {
  it('ranks the open needs near a volunteer, the more urgent first when all else is equal', () => {
    const result = browseForVolunteer(snapshot, 'v-near');
    expect(result.proposals.map((p) => p.needId)).toEqual(['n-base', 'n-later']);
    expect(result.proposals[1]?.costParts.urgency).toBe(160);
  });

  it('leaves out a need whose slots are all confirmed', () => {
    const full = createSnapshot({
      volunteers,
      needs: [need()],
      confirmed: [{ needId: 'n-base', volunteerId: 'v-busy', window: need().window, hours: '2.00' }],
    });
    expect(browseForVolunteer(full, 'v-near').proposals).toEqual([]);
  });
});

describe('browsePair', () => {
  it('gives one eligible pair the entry browse ranks it with, cost parts and load included', () => {
    const ranked = browseForNeed(snapshot, 'n-base').proposals;
    for (const id of ['v-near', 'v-busy', 'v-regular']) {
      const pair = browsePair(snapshot, id, 'n-base');
      expect(pair.eligible).toBe(true);
      if (pair.eligible) expect(pair.proposal).toEqual(ranked.find((p) => p.volunteerId === id));
    }
  });

  it('names the first rule an ineligible pair fails, as checkPair does', () => {
    const pair = browsePair(snapshot, 'v-no-skill', 'n-base');
    expect(pair).toEqual(checkPair(snapshot, 'v-no-skill', 'n-base'));
    expect(pair.eligible ? null : pair.exclusion.rule).toBe('skill');
  });

  it('still prices a pair whose need has no open slot', () => {
    const full = createSnapshot({
      volunteers,
      needs: [need()],
      confirmed: [{ needId: 'n-base', volunteerId: 'v-busy', window: need().window, hours: '2.00' }],
    });
    const pair = browsePair(full, 'v-near', 'n-base');
    expect(pair.eligible && pair.proposal.costParts).toEqual({ distance: 10, skillFit: 100, continuity: 150, urgency: 80, load: 0 });
    expect(browsePair(full, 'v-busy', 'n-base')).toMatchObject({ eligible: false, exclusion: { rule: 'conflict' } });
  });
});
