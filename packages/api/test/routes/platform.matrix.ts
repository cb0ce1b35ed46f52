// The authorization-matrix rows of the platform's routes, password resets and applications to join
// (see role-matrix.test.ts). Each allowed reset gets a fresh account, so no other row's login
// ends; each decision a fresh application.
import { hashPassword } from '../../src/auth/password.js';
import type { Role } from '../../src/auth/roles.js';
import { insertUser } from '../../src/auth/users.js';
import { demoCommunity } from '../../src/demo/demo-data.js';
import { newUserId } from '../../src/random-ids.js';
import type { MatrixRow, Target } from '../test-support/matrix-row.js';
import { otherCommunity, type TestApp } from '../test-support/test-app.js';
import { applyToJoin } from '../../src/workflows/applications.js';

/** A fresh account of the role in the demo community (own) or the other community. */
async function freshUser(app: TestApp, target: Target, role: Role, serial: number): Promise<string> {
  const id = newUserId();
  const community = target === 'own' ? demoCommunity.id : otherCommunity;
  await insertUser(app.deps.knex, {
    community,
    id,
    username: `matrix-reset-${serial}`,
    displayName: '重置',
    role,
    passwordHash: await hashPassword('a long enough password'),
    isDemo: false,
  });
  return id;
}

export const platformMatrix: readonly MatrixRow[] = [
  {
    operationId: 'usersPasswordReset',
    allowed: ['admin'],
    success: 200,
    named: true,
    request: async (app, target, serial) => ({
      method: 'post',
      path: `/api/v1/users/${await freshUser(app, target, 'member', serial)}/password-reset`,
    }),
  },
  {
    operationId: 'platformCommunitiesList',
    allowed: ['platform_admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/platform/communities' }),
  },
  {
    operationId: 'platformCommunitiesCreate',
    allowed: ['platform_admin'],
    success: 201,
    named: false,
    request: (_app, _target, serial) => ({
      method: 'post',
      path: '/api/v1/platform/communities',
      body: { code: `matrix-${serial}`, name: '矩阵社区', admin: { username: 'admin', displayName: '管理员' } },
    }),
  },
  {
    operationId: 'platformAdminsList',
    allowed: ['platform_admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: `/api/v1/platform/communities/${demoCommunity.id}/admins` }),
  },
  {
    operationId: 'platformAdminsPasswordReset',
    allowed: ['platform_admin'],
    success: 200,
    named: false,
    request: async (app, _target, serial) => ({
      method: 'post',
      path: `/api/v1/platform/communities/${demoCommunity.id}/admins/${await freshUser(app, 'own', 'admin', serial)}/password-reset`,
    }),
  },
];

/** A fresh pending application in the demo community (own) or the other community, from its own address. */
async function freshApplication(app: TestApp, target: Target, serial: number): Promise<string> {
  const community = target === 'own' ? demoCommunity.id : otherCommunity;
  const receipt = await applyToJoin(
    app.deps,
    { community, name: '申请人', phone: '13900000000', skills: ['cooking'] },
    `matrix-apply-${serial}`,
    `198.51.100.${serial % 250}`,
  );
  return receipt.reference;
}

const managers: readonly Role[] = ['coordinator', 'admin'];

export const applicationMatrix: readonly MatrixRow[] = [
  {
    operationId: 'applicationsList',
    allowed: managers,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/applications' }),
  },
  {
    operationId: 'applicationsAccept',
    allowed: managers,
    success: 200,
    named: true,
    request: async (app, target, serial) => ({
      method: 'post',
      path: `/api/v1/applications/${await freshApplication(app, target, serial)}/accept`,
      body: { username: `matrix-applicant-${serial}` },
    }),
  },
  {
    operationId: 'applicationsDecline',
    allowed: managers,
    success: 200,
    named: true,
    request: async (app, target, serial) => ({
      method: 'post',
      path: `/api/v1/applications/${await freshApplication(app, target, serial)}/decline`,
      body: { reason: '名额已满' },
    }),
  },
];
