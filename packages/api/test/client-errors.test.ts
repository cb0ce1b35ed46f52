// What node's HTTP parser refuses is answered as a problem too: a request head over 16 kB used
// to get node's bare `431` with no body, a malformed request a bare `400`.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Database } from '@linli/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { answerClientErrors } from '../src/client-errors.js';
import { createDeps } from '../src/deps.js';

const database = { kind: 'pglite', knex: undefined, close: async () => undefined } as unknown as Database;
const deps = createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false });

/** Sends raw bytes and reads the whole answer (the server closes the connection after it). */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parse(answer: string): { status: number; headers: string; body: { code?: string; status?: number } } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) as { code?: string; status?: number } };
}

describe('requests node refuses before express', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer(buildApp(deps, []));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('a query string past the 16 kB request head is a 431 problem', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/households?after=${'a'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      code: 'request_head_too_large',
      status: 431,
      type: 'urn:linli:problem:request_head_too_large',
    });
  });

  it('a header past the limit is a 431 problem too', async () => {
    const answer = parse(await exchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({ code: 'request_head_too_large', status: 431 });
  });

  it('a malformed request is a 400 bad_request problem', async () => {
    const answer = parse(await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({ code: 'bad_request', status: 400 });
  });
});
