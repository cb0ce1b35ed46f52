// The stock count as routes send it.
import { z } from 'zod';
import { varianceReasons } from '../workflows/stock-counts.js';

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
  lines: z.array(z.strictObject({ item: z.string(), book: z.string(), counted: z.string(), difference: z.string().describe('counted − book'), reason: varianceReason.nullable() })),
  transactions: z.array(z.string()).describe('the variance transactions, once finalized'),
});
