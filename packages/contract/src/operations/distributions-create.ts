// The contract of POST /api/v1/distributions: what it takes and what it answers.
import { z } from 'zod';
import { distinct, distributionLinesMax, itemCode, memo, positiveAmount, slugCode, wholePoints } from '../supermarket.js';
import { householdCode, userId } from '../values.js';

export const distributionsCreate = {
  method: 'post',
  path: '/api/v1/distributions',
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
} as const;
