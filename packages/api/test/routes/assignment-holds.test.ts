// The hold behind an accepted assignment over HTTP: whatever happens at the same time (a slot
// taken by another volunteer, the proposal deleted by a batch run, a cancel, an approval) or in
// the middle (a crash after the hold was placed), an assignment that holds a slot points at a
// pending hold until approval posts it, nothing half-done is left behind (a request's rows and
// postings commit together), retries get a pending hold or a clear refusal, a replay gets the
// first response, and the books balance. Races are real concurrent requests: on PostgreSQL they
// interleave, on PGlite (one connection) they run one after the other; either way every outcome
// must be one that some order of the requests would give.
import { AmountDecimal, Ledger, books } from '@linli/ledger';
import { afterEach, beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { proposeVolunteer } from '../../src/workflows/matching.js';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';
import { volunteerWindow as window } from '../test-support/volunteer-window.js';

const { accountIds, serviceCredit } = books;
const community = 'xianlin';
const volunteerNames = ['member', 'wang-ayi', 'li-shifu'] as const;
type VolunteerName = (typeof volunteerNames)[number];
let keySerial = 0;

interface Reply {
  status: number;
  body: Record<string, unknown> & { code?: string; id?: string; hold?: string | null; status?: string };
  headers: Record<string, string>;
}

describeOnDatabases('assignment holds', (handle) => {
  let coordinator: string;
  let admin: string;
  const tokens = new Map<VolunteerName, string>();
  const ids = new Map<VolunteerName, string>();
  let requesterId: string;
  /** Undoes the ledger hooks a test installed. */
  let unhook: (() => void) | undefined;

  const send = async (path: string, token: string, options: { body?: object; key?: string } = {}): Promise<Reply> => {
    const request = handle
      .get()
      .http()
      .post(path)
      .set('Authorization', token)
      .set('Idempotency-Key', options.key ?? `assignment-holds-${(keySerial += 1)}`);
    return (await (options.body === undefined ? request : request.send(options.body))) as unknown as Reply;
  };
  const token = (name: VolunteerName): string => tokens.get(name) ?? '';
  const id = (name: VolunteerName): string => ids.get(name) ?? '';
  const accept = (assignment: string, name: VolunteerName, key?: string) =>
    send(`/api/v1/assignments/${assignment}/accept`, token(name), { key });
  const postNeed = async (daysAhead: number, slots = 1, skills: string[] = []): Promise<string> => {
    const created = await send('/api/v1/needs', coordinator, {
      body: {
        title: '陪同就医 Escort to the clinic',
        requester: requesterId,
        payer: 'requester',
        gridCell: '仙林社区第1网格',
        place: { eastM: 0, northM: 0 },
        window: window(daysAhead),
        slots,
        skills,
        hoursPerSlot: '2.00',
        urgency: 3,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const propose = (need: string, name: VolunteerName): Promise<string> =>
    proposeVolunteer(handle.get().deps.knex, community, 'test', need, id(name), new Date());
  /**
   * Fails the request that places the assignment's hold, right after the ledger placed it: a
   * crash at the worst point. Every ledger a request uses is bound to its transaction (a new
   * instance), so the hook is on the class.
   */
  const crashAfterHold = (assignment: string): void => {
    const original = Ledger.prototype.createHold;
    let fired = false;
    Ledger.prototype.createHold = async function createHold(this: Ledger, input) {
      const hold = await original.call(this, input);
      if (!fired && (input.metadata as { assignment?: string } | undefined)?.assignment === assignment) {
        fired = true;
        throw new Error('the process stopped');
      }
      return hold;
    };
    unhook = () => {
      Ledger.prototype.createHold = original;
    };
  };
  const holdStatus = async (holdId: string | null | undefined): Promise<string | undefined> =>
    holdId == null ? undefined : (await handle.get().deps.ledger.getHold(community, holdId))?.status;
  /** The need's service holds, by status. */
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
  const payer = async () => {
    const found = await handle.get().deps.ledger.balance(community, accountIds.memberHours(requesterId));
    if (found === undefined) throw new Error('no payer account');
    return found;
  };

  /**
   * The books balance, the journal verifies, every assignment that holds a slot points at a pending
   * hold (approved: posted; cancelled or no-show after accepting: voided), and the payer's held
   * hours are exactly those of the slots held.
   */
  const expectBooksSound = async (): Promise<void> => {
    const app = handle.get();
    for (const line of await app.deps.ledger.trialBalance(community)) expect(new AmountDecimal(line.net).isZero(), line.unit).toBe(true);
    expect((await app.deps.ledger.verify(community)).ok).toBe(true);
    const rows = (await app.deps.knex('assignments').select('id', 'status', 'hold_id', 'slot').where({ community_id: community })) as {
      id: string;
      status: string;
      hold_id: string | null;
      slot: number | null;
    }[];
    const expected: Record<string, string> = {
      accepted: 'pending',
      checked_in: 'pending',
      checked_out: 'pending',
      approved: 'posted',
      cancelled: 'voided',
      no_show: 'voided',
    };
    for (const row of rows) {
      if (row.slot === null) continue;
      expect(row.hold_id, row.id).not.toBeNull();
      expect([row.id, row.status, await holdStatus(row.hold_id)]).toEqual([row.id, row.status, expected[row.status]]);
    }
    const pending = (await app.deps
      .knex('assignments')
      .count({ count: '*' })
      .where({ community_id: community })
      .whereIn('status', ['accepted', 'checked_in', 'checked_out'])
      .whereIn('need_id', app.deps.knex('needs').select('id').where({ community_id: community, requester_id: requesterId }))) as {
      count: string | number;
    }[];
    expect((await payer()).held).toBe(new AmountDecimal(Number(pending[0]?.count ?? 0)).times('2.00').toFixed(2));
  };
  const serveAndApprove = async (assignment: string, name: VolunteerName, hours: string): Promise<Reply> => {
    expect((await send(`/api/v1/assignments/${assignment}/check-in`, token(name))).body).toMatchObject({ status: 'checked_in' });
    expect((await send(`/api/v1/assignments/${assignment}/check-out`, token(name))).body).toMatchObject({ status: 'checked_out' });
    return send(`/api/v1/assignments/${assignment}/approve`, coordinator, { body: { hours } });
  };

  beforeAll(async () => {
    const app = handle.get();
    coordinator = `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`;
    admin = `Bearer ${await app.tokenFor(demoAccount('admin'))}`;
    for (const name of volunteerNames) {
      tokens.set(name, `Bearer ${await app.tokenFor({ community, username: name })}`);
      ids.set(name, app.demoUsers.get(name) ?? '');
    }
    const principal: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
    requesterId = (await createMember(app.deps, principal, { username: 'holds-requester', displayName: '请求人', password: demoPassword }))
      .id;
    await app.deps.ledger.post(
      serviceCredit({
        community,
        id: 'assignment-holds-test/banked',
        actor: 'test',
        volunteer: requesterId,
        payer: 'issuance',
        hours: '40.00',
      }),
    );
  });
  afterEach(() => {
    unhook?.();
    unhook = undefined;
  });

  it('two volunteers accepting the one slot at once: one holds it, the other is told need_full, nothing else is held; the loser gets it once it is free', async () => {
    const need = await postNeed(1);
    const lost = await propose(need, 'member');
    const other = await propose(need, 'wang-ayi');
    const replies = await Promise.all([accept(lost, 'member', 'assignment-holds-lost'), accept(other, 'wang-ayi', 'assignment-holds-won')]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const winner = replies.find((reply) => reply.status === 200) as Reply;
    const loser = replies.find((reply) => reply.status === 409) as Reply;
    expect(loser.body.code).toBe('need_full');
    expect(await holdsOf(need)).toEqual({ pending: 1 });
    await expectBooksSound();

    // The slot frees up; the one who lost tries again with a new key.
    expect((await send(`/api/v1/assignments/${winner.body.id}/cancel`, coordinator)).body).toMatchObject({ status: 'cancelled' });
    const [loserId, loserName, loserKey] =
      loser === replies[0] ? [lost, 'member' as const, 'assignment-holds-lost'] : [other, 'wang-ayi' as const, 'assignment-holds-won'];
    const retry = await accept(loserId, loserName, `${loserKey}-retry`);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body).toMatchObject({ status: 'accepted', slot: 1, heldHours: '2.00' });
    expect(await holdStatus(retry.body.hold)).toBe('pending');
    expect(await holdsOf(need)).toEqual({ pending: 1, voided: 1 });
    await expectBooksSound();

    // Replays answer the first responses, and change nothing.
    const before = await payer();
    const replayedRefusal = await accept(loserId, loserName, loserKey);
    expect([replayedRefusal.status, replayedRefusal.headers['idempotent-replayed']]).toEqual([409, 'true']);
    expect(replayedRefusal.body).toEqual(loser.body);
    const replayed = await accept(loserId, loserName, `${loserKey}-retry`);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(retry.body);
    expect(await payer()).toEqual(before);

    const approved = await serveAndApprove(loserId, loserName, '1.50');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.50', hold: retry.body.hold });
    expect(await holdStatus(retry.body.hold)).toBe('posted');
    await expectBooksSound();
  });

  it('approving several at once posts each that can be approved and refuses the others on their own', async () => {
    const need = await postNeed(2);
    const served = await propose(need, 'li-shifu');
    const other = await propose(need, 'wang-ayi');
    expect((await accept(served, 'li-shifu')).status).toBe(200);
    expect((await accept(other, 'wang-ayi')).body.code).toBe('need_full');
    const held = (await send(`/api/v1/assignments/${served}/check-in`, coordinator)).body.hold;
    await send(`/api/v1/assignments/${served}/check-out`, coordinator);
    const many = await send('/api/v1/assignments/approve', coordinator, {
      body: {
        items: [
          { id: served, hours: '2.00' },
          { id: other, hours: '2.00' },
        ],
      },
    });
    expect(many.status, JSON.stringify(many.body)).toBe(200);
    const items = many.body.items as { ok: boolean; code?: string; assignment?: { status: string; approvedHours: string } }[];
    expect(items.map((item) => item.code ?? item.assignment?.status)).toEqual(['approved', 'assignment_not_checked_out']);
    expect(await holdStatus(held as string)).toBe('posted');
    await expectBooksSound();
  });

  it('a proposal a batch run deletes while it is being accepted: the accept holds the slot, or answers not_found and holds nothing', async () => {
    const need = await postNeed(3);
    const gone = await propose(need, 'member');
    const [refusedOrAccepted] = await Promise.all([
      accept(gone, 'member'),
      handle.get().deps.knex('assignments').where({ community_id: community, id: gone, status: 'proposed' }).delete(),
    ]);
    if (refusedOrAccepted.status === 200) expect(await holdsOf(need)).toEqual({ pending: 1 });
    else {
      expect([refusedOrAccepted.status, refusedOrAccepted.body.code]).toEqual([404, 'not_found']);
      expect(await holdsOf(need)).toEqual({});
    }
    await expectBooksSound();
  });

  it('an accept that failed after the hold was placed leaves nothing, and a retry with the same key holds the slot once', async () => {
    const need = await postNeed(4);
    const assignment = await propose(need, 'wang-ayi');
    crashAfterHold(assignment);
    const failed = await accept(assignment, 'wang-ayi', 'assignment-holds-crash');
    expect(failed.status).toBe(500);
    unhook?.();
    expect(await holdsOf(need)).toEqual({});
    expect(
      await handle.get().deps.knex('assignments').first('status', 'hold_id').where({ community_id: community, id: assignment }),
    ).toEqual({ status: 'proposed', hold_id: null });
    const retried = await accept(assignment, 'wang-ayi', 'assignment-holds-crash');
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ status: 'accepted', slot: 1 });
    expect(await holdStatus(retried.body.hold)).toBe('pending');
    expect(await holdsOf(need)).toEqual({ pending: 1 });
    await expectBooksSound();
  });

  it('cancel and no-show void the hold, and accepting again is refused with a code', async () => {
    const need = await postNeed(5, 2);
    const cancelled = await propose(need, 'member');
    const missed = await propose(need, 'li-shifu');
    expect((await accept(cancelled, 'member')).status).toBe(200);
    expect((await accept(missed, 'li-shifu')).status).toBe(200);
    const cancel = await send(`/api/v1/assignments/${cancelled}/cancel`, coordinator);
    expect(cancel.body).toMatchObject({ status: 'cancelled' });
    expect(await holdStatus(cancel.body.hold)).toBe('voided');
    const noShow = await send(`/api/v1/assignments/${missed}/no-show`, coordinator);
    expect(noShow.body).toMatchObject({ status: 'no_show' });
    expect(await holdStatus(noShow.body.hold)).toBe('voided');
    for (const [assignment, name] of [
      [cancelled, 'member'],
      [missed, 'li-shifu'],
    ] as const) {
      const again = await accept(assignment, name);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('assignment_not_proposed');
    }
    expect(await holdsOf(need)).toEqual({ voided: 2 });
    await expectBooksSound();
  });

  it('cancelling a proposal whose accept crashed: nothing was held, and the assignment ends cancelled', async () => {
    const need = await postNeed(6);
    const assignment = await propose(need, 'member');
    crashAfterHold(assignment);
    expect((await accept(assignment, 'member')).status).toBe(500);
    expect(await holdsOf(need)).toEqual({});
    const cancel = await send(`/api/v1/assignments/${assignment}/cancel`, coordinator);
    expect(cancel.body).toMatchObject({ status: 'cancelled', hold: null, heldHours: null });
    expect(await holdsOf(need)).toEqual({});
    await expectBooksSound();
  });

  it('a batch run after an accept that crashed replaces the proposal, and nothing is held', async () => {
    const need = await postNeed(9, 1, ['tutoring']);
    // 李师傅 does no tutoring: a batch run does not propose him again.
    const replaced = await propose(need, 'li-shifu');
    crashAfterHold(replaced);
    expect((await accept(replaced, 'li-shifu')).status).toBe(500);
    const matched = await send(`/api/v1/needs/${need}/match`, coordinator);
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    expect((matched.body.proposals as { assignment: string }[]).map((proposal) => proposal.assignment)).not.toContain(replaced);
    expect(await handle.get().deps.knex('assignments').where({ community_id: community, id: replaced })).toEqual([]);
    expect(await holdsOf(need)).toEqual({});
    await expectBooksSound();
  });

  it('a claim from an urgent notice after an accept that crashed holds the slot once', async () => {
    const need = await postNeed(10);
    const proposal = await propose(need, 'member');
    crashAfterHold(proposal);
    expect((await accept(proposal, 'member')).status).toBe(500);
    unhook?.();
    await handle
      .get()
      .deps.knex('urgent_notifications')
      .insert({
        community_id: community,
        need_id: need,
        volunteer_id: id('member'),
        wave: 0,
        notify_at: new Date(Date.now() - 60_000),
        created_by: 'test',
        created_at: new Date(),
      });
    const claimed = await send(`/api/v1/me/notifications/${need}/accept`, token('member'));
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.id).not.toBe(proposal);
    expect(await holdStatus(claimed.body.hold)).toBe('pending');
    expect(await holdsOf(need)).toEqual({ pending: 1 });
    await expectBooksSound();
  });

  it('the hold-expiry sweep leaves service holds pending: an accepted assignment stays approvable', async () => {
    const need = await postNeed(7);
    const assignment = await propose(need, 'wang-ayi');
    const accepted = await accept(assignment, 'wang-ayi', 'assignment-holds-expiry');
    expect(accepted.status).toBe(200);
    const swept = await send('/api/v1/admin/expire-holds', admin);
    expect(swept.status, JSON.stringify(swept.body)).toBe(200);
    expect(await holdStatus(accepted.body.hold)).toBe('pending');
    const again = await accept(assignment, 'wang-ayi');
    expect(again.body).toMatchObject({ status: 'accepted', hold: accepted.body.hold });
    const approved = await serveAndApprove(assignment, 'wang-ayi', '2.00');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await expectBooksSound();
  });

  it('one volunteer accepting twice at once under two keys holds the slot once', async () => {
    const need = await postNeed(8, 2);
    const assignment = await propose(need, 'li-shifu');
    const before = await payer();
    const replies = await Promise.all([accept(assignment, 'li-shifu'), accept(assignment, 'li-shifu')]);
    // The second accept waits for the first to commit and answers the assignment it accepted.
    expect(
      replies.map((reply) => reply.status),
      JSON.stringify(replies.map((reply) => reply.body)),
    ).toEqual([200, 200]);
    for (const reply of replies)
      expect(reply.body).toMatchObject({ id: assignment, status: 'accepted', slot: 1, hold: replies[0]?.body.hold });
    expect(new AmountDecimal(before.available).minus((await payer()).available).toFixed(2)).toBe('2.00');
    expect((await holdsOf(need)).pending).toBe(1);
    await expectBooksSound();
  });

  it('a cancel at the same time as an accept: either the accept holds and the cancel voids it, or the cancel comes first and the accept holds nothing', async () => {
    const need = await postNeed(11);
    const assignment = await propose(need, 'wang-ayi');
    const [accepted, cancelled] = await Promise.all([
      accept(assignment, 'wang-ayi'),
      send(`/api/v1/assignments/${assignment}/cancel`, coordinator),
    ]);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    if (accepted.status === 200) expect(await holdsOf(need)).toEqual({ voided: 1 });
    else {
      expect([accepted.status, accepted.body.code]).toEqual([409, 'assignment_not_proposed']);
      expect(await holdsOf(need)).toEqual({});
    }
    await expectBooksSound();
  });

  it('a cancel at the same time as an approval: the hours are posted and the cancel refused, or the cancel wins and nothing is posted', async () => {
    const need = await postNeed(12);
    const assignment = await propose(need, 'li-shifu');
    expect((await accept(assignment, 'li-shifu')).status).toBe(200);
    expect((await send(`/api/v1/assignments/${assignment}/check-in`, token('li-shifu'))).body).toMatchObject({ status: 'checked_in' });
    expect((await send(`/api/v1/assignments/${assignment}/check-out`, token('li-shifu'))).body).toMatchObject({ status: 'checked_out' });
    const [approved, cancelled] = await Promise.all([
      send(`/api/v1/assignments/${assignment}/approve`, coordinator, { body: { hours: '1.50' } }),
      send(`/api/v1/assignments/${assignment}/cancel`, coordinator),
    ]);
    if (approved.status === 200) {
      expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.50' });
      expect([cancelled.status, cancelled.body.code]).toEqual([409, 'assignment_not_cancellable']);
      expect(await holdsOf(need)).toEqual({ posted: 1 });
    } else {
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      expect([approved.status, approved.body.code]).toEqual([409, 'assignment_not_checked_out']);
      expect(await holdsOf(need)).toEqual({ voided: 1 });
    }
    await expectBooksSound();
  });

  it('a proposal stored by an earlier version with a hold id voided since, or whose hold id was used, is accepted under the next hold id', async () => {
    const app = handle.get();
    const legacyHold = async (need: string, assignment: string, holdId: string, name: VolunteerName): Promise<void> => {
      await app.deps.ledger.createHold(
        books.serviceHold({
          community,
          id: holdId,
          actor: 'test',
          volunteer: id(name),
          payer: { member: requesterId },
          hours: '2.00',
          memo: 'earlier attempt',
          metadata: { need, assignment },
        }),
      );
    };
    // The proposal names a hold that an earlier attempt placed and voided.
    const namedNeed = await postNeed(13);
    const named = await propose(namedNeed, 'member');
    await legacyHold(namedNeed, named, `svc-hold/${named}`, 'member');
    await app.deps.ledger.voidHold({ community, holdId: `svc-hold/${named}`, actor: 'test' });
    await app.deps
      .knex('assignments')
      .where({ community_id: community, id: named })
      .update({ hold_id: `svc-hold/${named}` });
    // The proposal names no hold, but its first hold id was used and voided (before proposals named theirs).
    const usedNeed = await postNeed(15);
    const used = await propose(usedNeed, 'wang-ayi');
    await legacyHold(usedNeed, used, `svc-hold/${used}`, 'wang-ayi');
    await app.deps.ledger.voidHold({ community, holdId: `svc-hold/${used}`, actor: 'test' });
    // The proposal names the pending hold of an attempt that stopped half-way: it gives way to the new one.
    const pendingNeed = await postNeed(17);
    const pending = await propose(pendingNeed, 'li-shifu');
    await legacyHold(pendingNeed, pending, `svc-hold/${pending}/2`, 'li-shifu');
    await app.deps
      .knex('assignments')
      .where({ community_id: community, id: pending })
      .update({ hold_id: `svc-hold/${pending}/2` });
    for (const [assignment, name, need, holdId] of [
      [named, 'member', namedNeed, `svc-hold/${named}/2`],
      [used, 'wang-ayi', usedNeed, `svc-hold/${used}/2`],
      [pending, 'li-shifu', pendingNeed, `svc-hold/${pending}/3`],
    ] as const) {
      const accepted = await accept(assignment, name);
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', slot: 1, hold: holdId });
      expect(await holdStatus(holdId)).toBe('pending');
      expect(await holdsOf(need)).toEqual({ pending: 1, voided: 1 });
      const again = await accept(assignment, name);
      expect(again.body).toMatchObject({ status: 'accepted', hold: holdId });
    }
    await expectBooksSound();
  });
});
