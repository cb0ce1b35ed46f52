// The nginx configuration in deploy/nginx/linli.conf, tested: Debian's nginx started with that
// file (its server name, certificate paths and ports replaced) and a self-signed certificate in
// front of the service, and HTTPS requests made through it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readConfig, startServer, type RunningServer } from '@linli/api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/postgres-cluster.js';

const run = promisify(execFile);
const nginx = '/usr/sbin/nginx';
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const siteFile = path.join(repositoryRoot, 'deploy/nginx/linli.conf');
const serverName = 'linli.test';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(url: string, options: { ca?: string; method?: string; body?: unknown } = {}): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const module = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = module.request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        servername: serverName,
        headers: {
          host: serverName,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    outgoing.once('error', reject);
    outgoing.end(payload);
  });
}

/** The repository's site file with this test's certificate, ports and upstream; every replacement must match. */
function siteForTest(folder: string, ports: { http: number; https: number; service: number }): string {
  const replacements: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`],
    ['server_name linli.example.org;', `server_name ${serverName};`],
    ['/etc/ssl/linli/fullchain.pem', path.join(folder, 'cert.pem')],
    ['/etc/ssl/linli/privkey.pem', path.join(folder, 'key.pem')],
    ['proxy_pass http://127.0.0.1:3000;', `proxy_pass http://127.0.0.1:${ports.service};`],
  ];
  // The machine running the test may have no IPv6: the IPv4 lines above stand for them.
  let text = readFileSync(siteFile, 'utf8').replace(/^\s*listen \[::\]:.*$/gm, '');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`deploy/nginx/linli.conf no longer has \`${from}\`: update this test with it`);
    text = text.split(from).join(to);
  }
  return text;
}

describe.skipIf(!existsSync(nginx))(
  `TLS through nginx with deploy/nginx/linli.conf${existsSync(nginx) ? '' : ' (skipped: nginx is not installed; scripts/ensure-test-tools.sh installs it)'}`,
  () => {
    let folder: string;
    let service: RunningServer;
    let proxy: ChildProcess | undefined;
    let certificate: string;
    const ports = { http: 0, https: 0, service: 0 };

    beforeAll(async () => {
      folder = mkdtempSync(path.join(os.tmpdir(), 'linli-tls-'));
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${serverName}`,
        '-addext',
        `subjectAltName=DNS:${serverName}`,
        '-keyout',
        path.join(folder, 'key.pem'),
        '-out',
        path.join(folder, 'cert.pem'),
      ]);
      certificate = readFileSync(path.join(folder, 'cert.pem'), 'utf8');

      // The service as the README's production set-up has it behind the proxy: trusting loopback.
      const config = readConfig({
        NODE_ENV: 'test',
        PORT: '0',
        LINLI_DATA_DIR: path.join(folder, 'data'),
        LINLI_TRUST_PROXY: 'loopback',
        LINLI_DEMO: 'on',
        LINLI_JWT_SECRET: randomBytes(48).toString('base64'),
        LINLI_DATA_KEY: randomBytes(32).toString('base64'),
      });
      service = await startServer(config, pino({ level: 'silent' }));
      ports.service = Number(new URL(service.url).port);
      ports.http = await freePort();
      ports.https = await freePort();

      writeFileSync(path.join(folder, 'linli.conf'), siteForTest(folder, ports));
      const runsAsRoot = process.getuid?.() === 0;
      writeFileSync(
        path.join(folder, 'nginx.conf'),
        [
          // Debian's nginx.conf around the site file, reduced to what a test folder needs.
          runsAsRoot ? 'user root;' : '',
          'worker_processes 1;',
          `pid ${path.join(folder, 'nginx.pid')};`,
          `error_log ${path.join(folder, 'error.log')} warn;`,
          'events { worker_connections 64; }',
          'http {',
          '  include /etc/nginx/mime.types;',
          `  access_log ${path.join(folder, 'access.log')};`,
          ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
            (kind) => `  ${kind}_temp_path ${path.join(folder, `${kind}-temp`)};`,
          ),
          `  include ${path.join(folder, 'linli.conf')};`,
          '}',
        ].join('\n'),
      );
      const check = await run(nginx, ['-t', '-q', '-p', folder, '-c', path.join(folder, 'nginx.conf')]).catch(
        (error: { stderr?: string }) => ({ stderr: error.stderr ?? String(error), failed: true }),
      );
      if ('failed' in check) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
      proxy = spawn(nginx, ['-p', folder, '-c', path.join(folder, 'nginx.conf'), '-g', 'daemon off;'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      for (let attempt = 0; ; attempt += 1) {
        const answer = await request(`https://127.0.0.1:${ports.https}/healthz`, { ca: certificate }).catch(() => undefined);
        if (answer !== undefined) break;
        if (attempt > 100) throw new Error(`nginx did not answer:\n${readFileSync(path.join(folder, 'error.log'), 'utf8')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });

    afterAll(async () => {
      if (proxy !== undefined && proxy.exitCode === null) {
        const exited = new Promise((resolve) => proxy?.once('exit', resolve));
        proxy.kill('SIGQUIT');
        await exited;
      }
      await service?.stop();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    });

    it('answers over HTTPS with the certificate, HSTS and the service’s own headers', async () => {
      const health = await request(`https://127.0.0.1:${ports.https}/healthz`, { ca: certificate });
      expect(health.status).toBe(200);
      // Once, from the service (helmet): the proxy adds no second copy.
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(health.headers['x-content-type-options']).toBe('nosniff');
      expect(health.headers['cache-control']).toBe('no-store');
    });

    it('refuses a client that does not trust the certificate', async () => {
      await expect(request(`https://127.0.0.1:${ports.https}/healthz`)).rejects.toThrow(/self[- ]signed certificate/);
    });

    it('carries an API call through: a login and an authenticated read', async () => {
      const login = await request(`https://127.0.0.1:${ports.https}/api/v1/auth/login`, {
        ca: certificate,
        method: 'POST',
        body: { community: 'xianlin', username: 'auditor', password: 'demo-linli-2026' },
      });
      expect(login.status, login.body).toBe(200);
      const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
      const verify = await new Promise<Answer>((resolve, reject) => {
        https
          .get(
            `https://127.0.0.1:${ports.https}/api/v1/audit/verify`,
            { ca: certificate, servername: serverName, headers: { host: serverName, authorization: `Bearer ${token}` } },
            (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (text += chunk));
              response.once('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
            },
          )
          .once('error', reject);
      });
      expect(verify.status).toBe(200);
      expect(JSON.parse(verify.body)).toMatchObject({ ok: true });
    });

    it('redirects plain HTTP to HTTPS and keeps /metrics from outside', async () => {
      const plain = await request(`http://127.0.0.1:${ports.http}/api/v1/me`);
      expect(plain.status).toBe(301);
      expect(plain.headers.location).toBe(`https://${serverName}/api/v1/me`);
      const metrics = await request(`https://127.0.0.1:${ports.https}/metrics`, { ca: certificate });
      expect(metrics.status).toBe(404);
    });
  },
);
