// Service needs' time windows for tests: fixed hours of the day in China time, so that whatever
// time the tests run the demo volunteers are free then (they are available 08:00 to 20:00).

const chinaOffsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;
const hourMs = 3_600_000;

/** `startHour` to `startHour + hours`, China time, `daysAhead` days after today (China time). */
export function volunteerWindow(daysAhead: number, startHour = 10, hours = 3): { start: string; end: string } {
  const localMidnight = Math.floor((Date.now() + chinaOffsetMs) / dayMs) * dayMs - chinaOffsetMs;
  const start = localMidnight + daysAhead * dayMs + startHour * hourMs;
  return { start: new Date(start).toISOString(), end: new Date(start + hours * hourMs).toISOString() };
}
