// A seeded synthetic city of volunteers, households and service needs, for the scale tests and
// the benchmark.
//
// The city keeps a fixed density (25 volunteers per km², a Nanjing district's order of magnitude),
// so a larger case is a larger city, not a more crowded one. People cluster around neighbourhood
// centres. Volunteers differ in engagement (a few core volunteers with more skills, more time and
// most of the recent work) and in when they are free (retirees on weekdays, workers in the
// evenings and at weekends, students at weekends); requests come mostly on weekday daytimes. The
// supply level changes how much time each volunteer offers (and, when plentiful, how far they
// travel), never the counts. Volunteers and households come from the seed alone; a week's needs come from the seed
// and the week, so consecutive weeks share the same people.

import { GridIndex } from './grid-index.js';
import type {
  Certificate,
  ConfirmedAssignment,
  Payer,
  Place,
  ServiceNeed,
  SkillLevel,
  Urgency,
  Volunteer,
  WeeklyAvailability,
  Weekday,
} from './model.js';
import { Random } from './prng.js';
import { dateOfLocalDay, dayMs, hourMs, localDayOf, minuteMs } from './time.js';

export type SupplyLevel = 'plentiful' | 'moderate' | 'scarce';
export const supplyLevels: readonly SupplyLevel[] = ['plentiful', 'moderate', 'scarce'];

export interface ScenarioOptions {
  readonly seed: number;
  readonly volunteers: number;
  readonly needs: number;
  readonly supply: SupplyLevel;
  /** Which week the needs fall in, from 0; volunteers are the same in every week. */
  readonly week?: number;
  /** Share of needs that already have one confirmed volunteer. */
  readonly confirmedShare?: number;
}

export interface Scenario {
  readonly volunteers: Volunteer[];
  readonly needs: ServiceNeed[];
  readonly confirmed: ConfirmedAssignment[];
  /** Monday 00:00 local (UTC+8) of the week the needs fall in. */
  readonly weekStartMs: number;
}

interface SkillSpec {
  readonly skill: string;
  /** Share of volunteers who have it. */
  readonly volunteerShare: number;
  /** Relative frequency among needs. */
  readonly needShare: number;
  readonly certificate: string | null;
}

/** Skills of a community time bank, with the certificate some require. */
export const syntheticSkills: readonly SkillSpec[] = [
  { skill: '助老陪护', volunteerShare: 0.35, needShare: 30, certificate: null },
  { skill: '代买代办', volunteerShare: 0.4, needShare: 25, certificate: null },
  { skill: '医疗陪诊', volunteerShare: 0.12, needShare: 12, certificate: '急救证' },
  { skill: '家电维修', volunteerShare: 0.1, needShare: 10, certificate: '电工证' },
  { skill: '课业辅导', volunteerShare: 0.2, needShare: 8, certificate: null },
  { skill: '心理疏导', volunteerShare: 0.06, needShare: 7, certificate: '心理咨询师证' },
  { skill: '保洁整理', volunteerShare: 0.15, needShare: 5, certificate: null },
  { skill: '手语翻译', volunteerShare: 0.02, needShare: 3, certificate: null },
];

type Engagement = 'core' | 'regular' | 'occasional';
const engagements: readonly Engagement[] = ['core', 'regular', 'occasional'];
const engagementShare = [15, 35, 50];
const engagementSkillFactor: Record<Engagement, number> = { core: 1.8, regular: 1, occasional: 0.6 };
const engagementLevels: Record<Engagement, [number, number, number]> = {
  core: [20, 40, 40],
  regular: [50, 35, 15],
  occasional: [70, 25, 5],
};
const engagementRecent: Record<Engagement, [number, number]> = { core: [5, 16], regular: [1, 4], occasional: [0, 1] };

/** When a volunteer is free: which weekdays and which parts of the day (0 morning, 1 afternoon, 2 evening). */
type Profile = 'retiree' | 'worker' | 'student';
const profiles: readonly Profile[] = ['retiree', 'worker', 'student'];
const profileShare = [40, 45, 15];
const profileDays: Record<Profile, readonly Weekday[]> = { retiree: [1, 2, 3, 4, 5, 6, 7], worker: [1, 2, 3, 4, 5, 6, 7], student: [6, 7] };
const profileParts: Record<Profile, readonly number[]> = { retiree: [0, 1], worker: [2], student: [0, 1, 2] };

interface Shape {
  /** Weekly availability blocks offered, [min, max]. */
  readonly blocks: [number, number];
  /** Weekly hour cap, [min, max]. */
  readonly capHours: [number, number];
}

const supplyShape: Record<SupplyLevel, Record<Engagement, Shape>> = {
  plentiful: {
    core: { blocks: [8, 12], capHours: [10, 14] },
    regular: { blocks: [5, 8], capHours: [6, 10] },
    occasional: { blocks: [2, 4], capHours: [3, 5] },
  },
  moderate: {
    core: { blocks: [5, 8], capHours: [6, 10] },
    regular: { blocks: [2, 5], capHours: [3, 6] },
    occasional: { blocks: [1, 2], capHours: [2, 3] },
  },
  scarce: {
    core: { blocks: [3, 5], capHours: [4, 6] },
    regular: { blocks: [1, 3], capHours: [2, 3] },
    occasional: { blocks: [1, 1], capHours: [1, 2] },
  },
};

const supplyRadiusM: Record<SupplyLevel, [number, number]> = {
  plentiful: [2_000, 4_000],
  moderate: [1_500, 3_000],
  scarce: [1_500, 3_000],
};

/** Local day parts, in minutes of the day: volunteers offer them whole, needs fall inside one. */
const dayParts: ReadonlyArray<readonly [number, number]> = [
  [8 * 60, 12 * 60],
  [13 * 60, 17 * 60 + 30],
  [18 * 60, 21 * 60],
];

const volunteersPerKm2 = 25;
/** Households per need in a week: most households ask again in later weeks. */
const householdsPerNeed = 0.7;
const utcOffsetMinutes = 480;
/** Monday 2025-03-03, 00:00 in UTC+8. */
const firstWeekStartMs = Date.UTC(2025, 2, 3) - utcOffsetMinutes * minuteMs;

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function gridCellOf(place: Place): string {
  return `网格-${Math.floor(place.eastM / 500)}-${Math.floor(place.northM / 500)}`;
}

/** Generates one scenario; the same options always give the same scenario. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const random = new Random(options.seed);
  const week = options.week ?? 0;
  const sideM = Math.sqrt(options.volunteers / volunteersPerKm2) * 1_000;
  const centreCount = Math.max(4, Math.round((sideM / 1_000) ** 2 / 30));
  const centres = Array.from({ length: centreCount }, () => ({
    east: random.next() * sideM,
    north: random.next() * sideM,
    spread: 1_500 + random.next() * 1_500,
  }));
  // Volunteers live anywhere, more of them near centres; households asking for help cluster in
  // the older compounds near the centres, where many elderly people live.
  const clamp = (value: number): number => Math.min(sideM, Math.max(0, value));
  const placeFrom = (stream: Random, uniformShare = 0.3, spreadFactor = 1): Place => {
    if (stream.chance(uniformShare)) return { eastM: roundTo(stream.next() * sideM, 100), northM: roundTo(stream.next() * sideM, 100) };
    const centre = stream.pick(centres);
    const spread = centre.spread * spreadFactor;
    return {
      eastM: roundTo(clamp(centre.east + stream.normal() * spread), 100),
      northM: roundTo(clamp(centre.north + stream.normal() * spread), 100),
    };
  };
  const householdPlace = (stream: Random): Place => placeFrom(stream, 0.05, 0.5);
  const baseDay = localDayOf(firstWeekStartMs, utcOffsetMinutes);
  const volunteers = generateVolunteers(random, options, placeFrom, baseDay);

  // Households live at fixed places; a third have a regular volunteer living nearby.
  const volunteerGrid = new GridIndex(
    Float64Array.from(volunteers, (v) => v.place.eastM),
    Float64Array.from(volunteers, (v) => v.place.northM),
    1_000,
  );
  const householdCount = Math.max(1, Math.round(options.needs * householdsPerNeed));
  const households: Place[] = [];
  for (let index = 0; index < householdCount; index += 1) {
    const home = householdPlace(random);
    households.push(home);
    if (!random.chance(0.33)) continue;
    const nearby: number[] = [];
    volunteerGrid.forEachNear(home.eastM, home.northM, 2_000, (v) => {
      if (nearby.length < 32) nearby.push(v);
    });
    if (nearby.length === 0) continue;
    const regulars = (volunteers[random.pick(nearby)] as Volunteer).regularBeneficiaryIds as string[];
    if (regulars.length < 16) regulars.push(`b${index}`);
  }

  const weekRandom = new Random((options.seed ^ Math.imul(week + 1, 0x9e3779b9)) >>> 0);
  const weekStartMs = firstWeekStartMs + week * 7 * dayMs;
  const needs = generateNeeds(weekRandom, options, weekStartMs, households, placeFrom);

  const confirmed: ConfirmedAssignment[] = [];
  const confirmedShare = options.confirmedShare ?? 0.05;
  const busy = new Set<number>();
  for (const need of needs) {
    if (!weekRandom.chance(confirmedShare)) continue;
    const nearby: number[] = [];
    volunteerGrid.forEachNear(need.place.eastM, need.place.northM, 1_000, (v) => {
      if (!busy.has(v) && nearby.length < 16) nearby.push(v);
    });
    if (nearby.length === 0) continue;
    const v = weekRandom.pick(nearby);
    busy.add(v);
    confirmed.push({ needId: need.id, volunteerId: (volunteers[v] as Volunteer).id, window: need.window, hours: need.hoursPerSlot });
  }
  return { volunteers, needs, confirmed, weekStartMs };
}

function generateVolunteers(random: Random, options: ScenarioOptions, placeFrom: (stream: Random) => Place, baseDay: number): Volunteer[] {
  const radiusRange = supplyRadiusM[options.supply];
  const volunteers: Volunteer[] = [];
  for (let index = 0; index < options.volunteers; index += 1) {
    const engagement = random.weighted(engagements, engagementShare);
    const profile = random.weighted(profiles, profileShare);
    const shape = supplyShape[options.supply][engagement];
    const skills: SkillLevel[] = [];
    const certificates: Certificate[] = [];
    for (const spec of syntheticSkills) {
      if (!random.chance(Math.min(0.9, spec.volunteerShare * engagementSkillFactor[engagement]))) continue;
      skills.push({ skill: spec.skill, level: random.weighted([1, 2, 3] as const, engagementLevels[engagement]) });
      if (spec.certificate !== null && random.chance(0.85)) {
        // Expiry from half a year ago to almost three years ahead: some have lapsed.
        certificates.push({ name: spec.certificate, expiresOn: dateOfLocalDay(baseDay + random.integer(-180, 1_000)) });
      }
    }
    if (skills.length === 0) skills.push({ skill: '代买代办', level: 1 });
    const languages: string[] = [];
    if (random.chance(0.97)) languages.push('普通话');
    if (random.chance(0.45)) languages.push('南京话');
    if (random.chance(0.15)) languages.push('English');
    if (random.chance(0.03) || skills.some((s) => s.skill === '手语翻译')) languages.push('手语');
    if (languages.length === 0) languages.push('普通话');
    const blockCount = random.integer(shape.blocks[0], shape.blocks[1]);
    const taken = new Set<string>();
    const weeklyAvailability: WeeklyAvailability[] = [];
    for (let block = 0; block < blockCount; block += 1) {
      const weekday = random.pick(profileDays[profile]);
      // Workers are free in the daytime at weekends too.
      const part = profile === 'worker' && weekday >= 6 ? random.integer(0, 2) : random.pick(profileParts[profile]);
      const key = `${weekday}:${part}`;
      if (taken.has(key)) continue;
      taken.add(key);
      const [startMinute, endMinute] = dayParts[part] as readonly [number, number];
      weeklyAvailability.push({ weekday, startMinute, endMinute });
    }
    weeklyAvailability.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
    const exceptions = [];
    if (random.chance(0.1)) {
      const dayStartMs = firstWeekStartMs + random.integer(0, 6) * dayMs;
      exceptions.push({ startMs: dayStartMs, endMs: dayStartMs + dayMs, available: false });
    }
    if (random.chance(0.05)) {
      const startMs = firstWeekStartMs + random.integer(0, 6) * dayMs + 9 * hourMs;
      exceptions.push({ startMs, endMs: startMs + 4 * hourMs, available: true });
    }
    const place = placeFrom(random);
    volunteers.push({
      id: `v${index.toString().padStart(6, '0')}`,
      skills,
      certificates,
      gridCell: gridCellOf(place),
      place,
      travelRadiusM: roundTo(radiusRange[0] + random.next() * (radiusRange[1] - radiusRange[0]), 100),
      weeklyAvailability,
      exceptions,
      weeklyHourCap: `${random.integer(shape.capHours[0], shape.capHours[1])}.00`,
      languages,
      recentAssignments: random.integer(engagementRecent[engagement][0], engagementRecent[engagement][1]),
      regularBeneficiaryIds: [],
    });
  }
  return volunteers;
}

function generateNeeds(
  random: Random,
  options: ScenarioOptions,
  weekStartMs: number,
  households: readonly Place[],
  placeFrom: (stream: Random) => Place,
): ServiceNeed[] {
  const needs: ServiceNeed[] = [];
  const needSkillWeights = syntheticSkills.map((spec) => spec.needShare);
  for (let index = 0; index < options.needs; index += 1) {
    const spec = random.weighted(syntheticSkills, needSkillWeights);
    const skills = [spec.skill];
    if (spec.skill === '助老陪护' && random.chance(0.15)) skills.push('代买代办');
    const certificates = spec.certificate === null ? [] : [spec.certificate];
    const languages =
      spec.skill === '手语翻译'
        ? ['手语']
        : random.weighted([[], ['普通话'], ['南京话', '普通话'], ['南京话'], ['English']], [40, 30, 15, 10, 5]);
    // Most requests fall on weekday mornings and afternoons; a window lies inside one part of a
    // day: an appointment of just its hours, or a wider stretch the beneficiary is home.
    const weekend = random.chance(0.15);
    const day = weekend ? random.integer(5, 6) : random.integer(0, 4);
    const part = random.weighted([0, 1, 2], weekend ? [40, 40, 20] : [45, 40, 15]);
    const [partStart, partEnd] = dayParts[part] as readonly [number, number];
    const hours = random.weighted(['1.00', '1.50', '2.00', '3.00'], [30, 25, 30, 15]);
    const hoursFit = Number(hours) * 60 + 60 <= partEnd - partStart ? hours : '1.00';
    const serviceMinutes = Number(hoursFit) * 60;
    const lengthMinutes = Math.min(partEnd - partStart, serviceMinutes + 30 * random.integer(0, 6));
    const startMinute = partStart + 30 * random.integer(0, Math.floor((partEnd - partStart - lengthMinutes) / 30));
    const startMs = weekStartMs + day * dayMs + startMinute * minuteMs;
    const isProject = random.chance(0.1);
    const household = random.integer(0, households.length - 1);
    const beneficiaryId = isProject ? null : `b${household}`;
    const projectId = isProject ? `p${random.integer(0, 20)}` : null;
    const place = isProject ? placeFrom(random) : (households[household] as Place);
    const payer: Payer = isProject
      ? { kind: 'project', projectId: projectId as string }
      : random.chance(0.6)
        ? { kind: 'requester', accountId: `acct-${beneficiaryId}` }
        : { kind: 'communityPool' };
    needs.push({
      id: `n${index.toString().padStart(6, '0')}`,
      beneficiaryId,
      projectId,
      skills,
      certificates,
      languages,
      gridCell: gridCellOf(place),
      place,
      window: { startMs, endMs: startMs + lengthMinutes * minuteMs },
      slots: random.weighted([1, 2, 3, 4, 5], [15, 20, 30, 20, 15]),
      hoursPerSlot: hoursFit,
      urgency: random.weighted([1, 2, 3, 4, 5] as Urgency[], [25, 25, 25, 15, 10]),
      postedAtMs: weekStartMs - random.integer(1, 7 * 24 * 60) * minuteMs,
      payer,
    });
  }
  return needs;
}
