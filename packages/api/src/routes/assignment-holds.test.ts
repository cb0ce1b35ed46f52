// The hold behind an accepted assignment over HTTP: whatever happened to earlier attempts (a slot
// taken in the middle of an accept, the proposal deleted by a batch run, a crash between the ledger
// and the assignments table, cancel, no-show, the hold-expiry sweep), an assignment that holds a
// slot points at a pending hold until approval posts it, retries with a new Idempotency-Key get a
// pending hold or a clear refusal, a replay gets the first response, and the books balance.
import { AmountDecimal, books, type Ledger } from '@linli/ledger';
import { afterEach, beforeAll, expect, it } from 'vitest';
import type { Principal } from '../auth/roles.js';
import { demoPassword } from '../demo/demo-data.js';
import { createMember } from '../members/members.js';
import { proposeVolunteer } from '../service/matching.js';
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
  const accept = (assignment: string, name: VolunteerName, key?: string) => send(`/api/v1/assignments/${assignment}/accept`, token(name), { key });
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
  const propose = (need: string, name: VolunteerName): Promise<string> => proposeVolunteer(handle.get().deps.knex, community, 'test', need, id(name), new Date());
  /**
   * Runs `before` once, when the ledger is first asked to create a hold for the assignment, and
   * `after` once the hold is created: a concurrent request, or a crash, at that point.
   */
  const onHold = (assignment: string, hooks: { before?: () => Promise<void>; after?: () => Promise<void> }): void => {
    const ledger: Ledger = handle.get().deps.ledger;
    const original = ledger.createHold.bind(ledger);
    let fired = false;
    ledger.createHold = async (input) => {
      const ours = !fired && (input.metadata as { assignment?: string } | undefined)?.assignment === assignment;
      if (ours) fired = true;
      if (ours && hooks.before !== undefined) await hooks.before();
      const hold = await original(input);
      if (ours && hooks.after !== undefined) await hooks.after();
      return hold;
    };
    unhook = () => {
      ledger.createHold = original;
    };
  };
  const holdStatus = async (holdId: string | null | undefined): Promise<string | undefined> => (holdId == null ? undefined : (await handle.get().deps.ledger.getHold(community, holdId))?.status);
  /** The need's service holds, by status. */
  const holdsOf = async (need: string): Promise<Record<string, number>> => {
    const rows = (await handle.get().deps.knex('ledger_holds').select('status').count({ count: '*' }).where({ community_id: community }).whereRaw("metadata->>'need' = ?", [need]).groupBy('status')) as { status: string; count: string | number }[];
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
    const rows = (await app.deps.knex('assignments').select('id', 'status', 'hold_id', 'slot').where({ community_id: community })) as { id: string; status: string; hold_id: string | null; slot: number | null }[];
    const expected: Record<string, string> = { accepted: 'pending', checked_in: 'pending', checked_out: 'pending', approved: 'posted', cancelled: 'voided', no_show: 'voided' };
    for (const row of rows) {
      if (row.slot === null) continue;
      expect(row.hold_id, row.id).not.toBeNull();
      expect([row.id, row.status, await holdStatus(row.hold_id)]).toEqual([row.id, row.status, expected[row.status]]);
    }
    const pending = (await app.deps.knex('assignments').count({ count: '*' }).where({ community_id: community }).whereIn('status', ['accepted', 'checked_in', 'checked_out']).whereIn('need_id', app.deps.knex('needs').select('id').where({ community_id: community, requester_id: requesterId }))) as { count: string | number }[];
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
    requesterId = (await createMember(app.deps, principal, { username: 'holds-requester', displayName: '请求人', password: demoPassword })).id;
    await app.deps.ledger.post(serviceCredit({ community, id: 'assignment-holds-test/banked', actor: 'test', volunteer: requesterId, payer: 'issuance', hours: '40.00' }));
  });
  afterEach(() => {
    unhook?.();
    unhook = undefined;
  });

  it('a volunteer who lost the slot in the middle of accepting and tries again once it is free gets a pending hold, and approval posts it', async () => {
    const need = await postNeed(1);
    const lost = await propose(need, 'member');
    const other = await propose(need, 'wang-ayi');
    // 王阿姨 takes the only slot after 张小明's accept found it free and before it was recorded.
    let taken: Reply | undefined;
    onHold(lost, {
      before: async () => {
        taken = await accept(other, 'wang-ayi');
      },
    });
    const first = await accept(lost, 'member', 'assignment-holds-lost');
    expect(taken?.status, JSON.stringify(taken?.body)).toBe(200);
    expect(first.status, JSON.stringify(first.body)).toBe(409);
    expect(first.body.code).toBe('need_full');
    expect(await holdsOf(need)).toEqual({ pending: 1, voided: 1 });
    await expectBooksSound();

    // The slot frees up; 张小明 tries again with a new key.
    expect((await send(`/api/v1/assignments/${other}/cancel`, coordinator)).body).toMatchObject({ status: 'cancelled' });
    const retry = await accept(lost, 'member', 'assignment-holds-retry');
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body).toMatchObject({ status: 'accepted', slot: 1, heldHours: '2.00' });
    expect(await holdStatus(retry.body.hold)).toBe('pending');
    await expectBooksSound();

    // Replays answer the first responses, and change nothing.
    const before = await payer();
    const replayedRefusal = await accept(lost, 'member', 'assignment-holds-lost');
    expect([replayedRefusal.status, replayedRefusal.headers['idempotent-replayed']]).toEqual([409, 'true']);
    expect(replayedRefusal.body).toEqual(first.body);
    const replayed = await accept(lost, 'member', 'assignment-holds-retry');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(retry.body);
    expect(await payer()).toEqual(before);

    const approved = await serveAndApprove(lost, 'member', '1.50');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.50', hold: retry.body.hold });
    expect(await holdStatus(retry.body.hold)).toBe('posted');
    await expectBooksSound();
  });

  it('approving several at once posts a retried acceptance’s hold', async () => {
    const need = await postNeed(2);
    const lost = await propose(need, 'li-shifu');
    const other = await propose(need, 'wang-ayi');
    onHold(lost, {
      before: async () => {
        expect((await accept(other, 'wang-ayi')).status).toBe(200);
      },
    });
    expect((await accept(lost, 'li-shifu')).body.code).toBe('need_full');
    expect((await send(`/api/v1/assignments/${other}/no-show`, coordinator)).body).toMatchObject({ status: 'no_show' });
    const retry = await accept(lost, 'li-shifu');
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    await send(`/api/v1/assignments/${lost}/check-in`, coordinator);
    await send(`/api/v1/assignments/${lost}/check-out`, coordinator);
    const many = await send('/api/v1/assignments/approve', coordinator, { body: { items: [{ id: lost, hours: '2.00' }, { id: other, hours: '2.00' }] } });
    expect(many.status, JSON.stringify(many.body)).toBe(200);
    const items = many.body.items as { ok: boolean; code?: string; assignment?: { status: string; approvedHours: string } }[];
    expect(items.map((item) => item.code ?? item.assignment?.status)).toEqual(['approved', 'assignment_not_checked_out']);
    expect(await holdStatus(retry.body.hold)).toBe('posted');
    await expectBooksSound();
  });

  it('a proposal a batch run deleted in the middle of accepting answers not_found, and its hold is voided', async () => {
    const need = await postNeed(3);
    const gone = await propose(need, 'member');
    onHold(gone, {
      after: async () => {
        await handle.get().deps.knex('assignments').where({ community_id: community, id: gone, status: 'proposed' }).delete();
      },
    });
    const refused = await accept(gone, 'member');
    expect(refused.status, JSON.stringify(refused.body)).toBe(404);
    expect(refused.body.code).toBe('not_found');
    expect(await holdsOf(need)).toEqual({ voided: 1 });
    await expectBooksSound();
  });

  it('an accept that failed after the hold was placed (the key released) finishes on a retry with the same key and leaves no hold behind', async () => {
    const need = await postNeed(4);
    const assignment = await propose(need, 'wang-ayi');
    onHold(assignment, {
      after: () => Promise.reject(new Error('the connection to the database was lost')),
    });
    const failed = await accept(assignment, 'wang-ayi', 'assignment-holds-crash');
    expect(failed.status).toBe(500);
    unhook?.();
    const retried = await accept(assignment, 'wang-ayi', 'assignment-holds-crash');
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ status: 'accepted', slot: 1 });
    expect(await holdStatus(retried.body.hold)).toBe('pending');
    expect((await holdsOf(need)).pending).toBe(1);
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

  it('cancelling a proposal whose accept was interrupted voids the hold that accept placed', async () => {
    const need = await postNeed(6);
    const assignment = await propose(need, 'member');
    onHold(assignment, {
      after: () => Promise.reject(new Error('the process stopped')),
    });
    expect((await accept(assignment, 'member')).status).toBe(500);
    expect(await holdsOf(need)).toEqual({ pending: 1 });
    const cancel = await send(`/api/v1/assignments/${assignment}/cancel`, coordinator);
    expect(cancel.body).toMatchObject({ status: 'cancelled', hold: null, heldHours: null });
    expect(await holdsOf(need)).toEqual({ voided: 1 });
    await expectBooksSound();
  });

  it('a batch run that replaces a proposal whose accept was interrupted voids that accept’s hold', async () => {
    const need = await postNeed(9, 1, ['tutoring']);
    // 李师傅 does no tutoring: a batch run does not propose him again.
    const replaced = await propose(need, 'li-shifu');
    onHold(replaced, {
      after: () => Promise.reject(new Error('the process stopped')),
    });
    expect((await accept(replaced, 'li-shifu')).status).toBe(500);
    expect(await holdsOf(need)).toEqual({ pending: 1 });
    const matched = await send(`/api/v1/needs/${need}/match`, coordinator);
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    expect((matched.body.proposals as { assignment: string }[]).map((proposal) => proposal.assignment)).not.toContain(replaced);
    expect(await handle.get().deps.knex('assignments').where({ community_id: community, id: replaced })).toEqual([]);
    expect(await holdsOf(need)).toEqual({ voided: 1 });
    await expectBooksSound();
  });

  it('a claim from an urgent notice that takes the place of a proposal whose accept was interrupted voids that accept’s hold', async () => {
    const need = await postNeed(10);
    const proposal = await propose(need, 'member');
    onHold(proposal, {
      after: () => Promise.reject(new Error('the process stopped')),
    });
    expect((await accept(proposal, 'member')).status).toBe(500);
    unhook?.();
    await handle
      .get()
      .deps.knex('urgent_notifications')
      .insert({ community_id: community, need_id: need, volunteer_id: id('member'), wave: 0, notify_at: new Date(Date.now() - 60_000), created_by: 'test', created_at: new Date() });
    const claimed = await send(`/api/v1/me/notifications/${need}/accept`, token('member'));
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.id).not.toBe(proposal);
    expect(await holdStatus(claimed.body.hold)).toBe('pending');
    expect(await holdsOf(need)).toEqual({ pending: 1, voided: 1 });
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
    const accepted = replies.filter((reply) => reply.status === 200);
    expect(accepted.length, JSON.stringify(replies.map((reply) => reply.body))).toBeGreaterThan(0);
    for (const reply of accepted) expect(reply.body).toMatchObject({ id: assignment, status: 'accepted', slot: 1, hold: accepted[0]?.body.hold });
    for (const reply of replies.filter((entry) => entry.status !== 200)) expect([reply.status, reply.body.code]).toEqual([409, 'assignment_accept_in_progress']);
    expect(new AmountDecimal(before.available).minus((await payer()).available).toFixed(2)).toBe('2.00');
    expect((await holdsOf(need)).pending).toBe(1);
    await expectBooksSound();
  });

  it('a cancel while an accept is placing its hold leaves no pending hold: the assignment ends cancelled, the hold voided', async () => {
    const need = await postNeed(11);
    const assignment = await propose(need, 'wang-ayi');
    const ledger: Ledger = handle.get().deps.ledger;
    const getHold = ledger.getHold.bind(ledger);
    let cancelling: Promise<Reply> | undefined;
    let cancelRead = (): void => undefined;
    const cancelHasRead = new Promise<void>((resolve) => (cancelRead = resolve));
    let acceptDone = (): void => undefined;
    const acceptHasFinished = new Promise<void>((resolve) => (acceptDone = resolve));
    let paused = false;
    // The cancel reads the accept's hold id before the ledger has that hold, and goes on only once the accept answered.
    onHold(assignment, {
      before: async () => {
        cancelling = send(`/api/v1/assignments/${assignment}/cancel`, coordinator);
        await cancelHasRead;
      },
    });
    const undoHold = unhook;
    ledger.getHold = async (holdCommunity, holdId) => {
      const hold = await getHold(holdCommunity, holdId);
      if (!paused && holdId.startsWith(`svc-hold/${assignment}`)) {
        paused = true;
        cancelRead();
        await acceptHasFinished;
      }
      return hold;
    };
    unhook = () => {
      undoHold?.();
      ledger.getHold = getHold;
    };
    const accepted = await accept(assignment, 'wang-ayi');
    acceptDone();
    const cancelled = await cancelling;
    expect(cancelled?.body).toMatchObject({ status: 'cancelled' });
    expect([accepted.status, accepted.body.code]).toEqual([409, 'assignment_not_proposed']);
    expect(await holdsOf(need)).toEqual({ voided: 1 });
    await expectBooksSound();
  });

  it('a cancel that comes while an approval posts the hold is refused: no hours are posted for a cancelled assignment', async () => {
    const need = await postNeed(12);
    const assignment = await propose(need, 'li-shifu');
    expect((await accept(assignment, 'li-shifu')).status).toBe(200);
    expect((await send(`/api/v1/assignments/${assignment}/check-in`, token('li-shifu'))).body).toMatchObject({ status: 'checked_in' });
    expect((await send(`/api/v1/assignments/${assignment}/check-out`, token('li-shifu'))).body).toMatchObject({ status: 'checked_out' });
    const ledger: Ledger = handle.get().deps.ledger;
    const postHold = ledger.postHold.bind(ledger);
    let cancelled: Reply | undefined;
    ledger.postHold = async (input) => {
      const transaction = await postHold(input);
      if (cancelled === undefined) cancelled = await send(`/api/v1/assignments/${assignment}/cancel`, coordinator);
      return transaction;
    };
    unhook = () => {
      ledger.postHold = postHold;
    };
    const approved = await send(`/api/v1/assignments/${assignment}/approve`, coordinator, { body: { hours: '1.50' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedHours: '1.50' });
    expect([cancelled?.status, cancelled?.body.code]).toEqual([409, 'assignment_not_cancellable']);
    expect(await holdsOf(need)).toEqual({ posted: 1 });
    await expectBooksSound();
  });
});
