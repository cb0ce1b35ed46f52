// POST /api/v1/admin/expire-holds: expires the community's holds whose time has passed, freeing
// their amounts now rather than at the next timed sweep (admins; audited).
import { adminExpireHolds as contract } from '@linli/contract';
import { recordAudit } from '../audit/audit-log.js';
import { defineRoute } from '../routing.js';

export const adminExpireHolds = defineRoute({
  operationId: 'adminExpireHolds',
  method: contract.method,
  path: contract.path,
  summary: 'Expire the holds whose time has passed (audited)',
  tag: 'admin',
  access: ['admin'],
  idempotent: true,
  response: contract.response,
  handler: async ({ deps, principal }) => {
    const expired = await deps.ledger.expireHolds(principal.community);
    await recordAudit(
      deps.knex,
      {
        community: principal.community,
        actor: principal.userId,
        action: 'ledger.holds_expired',
        target: `community:${principal.community}`,
        details: { expired },
      },
      deps.now(),
    );
    return { expired };
  },
});
