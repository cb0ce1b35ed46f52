// The fund as routes send it.
import { z } from 'zod';

export const projectsPerFundMax = 20;

export const fundView = z.strictObject({
  code: z.string(),
  name: z.string(),
  balance: z.string().describe('CNY held now'),
  donated: z.string().describe('CNY ever given in cash'),
  projects: z.array(z.strictObject({ code: z.string(), name: z.string(), spent: z.string() })),
});

export const fundMovementView = z.strictObject({
  id: z.string(),
  fund: z.string(),
  project: z.string(),
  amount: z.string(),
  kind: z.enum(['fund_grant', 'fund_spending']),
  fundBalance: z.string(),
  transaction: z.string(),
  hash: z.string(),
});
