// GET /api/v1/service-records/:id/certificate: the 志愿服务证明, as JSON or (`?format=html`) a printable page.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { assertRole } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { defineRoute, type Route } from '../routing.js';
import { pseudonymizeUserIds } from '../privacy/auditor-view.js';
import { readCertificate, renderCertificateHtml } from '../workflows/service-records.js';
import { parseRequestPart } from '../validation.js';
import { assignmentId, certificateView, needReaders } from './needs-schemas.js';

const params = z.strictObject({ id: assignmentId });
const query = z.strictObject({ format: z.enum(['json', 'html']).optional().describe('html: a printable page in Chinese (text/html)') });

const certificateJson = defineRoute({
  operationId: 'serviceRecordsCertificateGet',
  method: 'get',
  path: '/api/v1/service-records/:id/certificate',
  summary: 'A volunteer service certificate (志愿服务证明) with the ledger hash as verification code',
  tag: 'service',
  access: needReaders,
  request: { params, query },
  response: { status: 200, description: 'the certificate (JSON; text/html with format=html)', schema: certificateView },
  handler: ({ deps, principal, params: { id } }) => readCertificate(deps, principal, id),
});

/** The HTML form checks the same access and input, then sends the page itself. */
async function handle(deps: Deps, request: Request, response: Response): Promise<void> {
  if (request.query['format'] !== 'html') return certificateJson.handle(deps, request, response);
  const principal = response.locals.principal;
  if (principal === undefined) throw new ApiError('unauthenticated');
  assertRole(principal, needReaders);
  const { id } = parseRequestPart(params, { ...request.params }, 'params');
  parseRequestPart(query, { ...(request.query as Record<string, unknown>) }, 'query');
  const certificate = await readCertificate(deps, principal, id);
  const html = renderCertificateHtml(certificate);
  response.status(200).type('text/html; charset=utf-8').send(principal.role === 'auditor' ? pseudonymizeUserIds(html, deps.pseudonyms, principal) : html);
}

export const serviceRecordsCertificateGet: Route = { ...certificateJson, handle };
