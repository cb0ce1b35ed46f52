// GET /api/v1/donations/:id/receipt: the donor's receipt, as JSON or (`?format=html`) a printable page.
import { donationsReceiptGet as contract } from '@linli/contract';
import type { Request, Response } from 'express';
import { assertRole } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { defineRoute, type Route } from '../routing.js';
import { pseudonymizeUserIds } from '../privacy/auditor-view.js';
import { parseRequestPart } from '../validation.js';
import { readReceipt } from '../workflows/donations.js';
import { renderReceiptHtml } from './donation-receipt-html.js';
import { supermarketReaders } from '@linli/contract';

const receiptJson = defineRoute({
  operationId: 'donationsReceiptGet',
  method: contract.method,
  path: contract.path,
  summary: 'A donation’s receipt, with the ledger hashes as verification codes (showing a donor’s name is audited)',
  tag: 'supermarket',
  access: supermarketReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params: { id } }) => readReceipt(deps, principal, id),
});

/**
 * `defineRoute` answers JSON; the HTML form checks the same access and input, then sends the
 * page itself. Both read the receipt the same way.
 */
async function handle(deps: Deps, request: Request, response: Response): Promise<void> {
  if (request.query['format'] !== 'html') return receiptJson.handle(deps, request, response);
  const principal = response.locals.principal;
  if (principal === undefined) throw new ApiError('unauthenticated');
  assertRole(principal, supermarketReaders);
  const { id } = parseRequestPart(contract.request.params, { ...request.params }, 'params');
  parseRequestPart(contract.request.query, { ...(request.query as Record<string, unknown>) }, 'query');
  const receipt = await readReceipt(deps, principal, id);
  const html = renderReceiptHtml(receipt);
  // Auditors read people as pseudonyms here too, as in every JSON answer (privacy/auditor-view.ts).
  response
    .status(200)
    .type('text/html; charset=utf-8')
    .send(principal.role === 'auditor' ? pseudonymizeUserIds(html, deps.pseudonyms, principal) : html);
}

export const donationsReceiptGet: Route = { ...receiptJson, handle };
