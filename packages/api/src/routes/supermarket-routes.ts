// The supermarket routes, mounted after the service's own (see index.ts).
import type { Route } from '../routing.js';

export const supermarketRoutes: readonly Route[] = [];
