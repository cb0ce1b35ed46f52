// POST /api/v1/gifts/on-behalf: a coordinator or staff records a member's hour gift for them
// (many members are elderly and have no phone), with how the member consented.
//
// A route of its own rather than an optional field of POST /api/v1/gifts: who may give from an
// account differs (the member themself; or a coordinator or staff, with consent), so each route
// has one set of roles, checked before anything is read, and one body.
import { giftsCreateOnBehalf as contract } from '@linli/contract';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { giveHours } from '../workflows/hour-gifts.js';

export const giftsCreateOnBehalf = defineRoute({
  operationId: 'giftsCreateOnBehalf',
  method: contract.method,
  path: contract.path,
  summary: 'Give a member’s hours for them, with their consent (audited; marked in the journal)',
  tag: 'ledger',
  access: ['coordinator', 'staff'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    return giveHours(
      deps,
      principal,
      { from: body.onBehalfOf.member, to: body.to, hours: body.hours, memo: body.memo, consent: body.onBehalfOf.consent },
      idempotencyKey,
    );
  },
});
