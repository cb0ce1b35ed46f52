// Serves the built web app from its folder: hashed assets cached for a year, the shell and the
// service worker never cached, and the build's brotli or gzip copy of a file to browsers that take it.
import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/**
 * Files under `/assets/` are named by their content (the build hashes them), so a name never
 * points at other bytes: browsers may keep them a year without asking again.
 */
export const assetCacheControl = 'public, max-age=31536000, immutable';

/** The encodings the build writes beside a text file, in the order the server prefers them. */
const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Only these paths are looked up for a compressed copy: the shell, the worker and assets by plain
 * names, so no request can reach outside the folder by way of this lookup.
 */
const compressiblePath = /^\/(?:assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)+|index\.html|sw\.js)?$/;

/**
 * The web app at `/`: its files, and for any other page a browser navigates to outside `/api` the
 * app shell (the app routes in the page). Requests that do not ask for HTML (API clients, tests)
 * still get the 404 problem. The responses that are not assets keep the app-wide `no-store`.
 */
export function serveWeb(app: Express, webDir: string): void {
  const shell = join(webDir, 'index.html');
  app.use(precompressed(webDir));
  app.use(
    '/assets',
    express.static(join(webDir, 'assets'), {
      index: false,
      fallthrough: true,
      etag: false,
      lastModified: false,
      cacheControl: false,
      setHeaders: (response) => response.setHeader('Cache-Control', assetCacheControl),
    }),
  );
  // express.static's own Cache-Control is off: the shell and sw.js keep `no-store`, so a new build
  // reaches every phone at its next visit (the service worker finds its new version by sw.js).
  app.use(express.static(webDir, { index: 'index.html', fallthrough: true, etag: false, lastModified: false, cacheControl: false }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !/^\/api(\/|$)/.test(request.path) &&
      (request.get('accept') ?? '').includes('text/html');
    if (!isPage || !existsSync(shell)) return next();
    sendShell(request, response, next, shell);
  });
}

function sendShell(request: Request, response: Response, next: NextFunction, shell: string): void {
  response.vary('Accept-Encoding');
  const encoding = encodings.find(
    (candidate) => existsSync(shell + candidate.suffix) && request.acceptsEncodings(candidate.name) === candidate.name,
  );
  response.type('html');
  if (encoding !== undefined) response.setHeader('Content-Encoding', encoding.name);
  response.sendFile(shell + (encoding?.suffix ?? ''), { etag: false, lastModified: false, cacheControl: false }, (error?: Error) =>
    error === undefined ? undefined : next(error),
  );
}

/**
 * Answers a request for a file that has a compressed copy with that copy, when the browser
 * accepts its encoding; otherwise leaves it to express.static. Which files have copies is read
 * from the folder once (a build writes them all at once); a file gone since falls through.
 */
function precompressed(webDir: string) {
  const copies = compressedCopies(webDir);
  return (request: Request, response: Response, next: NextFunction): void => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !compressiblePath.test(request.path)) return next();
    const path = request.path === '/' ? '/index.html' : request.path;
    const available = copies.get(path);
    if (available === undefined) return next();
    response.vary('Accept-Encoding');
    const encoding = encodings.find(
      (candidate) => available.has(candidate.name) && request.acceptsEncodings(candidate.name) === candidate.name,
    );
    if (encoding === undefined) return next();
    response.type(extname(path));
    response.setHeader('Content-Encoding', encoding.name);
    if (path.startsWith('/assets/')) response.setHeader('Cache-Control', assetCacheControl);
    response.sendFile(join(webDir, path + encoding.suffix), { etag: false, lastModified: false, cacheControl: false }, (error?: Error) => {
      if (error === undefined) return;
      // Removed by a rebuild since start: the plain file, or the 404, from what follows.
      if (response.headersSent) return;
      response.removeHeader('Content-Encoding');
      response.setHeader('Cache-Control', 'no-store');
      next();
    });
  };
}

/** For each file path (`/assets/main-ABC.js`), the encodings of the copies beside it. */
function compressedCopies(webDir: string): Map<string, Set<string>> {
  const copies = new Map<string, Set<string>>();
  for (const folder of ['', 'assets']) {
    let names: string[];
    try {
      names = readdirSync(join(webDir, folder));
    } catch {
      continue; // Not built: the server warns at start, and every request falls through.
    }
    for (const name of names) {
      const encoding = encodings.find((candidate) => name.endsWith(candidate.suffix));
      if (encoding === undefined) continue;
      const path = `${folder === '' ? '' : `/${folder}`}/${name.slice(0, -encoding.suffix.length)}`;
      const found = copies.get(path) ?? new Set<string>();
      found.add(encoding.name);
      copies.set(path, found);
    }
  }
  return copies;
}
