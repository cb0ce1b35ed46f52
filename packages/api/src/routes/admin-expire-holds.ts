// POST /api/v1/admin/expire-holds: expires the community's holds whose time has passed, freeing
// their amounts now rather than at the next timed sweep (admins; audited).
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.js';
import { defineRoute } from '../routing.js';

export const adminExpireHolds = defineRoute({
  operationId: 'adminExpireHolds',
  method: 'post',
  path: '/api/v1/admin/expire-holds',
  summary: 'Expire the holds whose time has passed (audited)',
  tag: 'admin',
  access: ['admin'],
  idempotent: true,
  response: { status: 200, description: 'how many holds expired', schema: z.strictObject({ expired: z.number().int().min(0) }) },
  handler: async ({ deps, principal }) => {
    const expired = await deps.ledger.expireHolds(principal.community);
    await recordAudit(deps.knex, { community: principal.community, actor: principal.userId, action: 'ledger.holds_expired', target: `community:${principal.community}`, details: { expired } }, deps.now());
    return { expired };
  },
});
