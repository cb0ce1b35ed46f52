// The built service (dist/server.js) as its own process, as a supervisor starts it, and a login
// request held open half-sent, to see what a signal does to a request in flight.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { demoPassword } from '../../src/demo/demo-data.js';

export const serverScript = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** The exit code (null when a signal ended the process). */
  exited: Promise<number | null>;
}

/** Starts the service with NODE_ENV=test, PORT=0, the demo on, and `env`; resolves once it listens. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [serverScript], {
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', LINLI_DEMO: 'on', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = /listening on (http:\/\/localhost:\d+)/.exec(text);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    void exited.then((code) => reject(new Error(`the service exited (${code}) before listening`)));
  });
  return { child, url, exited };
}

export interface HeldRequest {
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<{ status: number; body: string }>;
}

/** A demo member's login whose head and first bytes of body are sent, the rest held back until `finish()`. */
export async function holdLoginInFlight(url: string): Promise<HeldRequest> {
  const body = JSON.stringify({ community: 'xianlin', username: 'member', password: demoPassword });
  const request = httpRequest(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (answer) => {
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (text += chunk));
      answer.once('end', () => resolve({ status: answer.statusCode ?? 0, body: text }));
      answer.once('error', reject);
    });
  });
  response.catch(() => {});
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  // Long enough for the server to have read the head and started the request.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { finish: () => request.end(body.slice(half)), response };
}
