// Creating a community with its first admin: `linli init` on an empty database, and
// `linli community create` for every community after it. One database transaction: the profile,
// the ledger's books, the admin and the audit entries all commit together or not at all.
import { Ledger, PostgresStore, type Database } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import { newOneTimePassword } from '../auth/one-time-password.js';
import { setMustChangePassword } from '../auth/password-change.js';
import { passwordWeakness } from '../auth/password-strength.js';
import { hashPassword } from '../auth/password.js';
import { insertUser } from '../auth/users.js';
import { findCommunity, hasNoCommunity, insertCommunity, platformCommunity } from '../communities.js';
import { newUserId } from '../random-ids.js';
import { communityCode, displayName, usernameNew } from '../validation.js';
import { openCommunityBooks } from '../workflows/community-books.js';
import { OperationRefusal } from './operation-refusal.js';

/** Who did it, in the audit log: the operator at the server's command line, not a user. */
export const operatorActor = 'operator';

/**
 * Who creates a community: the operator (`linli`), or a platform admin over the API, whose user
 * id the new community's audit log names (with `via: platform`) and whose own platform's audit
 * log records the creation too.
 */
export type SetupActor = { kind: 'operator' } | { kind: 'platform_admin'; userId: string };

export interface NewCommunity {
  /** The community code people log in with (`xianlin`). */
  code: string;
  name: string;
  admin: {
    username: string;
    displayName: string;
    /** Chosen by the operator; when absent a one-time password is generated. Either way it must be changed at first login. */
    password?: string | undefined;
  };
}

export interface CreatedCommunity {
  community: string;
  adminId: string;
  adminUsername: string;
  /** The admin's password (the generated one, or the one given), to hand over once. */
  password: string;
  generatedPassword: boolean;
}

/**
 * Creates the community, its ledger books (units HOUR, CNY, POINT and the community accounts) and
 * its admin, who must change the password at first login. `firstOnly` (for `linli init`) refuses
 * unless the database has no community at all.
 *
 * Refusals, in order: `invalid_input` (a code, name or username the API would refuse),
 * `password_too_weak`, `already_initialised` (firstOnly, any community exists), `community_taken`.
 */
export async function createCommunityWithAdmin(
  database: Pick<Database, 'knex' | 'kind'>,
  input: NewCommunity,
  options: { firstOnly: boolean; now: Date; actor?: SetupActor | undefined },
): Promise<CreatedCommunity> {
  const actor = options.actor ?? { kind: 'operator' };
  const actorId = actor.kind === 'operator' ? operatorActor : actor.userId;
  const via: Record<string, string> = actor.kind === 'operator' ? {} : { via: 'platform' };
  const code = parsed(
    communityCode,
    input.code,
    'the community code',
    'lower-case letters, digits and dashes, up to 64, starting with a letter or digit',
  );
  const name = parsed(displayName, input.name, 'the community name', '1 to 100 characters of text');
  const username = parsed(
    usernameNew,
    input.admin.username,
    'the admin username',
    'lower-case letters, digits, dot, dash, underscore; 2 to 64',
  );
  const adminName = parsed(displayName, input.admin.displayName, "the admin's display name", '1 to 100 characters of text');
  const generatedPassword = input.admin.password === undefined;
  const password = input.admin.password ?? newOneTimePassword();
  const weakness = passwordWeakness(password, { username, community: code });
  if (weakness !== undefined) throw new OperationRefusal('password_too_weak', `the admin password is too weak: ${weakness}`);

  const passwordHash = await hashPassword(password);
  const adminId = newUserId();
  const now = options.now;
  await database.knex.transaction(async (trx) => {
    // Two `linli init` at once must not both find the database empty: the second waits here.
    await trx.raw('lock table community_profiles in share row exclusive mode');
    if (options.firstOnly && !(await hasNoCommunity(trx))) {
      throw new OperationRefusal(
        'already_initialised',
        'the database already has a community: `linli init` runs once; add another with `linli community create`',
      );
    }
    if (
      code === platformCommunity ||
      (await findCommunity(trx, code)) !== undefined ||
      (await trx('ledger_communities').where({ community_id: code }).first()) !== undefined
    ) {
      throw new OperationRefusal('community_taken', `the community code ${code} is taken: choose another`);
    }
    await insertCommunity(trx, { id: code, name, isDemo: false });
    // The ledger writes through this transaction too, so its books commit with the profile.
    const ledger = new Ledger({ store: new PostgresStore(trx, database.kind), clock: () => now });
    await ledger.createCommunity({ id: code, name });
    await openCommunityBooks(ledger, code);
    await insertUser(trx, { community: code, id: adminId, username, displayName: adminName, role: 'admin', passwordHash, isDemo: false });
    await setMustChangePassword(trx, code, adminId, true);
    await recordAudit(
      trx,
      {
        community: code,
        actor: actorId,
        action: 'community.created',
        target: `community:${code}`,
        details: { admin: adminId, first: options.firstOnly, ...via },
      },
      now,
    );
    await recordAudit(
      trx,
      { community: code, actor: actorId, action: 'user.created', target: `user:${adminId}`, details: { role: 'admin', username, ...via } },
      now,
    );
    if (actor.kind === 'platform_admin') {
      await recordAudit(
        trx,
        {
          community: platformCommunity,
          actor: actorId,
          action: 'community.created',
          target: `community:${code}`,
          details: { admin: adminId },
        },
        now,
      );
    }
  });
  return { community: code, adminId, adminUsername: username, password, generatedPassword };
}

/** The value as the schema reads it, or an `invalid_input` refusal naming the field and its rule. */
function parsed(
  schema: { safeParse(value: unknown): { success: true; data: string } | { success: false } },
  value: string,
  what: string,
  rule: string,
): string {
  const result = schema.safeParse(value);
  if (!result.success) throw new OperationRefusal('invalid_input', `${what} ${JSON.stringify(value.slice(0, 80))} is not valid: ${rule}`);
  return result.data;
}
