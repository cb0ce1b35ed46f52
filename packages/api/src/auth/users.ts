// Queries on `users`: plain functions taking the database or transaction first, every one
// filtered by community.
import type { Knex } from 'knex';
import { toIso } from '../database-values.js';
import type { Role } from './roles.js';
import type { UserView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { UserView } from '@linli/contract';

export interface UserRecord {
  community: string;
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  isDemo: boolean;
  disabledAt: string | null;
  createdAt: string;
  /** Moved on whenever the user's sessions must end; a session holds only at the current one. */
  sessionVersion: number;
}

interface UserRow {
  community_id: string;
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  is_demo: boolean;
  disabled_at: Date | string | null;
  created_at: Date | string;
  session_version: number;
}

const userColumns = [
  'community_id',
  'id',
  'username',
  'display_name',
  'role',
  'password_hash',
  'is_demo',
  'disabled_at',
  'created_at',
  'session_version',
] as const;

function fromRow(row: UserRow): UserRecord {
  return {
    community: row.community_id,
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    isDemo: row.is_demo,
    disabledAt: row.disabled_at === null ? null : toIso(row.disabled_at),
    createdAt: toIso(row.created_at),
    sessionVersion: row.session_version,
  };
}

export async function findUserByUsername(db: Knex, community: string, username: string): Promise<UserRecord | undefined> {
  const row = await db('users').select(userColumns).where({ community_id: community, username }).first<UserRow | undefined>();
  return row === undefined ? undefined : fromRow(row);
}

export async function findUser(db: Knex, community: string, userId: string): Promise<UserRecord | undefined> {
  const row = await db('users').select(userColumns).where({ community_id: community, id: userId }).first<UserRow | undefined>();
  return row === undefined ? undefined : fromRow(row);
}

export interface NewUser {
  community: string;
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  isDemo: boolean;
}

/** Throws the database's unique violation when the username is taken; callers map it. */
export async function insertUser(db: Knex, user: NewUser): Promise<void> {
  await db('users').insert({
    community_id: user.community,
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    role: user.role,
    password_hash: user.passwordHash,
    is_demo: user.isDemo,
  });
}

export interface UserPage {
  limit: number;
  /** Return users whose id sorts after this one (keyset paging). */
  after?: string | undefined;
  role?: Role | undefined;
}

export async function listUsers(db: Knex, community: string, page: UserPage): Promise<UserRecord[]> {
  // Byte order (collate "C"), the same on every database whatever its default collation, so that
  // keyset pages neither skip nor repeat a row (migration 0311 gives the key the same collation).
  const query = db('users').select(userColumns).where({ community_id: community }).orderByRaw('id collate "C"').limit(page.limit);
  if (page.after !== undefined) query.andWhereRaw('id collate "C" > ?', [page.after]);
  if (page.role !== undefined) query.andWhere({ role: page.role });
  const rows = await query;
  return (rows as UserRow[]).map(fromRow);
}

export interface UserChange {
  role?: Role | undefined;
  displayName?: string | undefined;
  /** `true` disables the account now; `false` enables it again. */
  disabled?: boolean | undefined;
  passwordHash?: string | undefined;
}

export async function updateUser(db: Knex, community: string, userId: string, change: UserChange, now: Date): Promise<void> {
  const values: Record<string, unknown> = { updated_at: now };
  if (change.role !== undefined) values['role'] = change.role;
  if (change.displayName !== undefined) values['display_name'] = change.displayName;
  if (change.disabled !== undefined) values['disabled_at'] = change.disabled ? now : null;
  if (change.passwordHash !== undefined) values['password_hash'] = change.passwordHash;
  await db('users').where({ community_id: community, id: userId }).update(values);
}

/** What other users may see of a user: never the hash. */

export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    isDemo: user.isDemo,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}
