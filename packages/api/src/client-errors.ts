// Requests node's HTTP parser refuses before express sees them (a request line and headers over
// node's 16 kB limit, a malformed request, a request that arrives too slowly) are answered with a
// problem+json like every other refusal, instead of node's bare status line.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, problemFromApiError, type ApiErrorCode } from './http-errors.js';

/** Node's error codes for the requests it refuses, and what they mean to a client. */
function codeFor(error: NodeJS.ErrnoException): ApiErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'request_head_too_large';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  return 'bad_request';
}

/**
 * Replaces node's default `clientError` answer. The request was never parsed, so the problem
 * has no instance and a fresh request id; the connection is closed after it, as node does.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or half-written connection has no one to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code = codeFor(error);
    const { instance: _unparsed, ...problem } = problemFromApiError(new ApiError(code), { requestId: randomUUID(), path: '' });
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n' +
        `\r\n${body}`,
    );
  });
}
