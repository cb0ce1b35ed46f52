// Every named maximum of the matching engine, in one place so a reader sees all the bounds at once.

/** Volunteers in one snapshot; the stretch benchmark runs 100,000 (at most 2^18, see snapshot.ts). */
export const volunteersMax = 200_000;
/** Service needs in one snapshot; the stretch benchmark runs 10,000. */
export const needsMax = 20_000;
/** Confirmed assignments given to one snapshot. */
export const confirmedAssignmentsMax = 200_000;
/**
 * Open slots one batch run may hold. It keeps the scaled objective (urgency weight × scale +
 * cost, see batch-solve.ts) within exact doubles; a city's week is a few tens of thousands.
 */
export const openSlotsPerBatchMax = 100_000;
/** Slots (volunteer positions) one service need may ask for. */
export const slotsPerNeedMax = 50;
/** Distinct skills in one snapshot: skills are kept as bits of a 32-bit mask. */
export const skillsMax = 32;
/** Distinct languages in one snapshot: languages are kept as bits of a 32-bit mask. */
export const languagesMax = 32;
/** Skills or certificates one need may require. */
export const requirementsPerNeedMax = 8;
/** Entries in one volunteer's weekly availability. */
export const weeklyAvailabilityEntriesMax = 64;
/** Availability exceptions one volunteer may carry. */
export const availabilityExceptionsMax = 64;
/** Certificates, skills or languages one volunteer may list. */
export const volunteerListEntriesMax = 32;
/** Regular beneficiaries one volunteer may list for the continuity part of the cost. */
export const regularBeneficiariesMax = 64;
/** Days between the earliest need window and the latest one; availability is expanded over them. */
export const horizonDaysMax = 35;
/** The longest need window, so a need cannot block a volunteer for weeks. */
export const needWindowHoursMax = 24;
/** How far a volunteer may travel; the grid index searches this far around a need. */
export const travelRadiusMetersMax = 5_000;
/** Grid cells one query may visit (a square of cells around a need). */
export const cellsPerQueryMax = 441;
/**
 * Candidates kept per need, nearest first. A cap keeps the flow network in proportion to the
 * needs, not to the crowd around a need in a dense district; batch is exact over the kept pairs.
 */
export const candidatesPerNeedMax = 128;
/** New slots one volunteer may receive in one batch run (also the count of load steps). */
export const slotsPerVolunteerPerBatchMax = 8;
/** Recent assignments counted by the load part; a larger count costs the same as this one. */
export const recentAssignmentsCountedMax = 50;
/** Entries in one ranked browse list. */
export const browseResultsMax = 200;
/** Exclusions one call returns in full (their counts per rule are always complete). */
export const exclusionsMax = 100_000;
/** Waves planned for one urgent need. */
export const urgentWavesMax = 8;
/** Volunteers notified in one urgent wave. */
export const urgentWaveSizeMax = 200;
/** Goods needs, stock lots, pledges or quota rows in one goods allocation. */
export const goodsEntriesMax = 100_000;
/** Items one goods need may list. */
export const itemsPerGoodsNeedMax = 64;
/** Hours are carried as decimal strings with at most this many whole-hour digits. */
export const hoursDigitsMax = 3;
