// The contract of GET /api/v1/public/stats: what it takes and what it answers.
import { z } from 'zod';
import { amountView } from '../ledger.js';
import { publicStatsMonthsDefault, suppressionThreshold } from '../public-stats.js';
import { communityCode } from '../values.js';

const month = z.string().regex(/^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$/, 'a month such as 2025-03');

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

export const publicStatsGet = {
  method: 'get',
  path: '/api/v1/public/stats',
  request: {
    query: z.strictObject({
      community: communityCode,
      from: month
        .optional()
        .describe(`the first month (China Standard Time); default: ${publicStatsMonthsDefault - 1} months before \`to\``),
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
} as const;
