// The authorization-matrix rows of the ledger routes (see role-matrix.test.ts).
import { books } from '@linli/ledger';
import type { Principal } from '../../src/auth/roles.js';
import { demoCommunity } from '../../src/demo/demo-data.js';
import type { MatrixRow, Target } from '../test-support/matrix-row.js';
import { otherCommunity, type TestApp } from '../test-support/test-app.js';
import { sendTransfer } from '../../src/workflows/clearing-transfers.js';
import { demoStore } from '../../src/workflows/demo-history.js';
import { assignStoreStaff } from '../../src/workflows/store-staff.js';

const { accountIds, serviceCredit } = books;

function userOf(app: TestApp, username: string): string {
  const id = app.demoUsers.get(username);
  if (id === undefined) throw new Error(`demo user ${username} missing`);
  return id;
}

function otherMember(app: TestApp): string {
  const id = app.otherUsers.get('member');
  if (id === undefined) throw new Error('the other community’s member is missing');
  return id;
}

/**
 * An account every allowed role may read: a store account of the demo store, once the demo
 * staff works there; in the other community, its member's hour account (not found here).
 */
async function readableAccountPath(app: TestApp, target: Target, suffix: 'balance' | 'statement'): Promise<string> {
  if (target === 'other') return `/api/v1/accounts/${encodeURIComponent(accountIds.memberHours(otherMember(app)))}/${suffix}`;
  await assignStoreStaff(app.deps.knex, demoCommunity.id, userOf(app, 'staff'), demoStore);
  return `/api/v1/accounts/${encodeURIComponent(accountIds.stock(demoStore, 'rice-5kg'))}/${suffix}`;
}

function consent() {
  return { method: 'in_person', recordedAt: new Date().toISOString() };
}

function principalOf(community: string, userId: string): Principal {
  return { userId, role: 'member', community, tokenId: 'matrix' };
}

/**
 * A transfer the demo member sent (own), or one that stays inside the other community's books:
 * the other community's member sends to a member who does not exist, so the hold is voided and
 * nothing reaches the demo community.
 */
async function transferPath(app: TestApp, target: Target): Promise<string> {
  if (target === 'own') {
    const sent = await sendTransfer(
      app.deps,
      principalOf(demoCommunity.id, userOf(app, 'member')),
      { from: userOf(app, 'member'), toCommunity: otherCommunity, toMember: otherMember(app), hours: '0.01' },
      'matrix-transfer',
    );
    return `/api/v1/clearing/transfers/${sent.id}`;
  }
  const sender = otherMember(app);
  await app.deps.ledger.post(
    serviceCredit({ community: otherCommunity, id: 'matrix/credit', actor: 'system', volunteer: sender, payer: 'issuance', hours: '1.00' }),
  );
  // Refused (account_not_found the first time, hold_not_pending after): only its row is needed.
  await sendTransfer(
    app.deps,
    principalOf(otherCommunity, sender),
    { from: sender, toCommunity: demoCommunity.id, toMember: 'u-nobody', hours: '0.01' },
    'matrix-transfer',
  ).catch(() => undefined);
  const row = (await app.deps
    .knex('clearing_transfers')
    .select('id')
    .where({ community_id: otherCommunity, from_member: sender })
    .first()) as { id: string } | undefined;
  if (row === undefined) throw new Error('the other community’s voided transfer was not recorded');
  return `/api/v1/clearing/transfers/${row.id}`;
}

export const ledgerMatrix: readonly MatrixRow[] = [
  {
    operationId: 'meBalancesGet',
    allowed: ['member'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/me/balances' }),
  },
  {
    operationId: 'meStatementGet',
    allowed: ['member'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/me/statement' }),
  },
  {
    operationId: 'accountsList',
    allowed: ['auditor', 'coordinator', 'admin', 'staff'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/accounts' }),
  },
  {
    operationId: 'accountsBalanceGet',
    allowed: ['auditor', 'coordinator', 'admin', 'staff'],
    success: 200,
    named: true,
    request: async (app, target) => ({ method: 'get', path: await readableAccountPath(app, target, 'balance') }),
  },
  {
    operationId: 'accountsStatementGet',
    allowed: ['auditor', 'coordinator', 'admin', 'staff'],
    success: 200,
    named: true,
    request: async (app, target) => ({ method: 'get', path: await readableAccountPath(app, target, 'statement') }),
  },
  {
    operationId: 'giftsCreate',
    allowed: ['member'],
    success: 201,
    named: true,
    request: (app, target) => ({
      method: 'post',
      path: '/api/v1/gifts',
      body: { to: target === 'own' ? 'pool' : { member: otherMember(app) }, hours: '0.01' },
    }),
  },
  {
    operationId: 'giftsCreateOnBehalf',
    allowed: ['coordinator', 'staff'],
    success: 201,
    named: true,
    request: (app, target) => ({
      method: 'post',
      path: '/api/v1/gifts/on-behalf',
      body: {
        onBehalfOf: { member: target === 'own' ? userOf(app, 'li-shifu') : otherMember(app), consent: consent() },
        to: 'pool',
        hours: '0.01',
      },
    }),
  },
  {
    operationId: 'clearingTransfersCreate',
    allowed: ['member'],
    success: 201,
    named: false,
    request: (app) => ({
      method: 'post',
      path: '/api/v1/clearing/transfers',
      body: { toCommunity: otherCommunity, toMember: otherMember(app), hours: '0.01' },
    }),
  },
  {
    operationId: 'clearingTransfersCreateOnBehalf',
    allowed: ['coordinator', 'staff'],
    success: 201,
    named: true,
    request: (app, target) => ({
      method: 'post',
      path: '/api/v1/clearing/transfers/on-behalf',
      body: {
        onBehalfOf: { member: target === 'own' ? userOf(app, 'li-shifu') : otherMember(app), consent: consent() },
        toCommunity: otherCommunity,
        toMember: otherMember(app),
        hours: '0.01',
      },
    }),
  },
  {
    operationId: 'clearingTransfersGet',
    allowed: ['member', 'coordinator', 'auditor', 'admin'],
    success: 200,
    named: true,
    request: async (app, target) => ({ method: 'get', path: await transferPath(app, target) }),
  },
  {
    operationId: 'auditTrialBalanceGet',
    allowed: ['auditor', 'admin', 'coordinator'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/audit/trial-balance' }),
  },
  {
    operationId: 'auditVerifyGet',
    allowed: ['auditor', 'admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/audit/verify' }),
  },
  {
    operationId: 'auditTamperCheckGet',
    allowed: ['auditor', 'admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/audit/tamper-check' }),
  },
  {
    operationId: 'auditJournalExport',
    allowed: ['auditor', 'admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/audit/journal?format=csv' }),
  },
  {
    operationId: 'adminExpireHolds',
    allowed: ['admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'post', path: '/api/v1/admin/expire-holds' }),
  },
];
