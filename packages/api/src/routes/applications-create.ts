// POST /api/v1/public/applications: a resident applies to join a community (public, rate-limited).
import { applicationsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { applicationsPerAddressMax, applyToJoin } from '../workflows/applications.js';

export const applicationsCreate = defineRoute({
  operationId: 'applicationsCreate',
  method: contract.method,
  path: contract.path,
  summary: `Apply to join a community: name, phone, skills and consent to the privacy notice (at most ${applicationsPerAddressMax} an hour from one address)`,
  tag: 'public',
  access: 'public',
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, body, idempotencyKey, address }) => {
    if (idempotencyKey === undefined) throw new Error('assertion: an idempotent route has its key');
    return applyToJoin(
      deps,
      { community: body.community, name: body.name, phone: body.phone, skills: body.skills },
      idempotencyKey,
      address,
    );
  },
});
