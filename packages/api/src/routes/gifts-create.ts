// POST /api/v1/gifts: a member gives hours from their own account to a member or the pool (members).
import { giftsCreate as contract } from '@linli/contract';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { giveHours } from '../workflows/hour-gifts.js';

export const giftsCreate = defineRoute({
  operationId: 'giftsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Give my hours to a family member or the pool (only banked hours)',
  tag: 'ledger',
  access: ['member'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    return giveHours(deps, principal, { from: principal.userId, to: body.to, hours: body.hours, memo: body.memo }, idempotencyKey);
  },
});
