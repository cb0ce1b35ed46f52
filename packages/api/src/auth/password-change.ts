// The flag that forces a password change (a one-time password from `linli init` or a reset): read
// by the gate middleware, set by the operator's command line, cleared by `changeOwnPassword`
// (own-password.ts).
import type { Knex } from 'knex';

/** True when the user must change their password before anything else; false for an unknown user. */
export async function mustChangePassword(db: Knex, community: string, userId: string): Promise<boolean> {
  const row = await db('users')
    .select('must_change_password')
    .where({ community_id: community, id: userId })
    .first<{ must_change_password: boolean } | undefined>();
  return row?.must_change_password === true;
}

export async function setMustChangePassword(db: Knex, community: string, userId: string, value: boolean): Promise<void> {
  await db('users').where({ community_id: community, id: userId }).update({ must_change_password: value });
}
