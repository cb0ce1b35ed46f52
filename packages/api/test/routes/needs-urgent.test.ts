// Urgent mode over HTTP: a coordinator launches waves for an open need; each notification is
// recorded, the cooldown holds across needs and repeated launches, a launch replays under its
// Idempotency-Key, and a member reads the notifications that are due — never an address.
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { launchUrgent, urgentPolicy } from '../../src/workflows/urgent.js';
import { demoAccount, describeOnDatabases, otherAccount } from '../test-support/test-app.js';
import { volunteerWindow as window } from '../test-support/volunteer-window.js';

const community = 'xianlin';
let keySerial = 0;

interface Wave {
  wave: number;
  at: string;
  volunteers: string[];
}

describeOnDatabases('urgent notification', (handle) => {
  let coordinator: string;
  let memberToken: string;
  let memberId: string;
  let volunteers: string[];
  let needA: string;
  let needB: string;
  let firstLaunch: { status: number; body: { waves: Wave[]; notified: number; launchedAt: string } };

  const send = (method: 'get' | 'post', path: string, token: string, options: { body?: object; key?: string | null } = {}) => {
    let request = handle.get().http()[method](path).set('Authorization', token);
    if (method === 'post' && options.key !== null)
      request = request.set('Idempotency-Key', options.key ?? `urgent-test-${(keySerial += 1)}`);
    return options.body === undefined ? request : request.send(options.body);
  };
  const postNeed = async (overrides: object = {}): Promise<string> => {
    const created = await send('post', '/api/v1/needs', coordinator, {
      body: {
        title: '紧急送药 Urgent medicine run',
        payer: 'pool',
        gridCell: '仙林社区第1网格',
        place: { eastM: 0, northM: 0 },
        address: '仙林社区 7栋 1单元 203',
        window: window(1),
        slots: 2,
        hoursPerSlot: '1.00',
        urgency: 5,
        ...overrides,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const recorded = async (need: string) =>
    (await handle
      .get()
      .deps.knex('urgent_notifications')
      .select('volunteer_id', 'wave', 'notify_at')
      .where({ community_id: community, need_id: need })
      .orderBy('volunteer_id')) as { volunteer_id: string; wave: number; notify_at: Date | string }[];
  /** The audit log's launch entries, oldest first. */
  const launchesLogged = async () =>
    (
      (await handle
        .get()
        .deps.knex('audit_log')
        .select('actor', 'target', 'at', 'details')
        .where({ community_id: community, action: 'need.urgent_launched' })
        .orderBy('at')) as { actor: string; target: string; at: Date | string; details: unknown }[]
    ).map((row) => ({
      actor: row.actor,
      target: row.target,
      at: new Date(row.at).toISOString(),
      details: typeof row.details === 'string' ? (JSON.parse(row.details) as unknown) : row.details,
    }));
  const coordinatorPrincipal = (): Principal => ({
    userId: handle.get().demoUsers.get('coordinator') ?? '',
    role: 'coordinator',
    community,
    tokenId: 'test',
  });

  beforeAll(async () => {
    const app = handle.get();
    coordinator = `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`;
    memberToken = `Bearer ${await app.tokenFor(demoAccount('member'))}`;
    memberId = app.demoUsers.get('member') ?? '';
    volunteers = ['member', 'wang-ayi', 'li-shifu', 'zhao-daye'].map((name) => app.demoUsers.get(name) ?? '');
    needA = await postNeed();
    needB = await postNeed({ title: '紧急陪护 Urgent companion', window: window(2) });
  });

  it('launches waves for an open need, records each notification, and shows no address', async () => {
    const key = 'urgent-test-first';
    firstLaunch = await send('post', `/api/v1/needs/${needA}/urgent`, coordinator, { key });
    expect(firstLaunch.status, JSON.stringify(firstLaunch.body)).toBe(200);
    const { waves, notified, launchedAt } = firstLaunch.body;
    // Four eligible volunteers fit the first wave (5 people).
    expect(waves).toHaveLength(1);
    expect(waves[0]?.wave).toBe(0);
    expect(waves[0]?.at).toBe(launchedAt);
    expect([...(waves[0]?.volunteers ?? [])].sort()).toEqual([...volunteers].sort());
    expect(notified).toBe(4);
    expect(firstLaunch.body).toMatchObject({ need: needA, cooldownMinutes: urgentPolicy.cooldownMinutes, notifiedEarlier: 0 });
    expect(JSON.stringify(firstLaunch.body)).not.toContain('7栋');
    const rows = await recorded(needA);
    expect(rows.map((row) => row.volunteer_id)).toEqual([...volunteers].sort());
    for (const row of rows) expect(new Date(row.notify_at).toISOString()).toBe(launchedAt);

    const replay = await send('post', `/api/v1/needs/${needA}/urgent`, coordinator, { key });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(firstLaunch.body);
    expect(await recorded(needA)).toHaveLength(4);
  });

  it('writes the launch to the audit log once, with counts and no personal data', async () => {
    const app = handle.get();
    const launches = await launchesLogged();
    // The replay above answered from its Idempotency-Key and logged nothing more.
    expect(launches).toHaveLength(1);
    expect(launches[0]).toMatchObject({
      actor: app.demoUsers.get('coordinator'),
      target: `need:${needA}`,
      at: firstLaunch.body.launchedAt,
      details: { waves: 1, notified: 4, notifiedEarlier: 0 },
    });
    const text = JSON.stringify(launches);
    for (const volunteer of volunteers) expect(text).not.toContain(volunteer);
    for (const personal of ['7栋', '张小明', '13800000001']) expect(text).not.toContain(personal);
  });

  it('a repeated launch tells nobody of the same need twice', async () => {
    const again = await send('post', `/api/v1/needs/${needA}/urgent`, coordinator);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ waves: [], notified: 0, notifiedEarlier: 4 });
    expect(await recorded(needA)).toHaveLength(4);
    // A launch that tells nobody is still a launch, and is logged as one.
    expect((await launchesLogged()).filter((entry) => entry.target === `need:${needA}`).map((entry) => entry.details)).toEqual([
      { waves: 1, notified: 4, notifiedEarlier: 0 },
      { waves: 0, notified: 0, notifiedEarlier: 4 },
    ]);
  });

  it('the cooldown holds across needs: nobody told of A within the cooldown is told of B; after it, they are', async () => {
    const during = await send('post', `/api/v1/needs/${needB}/urgent`, coordinator);
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ waves: [], notified: 0, notifiedEarlier: 0 });
    expect(await recorded(needB)).toEqual([]);
    // The same launch once the cooldown since A's wave has passed reaches the same people.
    const app = handle.get();
    const later = new Date(Date.parse(firstLaunch.body.launchedAt) + (urgentPolicy.cooldownMinutes + 1) * 60_000);
    const after = await launchUrgent({ ...app.deps, now: () => later }, coordinatorPrincipal(), needB);
    expect(after.waves.flatMap((wave) => wave.volunteers).sort()).toEqual([...volunteers].sort());
    expect(after.waves[0]?.at).toBe(later.toISOString());
  });

  it('skips the need’s requester and those who declined it', async () => {
    const app = handle.get();
    const requester = app.demoUsers.get('wang-ayi') ?? '';
    const own = await postNeed({ title: '代买 Shopping', requester, payer: 'requester', window: window(3) });
    await app.deps.knex('assignments').insert({
      community_id: community,
      id: 'as-00000000000000d1',
      need_id: own,
      volunteer_id: app.demoUsers.get('li-shifu'),
      status: 'declined',
      cost_parts: JSON.stringify({ distance: 0, skillFit: 0, continuity: 0, urgency: 0, load: 0 }),
      cost: 0,
      distance_m: 0,
      updated_by: 'test',
      created_at: new Date(),
      updated_at: new Date(),
    });
    const later = new Date(Date.now() + 10 * urgentPolicy.cooldownMinutes * 60_000);
    const launched = await launchUrgent({ ...app.deps, now: () => later }, coordinatorPrincipal(), own);
    expect(launched.waves.flatMap((wave) => wave.volunteers).sort()).toEqual([memberId, app.demoUsers.get('zhao-daye')].sort());
  });

  it('two launches at once do not both notify one volunteer', async () => {
    const app = handle.get();
    const [first, second] = [
      await postNeed({ title: '并发一 First', window: window(5) }),
      await postNeed({ title: '并发二 Second', window: window(6) }),
    ];
    // Past every cooldown the earlier tests started, still before both windows.
    const later = new Date(Date.now() + 2 * 86_400_000);
    const deps = { ...app.deps, now: () => later };
    const launched = await Promise.all([
      launchUrgent(deps, coordinatorPrincipal(), first),
      launchUrgent(deps, coordinatorPrincipal(), second),
    ]);
    const told = launched.map((launch) => launch.waves.flatMap((wave) => wave.volunteers));
    expect([...(told[0] ?? []), ...(told[1] ?? [])].sort()).toEqual([...volunteers].sort());
    expect((await recorded(first)).length + (await recorded(second)).length).toBe(4);
  });

  it('a member reads the notifications that are due, with the need but never its address', async () => {
    const listed = await send('get', '/api/v1/me/notifications', memberToken);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    // A's wave is due; B's and the later ones lie in the future.
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      need: needA,
      title: '紧急送药 Urgent medicine run',
      urgency: 5,
      gridCell: '仙林社区第1网格',
      slots: 2,
      confirmedSlots: 0,
      open: true,
      wave: 0,
      assignment: null,
    });
    expect(listed.body.items[0].notifiedAt).toBe(firstLaunch.body.launchedAt);
    expect(JSON.stringify(listed.body)).not.toContain('7栋');
    const elsewhere = await send('get', '/api/v1/me/notifications', `Bearer ${await handle.get().tokenFor(otherAccount('member'))}`);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items).toEqual([]);
  });

  it('refuses members, closed needs, unknown and malformed ids, and a launch without an Idempotency-Key', async () => {
    const asMember = await send('post', `/api/v1/needs/${needA}/urgent`, memberToken);
    expect(asMember.status).toBe(403);
    const closed = await postNeed({ title: '已取消 Cancelled', window: window(4) });
    await handle.get().deps.knex('needs').where({ community_id: community, id: closed }).update({ status: 'cancelled' });
    const refused = await send('post', `/api/v1/needs/${closed}/urgent`, coordinator);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('need_not_open');
    expect(await recorded(closed)).toEqual([]);
    const unknown = await send('post', '/api/v1/needs/need-0000000000000000/urgent', coordinator);
    expect(unknown.status).toBe(404);
    const malformed = await send('post', '/api/v1/needs/not-a-need/urgent', coordinator);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    const keyless = await send('post', `/api/v1/needs/${needB}/urgent`, coordinator, { key: null });
    expect(keyless.status).toBe(400);
    expect(keyless.body.code).toBe('idempotency_key_required');
  });
});
