// Lets a route take its CSV as a `text/csv` body (a spreadsheet export, up to 1 MiB, in UTF-8 or
// GB18030/GBK: workflows/csv-encoding.ts) as well as JSON `{ "csv": "…" }` (up to the JSON limit
// of 100 kB).
import { parse as parseContentType } from 'content-type';
import express, { type Request, type Response } from 'express';
import { assertRole } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import type { RawBody } from '../openapi.js';
import type { Route } from '../routing.js';
import { decodeCsv, encodingOfCharset, type CsvDecodingFailure, type CsvEncoding } from '../workflows/csv-encoding.js';
import { csvMalformed, type CsvFileProblem } from '../workflows/csv-table.js';
import { csvBytesMax } from '@linli/contract';

export { csvBytesMax };

/** body-parser's raw parser, bounded: the bytes as sent, decoded below (never with U+FFFD for a bad byte). */
const csvBytes = express.raw({ type: 'text/csv', limit: csvBytesMax });

function readBytes(request: Request, response: Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    csvBytes(request, response, (error?: unknown) => {
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    });
  });
}

/** The encoding the upload names in its `charset`, if any; one this service does not read is refused. */
function declaredEncoding(request: Request): CsvEncoding | undefined {
  const charset = parseContentType(request.get('content-type') ?? '').parameters['charset'];
  if (charset === undefined) return undefined;
  const encoding = encodingOfCharset(charset);
  if (encoding === undefined)
    throw new ApiError('unsupported_media_type', {
      detail: 'a CSV file is read as UTF-8 or GB18030 (charset=utf-8, gb18030, gbk or gb2312)',
    });
  return encoding;
}

const failureProblems: Readonly<Record<Exclude<CsvDecodingFailure, 'utf8_invalid'>, CsvFileProblem>> = {
  gb18030_invalid: 'encoding_invalid',
  encoding_unknown: 'encoding_unknown',
  encoding_utf16: 'encoding_utf16',
};

/** The upload's text and the encoding it was read in. Refusals: `invalid_utf8` (named UTF-8, not UTF-8), `csv_malformed`. */
async function readCsv(request: Request, response: Response): Promise<{ csv: string; encoding: CsvEncoding }> {
  const declared = declaredEncoding(request);
  const decoded = decodeCsv(await readBytes(request, response), declared);
  if (decoded.ok) return { csv: decoded.text, encoding: decoded.encoding };
  if (decoded.failure === 'utf8_invalid') throw new ApiError('invalid_utf8', { detail: decoded.detail });
  throw csvMalformed(failureProblems[decoded.failure], null, decoded.detail);
}

/**
 * Wraps a route whose body schema is `{ csv: string, encoding?: … }`. A `text/csv` request is read
 * (after the role check, so a caller without the role cannot make the service read a megabyte),
 * decoded, and handed on as that JSON body, so that validation, the Idempotency-Key's request hash
 * and the handler are the same for both forms.
 */
export function acceptingCsv(route: Route, description: string): Route & { rawBody: RawBody } {
  if (route.access === 'public') throw new Error(`assertion: ${route.operationId} takes CSV and must not be public`);
  const access = route.access;
  const handle = async (deps: Deps, request: Request, response: Response): Promise<void> => {
    if (request.is('text/csv') === 'text/csv') {
      const principal = response.locals.principal;
      if (principal === undefined) throw new ApiError('unauthenticated');
      assertRole(principal, access);
      request.body = await readCsv(request, response);
      request.headers['content-type'] = 'application/json';
    }
    await route.handle(deps, request, response);
  };
  return { ...route, handle, rawBody: { mediaType: 'text/csv', bytesMax: csvBytesMax, description } };
}
