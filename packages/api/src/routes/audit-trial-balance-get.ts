// GET /api/v1/audit/trial-balance: per unit, the sums of debit and credit balances, now or at a
// past time; every unit nets to zero in balanced books (auditors, admins, coordinators).
import { AmountDecimal } from '@linli/ledger';
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { amountView, atQuery } from './ledger-schemas.js';

export const auditTrialBalanceGet = defineRoute({
  operationId: 'auditTrialBalanceGet',
  method: 'get',
  path: '/api/v1/audit/trial-balance',
  summary: 'The trial balance per unit, now or at a past time',
  tag: 'audit',
  access: ['auditor', 'admin', 'coordinator'],
  request: { query: z.strictObject({ at: atQuery.optional() }) },
  response: {
    status: 200,
    description: 'the trial balance',
    schema: z.strictObject({
      at: z.string().nullable(),
      balanced: z.boolean().describe('every unit nets to zero'),
      units: z.array(z.strictObject({ unit: z.string(), debit: amountView, credit: amountView, net: amountView, accounts: z.number().int() })),
    }),
  },
  handler: async ({ deps, principal, query }) => {
    const units = await deps.ledger.trialBalance(principal.community, query.at === undefined ? {} : { at: query.at });
    return { at: query.at ?? null, balanced: units.every((line) => new AmountDecimal(line.net).isZero()), units };
  },
});
