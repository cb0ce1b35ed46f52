// Urgent waves: best-ranked first, growing, and never within a person's cooldown.

import { describe, expect, it } from 'vitest';
import { createSnapshot } from './snapshot.js';
import { at, need, volunteer } from './testing/fixtures.js';
import { planUrgentWaves } from './urgent.js';
import { minuteMs } from './time.js';

// Twelve eligible volunteers, v00 nearest and so best-ranked.
const volunteers = Array.from({ length: 12 }, (_, index) =>
  volunteer({ id: `v${index.toString().padStart(2, '0')}`, place: { eastM: 1_000 - 50 * index, northM: 0 } }),
);
const snapshot = createSnapshot({
  volunteers,
  needs: [need({ id: 'n-urgent', urgency: 5 }), need({ id: 'n-also', urgency: 4 })],
  confirmed: [],
});
const nowMs = at(7);

describe('planUrgentWaves', () => {
  it('notifies in growing waves, best-ranked first', () => {
    const plan = planUrgentWaves(snapshot, {
      needIds: ['n-urgent'],
      nowMs,
      lastNotifiedAtMs: new Map(),
      policy: { firstWaveSize: 2, waveGrowth: 2, waveIntervalMinutes: 10 },
    });
    expect(plan.waves.map((w) => [w.wave, w.atMs - nowMs, w.volunteerIds.length])).toEqual([
      [0, 0, 2],
      [1, 10 * minuteMs, 4],
      [2, 20 * minuteMs, 6],
    ]);
    expect(plan.waves[0]?.volunteerIds).toEqual(['v00', 'v01']);
    expect(plan.lastNotifiedAtMs.get('v00')).toBe(nowMs);
  });

  it('skips a volunteer in cooldown and reaches them in a later wave once it has passed', () => {
    const lastNotifiedAtMs = new Map([['v00', nowMs - 100 * minuteMs]]);
    const plan = planUrgentWaves(snapshot, {
      needIds: ['n-urgent'],
      nowMs,
      lastNotifiedAtMs,
      policy: { firstWaveSize: 2, waveGrowth: 1, waveIntervalMinutes: 10, cooldownMinutes: 120, wavesMax: 3 },
    });
    expect(plan.waves.map((w) => w.volunteerIds)).toEqual([
      ['v01', 'v02'],
      ['v03', 'v04'],
      ['v00', 'v05'],
    ]);
  });

  it('applies the cooldown across needs: the most urgent need claims people first', () => {
    const plan = planUrgentWaves(snapshot, {
      needIds: ['n-also', 'n-urgent'],
      nowMs,
      lastNotifiedAtMs: new Map(),
      policy: { firstWaveSize: 3, waveGrowth: 1, wavesMax: 2, cooldownMinutes: 60 },
    });
    const urgent = plan.waves.filter((w) => w.needId === 'n-urgent').flatMap((w) => w.volunteerIds);
    const also = plan.waves.filter((w) => w.needId === 'n-also').flatMap((w) => w.volunteerIds);
    expect(urgent).toEqual(['v00', 'v01', 'v02', 'v03', 'v04', 'v05']);
    expect(also).toEqual(['v06', 'v07', 'v08', 'v09', 'v10', 'v11']);
    expect(plan.waves[0]?.needId).toBe('n-urgent');
  });

  it('never notifies a skipped volunteer of that need, and still of another need', () => {
    const skipVolunteerIds = new Map([['n-urgent', new Set(['v00', 'v02'])]]);
    const plan = planUrgentWaves(snapshot, {
      needIds: ['n-urgent', 'n-also'],
      nowMs,
      lastNotifiedAtMs: new Map(),
      skipVolunteerIds,
      policy: { firstWaveSize: 2, waveGrowth: 1, wavesMax: 2, cooldownMinutes: 60 },
    });
    expect(plan.waves.filter((w) => w.needId === 'n-urgent').map((w) => w.volunteerIds)).toEqual([
      ['v01', 'v03'],
      ['v04', 'v05'],
    ]);
    expect(plan.waves.filter((w) => w.needId === 'n-also').flatMap((w) => w.volunteerIds)).toEqual(['v00', 'v02', 'v06', 'v07']);
  });

  it('plans nothing for a need whose slots are all confirmed', () => {
    const full = createSnapshot({
      volunteers,
      needs: [need({ id: 'n-urgent', urgency: 5 })],
      confirmed: [{ needId: 'n-urgent', volunteerId: 'v11', window: need().window, hours: '2.00' }],
    });
    expect(planUrgentWaves(full, { needIds: ['n-urgent'], nowMs, lastNotifiedAtMs: new Map() }).waves).toEqual([]);
  });
});
