// Urgent mode: notify volunteers for urgent needs in growing waves, best-ranked first, never
// notifying one person again before their cooldown has passed.

import { assert, assertInteger } from './assert.js';
import { browseForNeed } from './browse.js';
import { urgentWaveSizeMax, urgentWavesMax } from './limits.js';
import type { ServiceNeed } from './model.js';
import type { Snapshot } from './snapshot.js';
import { minuteMs } from './time.js';

export interface UrgentPolicy {
  /** Volunteers in the first wave. */
  readonly firstWaveSize: number;
  /** Each wave is this many times the previous one (capped at urgentWaveSizeMax). */
  readonly waveGrowth: number;
  /** Time between waves of one need. */
  readonly waveIntervalMinutes: number;
  /** A volunteer notified at t is not notified again, for any need, before t + cooldown. */
  readonly cooldownMinutes: number;
  /** Waves per need, at most urgentWavesMax. */
  readonly wavesMax: number;
}

export const defaultUrgentPolicy: UrgentPolicy = {
  firstWaveSize: 5,
  waveGrowth: 2,
  waveIntervalMinutes: 10,
  cooldownMinutes: 120,
  wavesMax: 4,
};

export interface UrgentWave {
  readonly needId: string;
  /** 0 for the first wave of a need. */
  readonly wave: number;
  readonly atMs: number;
  /** Best-ranked first. */
  readonly volunteerIds: string[];
}

export interface UrgentPlan {
  /** By need (most urgent, then oldest, first), then by wave. */
  readonly waves: UrgentWave[];
  /** The notification times given, updated with every notification planned here. */
  readonly lastNotifiedAtMs: ReadonlyMap<string, number>;
}

export interface UrgentInput {
  readonly needIds: readonly string[];
  readonly nowMs: number;
  /** When each volunteer was last notified, for any need. */
  readonly lastNotifiedAtMs: ReadonlyMap<string, number>;
  /**
   * By need id, volunteers never to notify of that need: those already notified of it by an
   * earlier plan, those who declined it, its requester. Others keep their places.
   */
  readonly skipVolunteerIds?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly policy?: Partial<UrgentPolicy>;
}

/**
 * Plans notification waves for the given needs. Each need's candidates are its browse ranking;
 * wave i goes out at now + i × interval to the next best-ranked volunteers whose cooldown has
 * passed by then. A volunteer still cooling down keeps their place and is reached by a later
 * wave if one is left. Needs are planned most urgent first, so they claim people first; a need
 * without an open slot gets no wave.
 */
export function planUrgentWaves(snapshot: Snapshot, input: UrgentInput): UrgentPlan {
  const policy = { ...defaultUrgentPolicy, ...input.policy };
  assertInteger(policy.firstWaveSize, 1, urgentWaveSizeMax, 'firstWaveSize');
  assert(policy.waveGrowth >= 1 && policy.waveGrowth <= 10, 'waveGrowth must be in [1, 10]');
  assertInteger(policy.waveIntervalMinutes, 1, 24 * 60, 'waveIntervalMinutes');
  assertInteger(policy.cooldownMinutes, 0, 7 * 24 * 60, 'cooldownMinutes');
  assertInteger(policy.wavesMax, 1, urgentWavesMax, 'wavesMax');
  const lastNotified = new Map(input.lastNotifiedAtMs);
  const cooldownMs = policy.cooldownMinutes * minuteMs;
  const needs = input.needIds.map((id) => {
    const n = snapshot.needIndexById.get(id);
    assert(n !== undefined, `unknown need ${id}`);
    return n;
  });
  needs.sort((a, b) => {
    const needA = snapshot.needs[a] as ServiceNeed;
    const needB = snapshot.needs[b] as ServiceNeed;
    return needB.urgency - needA.urgency || needA.postedAtMs - needB.postedAtMs || (needA.id < needB.id ? -1 : 1);
  });
  const waves: UrgentWave[] = [];
  for (const n of needs) {
    if ((snapshot.needOpenSlots[n] as number) === 0) continue;
    const need = snapshot.needs[n] as ServiceNeed;
    const skip = input.skipVolunteerIds?.get(need.id);
    const waiting = browseForNeed(snapshot, need.id)
      .proposals.map((proposal) => proposal.volunteerId)
      .filter((volunteerId) => skip === undefined || !skip.has(volunteerId));
    let size = policy.firstWaveSize;
    for (let wave = 0; wave < policy.wavesMax && waiting.length > 0; wave += 1) {
      const atMs = input.nowMs + wave * policy.waveIntervalMinutes * minuteMs;
      const chosen: string[] = [];
      for (let index = 0; index < waiting.length && chosen.length < size; ) {
        const volunteerId = waiting[index] as string;
        const last = lastNotified.get(volunteerId);
        if (last !== undefined && last + cooldownMs > atMs) {
          index += 1;
          continue;
        }
        chosen.push(volunteerId);
        lastNotified.set(volunteerId, atMs);
        waiting.splice(index, 1);
      }
      if (chosen.length > 0) waves.push({ needId: need.id, wave, atMs, volunteerIds: chosen });
      size = Math.min(urgentWaveSizeMax, Math.round(size * policy.waveGrowth));
    }
  }
  return { waves, lastNotifiedAtMs: lastNotified };
}
