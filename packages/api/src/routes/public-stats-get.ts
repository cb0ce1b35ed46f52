// GET /api/v1/public/stats: a community's hours served, goods donated and distributed and cash
// donated per month, for anyone; figures from fewer than five people are suppressed.
import { publicStatsGet as contract, publicStatsMonthsDefault } from '@linli/contract';
import { findCommunity } from '../communities.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { monthsBetween, publicStatistics, statsMonthsMax } from '../workflows/public-stats.js';

/** The month an instant falls in, in China Standard Time (exported for the platform's list). */
export function monthNow(instant: Date): string {
  return monthOf(instant);
}

/** The month an instant falls in, in China Standard Time. */
function monthOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

function monthsBefore(end: string, count: number): string {
  const [year, number] = end.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) - (count - 1);
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const publicStatsGet = defineRoute({
  operationId: 'publicStatsGet',
  method: contract.method,
  path: contract.path,
  summary: 'Public statistics per month: hours served, goods donated and distributed, cash donated',
  tag: 'public',
  access: 'public',
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, query }) => {
    const to = query.to ?? monthOf(deps.now());
    const from = query.from ?? monthsBefore(to, publicStatsMonthsDefault);
    const span = from <= to ? monthsBetween(from, to).length : 0;
    if (span < 1 || span > statsMonthsMax) {
      throw new ApiError('validation_failed', {
        errors: [{ in: 'query', pointer: '/from', detail: `from must not be after to, and the range at most ${statsMonthsMax} months` }],
      });
    }
    if ((await findCommunity(deps.knex, query.community)) === undefined) throw new ApiError('not_found', { detail: 'no such community' });
    return publicStatistics(deps.knex, deps.ledger, query.community, from, to, deps.now());
  },
});
