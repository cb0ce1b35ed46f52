// A snapshot indexes volunteers, needs and confirmed assignments once, so browse, batch and urgent
// waves all read the same prepared facts.

import { assert, fail } from './assert.js';
import { GridIndex } from './grid-index.js';
import { hoursToHundredths } from './hours.js';
import {
  availabilityExceptionsMax,
  confirmedAssignmentsMax,
  horizonDaysMax,
  languagesMax,
  needsMax,
  needWindowHoursMax,
  regularBeneficiariesMax,
  requirementsPerNeedMax,
  skillsMax,
  slotsPerNeedMax,
  travelRadiusMetersMax,
  volunteerListEntriesMax,
  volunteersMax,
  weeklyAvailabilityEntriesMax,
} from './limits.js';
import type { ConfirmedAssignment, ServiceNeed, Volunteer, WeeklyAvailability } from './model.js';
import { resolvePolicy, type CostWeights, type MatchingPolicy } from './policy.js';
import {
  dayMs,
  hourMs,
  localDayOf,
  localDayOfDate,
  localDayStartMs,
  localWeekOf,
  mergeIntervals,
  minuteMs,
  subtractIntervals,
  weekdayOfLocalDay,
} from './time.js';

export interface SnapshotInput {
  readonly volunteers: readonly Volunteer[];
  readonly needs: readonly ServiceNeed[];
  readonly confirmed: readonly ConfirmedAssignment[];
  readonly policy?: Partial<Omit<MatchingPolicy, 'weights'>> & { weights?: Partial<CostWeights> };
}

/** Assigns each distinct name a bit, so set tests are one AND. */
class BitNames {
  readonly #bits = new Map<string, number>();
  readonly #max: number;
  readonly #what: string;
  constructor(max: number, what: string) {
    this.#max = max;
    this.#what = what;
  }
  mask(names: readonly string[]): number {
    let mask = 0;
    for (const name of names) mask |= 1 << this.bitFor(name);
    return mask >>> 0;
  }
  /** The bit of a name, assigning the next free one to a new name. */
  bitFor(name: string): number {
    let bit = this.#bits.get(name);
    if (bit === undefined) {
      bit = this.#bits.size;
      if (!(bit < this.#max)) fail(`a snapshot holds at most ${this.#max} distinct ${this.#what}`);
      this.#bits.set(name, bit);
    }
    return bit;
  }
  bitOf(name: string): number {
    const bit = this.#bits.get(name);
    if (!(bit !== undefined)) fail(`unknown ${this.#what} "${name}"`);
    return bit;
  }
}

/** Travel radii are grouped in bands this wide, so a grid search reaches as far as its band needs. */
export const radiusBandM = 1_000;
export const radiusBandCount = Math.ceil(travelRadiusMetersMax / radiusBandM);

/** The band of a travel radius: radius ≤ (band + 1) × radiusBandM. */
export function radiusBandOf(radiusM: number): number {
  return Math.max(0, Math.ceil(radiusM / radiusBandM) - 1);
}

/** The facts of one volunteer's confirmed assignments: busy times and hours per week. */
interface Commitments {
  /** Flat [start, end, ...] of confirmed windows, merged and sorted by start. */
  busy: number[];
  readonly hundredthsByWeek: Map<number, number>;
  readonly needIndexes: Set<number>;
}

const noCertificates: ReadonlyMap<string, number> = new Map();
const noRegulars: ReadonlySet<string> = new Set();

const noCommitments: Commitments = { busy: [], hundredthsByWeek: new Map(), needIndexes: new Set() };

export class Snapshot {
  readonly policy: MatchingPolicy;
  readonly volunteers: readonly Volunteer[];
  readonly needs: readonly ServiceNeed[];
  readonly confirmed: readonly ConfirmedAssignment[];
  readonly volunteerIndexById = new Map<string, number>();
  readonly needIndexById = new Map<string, number>();
  readonly volunteerGrid: GridIndex;
  /**
   * Grids over the volunteers who have skill bit b and a travel radius in band r (radius up to
   * (r + 1) × radiusBandM), at b × radiusBandCount + r, or null when empty: batch visits only the
   * volunteers who have the skill and could reach the need.
   */
  readonly volunteerGridBySkillAndBand: ReadonlyArray<GridIndex | null>;
  /** The largest travel radius of any volunteer: how far around a need the grid is searched. */
  readonly travelRadiusMaxM: number;
  readonly needGrid: GridIndex;
  readonly volunteerSkillMask: Uint32Array;
  /** Level (1–3) of volunteer v's skill bit b at v × skillsMax + b; 0 when absent. */
  readonly volunteerSkillLevel: Uint8Array;
  readonly volunteerLanguageMask: Uint32Array;
  readonly volunteerRadiusM: Float64Array;
  readonly volunteerCapHundredths: Int32Array;
  /**
   * Bit w − 1 set when the volunteer's weekly availability has an entry on ISO weekday w; all bits
   * when an exception adds time. A quick, exact-safe test before the intervals are read: a
   * volunteer with no time on a need's weekdays fails `availability` whatever the hours.
   */
  readonly volunteerWeekdayMask: Uint8Array;
  /** Bits of the ISO weekdays a need's window, widened by the travel buffer, touches. */
  readonly needWeekdayMask: Uint8Array;
  /** 1 when the volunteer has a confirmed assignment. */
  readonly volunteerHasCommitments: Uint8Array;
  readonly volunteerCertificateExpiryDay: ReadonlyArray<ReadonlyMap<string, number>>;
  readonly volunteerRegulars: ReadonlyArray<ReadonlySet<string>>;
  readonly needSkillMask: Uint32Array;
  /** Skill bits each need requires, for the skill-fit part. */
  readonly needSkillBits: ReadonlyArray<readonly number[]>;
  /** Zero means the beneficiary accepts any language. */
  readonly needLanguageMask: Uint32Array;
  readonly needHundredths: Int32Array;
  readonly needWeek: Float64Array;
  readonly needEndDay: Float64Array;
  readonly needConfirmedSlots: Int32Array;
  readonly needOpenSlots: Int32Array;
  readonly #skillNames = new BitNames(skillsMax, 'skills');
  readonly #commitments: Commitments[] = [];
  /**
   * Every volunteer's free time over the horizon, merged flat [start, end, ...], in one array:
   * volunteer v's intervals are availabilityPool[availabilityStart[v] .. availabilityEnd[v]).
   * Volunteers are laid out in grid order, so a scan around a need reads nearby memory.
   */
  readonly availabilityPool: Float64Array;
  readonly availabilityStart: Int32Array;
  readonly availabilityEnd: Int32Array;
  readonly #horizonStartMs: number;
  readonly #horizonEndMs: number;

  constructor(input: SnapshotInput) {
    this.policy = resolvePolicy(input.policy);
    // Volunteers are numbered in grid-cell order, so those a scan visits together sit together in
    // every per-volunteer array: fewer cache misses in the hot loop. Ids, not numbers, leave the
    // snapshot, so callers never see the order.
    const cellSizeM = this.policy.gridCellSizeM;
    if (!(input.volunteers.length <= volunteersMax)) fail(`at most ${volunteersMax} volunteers`);
    // One packed key per volunteer (column, row, input index; 16 + 16 + 18 bits, exact in a double)
    // lets the native numeric sort do the ordering.
    const keys = new Float64Array(input.volunteers.length);
    input.volunteers.forEach((volunteer, index) => {
      const column = Math.min(Math.max(Math.floor(volunteer.place.eastM / cellSizeM) + 32_768, 0), 65_535);
      const row = Math.min(Math.max(Math.floor(volunteer.place.northM / cellSizeM) + 32_768, 0), 65_535);
      keys[index] = (column * 65_536 + row) * 262_144 + index;
    });
    keys.sort();
    this.volunteers = Array.from(keys, (key) => input.volunteers[key % 262_144] as Volunteer);
    this.needs = input.needs;
    this.confirmed = input.confirmed;
    const volunteerCount = this.volunteers.length;
    const needCount = input.needs.length;
    if (!(volunteerCount <= volunteersMax)) fail(`at most ${volunteersMax} volunteers`);
    if (!(needCount <= needsMax)) fail(`at most ${needsMax} needs`);
    if (!(input.confirmed.length <= confirmedAssignmentsMax)) fail(`at most ${confirmedAssignmentsMax} confirmed assignments`);
    const offset = this.policy.utcOffsetMinutes;
    const languageNames = new BitNames(languagesMax, 'languages');

    const volunteerEast = new Float64Array(volunteerCount);
    const volunteerNorth = new Float64Array(volunteerCount);
    this.volunteerSkillMask = new Uint32Array(volunteerCount);
    this.volunteerSkillLevel = new Uint8Array(volunteerCount * skillsMax);
    this.volunteerLanguageMask = new Uint32Array(volunteerCount);
    this.volunteerRadiusM = new Float64Array(volunteerCount);
    this.volunteerCapHundredths = new Int32Array(volunteerCount);
    this.volunteerHasCommitments = new Uint8Array(volunteerCount);
    this.volunteerWeekdayMask = new Uint8Array(volunteerCount);
    const certificateDays: Array<ReadonlyMap<string, number>> = [];
    const regulars: Array<ReadonlySet<string>> = [];
    for (let v = 0; v < volunteerCount; v += 1) {
      const volunteer = this.volunteers[v] as Volunteer;
      if (this.volunteerIndexById.has(volunteer.id)) fail(`duplicate volunteer id ${volunteer.id}`);
      this.volunteerIndexById.set(volunteer.id, v);
      if (!(volunteer.skills.length <= volunteerListEntriesMax)) fail(`volunteer ${volunteer.id} lists too many skills`);
      if (!(volunteer.certificates.length <= volunteerListEntriesMax)) fail(`volunteer ${volunteer.id} lists too many certificates`);
      if (!(volunteer.languages.length <= volunteerListEntriesMax)) fail(`volunteer ${volunteer.id} lists too many languages`);
      if (!(volunteer.weeklyAvailability.length <= weeklyAvailabilityEntriesMax))
        fail(`volunteer ${volunteer.id} has too many availability entries`);
      if (!(volunteer.exceptions.length <= availabilityExceptionsMax)) fail(`volunteer ${volunteer.id} has too many exceptions`);
      if (!(volunteer.regularBeneficiaryIds.length <= regularBeneficiariesMax)) fail(`volunteer ${volunteer.id} lists too many regulars`);
      if (!(volunteer.travelRadiusM >= 0 && volunteer.travelRadiusM <= travelRadiusMetersMax))
        fail(`volunteer ${volunteer.id} travel radius must be within [0, ${travelRadiusMetersMax}] m`);
      if (!(Number.isInteger(volunteer.recentAssignments) && volunteer.recentAssignments >= 0))
        fail(`volunteer ${volunteer.id} recentAssignments must be a non-negative integer`);
      volunteerEast[v] = volunteer.place.eastM;
      volunteerNorth[v] = volunteer.place.northM;
      this.volunteerRadiusM[v] = volunteer.travelRadiusM;
      this.volunteerCapHundredths[v] = hoursToHundredths(volunteer.weeklyHourCap);
      this.volunteerLanguageMask[v] = languageNames.mask(volunteer.languages);
      let skillMask = 0;
      for (const { skill, level } of volunteer.skills) {
        if (!(level === 1 || level === 2 || level === 3)) fail(`volunteer ${volunteer.id} skill level must be 1, 2 or 3`);
        const bit = this.#skillNames.bitFor(skill);
        skillMask |= 1 << bit;
        const index = v * skillsMax + bit;
        this.volunteerSkillLevel[index] = Math.max(this.volunteerSkillLevel[index] as number, level);
      }
      this.volunteerSkillMask[v] = skillMask >>> 0;
      // Most volunteers hold no certificate and have no regulars: they share one empty map and set.
      if (volunteer.certificates.length === 0) {
        certificateDays.push(noCertificates);
      } else {
        const days = new Map<string, number>();
        for (const certificate of volunteer.certificates) {
          const day = localDayOfDate(certificate.expiresOn);
          days.set(certificate.name, Math.max(days.get(certificate.name) ?? -Infinity, day));
        }
        certificateDays.push(days);
      }
      regulars.push(volunteer.regularBeneficiaryIds.length === 0 ? noRegulars : new Set(volunteer.regularBeneficiaryIds));
      for (const entry of volunteer.weeklyAvailability) {
        if (!(Number.isInteger(entry.weekday) && entry.weekday >= 1 && entry.weekday <= 7))
          fail(`volunteer ${volunteer.id} weekday must be 1–7`);
        if (
          !(Number.isInteger(entry.startMinute) && entry.startMinute >= 0 && entry.startMinute < entry.endMinute && entry.endMinute <= 1440)
        )
          fail(`volunteer ${volunteer.id} availability must lie within one local day`);
      }
      let weekdays = 0;
      for (const entry of volunteer.weeklyAvailability) weekdays |= 1 << (entry.weekday - 1);
      for (const exception of volunteer.exceptions) {
        if (!(exception.startMs < exception.endMs)) fail(`volunteer ${volunteer.id} exception must not be empty`);
        if (exception.available) weekdays = 0x7f;
      }
      this.volunteerWeekdayMask[v] = weekdays;
    }
    this.volunteerCertificateExpiryDay = certificateDays;
    this.volunteerRegulars = regulars;
    this.volunteerGrid = new GridIndex(volunteerEast, volunteerNorth, this.policy.gridCellSizeM);
    this.travelRadiusMaxM = this.volunteerRadiusM.reduce((max, radius) => Math.max(max, radius), 0);

    const needEast = new Float64Array(needCount);
    const needNorth = new Float64Array(needCount);
    this.needSkillMask = new Uint32Array(needCount);
    this.needLanguageMask = new Uint32Array(needCount);
    this.needHundredths = new Int32Array(needCount);
    this.needWeek = new Float64Array(needCount);
    this.needEndDay = new Float64Array(needCount);
    this.needConfirmedSlots = new Int32Array(needCount);
    this.needOpenSlots = new Int32Array(needCount);
    this.needWeekdayMask = new Uint8Array(needCount);
    const bufferForDaysMs = this.policy.travelBufferMinutes * minuteMs;
    const needSkillBits: number[][] = [];
    this.needSkillBits = needSkillBits;
    let horizonStartMs = Infinity;
    let horizonEndMs = -Infinity;
    for (let n = 0; n < needCount; n += 1) {
      const need = input.needs[n] as ServiceNeed;
      if (this.needIndexById.has(need.id)) fail(`duplicate need id ${need.id}`);
      this.needIndexById.set(need.id, n);
      if (!(Number.isInteger(need.slots) && need.slots >= 1 && need.slots <= slotsPerNeedMax))
        fail(`need ${need.id} slots must be an integer in [1, ${slotsPerNeedMax}]`);
      if (!(Number.isInteger(need.urgency) && need.urgency >= 1 && need.urgency <= 5)) fail(`need ${need.id} urgency must be 1–5`);
      if (!(need.skills.length <= requirementsPerNeedMax && need.certificates.length <= requirementsPerNeedMax))
        fail(`need ${need.id} lists too many requirements`);
      if (!(need.languages.length <= volunteerListEntriesMax)) fail(`need ${need.id} lists too many languages`);
      const { startMs, endMs } = need.window;
      if (!(Number.isInteger(startMs) && Number.isInteger(endMs) && startMs < endMs))
        fail(`need ${need.id} window must be a non-empty interval of whole milliseconds`);
      if (!(endMs - startMs <= needWindowHoursMax * hourMs)) fail(`need ${need.id} window must be at most ${needWindowHoursMax} hours`);
      const hundredths = hoursToHundredths(need.hoursPerSlot);
      if (!(hundredths > 0 && hundredths * 36_000 <= endMs - startMs))
        fail(`need ${need.id} hoursPerSlot must be positive and fit in its window`);
      needEast[n] = need.place.eastM;
      needNorth[n] = need.place.northM;
      this.needSkillMask[n] = this.#skillNames.mask(need.skills);
      needSkillBits.push(need.skills.map((skill) => this.#skillNames.bitOf(skill)));
      this.needLanguageMask[n] = languageNames.mask(need.languages);
      this.needHundredths[n] = hundredths;
      this.needWeek[n] = localWeekOf(startMs, offset);
      this.needEndDay[n] = localDayOf(endMs - 1, offset);
      let weekdays = 0;
      const firstDay = localDayOf(startMs - bufferForDaysMs, offset);
      const lastDay = localDayOf(endMs + bufferForDaysMs - 1, offset);
      for (let day = firstDay; day <= lastDay; day += 1) weekdays |= 1 << (weekdayOfLocalDay(day) - 1);
      this.needWeekdayMask[n] = weekdays;
      horizonStartMs = Math.min(horizonStartMs, startMs);
      horizonEndMs = Math.max(horizonEndMs, endMs);
    }
    this.needGrid = new GridIndex(needEast, needNorth, this.policy.gridCellSizeM);
    const members: number[][] = Array.from({ length: skillsMax * radiusBandCount }, () => []);
    for (let v = 0; v < volunteerCount; v += 1) {
      const mask = this.volunteerSkillMask[v] as number;
      const band = radiusBandOf(this.volunteerRadiusM[v] as number);
      for (let bit = 0; bit < skillsMax; bit += 1)
        if ((mask & (1 << bit)) !== 0) (members[bit * radiusBandCount + band] as number[]).push(v);
    }
    this.volunteerGridBySkillAndBand = members.map((list) =>
      list.length === 0 ? null : new GridIndex(volunteerEast, volunteerNorth, this.policy.gridCellSizeM, Int32Array.from(list)),
    );
    const bufferMs = this.policy.travelBufferMinutes * minuteMs;
    this.#horizonStartMs = horizonStartMs - bufferMs;
    this.#horizonEndMs = horizonEndMs + bufferMs;
    if (!(needCount === 0 || this.#horizonEndMs - this.#horizonStartMs <= horizonDaysMax * dayMs))
      fail(`need windows must span at most ${horizonDaysMax} days`);

    for (const assignment of input.confirmed) {
      const v = this.volunteerIndexById.get(assignment.volunteerId);
      if (!(v !== undefined)) fail(`confirmed assignment names unknown volunteer ${assignment.volunteerId}`);
      assert(assignment.window.startMs < assignment.window.endMs, 'a confirmed window must not be empty');
      let commitments = this.#commitments[v];
      if (commitments === undefined) {
        commitments = { busy: [], hundredthsByWeek: new Map(), needIndexes: new Set() };
        this.#commitments[v] = commitments;
        this.volunteerHasCommitments[v] = 1;
      }
      commitments.busy.push(assignment.window.startMs, assignment.window.endMs);
      const week = localWeekOf(assignment.window.startMs, offset);
      commitments.hundredthsByWeek.set(week, (commitments.hundredthsByWeek.get(week) ?? 0) + hoursToHundredths(assignment.hours));
      const n = this.needIndexById.get(assignment.needId);
      if (n !== undefined) {
        if (commitments.needIndexes.has(n)) fail(`volunteer ${assignment.volunteerId} is confirmed twice on need ${assignment.needId}`);
        commitments.needIndexes.add(n);
        this.needConfirmedSlots[n] = (this.needConfirmedSlots[n] as number) + 1;
      }
    }
    for (const commitments of this.#commitments) {
      if (commitments !== undefined) commitments.busy = mergeIntervals(commitments.busy);
    }
    for (let n = 0; n < needCount; n += 1) {
      const need = input.needs[n] as ServiceNeed;
      if (!((this.needConfirmedSlots[n] as number) <= need.slots)) fail(`need ${need.id} has more confirmed assignments than slots`);
      this.needOpenSlots[n] = need.slots - (this.needConfirmedSlots[n] as number);
    }

    this.availabilityStart = new Int32Array(volunteerCount);
    this.availabilityEnd = new Int32Array(volunteerCount);
    let pool = new Float64Array(Math.max(16, volunteerCount * 16));
    let used = 0;
    for (const v of this.volunteerGrid.members) {
      const intervals = this.#freeTimeOf(v);
      if (used + intervals.length > pool.length) {
        const grown = new Float64Array(Math.max(pool.length * 2, used + intervals.length));
        grown.set(pool.subarray(0, used));
        pool = grown;
      }
      this.availabilityStart[v] = used;
      pool.set(intervals, used);
      used += intervals.length;
      this.availabilityEnd[v] = used;
    }
    this.availabilityPool = pool.subarray(0, used);
  }

  /** Bit of a skill name in the masks; asserts the skill is known to the snapshot. */
  skillBit(skill: string): number {
    return this.#skillNames.bitOf(skill);
  }

  /** Volunteer v's confirmed busy windows (merged) and hours per week. */
  commitmentsOf(v: number): Commitments {
    return this.#commitments[v] ?? noCommitments;
  }

  /** Volunteer v's free time over the snapshot's horizon as merged flat [start, end, ...]. */
  availabilityOf(v: number): Float64Array {
    return this.availabilityPool.subarray(this.availabilityStart[v] as number, this.availabilityEnd[v] as number);
  }

  /** Weekly availability over the horizon, plus exceptions that add time, minus those that remove it. */
  #freeTimeOf(v: number): number[] {
    const volunteer = this.volunteers[v] as Volunteer;
    const offset = this.policy.utcOffsetMinutes;
    // Entries sorted by weekday then start, so the days come out in order and merge in one pass.
    let entries = volunteer.weeklyAvailability;
    for (let index = 1; index < entries.length; index += 1) {
      const previous = entries[index - 1] as WeeklyAvailability;
      const entry = entries[index] as WeeklyAvailability;
      if (previous.weekday > entry.weekday || (previous.weekday === entry.weekday && previous.startMinute > entry.startMinute)) {
        entries = [...entries].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
        break;
      }
    }
    const flat: number[] = [];
    if (this.#horizonStartMs <= this.#horizonEndMs) {
      const firstDay = localDayOf(this.#horizonStartMs, offset);
      const lastDay = localDayOf(this.#horizonEndMs, offset);
      for (let day = firstDay; day <= lastDay; day += 1) {
        const weekday = weekdayOfLocalDay(day);
        const dayStartMs = localDayStartMs(day, offset);
        for (const entry of entries) {
          if (entry.weekday !== weekday) continue;
          const startMs = dayStartMs + entry.startMinute * minuteMs;
          const endMs = dayStartMs + entry.endMinute * minuteMs;
          const last = flat.length - 1;
          if (last > 0 && startMs <= (flat[last] as number)) flat[last] = Math.max(flat[last] as number, endMs);
          else flat.push(startMs, endMs);
        }
      }
    }
    if (volunteer.exceptions.length === 0) return flat;
    const cuts: number[] = [];
    for (const exception of volunteer.exceptions) {
      if (exception.available) flat.push(exception.startMs, exception.endMs);
      else cuts.push(exception.startMs, exception.endMs);
    }
    return subtractIntervals(mergeIntervals(flat), cuts);
  }
}

/** Builds a snapshot; asserts the inputs (duplicate ids, malformed hours, limits). */
export function createSnapshot(input: SnapshotInput): Snapshot {
  return new Snapshot(input);
}
