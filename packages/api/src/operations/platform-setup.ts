// Creating the platform above the communities (a street office or a district) with its first
// platform admin: `linli init --platform-admin`, or `linli platform create` on a database that
// has communities already. The platform has no ledger books; its admins create communities and
// their admins over the API and see each community's public figures (migration 0403).
import type { Database } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import { newOneTimePassword } from '../auth/one-time-password.js';
import { setMustChangePassword } from '../auth/password-change.js';
import { passwordWeakness } from '../auth/password-strength.js';
import { hashPassword } from '../auth/password.js';
import { insertUser } from '../auth/users.js';
import { hasPlatform, insertCommunity, platformCommunity } from '../communities.js';
import { newUserId } from '../random-ids.js';
import { displayName, usernameNew } from '../validation.js';
import { operatorActor } from './community-setup.js';
import { OperationRefusal } from './operation-refusal.js';

export interface NewPlatform {
  /** What the platform is called (`仙林街道办事处`). */
  name: string;
  admin: { username: string; displayName: string; password?: string | undefined };
}

export interface CreatedPlatform {
  platform: string;
  adminId: string;
  adminUsername: string;
  password: string;
  generatedPassword: boolean;
}

/**
 * Creates the platform and its first admin, who must change the password at first login.
 * Refusals, in order: `invalid_input`, `password_too_weak`, `platform_exists`.
 */
export async function createPlatformWithAdmin(
  database: Pick<Database, 'knex'>,
  input: NewPlatform,
  options: { now: Date },
): Promise<CreatedPlatform> {
  const name = checked(displayName, input.name, 'the platform name');
  const username = checked(usernameNew, input.admin.username, 'the platform admin username');
  const adminName = checked(displayName, input.admin.displayName, "the platform admin's display name");
  const generatedPassword = input.admin.password === undefined;
  const password = input.admin.password ?? newOneTimePassword();
  const weakness = passwordWeakness(password, { username, community: platformCommunity });
  if (weakness !== undefined) throw new OperationRefusal('password_too_weak', `the platform admin password is too weak: ${weakness}`);
  const passwordHash = await hashPassword(password);
  const adminId = newUserId();
  await database.knex.transaction(async (trx) => {
    await trx.raw('lock table community_profiles in share row exclusive mode');
    if (await hasPlatform(trx))
      throw new OperationRefusal(
        'platform_exists',
        'the platform exists already: a platform admin adds communities; reset its admin with `linli user reset-password --community platform`',
      );
    await insertCommunity(trx, { id: platformCommunity, name, isDemo: false, isPlatform: true });
    await insertUser(trx, {
      community: platformCommunity,
      id: adminId,
      username,
      displayName: adminName,
      role: 'platform_admin',
      passwordHash,
      isDemo: false,
    });
    await setMustChangePassword(trx, platformCommunity, adminId, true);
    await recordAudit(
      trx,
      {
        community: platformCommunity,
        actor: operatorActor,
        action: 'community.created',
        target: `community:${platformCommunity}`,
        details: { admin: adminId, platform: true },
      },
      options.now,
    );
    await recordAudit(
      trx,
      {
        community: platformCommunity,
        actor: operatorActor,
        action: 'user.created',
        target: `user:${adminId}`,
        details: { role: 'platform_admin', username },
      },
      options.now,
    );
  });
  return { platform: platformCommunity, adminId, adminUsername: username, password, generatedPassword };
}

function checked(
  schema: { safeParse(value: unknown): { success: true; data: string } | { success: false } },
  value: string,
  what: string,
): string {
  const result = schema.safeParse(value);
  if (!result.success) throw new OperationRefusal('invalid_input', `${what} ${JSON.stringify(value.slice(0, 80))} is not valid`);
  return result.data;
}
