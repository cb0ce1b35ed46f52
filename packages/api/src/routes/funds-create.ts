// POST /api/v1/funds: a restricted charity fund and its projects.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { text } from '../validation.js';
import { createFund, projectsPerFundMax } from '../workflows/funds.js';
import { fundView } from './fund-schemas.js';
import { slugCode, distinct } from './supermarket-schemas.js';

export const fundsCreate = defineRoute({
  operationId: 'fundsCreate',
  method: 'post',
  path: '/api/v1/funds',
  summary: 'Create a restricted fund with its projects (audited)',
  tag: 'funds',
  access: ['admin'],
  idempotent: true,
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
  handler: ({ deps, principal, body }) => createFund(deps, principal, body),
});
