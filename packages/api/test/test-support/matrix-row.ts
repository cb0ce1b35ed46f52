// One row of the authorization matrix: a route, the roles allowed, and a request to send.
import type { Role } from '../../src/auth/roles.js';
import type { TestApp } from './test-app.js';

export type Target = 'own' | 'other';

export interface MatrixRequest {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  body?: object;
}

export interface MatrixRow {
  operationId: string;
  allowed: readonly Role[];
  success: number;
  /** Whether the route names a resource, so that another community's resource can be asked for. */
  named: boolean;
  request(app: TestApp, target: Target, serial: number): MatrixRequest | Promise<MatrixRequest>;
}
