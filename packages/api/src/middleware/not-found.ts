// Any request no route answered: 404 problem+json with its own code, `route_not_found`, so a client
// tells a path the service does not have from a record it does not have (`not_found`).
import type { Request, Response } from 'express';
import { ApiError } from '../http-errors.js';

export function notFound() {
  return (request: Request, _response: Response): void => {
    throw new ApiError('route_not_found', { detail: `no route for ${request.method} ${request.path.slice(0, 200)}` });
  };
}
