// The JSON body parser: bounded in size, any JSON value (each route's schema says which it takes), and UTF-8 only.
import express from 'express';
import type { IncomingMessage } from 'node:http';

export const jsonBodyBytesMax = 100 * 1024;

/** Thrown from `verify`; body-parser passes it on with this `type`, which the error handler maps. */
class InvalidUtf8Error extends Error {
  readonly type = 'linli.invalid_utf8';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody() {
  return express.json({
    limit: jsonBodyBytesMax,
    // Not `strict`: `null` or `"hello"` is valid JSON of the wrong type, which the route's schema
    // refuses as `validation_failed`; `malformed_json` is kept for text that is not JSON at all.
    strict: false,
    // body-parser would replace invalid bytes with U+FFFD and carry on; personal data must not
    // be silently altered, so an invalid byte refuses the whole request.
    verify: (_request: IncomingMessage, _response: unknown, body: Buffer, encoding: string) => {
      if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8')
        throw Object.assign(new Error('only UTF-8 is accepted'), { type: 'charset.unsupported' });
      try {
        utf8.decode(body);
      } catch {
        throw new InvalidUtf8Error('the body is not valid UTF-8');
      }
    },
  });
}
