// GET /api/v1/service-records/:id/certificate: the 志愿服务证明, as JSON or (`?format=html`) a printable page.
import { serviceRecordsCertificateGet as contract } from '@linli/contract';
import type { Request, Response } from 'express';
import { assertRole } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { defineRoute, type Route } from '../routing.js';
import { pseudonymizeUserIds } from '../privacy/auditor-view.js';
import { readCertificate, renderCertificateHtml } from '../workflows/service-records.js';
import { parseRequestPart } from '../validation.js';
import { needReaders } from '@linli/contract';

const certificateJson = defineRoute({
  operationId: 'serviceRecordsCertificateGet',
  method: contract.method,
  path: contract.path,
  summary: 'A volunteer service certificate (志愿服务证明) with the ledger hash as verification code',
  tag: 'service',
  access: needReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params: { id } }) => readCertificate(deps, principal, id),
});

/** The HTML form checks the same access and input, then sends the page itself. */
async function handle(deps: Deps, request: Request, response: Response): Promise<void> {
  if (request.query['format'] !== 'html') return certificateJson.handle(deps, request, response);
  const principal = response.locals.principal;
  if (principal === undefined) throw new ApiError('unauthenticated');
  assertRole(principal, needReaders);
  const { id } = parseRequestPart(contract.request.params, { ...request.params }, 'params');
  parseRequestPart(contract.request.query, { ...(request.query as Record<string, unknown>) }, 'query');
  const certificate = await readCertificate(deps, principal, id);
  const html = renderCertificateHtml(certificate);
  response
    .status(200)
    .type('text/html; charset=utf-8')
    .send(principal.role === 'auditor' ? pseudonymizeUserIds(html, deps.pseudonyms, principal) : html);
}

export const serviceRecordsCertificateGet: Route = { ...certificateJson, handle };
