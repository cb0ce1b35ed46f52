// The eligibility rules: each is named, checked in a fixed order, and every excluded pair names
// the first rule it fails.
//
// Order of precedence: skill, then distance (the grid index is itself a distance filter, so these
// two can be counted without visiting every volunteer), then the other static facts (certificate,
// language), then time (availability, conflict, weekly cap). Cheap checks come first, and a
// volunteer told "you lack the skill" learns the thing that matters most before "you are busy".

import { fail } from './assert.js';
import { skillsMax } from './limits.js';
import type { ServiceNeed, Volunteer } from './model.js';
import type { Snapshot } from './snapshot.js';
import { dateOfLocalDay, fitsWithBuffer, minuteMs } from './time.js';
import { hundredthsToHours } from './hours.js';

/** Rule names in order of precedence. */
export const exclusionRules = ['skill', 'distance', 'certificate', 'language', 'availability', 'conflict', 'weeklyCap'] as const;
export type ExclusionRule = (typeof exclusionRules)[number];

/** A volunteer–need pair that cannot be proposed, with the first rule it fails. */
export interface Exclusion {
  readonly needId: string;
  readonly volunteerId: string;
  readonly rule: ExclusionRule;
  readonly detail: string;
}

export type PairCheck =
  | { readonly eligible: true; readonly distanceM: number }
  | { readonly eligible: false; readonly exclusion: Exclusion };

/** Counts of exclusions per rule, every rule present. */
export type ExclusionCounts = Record<ExclusionRule, number>;

export function emptyExclusionCounts(): ExclusionCounts {
  return { skill: 0, distance: 0, certificate: 0, language: 0, availability: 0, conflict: 0, weeklyCap: 0 };
}

/**
 * The first rule volunteer v fails for need n, or null when the pair is eligible. The hot path of
 * candidate generation: masks and typed arrays only, no allocation for the common exclusions.
 */
export function firstFailedRule(snapshot: Snapshot, v: number, n: number, distanceM: number): ExclusionRule | null {
  const needSkills = snapshot.needSkillMask[n] as number;
  if ((needSkills & ~(snapshot.volunteerSkillMask[v] as number)) !== 0) return 'skill';
  if (distanceM > (snapshot.volunteerRadiusM[v] as number)) return 'distance';
  const need = snapshot.needs[n] as ServiceNeed;
  if (need.certificates.length > 0) {
    const expiryDays = snapshot.volunteerCertificateExpiryDay[v] as ReadonlyMap<string, number>;
    const endDay = snapshot.needEndDay[n] as number;
    for (const name of need.certificates) {
      const expiresDay = expiryDays.get(name);
      if (expiresDay === undefined || expiresDay < endDay) return 'certificate';
    }
  }
  const needLanguages = snapshot.needLanguageMask[n] as number;
  if (needLanguages !== 0 && (needLanguages & (snapshot.volunteerLanguageMask[v] as number)) === 0) return 'language';
  if (((snapshot.needWeekdayMask[n] as number) & (snapshot.volunteerWeekdayMask[v] as number)) === 0) return 'availability';
  const bufferMs = snapshot.policy.travelBufferMinutes * minuteMs;
  const durationMs = (snapshot.needHundredths[n] as number) * 36_000;
  if (
    !fitsWithBuffer(
      snapshot.availabilityPool,
      need.window,
      durationMs,
      bufferMs,
      snapshot.availabilityStart[v],
      snapshot.availabilityEnd[v],
    )
  )
    return 'availability';
  // Most volunteers have no confirmed assignment: nothing to conflict with, nothing yet this week.
  if (snapshot.volunteerHasCommitments[v] === 0)
    return (snapshot.needHundredths[n] as number) > (snapshot.volunteerCapHundredths[v] as number) ? 'weeklyCap' : null;
  const commitments = snapshot.commitmentsOf(v);
  if (commitments.needIndexes.has(n) || overlapsBusy(commitments.busy, need.window.startMs - bufferMs, need.window.endMs + bufferMs))
    return 'conflict';
  const committed = commitments.hundredthsByWeek.get(snapshot.needWeek[n] as number) ?? 0;
  if (committed + (snapshot.needHundredths[n] as number) > (snapshot.volunteerCapHundredths[v] as number)) return 'weeklyCap';
  return null;
}

function overlapsBusy(busy: readonly number[], startMs: number, endMs: number): boolean {
  for (let index = 0; index < busy.length; index += 2) {
    if ((busy[index] as number) >= endMs) return false;
    if ((busy[index + 1] as number) > startMs) return true;
  }
  return false;
}

/** Distance in metres from volunteer v's home to need n. */
export function pairDistanceM(snapshot: Snapshot, v: number, n: number): number {
  const place = (snapshot.needs[n] as ServiceNeed).place;
  return snapshot.volunteerGrid.distanceM(v, place.eastM, place.northM);
}

/** A sentence saying why the pair fails `rule`, for people reading a ranking. */
export function describeExclusion(snapshot: Snapshot, v: number, n: number, rule: ExclusionRule): Exclusion {
  const need = snapshot.needs[n] as ServiceNeed;
  const volunteer = snapshot.volunteers[v] as Volunteer;
  return { needId: need.id, volunteerId: volunteer.id, rule, detail: detailOf(snapshot, v, n, rule, need, volunteer) };
}

function detailOf(snapshot: Snapshot, v: number, n: number, rule: ExclusionRule, need: ServiceNeed, volunteer: Volunteer): string {
  switch (rule) {
    case 'skill': {
      const missing = need.skills.filter(
        (skill) => (snapshot.volunteerSkillLevel[v * skillsMax + snapshot.skillBit(skill)] as number) === 0,
      );
      return `lacks skill ${missing.join(', ')}`;
    }
    case 'certificate': {
      const endDate = dateOfLocalDay(snapshot.needEndDay[n] as number);
      const expiry = snapshot.volunteerCertificateExpiryDay[v] as ReadonlyMap<string, number>;
      const failing = need.certificates.filter((name) => (expiry.get(name) ?? -Infinity) < (snapshot.needEndDay[n] as number));
      return `certificate ${failing.join(', ')} missing or expired on ${endDate}`;
    }
    case 'language':
      return `shares none of ${need.languages.join(', ')}`;
    case 'distance':
      return `lives ${Math.round(pairDistanceM(snapshot, v, n) / 100) / 10} km away, travels ${volunteer.travelRadiusM / 1000} km`;
    case 'availability':
      return `not free for ${need.hoursPerSlot} h in the window with ${snapshot.policy.travelBufferMinutes} min travel either side`;
    case 'conflict':
      return snapshot.commitmentsOf(v).needIndexes.has(n) ? 'already confirmed on this need' : 'overlaps a confirmed assignment';
    case 'weeklyCap': {
      const committed = snapshot.commitmentsOf(v).hundredthsByWeek.get(snapshot.needWeek[n] as number) ?? 0;
      return `${hundredthsToHours(committed)} h confirmed that week + ${need.hoursPerSlot} h exceeds cap ${volunteer.weeklyHourCap} h`;
    }
  }
}

/** Checks one pair by ids; the exclusion names the first rule in order of precedence that fails. */
export function checkPair(snapshot: Snapshot, volunteerId: string, needId: string): PairCheck {
  const v = snapshot.volunteerIndexById.get(volunteerId);
  const n = snapshot.needIndexById.get(needId);
  if (v === undefined || n === undefined) fail(`unknown volunteer ${volunteerId} or need ${needId}`);
  const distanceM = pairDistanceM(snapshot, v, n);
  const rule = firstFailedRule(snapshot, v, n, distanceM);
  if (rule === null) return { eligible: true, distanceM };
  return { eligible: false, exclusion: describeExclusion(snapshot, v, n, rule) };
}
