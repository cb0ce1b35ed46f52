// The engine's inputs: volunteers, service needs and confirmed assignments, as plain data.
//
// Beneficiaries' exact addresses never enter the engine: a need carries its community grid cell
// (网格) label and an approximate place, so no proposal can leak an address.

import type { Interval } from './time.js';

/** An approximate position on the city plane in metres (east and north of a city origin), rounded
 * by the caller (to 100 m, say) so it cannot identify a door. */
export interface Place {
  readonly eastM: number;
  readonly northM: number;
}

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A recurring weekly stretch of availability, in local minutes of the day [startMinute, endMinute). */
export interface WeeklyAvailability {
  readonly weekday: Weekday;
  readonly startMinute: number;
  readonly endMinute: number;
}

/** A one-off change to weekly availability: extra free time, or time away. */
export interface AvailabilityException {
  readonly startMs: number;
  readonly endMs: number;
  readonly available: boolean;
}

/** A skill with a self-declared or verified level: 1 can help, 2 experienced, 3 expert. */
export interface SkillLevel {
  readonly skill: string;
  readonly level: 1 | 2 | 3;
}

/** A certificate (健康证, 急救证 …) valid up to and including `expiresOn` (a local date). */
export interface Certificate {
  readonly name: string;
  readonly expiresOn: string;
}

export interface Volunteer {
  readonly id: string;
  readonly skills: readonly SkillLevel[];
  readonly certificates: readonly Certificate[];
  /** Community grid cell (网格) label of the volunteer's home. */
  readonly gridCell: string;
  readonly place: Place;
  /** How far from home the volunteer will go, in metres. */
  readonly travelRadiusM: number;
  readonly weeklyAvailability: readonly WeeklyAvailability[];
  readonly exceptions: readonly AvailabilityException[];
  /** The most hours a week the volunteer gives, as a decimal string ("6.00"). */
  readonly weeklyHourCap: string;
  readonly languages: readonly string[];
  /** Assignments in the recent period (the caller chooses it, four weeks say); drives the load part. */
  readonly recentAssignments: number;
  /** Beneficiaries this volunteer has served regularly; drives the continuity part. */
  readonly regularBeneficiaryIds: readonly string[];
}

/** Urgency of a need: 1 can wait, 5 is urgent. */
export type Urgency = 1 | 2 | 3 | 4 | 5;

/** Who pays the hours of a service need; the engine passes it through untouched. */
export type Payer =
  | { readonly kind: 'requester'; readonly accountId: string }
  | { readonly kind: 'communityPool' }
  | { readonly kind: 'project'; readonly projectId: string };

/**
 * A request for service. Each slot is one volunteer position; every slot's volunteer serves
 * `hoursPerSlot` somewhere inside `window`. A recurring request is posted as one need per
 * occasion, and the continuity part keeps the same volunteer.
 */
export interface ServiceNeed {
  readonly id: string;
  /** The household or person served; null for a charity project's general need. */
  readonly beneficiaryId: string | null;
  readonly projectId: string | null;
  /** Every skill listed is required. */
  readonly skills: readonly string[];
  /** Every certificate listed must be valid on the day the window ends. */
  readonly certificates: readonly string[];
  /** Languages the beneficiary speaks; a volunteer must share one. Empty means any. */
  readonly languages: readonly string[];
  readonly gridCell: string;
  readonly place: Place;
  readonly window: Interval;
  readonly slots: number;
  /** Hours each slot's volunteer gives, as a decimal string ("2.00"): they may become ledger amounts. */
  readonly hoursPerSlot: string;
  readonly urgency: Urgency;
  readonly postedAtMs: number;
  readonly payer: Payer;
}

/**
 * A volunteer confirmed on a need. A fixed input: it consumes the volunteer's time and weekly
 * hours and one slot of its need, and no batch run ever moves it. The need may be outside the
 * snapshot (another week's, say).
 */
export interface ConfirmedAssignment {
  readonly needId: string;
  readonly volunteerId: string;
  readonly window: Interval;
  readonly hours: string;
}
