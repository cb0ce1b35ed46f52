// How the service sends the built web app: compressed copies by what the browser accepts, a year
// of caching for hashed assets only, the shell and service worker never cached, and JSON answers
// compressed too.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { openDatabase, type Database } from '@linli/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { assetCacheControl } from '../src/web-app.js';

const shell =
  '<!doctype html><html lang="zh-CN"><head><title>邻里 Linli</title><script type="module" src="/assets/main-ABCD1234.js"></script></head><body><main id="main"></main></body></html>\n'.repeat(
    3,
  );
const script = `export const greeting = ${JSON.stringify('邻里 '.repeat(200))};\n`;
const worker = `self.addEventListener('fetch', () => undefined); // ${'x'.repeat(300)}\n`;
const icon = randomBytes(600);

let scratch: string;
let folder: string;
let database: Database;
let server: Server;
let baseUrl: string;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that returns the bytes as sent: node's http, unlike fetch, decodes nothing. */
function get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'linli-web-app-'));
  folder = join(scratch, 'site');
  await mkdir(join(folder, 'assets'), { recursive: true });
  await writeFile(join(scratch, 'secret.txt'), 'beside the web folder, never served');
  const files: [string, Buffer][] = [
    ['index.html', Buffer.from(shell)],
    ['sw.js', Buffer.from(worker)],
    ['assets/main-ABCD1234.js', Buffer.from(script)],
  ];
  for (const [name, bytes] of files) {
    await writeFile(join(folder, name), bytes);
    await writeFile(join(folder, `${name}.br`), brotliCompressSync(bytes));
    await writeFile(join(folder, `${name}.gz`), gzipSync(bytes));
  }
  await writeFile(join(folder, 'assets', 'icon-192-ABCD1234.png'), icon);
  // Static files and the OpenAPI document need no tables: an empty in-memory database will do.
  database = openDatabase({});
  const deps = createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false });
  const app = buildApp(deps, undefined, { webDir: folder });
  server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('hashed assets', () => {
  it('sends the brotli copy to a browser that takes brotli, cached for a year as immutable', async () => {
    const response = await get('/assets/main-ABCD1234.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers['cache-control']).toBe(assetCacheControl);
    expect(response.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
    expect(response.body.length).toBeLessThan(Buffer.byteLength(script) / 4);
  });

  it('sends the gzip copy when brotli is not accepted, and the plain file when nothing is', async () => {
    const gzip = await get('/assets/main-ABCD1234.js', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    const plain = await get('/assets/main-ABCD1234.js', { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe(assetCacheControl);
    expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);
    const refused = await get('/assets/main-ABCD1234.js', { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('sends an image as it is, also cached for a year', async () => {
    const response = await get('/assets/icon-192-ABCD1234.png', { 'Accept-Encoding': 'br, gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['cache-control']).toBe(assetCacheControl);
    expect(response.body.equals(icon)).toBe(true);
  });

  it('answers a missing asset with the 404 problem, which nobody may cache', async () => {
    const response = await get('/assets/main-GONE0000.js', { 'Accept-Encoding': 'br' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('reaches nothing outside the folder', async () => {
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%2e%2e/secret.txt']) {
      const response = await get(path, { 'Accept-Encoding': 'br' });
      expect([403, 404], path).toContain(response.status);
      expect(response.body.toString(), path).not.toContain('never served');
    }
  });
});

describe('the shell and the service worker', () => {
  it('sends the shell compressed and never cached, at / and for any page a browser opens', async () => {
    for (const [path, accept] of [
      ['/', '*/*'],
      ['/volunteer/history', 'text/html,application/xhtml+xml'],
    ] as const) {
      const response = await get(path, { 'Accept-Encoding': 'br', Accept: accept });
      expect(response.status, path).toBe(200);
      expect(response.headers['content-type'], path).toMatch(/^text\/html/);
      expect(response.headers['content-encoding'], path).toBe('br');
      expect(response.headers['cache-control'], path).toBe('no-store');
      expect(brotliDecompressSync(response.body).toString(), path).toBe(shell);
    }
  });

  it('sends sw.js never cached, so a new build reaches every phone at its next visit', async () => {
    const response = await get('/sw.js', { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(gunzipSync(response.body).toString()).toBe(worker);
  });

  it('still answers an API client asking for an unknown path with the 404 problem, not the shell', async () => {
    const response = await get('/volunteer/history', { Accept: 'application/json' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('API answers', () => {
  it('compresses a JSON answer for a client that takes brotli, and keeps it uncached', async () => {
    const response = await get('/api/openapi.json', { 'Accept-Encoding': 'br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-store');
    const document = JSON.parse(brotliDecompressSync(response.body).toString()) as { openapi: string };
    expect(document.openapi).toMatch(/^3\./);
    const plain = await get('/api/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(response.body.length * 3);
  });
});
