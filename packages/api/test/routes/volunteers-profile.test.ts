// A volunteer's matching profile over HTTP: what the PUT stored comes back from the GET in the
// shape the PUT takes (the place rounded to 100 m), for the member themself and the community's
// coordinators and admins; to another member, another community and a user without a profile it
// does not exist, and auditors and staff may not read it.
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { upsertVolunteerProfile, type VolunteerProfileInput } from '../../src/workflows/volunteer-profiles.js';
import { demoAccount, describeOnDatabases, otherCommunity } from '../test-support/test-app.js';

const community = 'xianlin';
let keySerial = 0;

const sent: VolunteerProfileInput = {
  skills: [
    { skill: 'cooking', level: 3 },
    { skill: 'first-aid', level: 1 },
  ],
  certificates: [{ name: '健康证 Health certificate', expiresOn: '2027-06-30' }],
  gridCell: '仙林社区第2网格',
  place: { eastM: 149, northM: -260 },
  travelRadiusM: 1_500,
  weeklyAvailability: [
    { weekday: 2, startMinute: 540, endMinute: 720 },
    { weekday: 2, startMinute: 840, endMinute: 1020 },
    { weekday: 7, startMinute: 1200, endMinute: 1440 },
  ],
  weeklyHourCap: '4.50',
};
/** What the GET answers for `sent`: the same, the place to the nearest 100 m. */
const stored = { ...sent, place: { eastM: 100, northM: -300 } };

describeOnDatabases('volunteer profiles', (handle) => {
  let volunteerId: string;
  let volunteer: string;
  let coordinator: string;
  let admin: string;
  let auditor: string;
  let staff: string;
  let otherMember: string;
  let otherCoordinator: string;
  let newcomerId: string;
  let newcomer: string;

  const bearer = async (who: { community: string; username: string }) => `Bearer ${await handle.get().tokenFor(who)}`;
  const get = (userId: string, token: string) =>
    handle.get().http().get(`/api/v1/volunteers/${userId}/profile`).set('Authorization', token);
  const put = (userId: string, token: string, body: object) =>
    handle
      .get()
      .http()
      .put(`/api/v1/volunteers/${userId}/profile`)
      .set('Authorization', token)
      .set('Idempotency-Key', `profile-test-${(keySerial += 1)}`)
      .send(body);
  const expectNotFound = (response: { status: number; body: { code?: string } }) => {
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.body.code).toBe('not_found');
  };

  beforeAll(async () => {
    const app = handle.get();
    const principal: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
    volunteerId = (
      await createMember(app.deps, principal, { username: 'profile-volunteer', displayName: '资料志愿者', password: demoPassword })
    ).id;
    newcomerId = (
      await createMember(app.deps, principal, { username: 'profile-newcomer', displayName: '新志愿者', password: demoPassword })
    ).id;
    volunteer = await bearer({ community, username: 'profile-volunteer' });
    newcomer = await bearer({ community, username: 'profile-newcomer' });
    coordinator = await bearer(demoAccount('coordinator'));
    admin = await bearer(demoAccount('admin'));
    auditor = await bearer(demoAccount('auditor'));
    staff = await bearer(demoAccount('staff'));
    otherMember = await bearer({ community, username: 'wang-ayi' });
    otherCoordinator = await bearer({ community: otherCommunity, username: 'coordinator' });
  });

  it('gives back what the member stored, the place rounded to 100 m, with when it was set', async () => {
    const before = Date.now();
    const saved = await put(volunteerId, volunteer, sent);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const read = await get(volunteerId, volunteer);
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    const { updatedAt, ...profile } = read.body as typeof stored & { updatedAt: string };
    expect(profile).toEqual(stored);
    expect(updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(Date.parse(updatedAt)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(updatedAt)).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('round-trips: what the GET answers, sent back by the PUT, is stored unchanged', async () => {
    const first = await get(volunteerId, volunteer);
    const { updatedAt: _updatedAt, ...body } = first.body as typeof stored & { updatedAt: string };
    expect((await put(volunteerId, volunteer, body)).status).toBe(200);
    const again = await get(volunteerId, volunteer);
    const { updatedAt: _again, ...profile } = again.body as typeof stored & { updatedAt: string };
    expect(profile).toEqual(stored);
  });

  it('certificates left out of the PUT come back as an empty list', async () => {
    const { certificates: _certificates, ...withoutCertificates } = sent;
    expect((await put(newcomerId, newcomer, withoutCertificates)).status).toBe(200);
    const read = await get(newcomerId, newcomer);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...stored, certificates: [] });
    // Leave the newcomer without a profile again for the next test.
    await handle.get().deps.knex('volunteer_profiles').where({ community_id: community, user_id: newcomerId }).delete();
  });

  it('coordinators and admins of the community read a member’s profile', async () => {
    for (const token of [coordinator, admin]) {
      const read = await get(volunteerId, token);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body).toMatchObject(stored);
    }
  });

  it('a profile set by a coordinator is what the member reads', async () => {
    const changed = { ...sent, gridCell: '仙林社区第3网格', weeklyHourCap: '2.00' };
    expect((await put(volunteerId, coordinator, changed)).status).toBe(200);
    const read = await get(volunteerId, volunteer);
    expect(read.body).toMatchObject({ ...stored, gridCell: '仙林社区第3网格', weeklyHourCap: '2.00' });
    expect((await put(volunteerId, volunteer, sent)).status).toBe(200);
  });

  it('no profile stored: not_found, for the member themself and for coordinators', async () => {
    expectNotFound(await get(newcomerId, newcomer));
    expectNotFound(await get(newcomerId, coordinator));
  });

  it('a user who is not a member has no profile: not_found', async () => {
    expectNotFound(await get(handle.get().demoUsers.get('coordinator') ?? '', coordinator));
    expectNotFound(await get('u-nosuchuser', admin));
  });

  it('another member’s profile does not exist for a member', async () => {
    expectNotFound(await get(volunteerId, otherMember));
    expectNotFound(await get(volunteerId, newcomer));
  });

  it('another community’s profile does not exist, and ours does not exist for theirs', async () => {
    const app = handle.get();
    const foreign = app.otherUsers.get('member') ?? '';
    await upsertVolunteerProfile(app.deps.knex, otherCommunity, foreign, stored, new Date());
    // The other community's coordinator reads it; this community's coordinator and admin do not.
    expect((await get(foreign, otherCoordinator)).status).toBe(200);
    expectNotFound(await get(foreign, coordinator));
    expectNotFound(await get(foreign, admin));
    // Nor does the other community's coordinator see this community's volunteer.
    expectNotFound(await get(volunteerId, otherCoordinator));
  });

  it('auditors and staff may not read a profile (it holds an approximate home place)', async () => {
    for (const token of [auditor, staff]) {
      const read = await get(volunteerId, token);
      expect(read.status).toBe(403);
      expect(read.body.code).toBe('forbidden');
    }
  });

  it('refuses a malformed user id with a field problem', async () => {
    const read = await get('not-a-user', coordinator);
    expect(read.status).toBe(400);
    expect(read.body.code).toBe('validation_failed');
    expect(read.body.errors).toEqual([expect.objectContaining({ in: 'params', pointer: '/userId' })]);
  });
});
