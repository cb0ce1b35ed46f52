// Turning what a handler throws into a problem+json response, and sending responses.
import type { Response } from 'express';
import { isAuditor, pseudonymizeUserIds } from './privacy/auditor-view.js';
import {
  ApiError,
  isLedgerRejection,
  problemContentType,
  problemFromApiError,
  problemFromLedgerRejection,
  type Problem,
  type ProblemContext,
} from './http-errors.js';

export interface ProblemReply {
  problem: Problem;
  headers: Readonly<Record<string, string>>;
}

/**
 * The problem for an expected refusal (an `ApiError` or a ledger rejection), or `undefined` for
 * anything else, which the error handler answers with a 500 and logs.
 */
export function problemForRefusal(error: unknown, context: ProblemContext): ProblemReply | undefined {
  if (error instanceof ApiError) return { problem: problemFromApiError(error, context), headers: error.headers };
  if (isLedgerRejection(error)) return { problem: problemFromLedgerRejection(error, context), headers: {} };
  return undefined;
}

export function sendProblem(response: Response, reply: ProblemReply): void {
  response.locals.problemCode = reply.problem.code;
  for (const [name, value] of Object.entries(reply.headers)) response.setHeader(name, value);
  sendJson(response, reply.problem.status, reply.problem);
}

/**
 * Sends a JSON body (problem+json for errors); no body for 204. To an auditor, every user id in it
 * but their own is sent as its pseudonym (privacy/auditor-view.ts): user ids never contain what
 * JSON escapes, so replacing them in the text replaces them in every string of the value.
 */
export function sendJson(response: Response, status: number, body: unknown): void {
  response.status(status);
  if (status === 204 || body === undefined || body === null) {
    response.end();
    return;
  }
  let text = JSON.stringify(body);
  const { principal, pseudonyms } = response.locals;
  if (isAuditor(principal)) {
    if (pseudonyms === undefined) throw new Error('assertion: the app sets the pseudonyms on every request');
    text = pseudonymizeUserIds(text, pseudonyms, principal);
  }
  response.type(status >= 400 ? problemContentType : 'application/json').send(text);
}
