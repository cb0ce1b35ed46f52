// GET /api/v1/clearing/transfers/:id: a transfer sent from or received by this community
// (members their own; coordinators, auditors, admins any).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { id } from '../validation.js';
import { getTransfer } from '../workflows/clearing-transfers.js';
import { transferView } from './transfer-schemas.js';

export const clearingTransfersGet = defineRoute({
  operationId: 'clearingTransfersGet',
  method: 'get',
  path: '/api/v1/clearing/transfers/:id',
  summary: 'One transfer between communities and its status',
  tag: 'ledger',
  access: ['member', 'coordinator', 'auditor', 'admin'],
  request: { params: z.strictObject({ id }) },
  response: { status: 200, description: 'the transfer', schema: transferView },
  handler: ({ deps, principal, params }) => getTransfer(deps, principal, params.id),
});
