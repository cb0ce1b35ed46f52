// The service lifecycle over HTTP: post a need → match → accept (the payer's hours held) → check
// in and out → approve fewer hours than held (posted, the rest released) → certificate; cancel,
// no-show, repeated steps, wrong states, roles and another community's assignment.
import { AmountDecimal, books } from '@linli/ledger';
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { proposeVolunteer } from '../../src/workflows/matching.js';
import { createNeed } from '../../src/workflows/needs.js';
import { demoAccount, describeOnDatabases, otherCommunity } from '../test-support/test-app.js';
import { volunteerWindow as window } from '../test-support/volunteer-window.js';

const { accountIds, serviceCredit } = books;
const community = 'xianlin';
let keySerial = 0;

describeOnDatabases('service needs and assignments', (handle) => {
  let coordinator: string;
  let volunteerToken: string;
  let volunteerId: string;
  let requesterId: string;
  let needId: string;
  let assignmentId: string;

  const send = (method: 'get' | 'post' | 'put', path: string, token: string, body?: object) => {
    let request = handle.get().http()[method](path).set('Authorization', token);
    if (method !== 'get') request = request.set('Idempotency-Key', `svc-test-${(keySerial += 1)}`);
    return body === undefined ? request : request.send(body);
  };
  const balance = async (account: string) => {
    const found = await handle.get().deps.ledger.balance(community, account);
    if (found === undefined) throw new Error(`no account ${account}`);
    return found;
  };
  const needBody = (overrides: object = {}) => ({
    title: '辅导数学 Maths tutoring',
    requester: requesterId,
    payer: 'requester',
    skills: ['tutoring'],
    languages: ['zh'],
    gridCell: '仙林社区第1网格',
    place: { eastM: 120, northM: 40 },
    address: '仙林社区 9栋 3单元 402',
    window: window(1),
    slots: 1,
    hoursPerSlot: '2.00',
    urgency: 4,
    ...overrides,
  });
  /** A need proposed to the volunteer, accepted: its assignment id. */
  const acceptedAssignment = async (daysAhead: number): Promise<string> => {
    const app = handle.get();
    const need = await send('post', '/api/v1/needs', coordinator, needBody({ window: window(daysAhead) }));
    expect(need.status).toBe(201);
    const id = await proposeVolunteer(app.deps.knex, community, 'test', need.body.id, volunteerId, new Date());
    const accepted = await send('post', `/api/v1/assignments/${id}/accept`, volunteerToken);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    return id;
  };

  beforeAll(async () => {
    const app = handle.get();
    coordinator = `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`;
    volunteerToken = `Bearer ${await app.tokenFor(demoAccount('member'))}`;
    volunteerId = app.demoUsers.get('member') ?? '';
    const principal: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
    const requester = await createMember(app.deps, principal, { username: 'svc-requester', displayName: '请求人', password: demoPassword });
    requesterId = requester.id;
    await app.deps.ledger.post(
      serviceCredit({ community, id: 'svc-test/banked', actor: 'test', volunteer: requesterId, payer: 'issuance', hours: '20.00' }),
    );
  });

  it('posts a need; the exact address is sealed and shown to coordinators, not to other members', async () => {
    const created = await send('post', '/api/v1/needs', coordinator, needBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    needId = created.body.id;
    expect(created.body).toMatchObject({
      status: 'open',
      address: '仙林社区 9栋 3单元 402',
      place: { eastM: 100, northM: 0 },
      hoursPerSlot: '2.00',
    });
    const stored = (await handle.get().deps.knex('needs').first('address_sealed').where({ community_id: community, id: needId })) as {
      address_sealed: string;
    };
    expect(stored.address_sealed).not.toContain('9栋');
    const asMember = await send('get', `/api/v1/needs/${needId}`, volunteerToken);
    expect(asMember.status).toBe(200);
    expect(asMember.body.need.address).toBeNull();
  });

  it('a member posts only for themselves and pays with their own hours', async () => {
    const refused = await send('post', '/api/v1/needs', volunteerToken, needBody({ payer: 'pool', requester: undefined }));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    const own = await send(
      'post',
      '/api/v1/needs',
      volunteerToken,
      needBody({ requester: undefined, address: undefined, window: window(6) }),
    );
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.requester).toBe(volunteerId);
    const matched = await send('post', `/api/v1/needs/${own.body.id}/match`, coordinator);
    expect(matched.status).toBe(200);
    expect(matched.body.proposals.map((proposal: { volunteer: string }) => proposal.volunteer)).not.toContain(volunteerId);
  });

  it('matching proposes the volunteer with every cost part, and names the rule of each exclusion', async () => {
    const matched = await send('post', `/api/v1/needs/${needId}/match`, coordinator);
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    const proposal = matched.body.proposals.find((entry: { volunteer: string }) => entry.volunteer === volunteerId);
    expect(proposal).toBeDefined();
    expect(Object.keys(proposal.costParts).sort()).toEqual(['continuity', 'distance', 'load', 'skillFit', 'urgency']);
    expect(proposal.cost).toBe(Object.values(proposal.costParts as Record<string, number>).reduce((sum, part) => sum + part, 0));
    expect(proposal.gridCell).toBe('仙林社区第1网格');
    expect(JSON.stringify(matched.body)).not.toContain('9栋');
    expect(matched.body.exclusions.length).toBeGreaterThan(0);
    for (const exclusion of matched.body.exclusions)
      expect(['skill', 'distance', 'certificate', 'language', 'availability', 'conflict', 'weeklyCap']).toContain(exclusion.rule);
    expect(matched.body.exclusions.some((exclusion: { rule: string }) => exclusion.rule === 'skill')).toBe(true);
    assignmentId = proposal.assignment;
    const again = await send('post', `/api/v1/needs/${needId}/match`, coordinator);
    expect(again.body.proposals.find((entry: { volunteer: string }) => entry.volunteer === volunteerId)?.assignment).toBe(assignmentId);
  });

  it('browse mode shows the member nearby needs, ranked, with cost parts and exclusions', async () => {
    const nearby = await send('get', '/api/v1/me/needs-nearby', volunteerToken);
    expect(nearby.status, JSON.stringify(nearby.body)).toBe(200);
    const item = nearby.body.items.find((entry: { need: string }) => entry.need === needId);
    expect(item).toMatchObject({ assignment: assignmentId, title: '辅导数学 Maths tutoring' });
    expect(Object.keys(item.costParts)).toHaveLength(5);
    const costs = nearby.body.items.map((entry: { cost: number }) => entry.cost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(nearby.body.exclusions.every((exclusion: { rule: string }) => typeof exclusion.rule === 'string')).toBe(true);
  });

  it('accepting holds the payer’s hours once, however often it is sent, and shows the address', async () => {
    const before = await balance(accountIds.memberHours(requesterId));
    const accepted = await send('post', `/api/v1/assignments/${assignmentId}/accept`, volunteerToken);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', slot: 1, heldHours: '2.00' });
    const again = await send('post', `/api/v1/assignments/${assignmentId}/accept`, volunteerToken);
    expect(again.status).toBe(200);
    const after = await balance(accountIds.memberHours(requesterId));
    expect(after.balance).toBe(before.balance);
    expect(new AmountDecimal(before.available).minus(after.available).toFixed(2)).toBe('2.00');
    const need = await send('get', `/api/v1/needs/${needId}`, volunteerToken);
    expect(need.body.need).toMatchObject({ address: '仙林社区 9栋 3单元 402', confirmedSlots: 1 });
    const rematch = await send('post', `/api/v1/needs/${needId}/match`, coordinator);
    expect(rematch.body.proposals).toEqual([]);
    const kept = await send('get', `/api/v1/needs/${needId}`, coordinator);
    expect(kept.body.assignments.find((entry: { id: string }) => entry.id === assignmentId)?.status).toBe('accepted');
  });

  it('enforces the order of steps with a code', async () => {
    const early = await send('post', `/api/v1/assignments/${assignmentId}/check-out`, volunteerToken);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('assignment_not_checked_in');
    const approveEarly = await send('post', `/api/v1/assignments/${assignmentId}/approve`, coordinator, { hours: '1.00' });
    expect(approveEarly.status).toBe(409);
    expect(approveEarly.body.code).toBe('assignment_not_checked_out');
  });

  it('checks in (the volunteer) and out (a coordinator on their behalf)', async () => {
    const inside = await send('post', `/api/v1/assignments/${assignmentId}/check-in`, volunteerToken);
    expect(inside.body).toMatchObject({ status: 'checked_in' });
    expect(inside.body.checkedInAt).not.toBeNull();
    const out = await send('post', `/api/v1/assignments/${assignmentId}/check-out`, coordinator);
    expect(out.body).toMatchObject({ status: 'checked_out' });
  });

  it('a member cannot approve; more hours than held are refused', async () => {
    const byMember = await send('post', `/api/v1/assignments/${assignmentId}/approve`, volunteerToken, { hours: '1.50' });
    expect(byMember.status).toBe(403);
    const tooMany = await send('post', `/api/v1/assignments/${assignmentId}/approve`, coordinator, { hours: '2.50' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('hours_exceed_hold');
  });

  it('approving fewer hours than held posts them, releases the rest, and takes effect once', async () => {
    const app = handle.get();
    const payerBefore = await balance(accountIds.memberHours(requesterId));
    const volunteerBefore = await balance(accountIds.memberHours(volunteerId));
    const approved = await send('post', `/api/v1/assignments/${assignmentId}/approve`, coordinator, { hours: '1.50' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.50' });
    const twice = await send('post', `/api/v1/assignments/${assignmentId}/approve`, coordinator, { hours: '1.50' });
    expect(twice.status).toBe(200);
    expect(twice.body.transaction).toBe(approved.body.transaction);

    const transaction = await app.deps.ledger.getTransaction(community, approved.body.transaction);
    expect(transaction?.kind).toBe('service_credit');
    expect(transaction?.postings.map((posting) => posting.amount).sort()).toEqual(['-1.50', '1.50']);
    const hold = await app.deps.ledger.getHold(community, approved.body.hold);
    expect(hold).toMatchObject({ status: 'posted', postedAmount: '1.50', amount: '2.00' });
    const payerAfter = await balance(accountIds.memberHours(requesterId));
    expect(new AmountDecimal(payerBefore.balance).minus(payerAfter.balance).toFixed(2)).toBe('1.50');
    expect(payerAfter.available).toBe(payerAfter.balance);
    const volunteerAfter = await balance(accountIds.memberHours(volunteerId));
    expect(new AmountDecimal(volunteerAfter.balance).minus(volunteerBefore.balance).toFixed(2)).toBe('1.50');
    for (const line of await app.deps.ledger.trialBalance(community)) expect(new AmountDecimal(line.net).isZero(), line.unit).toBe(true);
    expect((await app.deps.ledger.verify(community)).ok).toBe(true);
  });

  it('the service record and its certificate show the approved hours and the verification code', async () => {
    const records = await send('get', `/api/v1/service-records?volunteer=${volunteerId}`, coordinator);
    expect(records.status).toBe(200);
    expect(records.body.items.find((record: { id: string }) => record.id === assignmentId)).toMatchObject({
      hours: '1.50',
      service: '辅导数学 Maths tutoring',
      volunteerName: '张小明',
    });
    const certificate = await send('get', `/api/v1/service-records/${assignmentId}/certificate`, volunteerToken);
    expect(certificate.status, JSON.stringify(certificate.body)).toBe(200);
    const transaction = await handle.get().deps.ledger.getTransaction(community, certificate.body.transaction);
    expect(certificate.body).toMatchObject({ hours: '1.50', organisation: '仙林街道仙林社区', verificationCode: transaction?.hash });
    const page = await send('get', `/api/v1/service-records/${assignmentId}/certificate?format=html`, volunteerToken);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('志愿服务证明');
    expect(page.text).toContain('1.50');
    expect(page.text).toContain(transaction?.hash ?? 'missing');
    const others = await send('get', `/api/v1/service-records?volunteer=${requesterId}`, volunteerToken);
    expect(others.status).toBe(403);
  });

  it('cancelling voids the hold; a no-show voids it too', async () => {
    const payer = accountIds.memberHours(requesterId);
    const before = await balance(payer);
    const first = await acceptedAssignment(2);
    expect(new AmountDecimal(before.available).minus((await balance(payer)).available).toFixed(2)).toBe('2.00');
    const cancelled = await send('post', `/api/v1/assignments/${first}/cancel`, coordinator);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await handle.get().deps.ledger.getHold(community, cancelled.body.hold))?.status).toBe('voided');
    expect((await balance(payer)).available).toBe(before.available);
    expect((await send('post', `/api/v1/assignments/${first}/cancel`, coordinator)).status).toBe(200);
    expect((await send('post', `/api/v1/assignments/${first}/check-in`, volunteerToken)).body.code).toBe('assignment_not_accepted');

    const second = await acceptedAssignment(3);
    const missed = await send('post', `/api/v1/assignments/${second}/no-show`, coordinator);
    expect(missed.body).toMatchObject({ status: 'no_show' });
    expect((await balance(payer)).available).toBe(before.available);
    expect((await balance(payer)).balance).toBe(before.balance);
  });

  it('approves several at once, each on its own', async () => {
    const ready = await acceptedAssignment(4);
    await send('post', `/api/v1/assignments/${ready}/check-in`, volunteerToken);
    await send('post', `/api/v1/assignments/${ready}/check-out`, volunteerToken);
    const notReady = await acceptedAssignment(5);
    const result = await send('post', '/api/v1/assignments/approve', coordinator, {
      items: [
        { id: ready, hours: '2.00' },
        { id: notReady, hours: '1.00' },
        { id: 'as-0000000000000000', hours: '1.00' },
      ],
    });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.items.map((item: { ok: boolean; code?: string }) => item.code ?? item.ok)).toEqual([
      true,
      'assignment_not_checked_out',
      'not_found',
    ]);
    expect(result.body.items[0].assignment.approvedHours).toBe('2.00');
  });

  it('an approval the ledger posted but the table missed (a crash between them) finishes on retry', async () => {
    const app = handle.get();
    const id = await acceptedAssignment(7);
    await send('post', `/api/v1/assignments/${id}/check-in`, volunteerToken);
    const out = await send('post', `/api/v1/assignments/${id}/check-out`, volunteerToken);
    const posted = await app.deps.ledger.postHold({
      community,
      holdId: out.body.hold,
      transactionId: `svc/${id}`,
      actor: app.demoUsers.get('coordinator') ?? '',
      amount: '1.00',
      memo: '辅导数学 Maths tutoring',
      metadata: { need: out.body.need, assignment: id },
    });
    const approved = await send('post', `/api/v1/assignments/${id}/approve`, coordinator, { hours: '1.00' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.00', transaction: posted.id });
  });

  it('another community’s assignment answers 404', async () => {
    const app = handle.get();
    const otherCoordinator: Principal = {
      userId: app.otherUsers.get('coordinator') ?? '',
      role: 'coordinator',
      community: otherCommunity,
      tokenId: 'test',
    };
    const need = await createNeed(
      app.deps,
      otherCoordinator,
      { ...needBody(), certificates: [], requester: undefined, payer: 'pool' },
      'svc-test-other',
    );
    const id = await proposeVolunteer(app.deps.knex, otherCommunity, 'test', need.id, app.otherUsers.get('member') ?? '', new Date());
    for (const step of ['cancel', 'check-in'])
      expect((await send('post', `/api/v1/assignments/${id}/${step}`, coordinator)).status).toBe(404);
    expect((await send('post', `/api/v1/assignments/${id}/approve`, coordinator, { hours: '1.00' })).status).toBe(404);
    expect((await send('get', `/api/v1/needs/${need.id}`, coordinator)).status).toBe(404);
  });
});
