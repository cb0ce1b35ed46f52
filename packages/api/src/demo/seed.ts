// Seeds the demo community into an empty database: accounts for every role, volunteers, households.
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import { hashPassword } from '../auth/password.js';
import type { Role } from '../auth/roles.js';
import { insertUser } from '../auth/users.js';
import { hasNoCommunity, insertCommunity } from '../communities.js';
import { sealPersonal } from '../workflows/households.js';
import { insertHousehold } from '../workflows/queries/households.js';
import { insertMemberProfile } from '../workflows/queries/member-profiles.js';
import { newHouseholdCode, newUserId } from '../random-ids.js';
import { demoStore, seedDemoHistory } from '../workflows/demo-history.js';
import { assignStoreStaff } from '../workflows/store-staff.js';
import { seedDemoSupermarket } from '../workflows/demo-supermarket.js';
import { seedDemoNeeds } from '../workflows/demo-needs.js';
import { demoCommunity, demoHouseholds, demoPassword, demoPeople } from './demo-data.js';
import type { DemoPeople, SeedDeps } from './seed-types.js';

export type { DemoPeople, SeedDeps } from './seed-types.js';

export interface DemoLogin {
  community: string;
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

export type SeedOutcome =
  | { seeded: true; community: string; users: ReadonlyMap<string, string>; households: readonly string[]; people: DemoPeople }
  | { seeded: false; reason: 'database_not_empty' };

/**
 * Creates the demo community when the database has no community yet; a database with any
 * community is left alone, so the seed never mixes demo accounts into real data. Demo accounts
 * are marked `is_demo` and can log in only while demo mode is on.
 *
 * The caller checks that demo mode is allowed. Returns the new users' ids by username and the
 * household codes, for the ledger part of the seed.
 */
export async function seedDemo(deps: SeedDeps): Promise<SeedOutcome> {
  // Hashing is slow (scrypt) and runs before the transaction; each user gets their own salt.
  const people = await Promise.all(
    demoPeople.map(async (person) => ({ ...person, id: newUserId(), passwordHash: await hashPassword(demoPassword) })),
  );
  const community = demoCommunity.id;
  const now = deps.now();
  // All of it in one transaction, the ledger's postings too (the ledger bound to it): a seed cut
  // off half-way (a crash, the database gone) leaves the database empty, and the next start seeds
  // it whole, rather than finding a community and skipping the seed with half the demo in place.
  return deps.knex.transaction(async (trx): Promise<SeedOutcome> => {
    if (!(await hasNoCommunity(trx))) return { seeded: false, reason: 'database_not_empty' };
    await insertCommunity(trx, { id: community, name: demoCommunity.name, isDemo: true });
    for (const person of people) {
      await insertUser(trx, {
        community,
        id: person.id,
        username: person.username,
        displayName: person.displayName,
        role: person.role,
        passwordHash: person.passwordHash,
        isDemo: true,
      });
      if (person.role === 'member') {
        const phoneSealed = person.phone === undefined ? null : deps.sealer.seal(person.phone, `${community}/users/${person.id}/phone`);
        await insertMemberProfile(trx, {
          community,
          userId: person.id,
          phoneSealed,
          languages: person.languages ?? [],
          skills: person.skills ?? [],
        });
      }
    }
    const coordinator = people.find((person) => person.role === 'coordinator');
    const codes: string[] = [];
    for (const personal of demoHouseholds) {
      // Three random codes from 33 million cannot realistically collide; the key would refuse it.
      const code = newHouseholdCode();
      await insertHousehold(trx, community, code, sealPersonal(deps.sealer, community, code, personal), coordinator?.id ?? 'system');
      codes.push(code);
    }
    await recordAudit(
      trx,
      {
        community,
        actor: 'system',
        action: 'community.seeded',
        target: `community:${community}`,
        details: { users: people.length, households: codes.length },
      },
      now,
    );
    const idOf = (role: Role): string => people.find((person) => person.role === role)?.id ?? 'system';
    const seededPeople: DemoPeople = {
      members: people.filter((person) => person.role === 'member').map((person) => ({ id: person.id, name: person.displayName })),
      households: codes,
      coordinator: idOf('coordinator'),
      staff: idOf('staff'),
    };
    // Ledger accounts and history (hour accounts, the pool, supermarket stock, donations, service
    // credits), by `seedDemoHistory` in workflows/demo-history.ts: it posts through the ledger, never SQL.
    const ledger = deps.ledger.bound(trx);
    const bound: SeedDeps = { ...deps, knex: trx, ledger };
    await ledger.createCommunity({ id: community, name: demoCommunity.name });
    const history = await seedDemoHistory(ledger, community, seededPeople, now);
    await seedDemoNeeds(bound, seededPeople);
    await seedDemoSupermarket(trx, community, now);
    // The demo staff user works in the demo store, so their counter and its balances work from the first start.
    await assignStoreStaff(trx, community, seededPeople.staff, demoStore);
    deps.logger.info(
      { community, users: people.length, households: codes.length, transactions: history.transactions },
      'demo community seeded',
    );
    return {
      seeded: true,
      community,
      users: new Map(people.map((person) => [person.username, person.id])),
      households: codes,
      people: seededPeople,
    };
  });
}

/** The demo logins to print at start: every demo account of the demo community. */
export async function demoLogins(knex: Knex): Promise<DemoLogin[]> {
  const rows = (await knex('users')
    .select('username', 'role', 'display_name')
    .where({ community_id: demoCommunity.id, is_demo: true })
    .whereNull('disabled_at')
    .orderByRaw('username collate "C"')) as { username: string; role: Role; display_name: string }[];
  return rows.map((row) => ({
    community: demoCommunity.id,
    username: row.username,
    password: demoPassword,
    role: row.role,
    displayName: row.display_name,
  }));
}
