// The synthetic city is reproducible and looks like the three supply levels it claims.

import { describe, expect, it } from 'vitest';
import { createSnapshot } from './snapshot.js';
import { generateScenario } from './synthetic.js';

describe('generateScenario', () => {
  it('gives the same scenario for the same options, and the same people in every week', () => {
    const options = { seed: 5, volunteers: 300, needs: 30, supply: 'moderate' } as const;
    expect(generateScenario(options)).toEqual(generateScenario(options));
    const later = generateScenario({ ...options, week: 1 });
    expect(later.volunteers).toEqual(generateScenario(options).volunteers);
    expect(later.needs).not.toEqual(generateScenario(options).needs);
  });

  it('offers less time at lower supply levels, with the same counts', () => {
    const hours = (supply: 'plentiful' | 'moderate' | 'scarce'): number => {
      const scenario = generateScenario({ seed: 5, volunteers: 2_000, needs: 200, supply });
      expect(scenario.volunteers).toHaveLength(2_000);
      expect(scenario.needs).toHaveLength(200);
      createSnapshot(scenario);
      return scenario.volunteers.reduce((sum, v) => sum + Number(v.weeklyHourCap), 0);
    };
    expect(hours('plentiful')).toBeGreaterThan(hours('moderate'));
    expect(hours('moderate')).toBeGreaterThan(hours('scarce'));
  });
});
