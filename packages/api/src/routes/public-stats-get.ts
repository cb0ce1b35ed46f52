// GET /api/v1/public/stats: a community's hours served, goods donated and distributed and cash
// donated per month, for anyone; figures from fewer than five people are suppressed.
import { z } from 'zod';
import { findCommunity } from '../communities.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { communityCode } from '../validation.js';
import { monthsBetween, publicStatistics, statsMonthsMax, suppressionThreshold } from '../workflows/public-stats.js';
import { amountView } from './ledger-schemas.js';

const month = z.string().regex(/^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$/, 'a month such as 2025-03');
/** The months shown when none are asked for: the last twelve, this one included. */
const monthsDefault = 12;

const figure = z.strictObject({
  value: amountView.nullable().describe(`null when suppressed`),
  count: z.number().int().nullable().describe('distinct volunteers, donors or households behind the value; null when suppressed'),
  suppressed: z.boolean().describe(`true when fewer than ${suppressionThreshold} people are behind the value`),
});
const itemFigure = z.strictObject({ unit: z.string(), name: z.string(), ...figure.shape });

/** One month's public figures (the platform's list of communities shows them too). */
export const monthStatisticsView = z.strictObject({
  month: z.string(),
  hoursServed: figure,
  goodsDonated: z.array(itemFigure).describe('per catalogue item, in its own unit'),
  goodsDistributed: z.array(itemFigure),
  cashDonated: figure.describe('CNY'),
});

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
  method: 'get',
  path: '/api/v1/public/stats',
  summary: 'Public statistics per month: hours served, goods donated and distributed, cash donated',
  tag: 'public',
  access: 'public',
  request: {
    query: z.strictObject({
      community: communityCode,
      from: month.optional().describe(`the first month (China Standard Time); default: ${monthsDefault - 1} months before \`to\``),
      to: month.optional().describe('the last month, included; default: this month'),
    }),
  },
  response: {
    status: 200,
    description: `per month; a figure from fewer than ${suppressionThreshold} people is null and suppressed`,
    schema: z.strictObject({
      community: z.string(),
      from: z.string(),
      to: z.string(),
      suppressionThreshold: z.number().int(),
      months: z.array(monthStatisticsView),
    }),
  },
  handler: async ({ deps, query }) => {
    const to = query.to ?? monthOf(deps.now());
    const from = query.from ?? monthsBefore(to, monthsDefault);
    const span = from <= to ? monthsBetween(from, to).length : 0;
    if (span < 1 || span > statsMonthsMax) {
      throw new ApiError('validation_failed', { errors: [{ in: 'query', pointer: '/from', detail: `from must not be after to, and the range at most ${statsMonthsMax} months` }] });
    }
    if ((await findCommunity(deps.knex, query.community)) === undefined) throw new ApiError('not_found', { detail: 'no such community' });
    return publicStatistics(deps.knex, deps.ledger, query.community, from, to, deps.now());
  },
});
