import { randomBytes } from 'node:crypto';
import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/middleware/error-handler.js';
import { requestId } from '../../src/middleware/request-id.js';
import { pino } from 'pino';
import '../../src/express-locals.js';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { authenticate } from '../../src/auth/authenticate.js';
import { requireRole } from '../../src/auth/roles.js';

describe('requireRole as middleware (for routes mounted outside the registry)', () => {
  const tokens = new AccessTokens(randomBytes(32));
  const app = express();
  app.use(requestId());
  // Whether sessions hold is the database's question, tested in sessions-end.test.ts; here every one does.
  const everySessionHolds = async () => ({ holds: true, mustChangePassword: false });
  app.get('/reports', authenticate(tokens, everySessionHolds), requireRole('auditor', 'admin'), (_request, response) => {
    response.json({ ok: true });
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  const call = (role: 'auditor' | 'member') =>
    supertest(app)
      .get('/reports')
      .set('Authorization', `Bearer ${tokens.issue({ userId: 'u-1', role, community: 'xianlin', sessionId: 's-1' }).token}`);

  it('lets the listed roles through', async () => {
    expect((await call('auditor')).status).toBe(200);
  });

  it('answers other roles with 403 forbidden', async () => {
    const response = await call('member');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });
});
