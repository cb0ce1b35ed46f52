// Builds the express app (no listen): security headers, request ids, logs, JSON bodies, routes, errors.
import { fileURLToPath } from 'node:url';
import { webFolders, webRoot } from '@linli/web';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Deps } from './deps.js';
import './express-locals.js';
import { errorHandler } from './middleware/error-handler.js';
import { jsonBody } from './middleware/json-body.js';
import { notFound } from './middleware/not-found.js';
import { openApiRoute } from './openapi.js';
import { requestId } from './middleware/request-id.js';
import { mountRoutes, type Route } from './routing.js';
import { allRoutes } from './routes/index.js';

export interface AppOptions {
  /** Request timing (installed first) and the `GET /metrics` handler (operations/metrics.ts); absent, /metrics is a 404. */
  metrics?: { middleware: RequestHandler; handler: RequestHandler } | undefined;
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
        req: (request: { id: unknown; method: string; url: string }) => ({ id: request.id, method: request.method, path: request.url.split('?')[0] }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: (_request, response, error) => (error !== undefined || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  // Helmet's default policy already allows same-origin scripts and styles (the web app has no
  // inline scripts). Only `upgrade-insecure-requests` goes: on plain http inside a community
  // centre's network it would send the app's own scripts to an https port nobody listens on.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use((_request, response, next) => {
    // Responses carry personal data and tokens: no shared or browser caches.
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (options.metrics !== undefined) app.get('/metrics', options.metrics.handler);
  app.use(jsonBody());

  const documented: Route[] = [...routes];
  documented.push(openApiRoute(() => documented));
  mountRoutes(app, documented, deps);
  serveWeb(app);

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * The web app: its static files at `/`, its browser modules at `/dist/`, and for any other page a
 * browser navigates to outside `/api` the app shell (the app routes in the page). Requests that do
 * not ask for HTML (API clients, tests) still get the 404 problem.
 */
function serveWeb(app: Express): void {
  const root = webRoot();
  // `no-store` from above stays: express.static's own Cache-Control is switched off.
  const options = { cacheControl: false, fallthrough: true } as const;
  const shell = fileURLToPath(new URL(webFolders.shell, root));
  app.use('/dist', express.static(fileURLToPath(new URL(webFolders.modules, root)), { ...options, index: false }));
  app.use(express.static(fileURLToPath(new URL(webFolders.public, root)), { ...options, index: 'index.html' }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !/^\/api(\/|$)/.test(request.path) && (request.get('accept') ?? '').includes('text/html');
    if (!isPage) return next();
    response.type('html');
    response.sendFile(shell, (error?: Error) => (error === undefined ? undefined : next(error)));
  });
}
