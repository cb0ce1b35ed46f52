// Served hours: service credits (direct or by a posted hold) count, their reversals take back, gifts
// do not; a member read again also counts everything posted since the last read.
import { books } from '@linli/ledger';
import { expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { describeOnDatabases, type TestApp } from '../test-support/test-app.js';
import { servedHours, starProgress } from '../../src/workflows/served-hours.js';

const { serviceCredit, serviceHold, hourGift } = books;
const community = 'xianlin';

async function newMember(app: TestApp, username: string): Promise<string> {
  const coordinator: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
  return (await createMember(app.deps, coordinator, { username, displayName: username, password: demoPassword })).id;
}

describeOnDatabases('served hours', (handle) => {
  it('counts what was posted after the last read: credits, posted service holds and reversals of credits, not gifts', async () => {
    const app = handle.get();
    const { ledger } = app.deps;
    const volunteer = await newMember(app, 'served-volunteer');
    const other = await newMember(app, 'served-other');
    const credit = (id: string, member: string, hours: string) =>
      ledger.post(serviceCredit({ community, id, actor: 'test', volunteer: member, payer: 'issuance', hours }));

    await credit('served/1', volunteer, '60.00');
    await credit('served/other', other, '7.00');
    expect(await servedHours(ledger, community, volunteer)).toBe('60.00');

    await credit('served/2', volunteer, '45.50');
    await ledger.post(hourGift({ community, id: 'served/gift-in', actor: other, from: other, to: { member: volunteer }, hours: '3.00' }));
    await ledger.post(hourGift({ community, id: 'served/gift-out', actor: volunteer, from: volunteer, to: 'pool', hours: '1.00' }));
    expect(await servedHours(ledger, community, volunteer)).toBe('105.50');
    expect(starProgress(await servedHours(ledger, community, volunteer))).toEqual({ level: 1, nextLevelHours: '300.00' });

    // A reversal comes later in the journal than what it reverses, and lowers the sum.
    await ledger.reverse({ community, id: 'served/1-reversal', reverses: 'served/1', actor: 'test', memo: 'recorded twice' });
    expect(await servedHours(ledger, community, volunteer)).toBe('45.50');

    // Hours the pool paid through an accepted need: the posted hold's transaction is a service credit.
    await ledger.createHold(serviceHold({ community, id: 'served/hold', actor: 'test', volunteer, payer: 'issuance', hours: '2.25' }));
    expect(await servedHours(ledger, community, volunteer)).toBe('45.50');
    await ledger.postHold({ community, holdId: 'served/hold', transactionId: 'served/hold-posted', actor: 'test' });
    expect(await servedHours(ledger, community, volunteer)).toBe('47.75');

    await credit('served/3', volunteer, '1.00');
    expect(await servedHours(ledger, community, volunteer)).toBe('48.75');
    expect(await servedHours(ledger, community, other)).toBe('7.00');
  });

  it('is zero for a member who has not served, and for an id with no account', async () => {
    const app = handle.get();
    const newcomer = await newMember(app, 'served-newcomer');
    expect(await servedHours(app.deps.ledger, community, newcomer)).toBe('0.00');
    expect(await servedHours(app.deps.ledger, community, 'u-nobody')).toBe('0.00');
    await app.deps.ledger.post(
      serviceCredit({ community, id: 'served/newcomer', actor: 'test', volunteer: newcomer, payer: 'issuance', hours: '0.50' }),
    );
    expect(await servedHours(app.deps.ledger, community, newcomer)).toBe('0.50');
  });
});
