// One JSON request to the service, answered as data: a status, a problem code and Retry-After, or
// the network error that stood in for an answer (refused, reset, timed out). Never throws.
import http from 'node:http';

export type Answer =
  | { kind: 'response'; status: number; body: unknown; code: string | undefined; retryAfterSeconds: number | undefined; replayed: boolean }
  | { kind: 'network'; error: string };

export interface RequestOptions {
  token?: string | undefined;
  idempotencyKey?: string | undefined;
  body?: unknown;
  /** A request not answered within this is given up (a hang is an answer too: `timeout`). */
  timeoutMs?: number;
}

const timeoutMsDefault = 15_000;

/**
 * Sends one request on a connection of its own (no keep-alive), so that a network error always
 * means this request met a service that was down or died, never a stale pooled socket.
 */
export function requestJson(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve) => {
    const request = http.request(
      `${baseUrl}${path}`,
      { method, headers, agent: false, timeout: options.timeoutMs ?? timeoutMsDefault },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error) => resolve({ kind: 'network', error: networkCode(error) }));
        response.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            // Left as text: the status says enough.
          }
          const code =
            typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string'
              ? (body as { code: string }).code
              : undefined;
          const retryAfter = response.headers['retry-after'];
          resolve({
            kind: 'response',
            status: response.statusCode ?? 0,
            body,
            code,
            retryAfterSeconds: retryAfter === undefined || !/^\d+$/.test(retryAfter) ? undefined : Number(retryAfter),
            replayed: response.headers['idempotent-replayed'] === 'true',
          });
        });
      },
    );
    request.once('timeout', () => {
      request.destroy(new Error('timeout'));
    });
    request.once('error', (error) => resolve({ kind: 'network', error: networkCode(error) }));
    request.end(payload);
  });
}

function networkCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (error.message === 'timeout') return 'timeout';
  return typeof code === 'string' ? code : error.message;
}

/** A short label for counting answers: `201`, `503 not_ready`, `network ECONNREFUSED`. */
export function answerLabel(answer: Answer): string {
  if (answer.kind === 'network') return `network ${answer.error}`;
  return answer.code === undefined ? String(answer.status) : `${answer.status} ${answer.code}`;
}

export function isSuccess(answer: Answer): answer is Extract<Answer, { kind: 'response' }> {
  return answer.kind === 'response' && answer.status >= 200 && answer.status < 300;
}
