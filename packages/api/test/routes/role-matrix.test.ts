// Every protected route × every role × own or other community → the expected status.
import { describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { describeOnDatabases, demoAccount, otherCommunity, type TestApp } from '../test-support/test-app.js';
import { allRoutes } from '../../src/routes/index.js';
import type { MatrixRow, Target } from '../test-support/matrix-row.js';
import { ledgerMatrix } from './ledger.matrix.js';
import { supermarketMatrix } from './supermarket.matrix.js';
import { serviceMatrix } from './service.matrix.js';
import { applicationMatrix, platformMatrix } from './platform.matrix.js';

const staffAndUp: readonly Role[] = ['coordinator', 'admin', 'staff', 'auditor'];
const managers: readonly Role[] = ['coordinator', 'admin'];

/** A member of the demo community (own) or of the other community. */
function memberId(app: TestApp, target: Target): string {
  const id = target === 'own' ? app.demoUsers.get('li-shifu') : app.otherUsers.get('member');
  if (id === undefined) throw new Error('seeded member missing');
  return id;
}

async function otherHousehold(app: TestApp): Promise<string> {
  const row = (await app.deps.knex('households').select('code').where({ community_id: otherCommunity }).first()) as
    | { code: string }
    | undefined;
  if (row !== undefined) return row.code;
  const { createHousehold } = await import('../../src/workflows/households.js');
  const created = await createHousehold(
    app.deps,
    { userId: 'system', role: 'coordinator', community: otherCommunity, tokenId: 'seed' },
    { name: '鼓楼住户', address: '鼓楼某小区 1栋' },
  );
  return created.code;
}

/** Per test app (one per database run): a household of the other community. */
const otherHouseholdCodes = new WeakMap<TestApp, string>();
const otherHouseholdCode = (app: TestApp): string => otherHouseholdCodes.get(app) ?? '';

const matrix: readonly MatrixRow[] = [
  { operationId: 'meGet', allowed: roles, success: 200, named: false, request: () => ({ method: 'get', path: '/api/v1/me' }) },
  // Every role reaches the password rule: the demo password again is refused as "the current password" (nothing changes).
  {
    operationId: 'mePasswordChange',
    allowed: roles,
    success: 422,
    named: false,
    request: () => ({ method: 'post', path: '/api/v1/me/password', body: { currentPassword: demoPassword, newPassword: demoPassword } }),
  },
  { operationId: 'usersList', allowed: ['admin'], success: 200, named: false, request: () => ({ method: 'get', path: '/api/v1/users' }) },
  {
    operationId: 'usersCreate',
    allowed: ['admin'],
    success: 201,
    named: false,
    request: (_app, _target, serial) => ({
      method: 'post',
      path: '/api/v1/users',
      body: { username: `matrix-user-${serial}`, displayName: '矩阵', role: 'staff', password: 'a long enough password' },
    }),
  },
  {
    operationId: 'usersUpdate',
    allowed: ['admin'],
    success: 200,
    named: true,
    request: (app, target) => ({ method: 'patch', path: `/api/v1/users/${memberId(app, target)}`, body: { displayName: '李师傅' } }),
  },
  {
    operationId: 'membersList',
    allowed: managers,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/members' }),
  },
  {
    operationId: 'membersCreate',
    allowed: managers,
    success: 201,
    named: false,
    request: (_app, _target, serial) => ({
      method: 'post',
      path: '/api/v1/members',
      body: { username: `matrix-member-${serial}`, displayName: '志愿者', password: 'a long enough password' },
    }),
  },
  {
    operationId: 'membersGet',
    allowed: managers,
    success: 200,
    named: true,
    request: (app, target) => ({ method: 'get', path: `/api/v1/members/${memberId(app, target)}` }),
  },
  {
    operationId: 'membersUpdate',
    allowed: managers,
    success: 200,
    named: true,
    request: (app, target) => ({ method: 'patch', path: `/api/v1/members/${memberId(app, target)}`, body: { skills: ['repairs'] } }),
  },
  {
    operationId: 'householdsList',
    allowed: staffAndUp,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/households' }),
  },
  {
    operationId: 'householdsCreate',
    allowed: managers,
    success: 201,
    named: false,
    request: () => ({ method: 'post', path: '/api/v1/households', body: { name: '测试户', address: '仙林社区 1栋' } }),
  },
  {
    operationId: 'householdsGet',
    allowed: staffAndUp,
    success: 200,
    named: true,
    request: (app, target) => ({
      method: 'get',
      path: `/api/v1/households/${target === 'own' ? app.demoHouseholds[0] : otherHouseholdCode(app)}`,
    }),
  },
  {
    operationId: 'householdsUpdate',
    allowed: managers,
    success: 200,
    named: true,
    request: (app, target) => ({
      method: 'patch',
      path: `/api/v1/households/${target === 'own' ? app.demoHouseholds[1] : otherHouseholdCode(app)}`,
      body: { notes: '已回访' },
    }),
  },
  {
    operationId: 'auditLogList',
    allowed: ['admin', 'auditor'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/audit-log' }),
  },
  ...ledgerMatrix,
  ...supermarketMatrix,
  ...serviceMatrix,
  ...platformMatrix,
  ...applicationMatrix,
];

describe('the role matrix', () => {
  it('covers every protected route', () => {
    const protectedRoutes = allRoutes
      .filter((route) => route.access !== 'public')
      .map((route) => route.operationId)
      .sort();
    expect(matrix.map((row) => row.operationId).sort()).toEqual(protectedRoutes);
    for (const row of matrix) {
      const route = allRoutes.find((candidate) => candidate.operationId === row.operationId);
      expect([...(route?.access ?? [])].sort(), row.operationId).toEqual([...row.allowed].sort());
    }
  });
});

describeOnDatabases('role matrix over HTTP', (handle) => {
  let serial = 0;
  const send = async (row: MatrixRow, target: Target, token: string | undefined) => {
    const app = handle.get();
    if (!otherHouseholdCodes.has(app)) otherHouseholdCodes.set(app, await otherHousehold(app));
    const { method, path, body } = await row.request(app, target, (serial += 1));
    let request = app.http()[method](path).set('Idempotency-Key', `matrix-${serial}`);
    if (token !== undefined) request = request.set('Authorization', `Bearer ${token}`);
    return body === undefined ? request : request.send(body);
  };

  for (const row of matrix) {
    describe(row.operationId, () => {
      it('answers 401 without a token', async () => {
        expect((await send(row, 'own', undefined)).status).toBe(401);
      });

      for (const role of roles) {
        const allowed = row.allowed.includes(role);
        it(`${role}, own community → ${allowed ? row.success : 403}`, async () => {
          const response = await send(row, 'own', await handle.get().tokenFor(demoAccount(role)));
          expect(response.status, JSON.stringify(response.body)).toBe(allowed ? row.success : 403);
          if (!allowed) expect(response.body.code).toBe('forbidden');
        });
        if (row.named) {
          it(`${role}, other community's resource → ${allowed ? 404 : 403}`, async () => {
            const response = await send(row, 'other', await handle.get().tokenFor(demoAccount(role)));
            expect(response.status, JSON.stringify(response.body)).toBe(allowed ? 404 : 403);
          });
        }
      }
    });
  }

  it('lists only the caller community: no other community id appears in any list', async () => {
    const app = handle.get();
    if (!otherHouseholdCodes.has(app)) otherHouseholdCodes.set(app, await otherHousehold(app));
    const foreignIds = [...app.otherUsers.values(), otherHouseholdCode(app), otherCommunity];
    for (const path of ['/api/v1/users', '/api/v1/members', '/api/v1/households', '/api/v1/audit-log']) {
      const response = await app
        .http()
        .get(path)
        .set('Authorization', `Bearer ${await app.tokenFor(demoAccount('admin'))}`);
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      for (const id of foreignIds) expect(text, `${path} leaks ${id}`).not.toContain(id);
    }
  });
});
