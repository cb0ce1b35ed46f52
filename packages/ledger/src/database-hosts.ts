// Multi-host PostgreSQL connection strings, as libpq reads them, for node-postgres, which reads
// only one host: `postgresql://user@db1:5432,db2:5432/linli?target_session_attrs=read-write`
// names a primary and its standby, and each new connection goes to whichever host takes writes.
//
// node-postgres (pg 8) and knex refuse such a URL ("Invalid URL": brianc/node-postgres#1470,
// knex/knex#6122), and no maintained package adds it to pg, so the service selects the host
// itself, as libpq does (PostgreSQL docs, "Specifying Multiple Hosts"): try the hosts in turn,
// and on each connection that opens ask the server whether it is acceptable (`SHOW
// transaction_read_only` for read-write, `pg_is_in_recovery()` for primary or standby), closing
// it and trying the next host if not. Unlike libpq it starts at the host that was acceptable last
// time, so that after a failover a dead first host (which may take the whole connect timeout to
// fail) is not tried before every new connection.

/** libpq's `target_session_attrs` values supported here (`prefer-standby` is not). */
export const targetSessionAttrsValues = ['any', 'read-write', 'read-only', 'primary', 'standby'] as const;
export type TargetSessionAttrs = (typeof targetSessionAttrsValues)[number];

/** Hosts a connection string may name; more is a mistake, not a cluster. */
export const hostsMax = 16;
/** Per host, when the URL gives no `connect_timeout`: a host that does not answer is passed over after this. */
export const connectTimeoutMsDefault = 5_000;
/** libpq reads a `connect_timeout` under 2 seconds as 2. */
const connectTimeoutSecondsMin = 2;
const portDefault = 5432;

export interface HostAddress {
  host: string;
  port: number;
}

export interface HostList {
  hosts: HostAddress[];
  targetSessionAttrs: TargetSessionAttrs;
  /** A connection attempt to one host is given up after this (0: no limit). */
  connectTimeoutMs: number;
  /** For each host, in order, a single-host connection string node-postgres reads (the same user, database and options). */
  urls: string[];
}

/** A connection string this module must read: several hosts, or a `target_session_attrs`. */
export function isMultiHostUrl(url: string): boolean {
  const authority = /^postgres(?:ql)?:\/\/([^/?#]*)/i.exec(url)?.[1];
  return (authority !== undefined && hostListOf(authority).includes(',')) || /[?&]target_session_attrs=/.test(url);
}

/** The part of the authority after the user information (which may itself hold an encoded `,`). */
function hostListOf(authority: string): string {
  return authority.slice(authority.lastIndexOf('@') + 1);
}

/**
 * Reads `postgres[ql]://[userinfo@]host[:port][,host[:port]…][/database][?parameters]`. Throws
 * (without echoing the URL, which may hold a password) when it is not one.
 */
export function parseHostList(url: string): HostList {
  const match = /^(postgres(?:ql)?:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (match === null) throw new Error('a PostgreSQL connection string starts with postgres:// or postgresql://');
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at + 1);
  const entries = authority.slice(at + 1).split(',');
  if (entries.length > hostsMax) throw new Error(`a connection string names at most ${hostsMax} hosts`);
  const hosts = entries.map(readHost);

  const probe = new URL(`${scheme}${userInfo}${hostName(hosts[0] as HostAddress)}${rest}`);
  // The service writes: of several hosts, the one that takes writes, unless the URL says otherwise
  // (libpq's own default is `any`, which after a failover may pick a standby that refuses every write).
  const attributes = probe.searchParams.get('target_session_attrs') ?? (hosts.length > 1 ? 'read-write' : 'any');
  if (!(targetSessionAttrsValues as readonly string[]).includes(attributes))
    throw new Error(`target_session_attrs must be one of ${targetSessionAttrsValues.join(', ')}`);
  const timeout = probe.searchParams.get('connect_timeout');
  if (timeout !== null && !/^\d{1,6}$/.test(timeout)) throw new Error('connect_timeout must be a whole number of seconds');
  const connectTimeoutMs =
    timeout === null ? connectTimeoutMsDefault : Number(timeout) === 0 ? 0 : Math.max(connectTimeoutSecondsMin, Number(timeout)) * 1000;

  const urls = hosts.map((host) => {
    const single = new URL(`${scheme}${userInfo}${hostName(host)}${rest}`);
    // Read here; node-postgres would pass them to the server as unknown settings or ignore them.
    single.searchParams.delete('target_session_attrs');
    single.searchParams.delete('connect_timeout');
    return single.toString();
  });
  return { hosts, targetSessionAttrs: attributes as TargetSessionAttrs, connectTimeoutMs, urls };
}

function readHost(entry: string): HostAddress {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(entry);
  const plain = /^([A-Za-z0-9._~%-]+)(?::(\d{1,5}))?$/.exec(entry);
  const found = bracketed ?? plain;
  if (found === null) throw new Error('each host of a connection string is a name or address with an optional :port, and none is empty');
  const port = found[2] === undefined ? portDefault : Number(found[2]);
  if (port < 1 || port > 65_535) throw new Error('a port is from 1 to 65535');
  return { host: found[1] as string, port };
}

/** `host:port`, or `[v6 address]:port`, as a URL writes it. */
export function hostName(address: HostAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}

/** What the selector needs of a connection: node-postgres's Client has it. */
export interface CandidateConnection {
  connect(): Promise<unknown>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<unknown>;
}

/**
 * No host took the connection as asked. SQLSTATE 08001 (sqlclient_unable_to_establish_sqlconnection),
 * as pgjdbc answers when no host is of the wanted kind: a connection exception, so a caller that
 * treats class 08 as "the database is unreachable" treats this the same. The message names the
 * hosts and why each was passed over, never the password.
 */
export class NoAcceptableHostError extends Error {
  override readonly name = 'NoAcceptableHostError';
  readonly code = '08001';

  constructor(
    message: string,
    readonly failures: readonly { host: string; reason: string }[],
  ) {
    super(message);
  }
}

/**
 * Opens connections for one multi-host connection string: each call walks the hosts, starting at
 * the last acceptable one, and returns the first connection whose server is of the wanted kind.
 * `open(url, connectTimeoutMs)` makes an unconnected connection to one host (the caller attaches
 * its error handlers there, before it connects).
 */
export class HostSelector<C extends CandidateConnection> {
  private preferred = 0;

  constructor(
    readonly list: HostList,
    private readonly open: (url: string, connectTimeoutMs: number) => C,
  ) {}

  /** The host tried first next time: the last one that was acceptable. */
  get preferredHost(): HostAddress {
    return this.list.hosts[this.preferred] as HostAddress;
  }

  async connect(): Promise<C> {
    const failures: { host: string; reason: string }[] = [];
    const count = this.list.hosts.length;
    for (let step = 0; step < count; step += 1) {
      const index = (this.preferred + step) % count;
      const host = hostName(this.list.hosts[index] as HostAddress);
      const connection = this.open(this.list.urls[index] as string, this.list.connectTimeoutMs);
      try {
        await connection.connect();
      } catch (error) {
        failures.push({ host, reason: describe(error) });
        // A connection that failed to open may still hold a socket; end() closes it and may itself fail.
        await connection.end().catch(() => undefined);
        continue;
      }
      let refusal: string | undefined;
      try {
        refusal = await refusalOf(connection, this.list.targetSessionAttrs);
      } catch (error) {
        refusal = `the check failed: ${describe(error)}`;
      }
      if (refusal === undefined) {
        this.preferred = index;
        return connection;
      }
      failures.push({ host, reason: refusal });
      await connection.end().catch(() => undefined);
    }
    throw new NoAcceptableHostError(
      `no host accepts a ${this.list.targetSessionAttrs} session: ${failures.map((failure) => `${failure.host} ${failure.reason}`).join('; ')}`,
      failures,
    );
  }
}

/** Why a connected server is not of the wanted kind, or undefined when it is. */
async function refusalOf(connection: CandidateConnection, target: TargetSessionAttrs): Promise<string | undefined> {
  switch (target) {
    case 'any':
      return undefined;
    case 'read-write':
    case 'read-only': {
      // libpq's test: a hot standby, or a server with default_transaction_read_only on, is read-only.
      const { rows } = await connection.query('show transaction_read_only');
      const readOnly = rows[0]?.['transaction_read_only'] === 'on';
      if (target === 'read-write') return readOnly ? 'is read-only' : undefined;
      return readOnly ? undefined : 'takes writes';
    }
    case 'primary':
    case 'standby': {
      const { rows } = await connection.query('select pg_is_in_recovery() as in_recovery');
      const standby = rows[0]?.['in_recovery'] === true;
      if (target === 'primary') return standby ? 'is a standby' : undefined;
      return standby ? undefined : 'is a primary';
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
