// The public statistics: figures from fewer people than this are suppressed.

export const suppressionThreshold = 5;

/** The months shown when none are asked for: the last twelve, this one included. */
export const publicStatsMonthsDefault = 12;
