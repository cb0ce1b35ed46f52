// GET /api/v1/audit/trial-balance: per unit, the sums of debit and credit balances, now or at a
// past time; every unit nets to zero in balanced books (auditors, admins, coordinators).
import { auditTrialBalanceGet as contract } from '@linli/contract';
import { AmountDecimal } from '@linli/ledger';
import { defineRoute } from '../routing.js';

export const auditTrialBalanceGet = defineRoute({
  operationId: 'auditTrialBalanceGet',
  method: contract.method,
  path: contract.path,
  summary: 'The trial balance per unit, now or at a past time',
  tag: 'audit',
  access: ['auditor', 'admin', 'coordinator'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, query }) => {
    const units = await deps.ledger.trialBalance(principal.community, query.at === undefined ? {} : { at: query.at });
    return { at: query.at ?? null, balanced: units.every((line) => new AmountDecimal(line.net).isZero()), units };
  },
});
