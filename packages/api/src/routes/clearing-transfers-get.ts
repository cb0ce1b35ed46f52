// GET /api/v1/clearing/transfers/:id: a transfer sent from or received by this community
// (members their own; coordinators, auditors, admins any).
import { clearingTransfersGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { getTransfer } from '../workflows/clearing-transfers.js';

export const clearingTransfersGet = defineRoute({
  operationId: 'clearingTransfersGet',
  method: contract.method,
  path: contract.path,
  summary: 'One transfer between communities and its status',
  tag: 'ledger',
  access: ['member', 'coordinator', 'auditor', 'admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => getTransfer(deps, principal, params.id),
});
