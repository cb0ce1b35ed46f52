// The contract of POST /api/v1/households/:code/points: what it takes and what it answers.
import { z } from 'zod';
import { householdCode } from '../values.js';

export const householdsPointsCreate = {
  method: 'post',
  path: '/api/v1/households/:code/points',
  request: {
    params: z.strictObject({ code: householdCode }),
    body: z.strictObject({
      points: z
        .string()
        .max(7)
        .regex(/^[1-9][0-9]{0,5}$/, 'whole points from 1 to 999999'),
      reason: z
        .string()
        .min(1)
        .max(40)
        .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a short tag such as monthly_allowance (never personal details)'),
    }),
  },
  response: {
    status: 201,
    description: 'the points issued and the household’s new balance',
    schema: z.strictObject({
      household: z.string(),
      points: z.string(),
      reason: z.string(),
      balance: z.string(),
      transaction: z.string(),
      hash: z.string(),
    }),
  },
} as const;
