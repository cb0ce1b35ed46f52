// Urgent mode to the end over HTTP: a coordinator launches waves, a notified volunteer sees the need
// and takes a slot directly (a confirmed assignment and the hold on the payer's hours, as accepting
// a proposal gives), checks in and out, a coordinator approves and the hours are credited. Batch
// runs leave the claimed slot alone; the matching rules still apply at claim time; racers for the
// last slot get exactly one winner; those not notified are refused; a replay answers the first
// response.
import { AmountDecimal, books } from '@linli/ledger';
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { proposeVolunteer } from '../../src/workflows/matching.js';
import { demoAccount, describeOnDatabases, otherAccount } from '../test-support/test-app.js';
import { volunteerWindow as window } from '../test-support/volunteer-window.js';

const { accountIds, serviceCredit } = books;
const community = 'xianlin';
const volunteerNames = ['member', 'wang-ayi', 'li-shifu', 'zhao-daye'] as const;
type VolunteerName = (typeof volunteerNames)[number];
let keySerial = 0;

interface Reply {
  status: number;
  body: Record<string, unknown> & { code?: string; detail?: string; id?: string; slot?: number };
  headers: Record<string, string>;
}

describeOnDatabases('urgent claim', (handle) => {
  let coordinator: string;
  const tokens = new Map<VolunteerName, string>();
  const ids = new Map<VolunteerName, string>();
  let requesterId: string;
  let needA: string;
  let claimedA: Reply;
  const claimKey = 'urgent-claim-first';

  const send = (method: 'get' | 'post', path: string, token: string, options: { body?: object; key?: string | null } = {}) => {
    let request = handle.get().http()[method](path).set('Authorization', token);
    if (method === 'post' && options.key !== null)
      request = request.set('Idempotency-Key', options.key ?? `urgent-claim-${(keySerial += 1)}`);
    return options.body === undefined ? request : request.send(options.body);
  };
  const token = (name: VolunteerName): string => tokens.get(name) ?? '';
  const id = (name: VolunteerName): string => ids.get(name) ?? '';
  const claim = async (need: string, name: VolunteerName, key?: string): Promise<Reply> =>
    (await send('post', `/api/v1/me/notifications/${need}/accept`, token(name), { key })) as unknown as Reply;
  const postNeed = async (overrides: object = {}): Promise<string> => {
    const created = await send('post', '/api/v1/needs', coordinator, {
      body: {
        title: '紧急送药 Urgent medicine run',
        requester: requesterId,
        payer: 'requester',
        gridCell: '仙林社区第1网格',
        place: { eastM: 0, northM: 0 },
        address: '仙林社区 7栋 1单元 203',
        window: window(1),
        slots: 1,
        hoursPerSlot: '1.00',
        urgency: 5,
        ...overrides,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  /** Records notifications as a launch would, due a minute ago (or at `at`). */
  const notify = async (need: string, names: readonly VolunteerName[], at = new Date(Date.now() - 60_000)) => {
    await handle
      .get()
      .deps.knex('urgent_notifications')
      .insert(
        names.map((name) => ({
          community_id: community,
          need_id: need,
          volunteer_id: id(name),
          wave: 0,
          notify_at: at,
          created_by: 'test',
          created_at: new Date(),
        })),
      );
  };
  const payer = async () => {
    const found = await handle.get().deps.ledger.balance(community, accountIds.memberHours(requesterId));
    if (found === undefined) throw new Error('no payer account');
    return found;
  };
  const confirmedOf = async (need: string) =>
    (await handle
      .get()
      .deps.knex('assignments')
      .select('id', 'volunteer_id', 'slot', 'status', 'hold_id')
      .where({ community_id: community, need_id: need })
      .whereIn('status', ['accepted', 'checked_in', 'checked_out', 'approved'])
      .orderBy('slot')) as {
      id: string;
      volunteer_id: string;
      slot: number;
      status: string;
      hold_id: string;
    }[];
  const assignmentsOf = async (need: string) =>
    (await handle
      .get()
      .deps.knex('assignments')
      .select('id', 'volunteer_id', 'status')
      .where({ community_id: community, need_id: need })) as { id: string; volunteer_id: string; status: string }[];
  /** How many of the need's service holds are in each status. */
  const holdsOf = async (need: string): Promise<Record<string, number>> => {
    const rows = (await handle
      .get()
      .deps.knex('ledger_holds')
      .select('status')
      .count({ count: '*' })
      .where({ community_id: community })
      .whereRaw("metadata->>'need' = ?", [need])
      .groupBy('status')) as { status: string; count: string | number }[];
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  };
  const minus = (a: string, b: string): string => new AmountDecimal(a).minus(b).toFixed(2);

  beforeAll(async () => {
    const app = handle.get();
    coordinator = `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`;
    for (const name of volunteerNames) {
      tokens.set(name, `Bearer ${await app.tokenFor({ community, username: name })}`);
      ids.set(name, app.demoUsers.get(name) ?? '');
    }
    const principal: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
    requesterId = (await createMember(app.deps, principal, { username: 'claim-requester', displayName: '请求人', password: demoPassword }))
      .id;
    await app.deps.ledger.post(
      serviceCredit({
        community,
        id: 'urgent-claim-test/banked',
        actor: 'test',
        volunteer: requesterId,
        payer: 'issuance',
        hours: '40.00',
      }),
    );
  });

  it('a launched need reaches the volunteers; one takes a slot: a confirmed assignment and the payer’s hours held', async () => {
    needA = await postNeed({ slots: 2, hoursPerSlot: '2.00' });
    const launched = await send('post', `/api/v1/needs/${needA}/urgent`, coordinator);
    expect(launched.status, JSON.stringify(launched.body)).toBe(200);
    expect(launched.body.notified).toBe(4);
    const listed = await send('get', '/api/v1/me/notifications', token('member'));
    expect(listed.body.items).toEqual([
      expect.objectContaining({ need: needA, open: true, slots: 2, confirmedSlots: 0, assignment: null }),
    ]);

    const before = await payer();
    claimedA = await claim(needA, 'member', claimKey);
    expect(claimedA.status, JSON.stringify(claimedA.body)).toBe(200);
    expect(claimedA.body).toMatchObject({
      need: needA,
      volunteer: id('member'),
      status: 'accepted',
      slot: 1,
      heldHours: '2.00',
      hold: `svc-hold/${claimedA.body.id}`,
      approvedHours: null,
    });
    expect(Object.keys(claimedA.body.costParts as object).sort()).toEqual(['continuity', 'distance', 'load', 'skillFit', 'urgency']);
    const after = await payer();
    expect(after.balance).toBe(before.balance);
    expect(minus(before.available, after.available)).toBe('2.00');
    const hold = await handle.get().deps.ledger.getHold(community, `svc-hold/${claimedA.body.id}`);
    expect(hold).toMatchObject({
      status: 'pending',
      amount: '2.00',
      from: accountIds.memberHours(requesterId),
      to: accountIds.memberHours(id('member')),
    });
    // Confirmed volunteers see the address, as after accepting a proposal.
    const need = await send('get', `/api/v1/needs/${needA}`, token('member'));
    expect(need.body.need).toMatchObject({ address: '仙林社区 7栋 1单元 203', confirmedSlots: 1 });
    const again = await send('get', '/api/v1/me/notifications', token('member'));
    expect(again.body.items[0]).toMatchObject({ need: needA, confirmedSlots: 1, open: true });
  });

  it('a replay with the same Idempotency-Key answers the first response; a new claim answers the slot already held', async () => {
    const before = await payer();
    const replay = await claim(needA, 'member', claimKey);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(claimedA.body);
    const repeat = await claim(needA, 'member');
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(claimedA.body.id);
    expect((await payer()).available).toBe(before.available);
    expect(await confirmedOf(needA)).toHaveLength(1);
  });

  it('a batch run treats the claimed assignment as confirmed; a claim takes the place of the claimer’s own proposal', async () => {
    const matched = await send('post', `/api/v1/needs/${needA}/match`, coordinator);
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    const proposals = matched.body.proposals as { assignment: string; volunteer: string }[];
    expect(proposals.map((proposal) => proposal.volunteer)).not.toContain(id('member'));
    // One slot is left, and batch proposes someone for it.
    expect(proposals).toHaveLength(1);
    const proposed = volunteerNames.find((name) => id(name) === proposals[0]?.volunteer);
    if (proposed === undefined) throw new Error('batch proposed someone unknown');
    expect(await confirmedOf(needA)).toEqual([
      expect.objectContaining({ id: claimedA.body.id, slot: 1, status: 'accepted', hold_id: claimedA.body.hold }),
    ]);

    const second = await claim(needA, proposed);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ status: 'accepted', slot: 2 });
    expect(second.body.id).not.toBe(proposals[0]?.assignment);
    const mine = (await assignmentsOf(needA)).filter((row) => row.volunteer_id === id(proposed));
    expect(mine).toEqual([{ id: second.body.id, volunteer_id: id(proposed), status: 'accepted' }]);

    const rerun = await send('post', `/api/v1/needs/${needA}/match`, coordinator);
    expect(rerun.body.proposals).toEqual([]);
    expect((await confirmedOf(needA)).map((row) => [row.id, row.slot, row.status])).toEqual([
      [claimedA.body.id, 1, 'accepted'],
      [second.body.id, 2, 'accepted'],
    ]);
    const full = await claim(needA, (['li-shifu', 'zhao-daye', 'wang-ayi'] as const).find((name) => name !== proposed) ?? 'zhao-daye');
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('need_full');
  });

  it('check-in, check-out and approval credit the hours: balanced postings, the hold posted, the rest released', async () => {
    const assignment = claimedA.body.id as string;
    expect((await send('post', `/api/v1/assignments/${assignment}/check-in`, token('member'))).body).toMatchObject({
      status: 'checked_in',
    });
    expect((await send('post', `/api/v1/assignments/${assignment}/check-out`, token('member'))).body).toMatchObject({
      status: 'checked_out',
    });
    const app = handle.get();
    const payerBefore = await payer();
    const volunteerBefore = await app.deps.ledger.balance(community, accountIds.memberHours(id('member')));
    const approved = await send('post', `/api/v1/assignments/${assignment}/approve`, coordinator, { body: { hours: '1.50' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.50' });

    const transaction = await app.deps.ledger.getTransaction(community, approved.body.transaction);
    expect(transaction?.kind).toBe('service_credit');
    expect(transaction?.postings.map((posting) => [posting.account, posting.amount]).sort()).toEqual(
      [
        [accountIds.memberHours(requesterId), '-1.50'],
        [accountIds.memberHours(id('member')), '1.50'],
      ].sort(),
    );
    expect(await app.deps.ledger.getHold(community, `svc-hold/${assignment}`)).toMatchObject({
      status: 'posted',
      postedAmount: '1.50',
      amount: '2.00',
    });
    const volunteerAfter = await app.deps.ledger.balance(community, accountIds.memberHours(id('member')));
    expect(minus(volunteerAfter?.balance ?? '0', volunteerBefore?.balance ?? '0')).toBe('1.50');
    const payerAfter = await payer();
    expect(minus(payerBefore.balance, payerAfter.balance)).toBe('1.50');
    // The 2.00 held are gone: 1.50 paid, 0.50 back; only the second slot's hold remains.
    expect(payerBefore.held).toBe('4.00');
    expect(payerAfter.held).toBe('2.00');
    expect(minus(payerAfter.available, payerBefore.available)).toBe('0.50');
    for (const line of await app.deps.ledger.trialBalance(community)) expect(new AmountDecimal(line.net).isZero(), line.unit).toBe(true);
    expect((await app.deps.ledger.verify(community)).ok).toBe(true);
  });

  it('refuses those not notified, a wave not yet due, another community, other roles and malformed ids; nothing changes', async () => {
    const need = await postNeed({ window: window(2) });
    await notify(need, ['member']);
    await notify(need, ['zhao-daye'], new Date(Date.now() + 10 * 60_000));
    const before = await payer();
    for (const name of ['li-shifu', 'zhao-daye', 'wang-ayi'] as const) {
      const refused = await claim(need, name);
      expect(refused.status, name).toBe(404);
      expect(refused.body.code).toBe('not_found');
    }
    const elsewhere = await send(
      'post',
      `/api/v1/me/notifications/${need}/accept`,
      `Bearer ${await handle.get().tokenFor(otherAccount('member'))}`,
    );
    expect(elsewhere.status).toBe(404);
    const asCoordinator = await send('post', `/api/v1/me/notifications/${need}/accept`, coordinator);
    expect(asCoordinator.status).toBe(403);
    expect(asCoordinator.body.code).toBe('forbidden');
    const unknown = await claim('need-0000000000000000', 'member');
    expect(unknown.status).toBe(404);
    const malformed = await send('post', '/api/v1/me/notifications/not-a-need/accept', token('member'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    const keyless = await send('post', `/api/v1/me/notifications/${need}/accept`, token('member'), { key: null });
    expect(keyless.status).toBe(400);
    expect(keyless.body.code).toBe('idempotency_key_required');
    expect(await assignmentsOf(need)).toEqual([]);
    expect((await payer()).available).toBe(before.available);
  });

  it('the matching rules still apply when claiming: certificate, conflict and weekly cap, named; nothing is held', async () => {
    const app = handle.get();
    const before = await payer();
    const certified = await postNeed({ certificates: ['健康证'], window: window(3) });
    await notify(certified, ['wang-ayi', 'li-shifu']);
    const uncertified = await claim(certified, 'li-shifu');
    expect(uncertified.status).toBe(409);
    expect(uncertified.body.code).toBe('volunteer_not_eligible');
    expect(uncertified.body.detail).toMatch(/^rule certificate: /);
    // 王阿姨's 健康证 lapses after she was told.
    const profile = app.deps.knex('volunteer_profiles').where({ community_id: community, user_id: id('wang-ayi') });
    const { certificates } = (await profile.clone().first('certificates')) as { certificates: unknown };
    await profile.clone().update({ certificates: JSON.stringify([{ name: '健康证', expiresOn: '2026-01-01' }]) });
    try {
      const lapsed = await claim(certified, 'wang-ayi');
      expect(lapsed.status).toBe(409);
      expect(lapsed.body).toMatchObject({
        code: 'volunteer_not_eligible',
        detail: expect.stringMatching(/^rule certificate: certificate 健康证 missing or expired on /),
      });
    } finally {
      await profile
        .clone()
        .update({ certificates: JSON.stringify(typeof certificates === 'string' ? JSON.parse(certificates) : certificates) });
    }
    expect((await claim(certified, 'wang-ayi', 'urgent-claim-certified')).status).toBe(200);

    // 张小明 holds a slot of need A, 10:00 to 13:00 on day 1.
    const overlapping = await postNeed({ window: window(1, 11, 1) });
    await notify(overlapping, ['member']);
    const busy = await claim(overlapping, 'member');
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({
      code: 'volunteer_not_eligible',
      detail: expect.stringMatching(/^rule conflict: overlaps a confirmed assignment/),
    });

    // 赵大爷 gives at most 4 hours a week.
    const long = await postNeed({ window: window(4, 9, 6), hoursPerSlot: '4.50' });
    await notify(long, ['zhao-daye']);
    const capped = await claim(long, 'zhao-daye');
    expect(capped.status).toBe(409);
    expect(capped.body).toMatchObject({ code: 'volunteer_not_eligible', detail: expect.stringMatching(/^rule weeklyCap: /) });

    expect((await assignmentsOf(overlapping)).concat(await assignmentsOf(long))).toEqual([]);
    expect(minus(before.available, (await payer()).available)).toBe('1.00');
  });

  it('four volunteers race for the last slot: exactly one wins, the others get need_full, and only the winner’s hours stay held', async () => {
    const need = await postNeed({ window: window(5) });
    await notify(need, volunteerNames);
    const before = await payer();
    const replies = await Promise.all(volunteerNames.map((name) => claim(need, name)));
    const winners = replies.filter((reply) => reply.status === 200);
    expect(winners, JSON.stringify(replies.map((reply) => reply.body))).toHaveLength(1);
    for (const reply of replies.filter((entry) => entry.status !== 200)) {
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('need_full');
    }
    const confirmed = await confirmedOf(need);
    expect(confirmed.map((row) => [row.id, row.slot])).toEqual([[winners[0]?.body.id, 1]]);
    const after = await payer();
    expect(minus(before.available, after.available)).toBe('1.00');
    expect(minus(after.held, before.held)).toBe('1.00');
    // A loser that got as far as holding hours had them voided.
    const holds = await holdsOf(need);
    expect(holds.pending).toBe(1);
    expect(Object.keys(holds).filter((status) => status !== 'pending' && status !== 'voided')).toEqual([]);
  });

  it('four volunteers race for two slots: exactly two win, on slots 1 and 2', async () => {
    const need = await postNeed({ window: window(6), slots: 2 });
    await notify(need, volunteerNames);
    const before = await payer();
    const replies = await Promise.all(volunteerNames.map((name) => claim(need, name)));
    expect(
      replies
        .filter((reply) => reply.status === 200)
        .map((reply) => reply.body.slot)
        .sort(),
    ).toEqual([1, 2]);
    expect(replies.filter((reply) => reply.status !== 200).map((reply) => reply.body.code)).toEqual(['need_full', 'need_full']);
    expect((await confirmedOf(need)).map((row) => row.slot)).toEqual([1, 2]);
    expect(minus(before.available, (await payer()).available)).toBe('2.00');
    expect((await holdsOf(need)).pending).toBe(2);
  });

  it('one volunteer claiming twice at once under two keys holds one slot', async () => {
    const need = await postNeed({ window: window(7), slots: 3 });
    await notify(need, ['member']);
    const before = await payer();
    const replies = await Promise.all([claim(need, 'member'), claim(need, 'member')]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(replies[0]?.body.id).toBe(replies[1]?.body.id);
    expect(await confirmedOf(need)).toHaveLength(1);
    expect(minus(before.available, (await payer()).available)).toBe('1.00');
    expect((await holdsOf(need)).pending).toBe(1);
  });

  const acceptProposal = async (assignment: string, name: VolunteerName): Promise<Reply> =>
    (await send('post', `/api/v1/assignments/${assignment}/accept`, token(name))) as unknown as Reply;

  it('accepting an older proposal checks the matching rules again: one overlapping a need the volunteer claimed is refused, nothing held', async () => {
    const older = await postNeed({ window: window(9) });
    const claimed = await postNeed({ window: window(9, 11, 1) });
    const proposal = await proposeVolunteer(handle.get().deps.knex, community, 'test', older, id('zhao-daye'), new Date());
    await notify(claimed, ['zhao-daye']);
    expect((await claim(claimed, 'zhao-daye')).status).toBe(200);
    const before = await payer();
    const accepted = await acceptProposal(proposal, 'zhao-daye');
    expect([accepted.status, accepted.body.code], JSON.stringify(accepted.body)).toEqual([409, 'volunteer_not_eligible']);
    expect(accepted.body.detail).toMatch(/^rule conflict/);
    expect(await confirmedOf(older)).toEqual([]);
    // The refused accept's rows and postings rolled back with it: no hold was ever committed.
    expect(await holdsOf(older)).toEqual({});
    expect((await payer()).available).toBe(before.available);
  });

  it('one volunteer is confirmed at most once on a need: a proposal accepted after a claim of the same need is refused, and the database refuses a second confirmed row', async () => {
    const need = await postNeed({ window: window(10), slots: 2 });
    await notify(need, ['li-shifu']);
    const claimed = await claim(need, 'li-shifu');
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    // A proposal written while the claim was on its way (the claim's check found none).
    const proposal = await proposeVolunteer(handle.get().deps.knex, community, 'test', need, id('li-shifu'), new Date());
    const accepted = await acceptProposal(proposal, 'li-shifu');
    expect([accepted.status, accepted.body.code], JSON.stringify(accepted.body)).toEqual([409, 'volunteer_not_eligible']);
    expect((await confirmedOf(need)).map((row) => [row.id, row.slot])).toEqual([[claimed.body.id, 1]]);
    expect(await holdsOf(need)).toEqual({ pending: 1 });
    const second = handle
      .get()
      .deps.knex('assignments')
      .where({ community_id: community, id: proposal })
      .update({ status: 'accepted', slot: 2, hold_id: 'svc-hold/test-second' });
    await expect(second).rejects.toThrow(/assignments_volunteer_confirmed/);
  });

  it('a claim and an accept of one volunteer’s proposal on the same need at once confirm the volunteer once, with one pending hold', async () => {
    const need = await postNeed({ window: window(11), slots: 2 });
    await notify(need, ['wang-ayi']);
    const proposal = await proposeVolunteer(handle.get().deps.knex, community, 'test', need, id('wang-ayi'), new Date());
    const replies = await Promise.all([claim(need, 'wang-ayi'), acceptProposal(proposal, 'wang-ayi')]);
    const confirmed = await confirmedOf(need);
    expect(
      confirmed.map((row) => row.volunteer_id),
      JSON.stringify(replies.map((reply) => reply.body)),
    ).toEqual([id('wang-ayi')]);
    for (const reply of replies) {
      if (reply.status === 200) expect(reply.body).toMatchObject({ id: confirmed[0]?.id, status: 'accepted' });
      // The accept that came second: the proposal gave way to the claim (gone, or no longer proposed) or the rules refuse it.
      else expect(`${reply.status} ${reply.body.code}`).toMatch(/^(409 volunteer_not_eligible|409 assignment_not_proposed|404 not_found)$/);
    }
    expect((await holdsOf(need)).pending).toBe(1);
  });
});
