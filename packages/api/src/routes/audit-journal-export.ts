// GET /api/v1/audit/journal?format=csv|hledger: the community's whole journal as a download,
// streamed page by page (auditors, admins; each export is logged as a privileged action; auditors
// read people as pseudonyms).
//
// Not built with `defineRoute`, whose handlers return one JSON value: this route writes the
// response itself, as it reads the journal. It checks the same things in the same order (the
// token, the role, then the query), and the OpenAPI document describes it from the same fields.
import type { Request, Response } from 'express';
import { auditJournalExport as contract } from '@linli/contract';
import { recordAudit } from '../audit/audit-log.js';
import { assertRole, type Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import type { Route } from '../routing.js';
import { pseudonymizeUserIds } from '../privacy/auditor-view.js';
import { emptyObject, parseRequestPart } from '../validation.js';
import { ExportAbortedError, journalText, writeWithBackpressure, type JournalFormat } from '../workflows/journal-export.js';

const access = ['auditor', 'admin'] as const;
const query = contract.request.query;

const contentTypes: Record<JournalFormat, string> = { csv: 'text/csv; charset=utf-8', hledger: 'text/plain; charset=utf-8' };
const extensions: Record<JournalFormat, string> = { csv: 'csv', hledger: 'journal' };

/**
 * The journal as an auditor reads it: every user id (in account ids, transaction ids, actors) as
 * its pseudonym. Each chunk is whole rows of whole transactions, so no id is cut between two. The
 * hash column stays the ledger's: /api/v1/audit/verify checks the chain on the stored journal.
 */
async function* pseudonymized(chunks: AsyncIterable<string>, deps: Deps, auditor: Principal): AsyncGenerator<string> {
  const known = new Map<string, string>();
  for await (const chunk of chunks) yield pseudonymizeUserIds(chunk, deps.pseudonyms, auditor, known);
}

async function handle(deps: Deps, request: Request, response: Response): Promise<void> {
  const principal = response.locals.principal;
  if (principal === undefined) throw new ApiError('unauthenticated');
  assertRole(principal, access);
  const { format } = parseRequestPart(query, { ...(request.query as Record<string, unknown>) }, 'query');
  const community = principal.community;
  const now = deps.now();
  // Logged before the first byte leaves: an export that cannot be logged does not happen.
  await recordAudit(
    deps.knex,
    { community, actor: principal.userId, action: 'ledger.journal_exported', target: `journal:${community}`, details: { format } },
    now,
  );
  const filename = `linli-${community}-journal-${now.toISOString().slice(0, 10)}.${extensions[format]}`;
  response.status(200);
  response.setHeader('Content-Type', contentTypes[format]);
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    const text = journalText(deps.ledger, community, format);
    await writeWithBackpressure(response, principal.role === 'auditor' ? pseudonymized(text, deps, principal) : text);
    response.end();
  } catch (error) {
    if (error instanceof ExportAbortedError) {
      deps.logger.info({ requestId: response.locals.requestId, community }, 'journal export ended by the reader');
      return;
    }
    if (!response.headersSent) throw error;
    // Part of the file is out: end the connection without the closing chunk, so that the client
    // sees a broken download rather than a short file that looks complete.
    deps.logger.error({ err: error, requestId: response.locals.requestId, community }, 'journal export failed');
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

export const auditJournalExport: Route = {
  operationId: 'auditJournalExport',
  method: contract.method,
  path: contract.path,
  summary: 'Download the journal as CSV or hledger text, streamed (audited)',
  tag: 'audit',
  access,
  idempotent: false,
  resumable: false,
  schemas: { body: undefined, query, params: emptyObject, response: undefined },
  responseStatus: contract.response.status,
  responseDescription: contract.response.description,
  handle,
};
