// Lets a route take its CSV as a `text/csv` body (a spreadsheet export, up to 1 MiB) as well as
// JSON `{ "csv": "…" }` (up to the JSON limit of 100 kB).
import express, { type Request, type Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { assertRole } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import type { RawBody } from '../openapi.js';
import type { Route } from '../routing.js';

export const csvBytesMax = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** body-parser's text parser, bounded, UTF-8 only; an invalid byte refuses the request rather than becoming U+FFFD. */
const csvText = express.text({
  type: 'text/csv',
  limit: csvBytesMax,
  defaultCharset: 'utf-8',
  verify: (_request: IncomingMessage, _response: unknown, body: Buffer, encoding: string) => {
    if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') throw Object.assign(new Error('only UTF-8 is accepted'), { type: 'charset.unsupported' });
    try {
      utf8.decode(body);
    } catch {
      throw Object.assign(new Error('the body is not valid UTF-8'), { type: 'linli.invalid_utf8' });
    }
  },
});

function readCsv(request: Request, response: Response): Promise<string> {
  return new Promise((resolve, reject) => {
    csvText(request, response, (error?: unknown) => {
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(typeof request.body === 'string' ? request.body : '');
    });
  });
}

/**
 * Wraps a route whose body schema is `{ csv: string }`. A `text/csv` request is read (after the
 * role check, so a caller without the role cannot make the service read a megabyte) and handed on
 * as that JSON body, so that validation, the Idempotency-Key's request hash and the handler are
 * the same for both forms.
 */
export function acceptingCsv(route: Route, description: string): Route & { rawBody: RawBody } {
  if (route.access === 'public') throw new Error(`assertion: ${route.operationId} takes CSV and must not be public`);
  const access = route.access;
  const handle = async (deps: Deps, request: Request, response: Response): Promise<void> => {
    if (request.is('text/csv') === 'text/csv') {
      const principal = response.locals.principal;
      if (principal === undefined) throw new ApiError('unauthenticated');
      assertRole(principal, access);
      const csv = await readCsv(request, response);
      request.body = { csv };
      request.headers['content-type'] = 'application/json';
    }
    await route.handle(deps, request, response);
  };
  return { ...route, handle, rawBody: { mediaType: 'text/csv', bytesMax: csvBytesMax, description } };
}
