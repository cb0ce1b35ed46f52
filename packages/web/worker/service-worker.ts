// The service worker: keeps the app shell and its hashed files so the app opens at once and
// offline. It never answers for the api and never touches a write: every api request, and every
// POST, goes to the network as if there were no worker, so an answer is either current or fails
// in front of the person (the pages then show what they last saw, marked as not current).

declare const self: ServiceWorkerGlobalScope;

/** Set by the build: the shell (`/`) and every hashed file it needs. */
declare const LINLI_PRECACHE: readonly string[];
/** Set by the build: changes with any precached file, so each build has a cache of its own. */
declare const LINLI_VERSION: string;

const cachePrefix = 'linli-shell-';
const cacheName = `${cachePrefix}${LINLI_VERSION}`;
const shellPath = '/';

/** Paths the server answers itself (never with the shell), even when a browser navigates to them. */
const serverPaths = /^\/(api|healthz|readyz|sw\.js)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      // Hashed files come from the HTTP cache when the page just loaded them (immutable), so
      // installing costs the network only the shell itself.
      await cache.addAll(LINLI_PRECACHE.map((path) => new Request(path, { credentials: 'same-origin' })));
      // The page that is open has all its code already (one bundle), so the new shell may take
      // over at once; an older page never asks for a file this build dropped.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(cachePrefix) && name !== cacheName) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || serverPaths.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(fromCache(shellPath, request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(fromCache(url.pathname, request));
  }
});

/** The stored copy, or the network when this build did not store it (a file of a newer build). */
async function fromCache(path: string, request: Request): Promise<Response> {
  const cache = await caches.open(cacheName);
  const stored = await cache.match(path);
  return stored ?? fetch(request);
}
