// The two database roles of a production install: the owner, which migrates and owns every table,
// and the runtime role the service connects as, with only the data rights it needs. This file
// grants the runtime role those rights (after `linli migrate`) and tells the service, at start,
// whether it is connected as a role that could change the schema or switch the ledger's checks off.
import type { Knex } from 'knex';

/** PostgreSQL role names as `linli migrate --runtime-role` accepts them (no quoting needed). */
export const roleNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Tables rows are only ever added to. The ledger's journal (transactions and postings) and the
 * audit log have triggers that refuse UPDATE and DELETE; the runtime role also lacks the right, so
 * the database refuses on two grounds and the role cannot remove the first (only an owner may
 * disable a trigger or drop it). The ledger's functions (linli_apply and those it calls) are
 * SECURITY INVOKER: they run with the runtime role's rights and only insert into these two tables.
 */
export const appendOnlyTables: ReadonlySet<string> = new Set(['ledger_transactions', 'ledger_postings', 'audit_log']);

/** Tables the service reads but never writes: the migrations' own bookkeeping. */
export const readOnlyTables: ReadonlySet<string> = new Set(['knex_migrations', 'knex_migrations_lock']);

export interface RuntimeGrants {
  role: string;
  schema: string;
  /** Per table, the privileges granted. */
  tables: { table: string; privileges: string }[];
}

export class DatabaseRoleError extends Error {
  override readonly name = 'DatabaseRoleError';
}

/**
 * Grants `role` what the service needs on every table and sequence of the current schema, and
 * nothing more: SELECT, INSERT, UPDATE, DELETE on ordinary tables; SELECT, INSERT on the
 * append-only ones; SELECT on the migrations' tables; USAGE on sequences and the schema. Every
 * earlier grant to the role on these tables is revoked first, so a table whose policy tightened
 * loses the old rights. Default privileges give tables the owner creates later the ordinary
 * rights, so a table added outside `linli migrate` still works; `linli migrate` calls this again
 * after each run, which applies the exact policy. One transaction: all of it or none.
 *
 * Throws `DatabaseRoleError` when the role does not exist, is the connected role itself (the
 * owner), or is a superuser.
 */
export async function grantRuntimeRole(knex: Knex, role: string): Promise<RuntimeGrants> {
  return knex.transaction(async (trx) => {
    const schema = await checkRuntimeRole(trx, role);
    const tables = (
      (
        await trx.raw(
          `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`,
        )
      ).rows as { name: string }[]
    ).map((row) => row.name);
    const granted: { table: string; privileges: string }[] = [];
    await trx.raw(`grant usage on schema ${trx.client.wrapIdentifier(schema)} to ${role}`);
    for (const table of tables) {
      const privileges = readOnlyTables.has(table)
        ? 'select'
        : appendOnlyTables.has(table)
          ? 'select, insert'
          : 'select, insert, update, delete';
      const name = `${trx.client.wrapIdentifier(schema)}.${trx.client.wrapIdentifier(table)}`;
      await trx.raw(`revoke all on table ${name} from ${role}`);
      await trx.raw(`grant ${privileges} on table ${name} to ${role}`);
      granted.push({ table, privileges });
    }
    await trx.raw(`grant usage, select on all sequences in schema ${trx.client.wrapIdentifier(schema)} to ${role}`);
    await trx.raw(
      `alter default privileges in schema ${trx.client.wrapIdentifier(schema)} grant select, insert, update, delete on tables to ${role}`,
    );
    await trx.raw(`alter default privileges in schema ${trx.client.wrapIdentifier(schema)} grant usage, select on sequences to ${role}`);
    return { role, schema, tables: granted };
  });
}

export interface ConnectedRole {
  role: string;
  superuser: boolean;
  /** The service's tables this role owns (directly or through a role it belongs to). */
  ownedTables: string[];
  /** Whether the role owns the schema (PostgreSQL 15's `public` belongs to the database's owner). */
  ownsSchema: boolean;
}

/**
 * Throws `DatabaseRoleError` unless `role` can be the runtime role: a plain name, an existing role,
 * not a superuser, not the role connected (nor a member of it). Returns the current schema.
 * `linli migrate` asks before migrating, so a wrong role name changes nothing.
 */
export async function checkRuntimeRole(knex: Knex, role: string): Promise<string> {
  if (!roleNamePattern.test(role))
    throw new DatabaseRoleError(
      `the runtime role must be a plain lower-case role name (${roleNamePattern.source}), not ${JSON.stringify(role.slice(0, 64))}`,
    );
  const [found] = (
    await knex.raw(
      'select rolname, rolsuper, pg_has_role(oid, current_user, ?) as is_me, current_schema() as schema from pg_roles where rolname = ?',
      ['MEMBER', role],
    )
  ).rows as { rolname: string; rolsuper: boolean; is_me: boolean; schema: string }[];
  if (found === undefined)
    throw new DatabaseRoleError(`the role ${role} does not exist: create it first, as a superuser: create role ${role} login password '…'`);
  if (found.rolsuper)
    throw new DatabaseRoleError(
      `the role ${role} is a superuser: the runtime role must be an ordinary role (alter role ${role} nosuperuser)`,
    );
  if (found.is_me)
    throw new DatabaseRoleError(
      `the role ${role} is the role migrating (or belongs to it, and so has the owner's rights): the runtime role must be another role, which owns nothing`,
    );
  return found.schema;
}

/** Who the connection is, and what it owns in the current schema. */
export async function connectedRole(knex: Knex): Promise<ConnectedRole> {
  const [row] = (
    await knex.raw(`
      select current_user as role,
             (select rolsuper from pg_roles where rolname = current_user) as superuser,
             coalesce((select array_agg(c.relname::text order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = current_schema() and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'MEMBER')), '{}') as owned,
             coalesce((select pg_has_role(current_user, n.nspowner, 'MEMBER') from pg_namespace n where n.nspname = current_schema()), false) as owns_schema`)
  ).rows as { role: string; superuser: boolean; owned: string[]; owns_schema: boolean }[];
  if (row === undefined) throw new Error('assertion: the role query returns a row');
  return { role: row.role, superuser: row.superuser, ownedTables: row.owned, ownsSchema: row.owns_schema };
}

/**
 * Why the service should not run as the connected role, or undefined when it is an ordinary
 * runtime role: a superuser, or the owner of the schema or of any table, could disable the
 * journal's immutability triggers, alter or drop tables, and a flaw in the service would give an
 * attacker all of that. The message says what to do instead.
 */
export function privilegedRoleProblem(role: ConnectedRole): string | undefined {
  const fix =
    'connect as the runtime role instead (docs/OPERATIONS.md, "Database roles"), or set LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE=true to start anyway';
  if (role.superuser) return `the database role ${role.role} is a superuser; ${fix}`;
  if (role.ownedTables.length > 0)
    return `the database role ${role.role} owns ${role.ownedTables.length} of the service's tables (${role.ownedTables.slice(0, 3).join(', ')}${role.ownedTables.length > 3 ? ', …' : ''}), so it could alter or drop them and switch the journal's immutability triggers off; ${fix}`;
  if (role.ownsSchema) return `the database role ${role.role} owns the schema, so it could drop the service's tables; ${fix}`;
  return undefined;
}
