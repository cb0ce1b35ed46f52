// The contract of POST /api/v1/funds: what it takes and what it answers.
import { z } from 'zod';
import { fundView, projectsPerFundMax } from '../fund.js';
import { distinct, slugCode } from '../supermarket.js';
import { text } from '../values.js';

export const fundsCreate = {
  method: 'post',
  path: '/api/v1/funds',
  request: {
    body: z.strictObject({
      code: slugCode,
      name: text(100),
      projects: z
        .array(z.strictObject({ code: slugCode, name: text(100) }))
        .min(1)
        .max(projectsPerFundMax)
        .refine((list) => distinct(list.map((project) => project.code)), 'each project once'),
    }),
  },
  response: { status: 201, description: 'the fund', schema: fundView },
} as const;
