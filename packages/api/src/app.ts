// Builds the express app (no listen): security headers, request ids, logs, metrics, compression, JSON bodies, routes, the web app, errors.
import { constants as zlib } from 'node:zlib';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Deps } from './deps.js';
import './express-locals.js';
import { errorHandler } from './middleware/error-handler.js';
import { ApiError } from './http-errors.js';
import { jsonBody } from './middleware/json-body.js';
import { notFound } from './middleware/not-found.js';
import { openApiRoute } from './openapi.js';
import { requestId } from './middleware/request-id.js';
import { mountRoutes, type Route } from './routing.js';
import { allRoutes } from './routes/index.js';
import { webDirDefault } from './config.js';
import { serveWeb } from './web-app.js';

export interface AppOptions {
  /** The built web app's folder (LINLI_WEB_DIR); the repository's own build by default. */
  webDir?: string;
  /** Request timing (installed first) and the `GET /metrics` handler (operations/metrics.ts); absent, /metrics is a 404. */
  metrics?: { middleware: RequestHandler; handler: RequestHandler } | undefined;
}

/**
 * Brotli at quality 4 (the compression package's default, said here on purpose): every answer is
 * compressed as it is sent, and quality 11 costs many times the CPU for a few percent. Below 1 kB
 * a response is sent as it is; the built web files come compressed already (web-app.ts).
 */
const compressionOptions: compression.CompressionOptions = { threshold: 1024, brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } };

/** The one path the metrics are served at, exactly as the reverse proxy's rule names it. */
const metricsPath = '/metrics';

/**
 * Serves the metrics at `/metrics` exactly (any query) and answers every other spelling of it
 * 404: express routes `/METRICS` and `/metrics/` to a `/metrics` route, and a proxy that keeps
 * `/metrics` inside by its exact path (deploy/nginx/linli.conf) would pass those through. Case,
 * repeated or trailing slashes, dot segments and percent-encoding are all undone before comparing.
 */
function metricsAtOneSpelling(handler: RequestHandler): RequestHandler {
  return (request, response, next) => {
    if (!spellsMetrics(request.path)) return next();
    if (request.path === metricsPath && (request.method === 'GET' || request.method === 'HEAD')) return handler(request, response, next);
    next(new ApiError('not_found'));
  };
}

function spellsMetrics(path: string): boolean {
  let decoded = path;
  // Decoded until it stops changing (a few rounds at most): `%252F` is `%2F` is `/`.
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      break;
    }
    if (next === decoded) break;
    decoded = next;
  }
  const segments: string[] = [];
  for (const segment of decoded.toLowerCase().split(/[/\\]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.length === 1 && segments[0] === metricsPath.slice(1);
}

export function buildApp(deps: Deps, routes: readonly Route[] = allRoutes, options: AppOptions = {}): Express {
  const app = express();
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);
  // Express 5's default "simple" query parser: values are strings or arrays of strings, never
  // nested objects, which the strict query schemas then accept or refuse.
  app.set('query parser', 'simple');

  if (options.metrics !== undefined) app.use(options.metrics.middleware);
  app.use(requestId());
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Only what identifies the request: no headers (tokens, cookies) and no query string.
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: (_request, response, error) =>
        error !== undefined || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  // Helmet's default policy already allows same-origin scripts and styles (the web app has no
  // inline scripts). Only `upgrade-insecure-requests` goes: on plain http inside a community
  // centre's network it would send the app's own scripts to an https port nobody listens on.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use((_request, response, next) => {
    // Responses carry personal data and tokens: no shared or browser caches.
    response.setHeader('Cache-Control', 'no-store');
    // Every answer to an auditor is sent with pseudonyms for people (problems.ts `sendJson`).
    response.locals.pseudonyms = deps.pseudonyms;
    next();
  });
  if (options.metrics !== undefined) app.use(metricsAtOneSpelling(options.metrics.handler));
  // Phones on a weak signal pay for every byte: text answers are compressed for clients that say
  // they take it (a well-kept middleware; it leaves the web's precompressed files alone).
  app.use(compression(compressionOptions));
  app.use(jsonBody());

  const documented: Route[] = [...routes];
  documented.push(openApiRoute(() => documented));
  mountRoutes(app, documented, deps);
  serveWeb(app, options.webDir ?? webDirDefault);

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}
