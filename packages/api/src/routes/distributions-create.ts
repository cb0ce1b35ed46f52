// POST /api/v1/distributions: hand goods to a household (for points) or a member (for hours).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { householdCode, userId } from '../validation.js';
import { distribute, distributionLinesMax } from '../workflows/distributions.js';
import { itemCode, memo, positiveAmount, slugCode, supermarketWorkers, distinct, wholePoints } from './supermarket-schemas.js';

export const distributionsCreate = defineRoute({
  operationId: 'distributionsCreate',
  method: 'post',
  path: '/api/v1/distributions',
  summary: 'Hand goods to a household or a member, within the redemption rules and monthly quotas',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
  request: {
    body: z
      .strictObject({
        store: slugCode,
        household: householdCode.optional(),
        member: userId.optional().describe('a member redeeming banked hours under the hour rule'),
        items: z
          .array(z.strictObject({ item: itemCode, quantity: positiveAmount }))
          .min(1)
          .max(distributionLinesMax)
          .refine((list) => distinct(list.map((line) => line.item)), 'each item once'),
        points: wholePoints.optional().describe('the price the counter showed; refused (points_mismatch) unless the rules give the same'),
        memo: memo.optional(),
      })
      .refine((body) => (body.household === undefined) !== (body.member === undefined), 'a household or a member, not both'),
  },
  response: {
    status: 201,
    description: 'the handout as booked',
    schema: z.strictObject({
      id: z.string(),
      store: z.string(),
      household: z.string().nullable(),
      member: z.string().nullable(),
      month: z.string(),
      items: z.array(z.strictObject({ item: z.string(), quantity: z.string() })),
      points: z.string(),
      hours: z.string(),
      transaction: z.string(),
      hash: z.string(),
    }),
  },
  handler: ({ deps, principal, body, idempotencyKey }) => {
    const recipient = body.household !== undefined ? { household: body.household } : { member: body.member ?? '' };
    return distribute(deps, principal, { store: body.store, recipient, items: body.items, points: body.points, memo: body.memo }, idempotencyKey);
  },
});
