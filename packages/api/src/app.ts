// Builds the express app (no listen): security headers, request ids, logs, JSON bodies, routes, errors.
import express, { type Express } from 'express';
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

export function buildApp(deps: Deps, routes: readonly Route[] = allRoutes): Express {
  const app = express();
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);
  // Express 5's default "simple" query parser: values are strings or arrays of strings, never
  // nested objects, which the strict query schemas then accept or refuse.
  app.set('query parser', 'simple');

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
  app.use(helmet());
  app.use((_request, response, next) => {
    // Responses carry personal data and tokens: no shared or browser caches.
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(jsonBody());

  const documented: Route[] = [...routes];
  documented.push(openApiRoute(() => documented));
  mountRoutes(app, documented, deps);

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}
