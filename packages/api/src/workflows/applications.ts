// Residents apply to join a community online; a coordinator accepts (a member account with a
// one-time password, or a link to an existing member) or declines with a reason; the applicant
// follows the outcome with the reference and secret given when applying.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { recordAudit } from '../audit/audit-log.js';
import { FailureWindows } from '../auth/failure-windows.js';
import { newOneTimePassword } from '../auth/one-time-password.js';
import { mustChangePassword, setMustChangePassword } from '../auth/password-change.js';
import type { Principal } from '../auth/roles.js';
import { findUser } from '../auth/users.js';
import { findMemberCommunity } from '../communities.js';
import { isUniqueViolation, toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { createMember } from './members.js';
import { newApplicationReference } from '../random-ids.js';

// The privacy notice's version and the page size are the contract's.
import {
  applicationsPageMax,
  privacyNoticeVersion,
  type ApplicationAcceptance as Acceptance,
  type ApplicationReceipt,
  type ApplicationStatus,
  type ApplicationStatusView,
  type ApplicationView,
} from '@linli/contract';

export { applicationsPageMax, privacyNoticeVersion, type ApplicationStatus };
// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { ApplicationAcceptance, ApplicationReceipt, ApplicationStatusView, ApplicationView } from '@linli/contract';

/** Applications one address may send per hour, and one community may receive per hour. */
export const applicationsPerAddressMax = 5;
export const applicationsPerCommunityMax = 200;
const applicationWindowMs = 3_600_000;

interface Personal {
  name: string;
  phone: string;
}

export interface NewApplication {
  community: string;
  name: string;
  phone: string;
  skills: string[];
}

interface ApplicationRow {
  community_id: string;
  id: string;
  status: ApplicationStatus;
  personal_sealed: string;
  skills: string[] | string;
  consent_notice: string;
  consented_at: Date | string;
  secret_sealed: string;
  request_hash: Buffer;
  created_at: Date | string;
  decided_at: Date | string | null;
  decided_by: string | null;
  decline_reason: string | null;
  user_id: string | null;
  one_time_password_sealed: string | null;
}

const columns = [
  'community_id',
  'id',
  'status',
  'personal_sealed',
  'skills',
  'consent_notice',
  'consented_at',
  'secret_sealed',
  'request_hash',
  'created_at',
  'decided_at',
  'decided_by',
  'decline_reason',
  'user_id',
  'one_time_password_sealed',
];

function personalContext(community: string, id: string): string {
  return `${community}/applications/${id}/personal`;
}
function secretContext(community: string, id: string): string {
  return `${community}/applications/${id}/secret`;
}
function passwordContext(community: string, id: string): string {
  return `${community}/applications/${id}/one-time-password`;
}

/** The sealed columns of applications, for `linli reseal`. */
export const applicationSealedColumns = [
  { column: 'personal_sealed', context: personalContext },
  { column: 'secret_sealed', context: secretContext },
  { column: 'one_time_password_sealed', context: passwordContext },
] as const;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Per service process: what the limits remember (bounded keys, forgotten after the window). */
const limiters = new WeakMap<object, { perAddress: FailureWindows; perCommunity: FailureWindows }>();
function limiterOf(deps: Deps) {
  let found = limiters.get(deps.sealer);
  if (found === undefined) {
    found = {
      perAddress: new FailureWindows({ limit: applicationsPerAddressMax, windowMs: applicationWindowMs, keysMax: 10_000 }),
      perCommunity: new FailureWindows({ limit: applicationsPerCommunityMax, windowMs: applicationWindowMs, keysMax: 10_000 }),
    };
    limiters.set(deps.sealer, found);
  }
  return found;
}

/**
 * Records an application, its personal data sealed. A repeat with the same Idempotency-Key and
 * body answers the same reference and secret (a dropped connection loses nothing).
 * Refusals, in order: `not_found` (no such community), `idempotency_key_reused`, `rate_limited`.
 */
export async function applyToJoin(
  deps: Deps,
  application: NewApplication,
  idempotencyKey: string,
  address: string,
): Promise<ApplicationReceipt> {
  const community = application.community;
  if ((await findMemberCommunity(deps.knex, community)) === undefined) throw new ApiError('not_found', { detail: 'no such community' });
  const keyHash = sha256(`${community}\n${idempotencyKey}`);
  const requestHash = sha256(JSON.stringify([application.name, application.phone, application.skills]));
  const replay = async (): Promise<ApplicationReceipt | undefined> => {
    const row = (await deps
      .knex('membership_applications')
      .select(columns)
      .where({ community_id: community, idempotency_key_hash: keyHash })
      .first()) as ApplicationRow | undefined;
    if (row === undefined) return undefined;
    if (!Buffer.from(row.request_hash).equals(requestHash)) throw new ApiError('idempotency_key_reused');
    return {
      community,
      reference: row.id,
      secret: deps.sealer.open(row.secret_sealed, secretContext(community, row.id)),
      status: row.status,
    };
  };
  const earlier = await replay();
  if (earlier !== undefined) return earlier;

  const limits = limiterOf(deps);
  const nowMs = deps.now().getTime();
  for (const [windows, key] of [
    [limits.perAddress, address],
    [limits.perCommunity, community],
  ] as const) {
    if (windows.count(key, nowMs) >= (windows === limits.perAddress ? applicationsPerAddressMax : applicationsPerCommunityMax)) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil(
          windows.msUntilBelow(key, windows === limits.perAddress ? applicationsPerAddressMax : applicationsPerCommunityMax, nowMs) / 1000,
        ),
      );
      throw new ApiError('rate_limited', {
        detail: 'too many applications from here; try again later',
        headers: { 'Retry-After': String(retryAfterSeconds) },
      });
    }
  }
  limits.perAddress.add(address, nowMs);
  limits.perCommunity.add(community, nowMs);

  const id = newApplicationReference();
  const secret = randomBytes(18).toString('base64url');
  const now = deps.now();
  const personal: Personal = { name: application.name, phone: application.phone };
  try {
    await deps.knex('membership_applications').insert({
      community_id: community,
      id,
      status: 'pending',
      personal_sealed: deps.sealer.seal(JSON.stringify(personal), personalContext(community, id)),
      skills: JSON.stringify(application.skills),
      consent_notice: privacyNoticeVersion,
      consented_at: now,
      secret_sealed: deps.sealer.seal(secret, secretContext(community, id)),
      idempotency_key_hash: keyHash,
      request_hash: requestHash,
      created_at: now,
    });
  } catch (error) {
    // The same key at the same moment: the other request's row is the answer.
    if (isUniqueViolation(error)) {
      const other = await replay();
      if (other !== undefined) return other;
    }
    throw error;
  }
  return { community, reference: id, secret, status: 'pending' };
}

/** The outcome, for whoever holds the reference and the secret. Refusals: `not_found` (also for a wrong secret). */
export async function applicationStatus(deps: Deps, community: string, reference: string, secret: string): Promise<ApplicationStatusView> {
  const row = (await deps.knex('membership_applications').select(columns).where({ community_id: community, id: reference }).first()) as
    | ApplicationRow
    | undefined;
  const expected = row === undefined ? undefined : Buffer.from(deps.sealer.open(row.secret_sealed, secretContext(community, row.id)));
  const given = Buffer.from(secret);
  if (row === undefined || expected === undefined || expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new ApiError('not_found', { detail: 'no application with this reference and secret' });
  let login: ApplicationStatusView['login'] = null;
  if (row.status === 'accepted' && row.user_id !== null) {
    const user = await findUser(deps.knex, community, row.user_id);
    if (user !== undefined) {
      const stillOneTime = row.one_time_password_sealed !== null && (await mustChangePassword(deps.knex, community, user.id));
      login = {
        community,
        username: user.username,
        oneTimePassword:
          stillOneTime && row.one_time_password_sealed !== null
            ? deps.sealer.open(row.one_time_password_sealed, passwordContext(community, row.id))
            : null,
      };
    }
  }
  return {
    community,
    reference: row.id,
    status: row.status,
    createdAt: toIso(row.created_at),
    decidedAt: row.decided_at === null ? null : toIso(row.decided_at),
    declineReason: row.decline_reason,
    login,
  };
}

function toView(deps: Deps, row: ApplicationRow): ApplicationView {
  const personal = JSON.parse(deps.sealer.open(row.personal_sealed, personalContext(row.community_id, row.id))) as Personal;
  const skills = typeof row.skills === 'string' ? (JSON.parse(row.skills) as string[]) : row.skills;
  return {
    id: row.id,
    status: row.status,
    name: personal.name,
    phone: personal.phone,
    skills,
    consentNotice: row.consent_notice,
    consentedAt: toIso(row.consented_at),
    createdAt: toIso(row.created_at),
    decidedAt: row.decided_at === null ? null : toIso(row.decided_at),
    declineReason: row.decline_reason,
    userId: row.user_id,
  };
}

/** A community's applications of one status, oldest first, a page at a time by reference. */
export async function listApplications(
  deps: Deps,
  community: string,
  page: { status: ApplicationStatus; limit: number; after?: string | undefined },
): Promise<{ items: ApplicationView[]; next: string | null }> {
  const query = deps.knex('membership_applications').select(columns).where({ community_id: community, status: page.status });
  if (page.after !== undefined) query.andWhereRaw('id collate "C" > ?', [page.after]);
  const rows = (await query.orderByRaw('id collate "C"').limit(page.limit)) as ApplicationRow[];
  return { items: rows.map((row) => toView(deps, row)), next: rows.length === page.limit ? (rows.at(-1)?.id ?? null) : null };
}

/** The pending application, locked for the decision. Refusals: `not_found`, `application_not_pending`. */
async function pendingApplication(deps: Deps, community: string, id: string): Promise<ApplicationRow> {
  const row = (await deps.knex('membership_applications').select(columns).where({ community_id: community, id }).forUpdate().first()) as
    | ApplicationRow
    | undefined;
  if (row === undefined) throw new ApiError('not_found');
  if (row.status !== 'pending') throw new ApiError('application_not_pending', { detail: `the application was ${row.status} already` });
  return row;
}

/**
 * Accepts: a new member account (the applicant's name, phone and skills; a one-time password to
 * change at first login) or a link to an existing member (`userId`).
 * Refusals, in order: `not_found` (the application, or the member to link), `application_not_pending`, `username_taken`.
 */
export async function acceptApplication(
  deps: Deps,
  principal: Principal,
  id: string,
  decision: { username: string } | { userId: string },
): Promise<Acceptance> {
  const community = principal.community;
  const row = await pendingApplication(deps, community, id);
  const view = toView(deps, row);
  const now = deps.now();
  let user: { id: string; username: string };
  let oneTimePassword: string | null = null;
  if ('userId' in decision) {
    const found = await findUser(deps.knex, community, decision.userId);
    if (found === undefined || found.role !== 'member') throw new ApiError('not_found', { detail: 'no member with this id' });
    user = { id: found.id, username: found.username };
  } else {
    oneTimePassword = newOneTimePassword();
    const member = await createMember(deps, principal, {
      username: decision.username,
      displayName: view.name,
      password: oneTimePassword,
      phone: view.phone,
      skills: view.skills,
    });
    await setMustChangePassword(deps.knex, community, member.id, true);
    user = { id: member.id, username: member.username };
  }
  await deps
    .knex('membership_applications')
    .where({ community_id: community, id })
    .update({
      status: 'accepted',
      decided_at: now,
      decided_by: principal.userId,
      user_id: user.id,
      one_time_password_sealed: oneTimePassword === null ? null : deps.sealer.seal(oneTimePassword, passwordContext(community, id)),
    });
  await recordAudit(
    deps.knex,
    {
      community,
      actor: principal.userId,
      action: 'application.accepted',
      target: `application:${id}`,
      details: { user: user.id, linked: oneTimePassword === null },
    },
    now,
  );
  return { application: { ...view, status: 'accepted', decidedAt: toIso(now), userId: user.id }, user, oneTimePassword };
}

/** Declines with a reason the applicant reads. Refusals: `not_found`, `application_not_pending`. */
export async function declineApplication(deps: Deps, principal: Principal, id: string, reason: string): Promise<ApplicationView> {
  const community = principal.community;
  const row = await pendingApplication(deps, community, id);
  const now = deps.now();
  await deps
    .knex('membership_applications')
    .where({ community_id: community, id })
    .update({ status: 'declined', decided_at: now, decided_by: principal.userId, decline_reason: reason });
  await recordAudit(
    deps.knex,
    { community, actor: principal.userId, action: 'application.declined', target: `application:${id}`, details: {} },
    now,
  );
  return { ...toView(deps, row), status: 'declined', decidedAt: toIso(now), declineReason: reason };
}
