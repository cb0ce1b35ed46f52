// The authorization-matrix rows of the service routes (see role-matrix.test.ts): needs, matching,
// the assignment lifecycle, volunteer profiles and service records. Each allowed call gets a fresh
// assignment in the state its step needs, proposed to the demo account `member`.
import { books } from '@linli/ledger';
import type { Principal } from '../../src/auth/roles.js';
import { acceptAssignment, approveAssignment, checkIn, checkOut } from '../../src/workflows/assignments.js';
import { proposeVolunteer } from '../../src/workflows/matching.js';
import { createNeed, type NeedInput } from '../../src/workflows/needs.js';
import { upsertVolunteerProfile, type VolunteerProfileInput } from '../../src/workflows/volunteer-profiles.js';
import type { MatrixRow, Target } from '../test-support/matrix-row.js';
import { otherCommunity, type TestApp } from '../test-support/test-app.js';
import { needReaders, needWriters, serviceManagers } from '@linli/contract';

const ownCommunity = 'xianlin';

interface Fixtures {
  ownNeed: string;
  otherNeed: string;
  otherAssignment: string;
  ownRecord: string;
}

/** Records an urgent notification, due now, as a launch would. */
async function notify(app: TestApp, community: string, needId: string, volunteerId: string): Promise<void> {
  const now = new Date();
  await app.deps.knex('urgent_notifications').insert({
    community_id: community,
    need_id: needId,
    volunteer_id: volunteerId,
    wave: 0,
    notify_at: now,
    created_by: 'matrix',
    created_at: now,
  });
}

/**
 * A fresh need paid by 王阿姨 that the demo `member` was notified of: 10:00 to 10:30 China time,
 * 22 days ahead, clear of the other rows' needs (days 1 to 20).
 */
async function notifiedNeed(app: TestApp): Promise<string> {
  const day = Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) + 22;
  const start = day * 86_400_000 + 2 * 3_600_000;
  const input = {
    ...needInput(app.demoUsers.get('wang-ayi')),
    window: { start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() },
  };
  const need = await createNeed(app.deps, user(app, ownCommunity, 'coordinator'), input, `matrix-urgent-need-${(serial += 1)}`);
  await notify(app, ownCommunity, need.id, user(app, ownCommunity, 'member').userId);
  return need.id;
}

const fixtures = new WeakMap<TestApp, Promise<Fixtures>>();
let serial = 0;

function user(app: TestApp, community: string, role: 'coordinator' | 'member'): Principal {
  const userId = community === otherCommunity ? app.otherUsers.get(role) : app.demoUsers.get(role);
  if (userId === undefined) throw new Error(`seeded ${role} missing`);
  return { userId, role, community, tokenId: 'matrix' };
}

/**
 * A window of its own: half an hour some days ahead (within matching's horizon), starting between
 * 01:00 and 08:30 UTC an hour and a half apart, inside the demo volunteers' hours with travel
 * either side; accepting a proposal checks the matching rules, and windows that overlap conflict.
 */
let windowSerial = 0;
function window(): { start: string; end: string } {
  windowSerial += 1;
  const day = Math.floor(Date.now() / 86_400_000) + 1 + (windowSerial % 20);
  const start = day * 86_400_000 + 3_600_000 + (Math.floor(windowSerial / 20) % 6) * 5_400_000;
  return { start: new Date(start).toISOString(), end: new Date(start + 1_800_000).toISOString() };
}

function needInput(requester: string | undefined): NeedInput {
  serial += 1;
  return {
    title: '矩阵需求',
    requester,
    payer: requester === undefined ? 'pool' : 'requester',
    skills: [],
    certificates: [],
    languages: [],
    gridCell: '仙林社区第1网格',
    place: { eastM: 0, northM: 0 },
    window: window(),
    slots: 1,
    hoursPerSlot: '0.50',
    urgency: 3,
  };
}

type State = 'proposed' | 'accepted' | 'checked_in' | 'checked_out' | 'approved';

/** A fresh assignment of the demo `member` on a new need paid by 王阿姨, moved to `state`. */
async function ownAssignment(app: TestApp, state: State): Promise<string> {
  const coordinator = user(app, ownCommunity, 'coordinator');
  const member = user(app, ownCommunity, 'member');
  const need = await createNeed(app.deps, coordinator, needInput(app.demoUsers.get('wang-ayi')), `matrix-need-${(serial += 1)}`);
  const id = await proposeVolunteer(app.deps.knex, ownCommunity, 'matrix', need.id, member.userId, new Date());
  if (state === 'proposed') return id;
  await acceptAssignment(app.deps, member, id);
  if (state === 'accepted') return id;
  await checkIn(app.deps, member, id);
  if (state === 'checked_in') return id;
  await checkOut(app.deps, member, id);
  if (state === 'checked_out') return id;
  await approveAssignment(app.deps, coordinator, id, '0.50');
  return id;
}

function fixturesOf(app: TestApp): Promise<Fixtures> {
  let promise = fixtures.get(app);
  if (promise === undefined) {
    promise = (async () => {
      const wang = app.demoUsers.get('wang-ayi') ?? '';
      await app.deps.ledger.post(
        books.serviceCredit({
          community: ownCommunity,
          id: 'matrix/service/banked',
          actor: 'matrix',
          volunteer: wang,
          payer: 'issuance',
          hours: '100.00',
        }),
      );
      const ownNeed = await createNeed(app.deps, user(app, ownCommunity, 'coordinator'), needInput(wang), 'matrix-own-need');
      const otherNeed = await createNeed(app.deps, user(app, otherCommunity, 'coordinator'), needInput(undefined), 'matrix-other-need');
      const otherAssignment = await proposeVolunteer(
        app.deps.knex,
        otherCommunity,
        'matrix',
        otherNeed.id,
        user(app, otherCommunity, 'member').userId,
        new Date(),
      );
      await notify(app, otherCommunity, otherNeed.id, user(app, otherCommunity, 'member').userId);
      return { ownNeed: ownNeed.id, otherNeed: otherNeed.id, otherAssignment, ownRecord: await ownAssignment(app, 'approved') };
    })();
    fixtures.set(app, promise);
  }
  return promise;
}

/** A step on an assignment: the own one fresh in `state`, or another community's. */
function assignmentRow(operationId: string, step: string, allowed: MatrixRow['allowed'], state: State, body?: object): MatrixRow {
  return {
    operationId,
    allowed,
    success: 200,
    named: true,
    request: async (app: TestApp, target: Target) => {
      const { otherAssignment } = await fixturesOf(app);
      const id = target === 'own' ? await ownAssignment(app, state) : otherAssignment;
      return body === undefined
        ? { method: 'post', path: `/api/v1/assignments/${id}/${step}` }
        : { method: 'post', path: `/api/v1/assignments/${id}/${step}`, body };
    },
  };
}

const profile: VolunteerProfileInput = {
  skills: [
    { skill: 'tutoring', level: 3 },
    { skill: 'computers', level: 2 },
  ],
  certificates: [],
  gridCell: '仙林社区第1网格',
  place: { eastM: 0, northM: 0 },
  travelRadiusM: 3_000,
  weeklyAvailability: ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, startMinute: 480, endMinute: 1200 })),
  weeklyHourCap: '10.00',
};

export const serviceMatrix: readonly MatrixRow[] = [
  {
    operationId: 'needsCreate',
    allowed: needWriters,
    success: 201,
    named: false,
    request: (app) => ({
      method: 'post',
      path: '/api/v1/needs',
      body: { ...needInput(app.demoUsers.get('member')), certificates: undefined },
    }),
  },
  { operationId: 'needsList', allowed: needReaders, success: 200, named: false, request: () => ({ method: 'get', path: '/api/v1/needs' }) },
  {
    operationId: 'needsGet',
    allowed: needReaders,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { ownNeed, otherNeed } = await fixturesOf(app);
      return { method: 'get', path: `/api/v1/needs/${target === 'own' ? ownNeed : otherNeed}` };
    },
  },
  {
    operationId: 'needsMatch',
    allowed: serviceManagers,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { ownNeed, otherNeed } = await fixturesOf(app);
      return { method: 'post', path: `/api/v1/needs/${target === 'own' ? ownNeed : otherNeed}/match` };
    },
  },
  {
    operationId: 'needsUrgent',
    allowed: serviceManagers,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { ownNeed, otherNeed } = await fixturesOf(app);
      return { method: 'post', path: `/api/v1/needs/${target === 'own' ? ownNeed : otherNeed}/urgent` };
    },
  },
  {
    operationId: 'meNotificationsGet',
    allowed: ['member'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/me/notifications' }),
  },
  {
    operationId: 'meNotificationsAccept',
    allowed: ['member'],
    success: 200,
    named: true,
    request: async (app, target) => {
      const { otherNeed } = await fixturesOf(app);
      return { method: 'post', path: `/api/v1/me/notifications/${target === 'own' ? await notifiedNeed(app) : otherNeed}/accept` };
    },
  },
  {
    operationId: 'meNeedsNearbyGet',
    allowed: ['member'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/me/needs-nearby' }),
  },
  {
    operationId: 'assignmentsApproveMany',
    allowed: serviceManagers,
    success: 200,
    named: false,
    request: async (app) => {
      await fixturesOf(app);
      return {
        method: 'post',
        path: '/api/v1/assignments/approve',
        body: { items: [{ id: await ownAssignment(app, 'checked_out'), hours: '0.50' }] },
      };
    },
  },
  assignmentRow('assignmentsAccept', 'accept', ['member'], 'proposed'),
  assignmentRow('assignmentsDecline', 'decline', ['member'], 'proposed'),
  assignmentRow('assignmentsCheckIn', 'check-in', ['member', ...serviceManagers], 'accepted'),
  assignmentRow('assignmentsCheckOut', 'check-out', ['member', ...serviceManagers], 'checked_in'),
  assignmentRow('assignmentsApprove', 'approve', serviceManagers, 'checked_out', { hours: '0.50' }),
  assignmentRow('assignmentsCancel', 'cancel', serviceManagers, 'proposed'),
  assignmentRow('assignmentsNoShow', 'no-show', serviceManagers, 'accepted'),
  {
    operationId: 'volunteersProfilePut',
    allowed: needWriters,
    success: 200,
    named: true,
    request: (app, target) => ({
      method: 'put',
      path: `/api/v1/volunteers/${(target === 'own' ? app.demoUsers.get('member') : app.otherUsers.get('member')) ?? ''}/profile`,
      body: profile,
    }),
  },
  {
    operationId: 'volunteersProfileGet',
    allowed: needWriters,
    success: 200,
    named: true,
    // The demo `member` has the demo seed's profile; the other community's member is given one, so
    // its 404 comes from the community, not from a missing profile.
    request: async (app, target) => {
      if (target === 'own') return { method: 'get', path: `/api/v1/volunteers/${app.demoUsers.get('member') ?? ''}/profile` };
      const other = user(app, otherCommunity, 'member').userId;
      await upsertVolunteerProfile(app.deps.knex, otherCommunity, other, profile, new Date());
      return { method: 'get', path: `/api/v1/volunteers/${other}/profile` };
    },
  },
  {
    operationId: 'serviceRecordsList',
    allowed: needReaders,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/service-records' }),
  },
  {
    operationId: 'serviceRecordsCertificateGet',
    allowed: needReaders,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { ownRecord, otherAssignment } = await fixturesOf(app);
      return { method: 'get', path: `/api/v1/service-records/${target === 'own' ? ownRecord : otherAssignment}/certificate` };
    },
  },
];
