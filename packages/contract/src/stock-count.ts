// The stock count as routes send it.
import { z } from 'zod';

/** Lines of one count: at most one linked batch of variance postings. */
export const stockCountLinesMax = 500;

export const varianceReasons = ['damaged', 'expired', 'miscounted', 'lost', 'found', 'other'] as const;
export type VarianceReason = (typeof varianceReasons)[number];

export const varianceReason = z.enum(varianceReasons);

export const stockCountView = z.strictObject({
  id: z.string(),
  store: z.string(),
  status: z.enum(['counted', 'confirmed', 'finalized']),
  countedBy: z.string(),
  countedAt: z.string(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  finalizedBy: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  lines: z.array(
    z.strictObject({
      item: z.string(),
      book: z.string(),
      counted: z.string(),
      difference: z.string().describe('counted − book'),
      reason: varianceReason.nullable(),
    }),
  ),
  transactions: z.array(z.string()).describe('the variance transactions, once finalized'),
});
