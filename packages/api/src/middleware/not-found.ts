// Any request no route answered: 404 problem+json.
import type { Request, Response } from 'express';
import { ApiError } from '../http-errors.js';

export function notFound() {
  return (request: Request, _response: Response): void => {
    throw new ApiError('not_found', { detail: `no route for ${request.method} ${request.path.slice(0, 200)}` });
  };
}
