// Every eligibility rule produces its named exclusion, in the documented order of precedence.

import { describe, expect, it } from 'vitest';
import { checkPair, exclusionRules, type ExclusionRule } from './eligibility.js';
import type { ConfirmedAssignment, ServiceNeed, Volunteer } from './model.js';
import { createSnapshot } from './snapshot.js';
import { at, confirmed, need, volunteer } from './testing/fixtures.js';

interface Case {
  volunteer: Volunteer;
  need: ServiceNeed;
  confirmed: ConfirmedAssignment[];
}

/** One change per rule that makes the base pair fail that rule and no earlier one. */
const breaks: Record<ExclusionRule, (c: Case) => Case> = {
  skill: (c) => ({ ...c, volunteer: { ...c.volunteer, skills: [{ skill: '家电维修', level: 3 }] } }),
  distance: (c) => ({ ...c, volunteer: { ...c.volunteer, travelRadiusM: 900 } }),
  certificate: (c) => ({ ...c, volunteer: { ...c.volunteer, certificates: [{ name: '急救证', expiresOn: '2025-03-02' }] } }),
  language: (c) => ({ ...c, volunteer: { ...c.volunteer, languages: ['English'] } }),
  availability: (c) => ({
    ...c,
    volunteer: { ...c.volunteer, weeklyAvailability: [{ weekday: 1, startMinute: 8 * 60, endMinute: 11 * 60 }] },
  }),
  conflict: (c) => ({
    ...c,
    confirmed: [...c.confirmed, confirmed({ needId: 'n-lunch', window: { startMs: at(12.25), endMs: at(13) }, hours: '0.50' })],
  }),
  weeklyCap: (c) => ({ ...c, confirmed: [...c.confirmed, confirmed({ hours: '4.50' })] }),
};

function check(c: Case): ReturnType<typeof checkPair> {
  const snapshot = createSnapshot({ volunteers: [c.volunteer], needs: [c.need], confirmed: c.confirmed });
  return checkPair(snapshot, c.volunteer.id, c.need.id);
}

const base: Case = { volunteer: volunteer(), need: need(), confirmed: [] };

describe('checkPair', () => {
  it('finds the base pair eligible', () => {
    expect(check(base)).toEqual({ eligible: true, distanceM: 1_000 });
  });

  it.each(exclusionRules.map((rule, index) => [rule, index] as const))('reports %s when it and every later rule fail', (rule, index) => {
    let c = base;
    for (const later of exclusionRules.slice(index)) c = breaks[later](c);
    const result = check(c);
    expect(result.eligible).toBe(false);
    if (result.eligible) return;
    expect(result.exclusion.rule).toBe(rule);
    expect(result.exclusion.detail.length).toBeGreaterThan(0);
    expect(result.exclusion).toMatchObject({ needId: 'n-base', volunteerId: 'v-base' });
  });

  it.each(exclusionRules)('reports %s when only it fails', (rule) => {
    const result = check(breaks[rule](base));
    expect(result.eligible ? null : result.exclusion.rule).toBe(rule);
  });

  it('accepts the edges: a certificate expiring on the day, travel buffer exactly kept, hours exactly at the cap', () => {
    expect(check({ ...base, volunteer: volunteer({ certificates: [{ name: '急救证', expiresOn: '2025-03-03' }] }) }).eligible).toBe(true);
    expect(
      check({ ...base, confirmed: [confirmed({ needId: 'n-lunch', window: { startMs: at(12.5), endMs: at(13) }, hours: '0.50' })] })
        .eligible,
    ).toBe(true);
    expect(check({ ...base, confirmed: [confirmed({ hours: '4.00' })] }).eligible).toBe(true);
    expect(check({ ...base, volunteer: volunteer({ travelRadiusM: 1_000 }) }).eligible).toBe(true);
  });

  it('counts a confirmed assignment on the same need as a conflict, and one in another week not against the cap', () => {
    const same = check({ ...base, confirmed: [confirmed({ needId: 'n-base', window: need().window })] });
    expect(same.eligible ? null : same.exclusion.detail).toBe('already confirmed on this need');
    expect(check({ ...base, confirmed: [confirmed({ window: { startMs: at(9, 7), endMs: at(15, 7) }, hours: '6.00' })] }).eligible).toBe(
      true,
    );
  });

  it('lets an exception open or close time', () => {
    const closed = check({ ...base, volunteer: volunteer({ exceptions: [{ startMs: at(0), endMs: at(24), available: false }] }) });
    expect(closed.eligible ? null : closed.exclusion.rule).toBe('availability');
    const opened = check({
      ...base,
      volunteer: volunteer({ weeklyAvailability: [], exceptions: [{ startMs: at(8), endMs: at(13), available: true }] }),
    });
    expect(opened.eligible).toBe(true);
  });

  it('accepts any language when the need lists none', () => {
    expect(check({ ...base, need: need({ languages: [] }), volunteer: volunteer({ languages: ['English'] }) }).eligible).toBe(true);
  });
});
