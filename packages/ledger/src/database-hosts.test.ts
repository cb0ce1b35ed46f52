// Multi-host connection strings: how they are read, which host each connection goes to, and
// (on the PostgreSQL server) that openDatabase follows them through knex and node-postgres.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import {
  HostSelector,
  NoAcceptableHostError,
  connectTimeoutMsDefault,
  isMultiHostUrl,
  parseHostList,
  type CandidateConnection,
  type HostList,
} from './database-hosts.js';
import { serverSkipReason, serverUrl } from './test-support.js';

describe('multi-host connection strings', () => {
  it('reads each host with its port (5432 when none), the session kind and the connect timeout, and gives node-postgres one single-host URL per host', () => {
    const list = parseHostList(
      'postgresql://linli:p%40ss@db1.example:5433,db2.example,[::1]:6000/linli?target_session_attrs=read-write&sslmode=disable&application_name=linli&connect_timeout=3',
    );
    expect(list.hosts).toEqual([
      { host: 'db1.example', port: 5433 },
      { host: 'db2.example', port: 5432 },
      { host: '::1', port: 6000 },
    ]);
    expect(list.targetSessionAttrs).toBe('read-write');
    expect(list.connectTimeoutMs).toBe(3_000);
    expect(list.urls).toEqual([
      'postgresql://linli:p%40ss@db1.example:5433/linli?sslmode=disable&application_name=linli',
      'postgresql://linli:p%40ss@db2.example:5432/linli?sslmode=disable&application_name=linli',
      'postgresql://linli:p%40ss@[::1]:6000/linli?sslmode=disable&application_name=linli',
    ]);
  });

  it('defaults several hosts to a read-write session (the service writes; a standby would refuse every write) and a bounded connect timeout; reads connect_timeout as libpq does (0 is none, under 2 is 2)', () => {
    expect(parseHostList('postgres://a,b/linli')).toMatchObject({
      targetSessionAttrs: 'read-write',
      connectTimeoutMs: connectTimeoutMsDefault,
    });
    expect(parseHostList('postgres://a,b/linli?target_session_attrs=any').targetSessionAttrs).toBe('any');
    expect(parseHostList('postgres://a/linli?target_session_attrs=read-only').targetSessionAttrs).toBe('read-only');
    expect(parseHostList('postgres://a,b/linli?connect_timeout=0').connectTimeoutMs).toBe(0);
    expect(parseHostList('postgres://a,b/linli?connect_timeout=1').connectTimeoutMs).toBe(2_000);
  });

  it('tells a multi-host URL (several hosts, or a target_session_attrs) from a plain one, a comma in the password not counting', () => {
    expect(isMultiHostUrl('postgresql://u@h1:5432,h2:5432/d')).toBe(true);
    expect(isMultiHostUrl('postgresql://u@h1:5432/d?target_session_attrs=read-write')).toBe(true);
    expect(isMultiHostUrl('postgresql://u:a,b@h1:5432/d')).toBe(false);
    expect(isMultiHostUrl('postgresql://u@h1:5432/d?application_name=a,b')).toBe(false);
  });

  it('refuses malformed host lists, unknown session kinds and bad timeouts without echoing the password', () => {
    for (const url of [
      'mysql://u:hunter2@h1,h2/d',
      'postgresql://u:hunter2@h1,,h2/d',
      'postgresql://u:hunter2@h1:0,h2/d',
      'postgresql://u:hunter2@h1:70000,h2/d',
      'postgresql://u:hunter2@h1 ,h2/d',
      'postgresql://u:hunter2@h1,h2/d?target_session_attrs=prefer-standby',
      'postgresql://u:hunter2@h1,h2/d?connect_timeout=soon',
      `postgresql://u:hunter2@${Array.from({ length: 17 }, (_, index) => `h${index}`).join(',')}/d`,
    ]) {
      expect(() => parseHostList(url), url).toThrow();
      try {
        parseHostList(url);
      } catch (error) {
        expect((error as Error).message, url).not.toContain('hunter2');
      }
    }
  });
});

/** A server as the selector sees it: refuses connections, or answers the two checks. */
type FakeServer = 'down' | 'primary' | 'standby' | 'read-only primary';

class FakeConnection implements CandidateConnection {
  ended = false;

  constructor(
    readonly url: string,
    private readonly server: FakeServer,
  ) {}

  async connect(): Promise<void> {
    if (this.server === 'down') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  }

  async query(sql: string): Promise<{ rows: Record<string, unknown>[] }> {
    if (sql === 'show transaction_read_only') return { rows: [{ transaction_read_only: this.server === 'primary' ? 'off' : 'on' }] };
    if (sql === 'select pg_is_in_recovery() as in_recovery') return { rows: [{ in_recovery: this.server === 'standby' }] };
    throw new Error(`unexpected query ${sql}`);
  }

  async end(): Promise<void> {
    this.ended = true;
  }
}

function fakeCluster(
  servers: FakeServer[],
  target: string,
): { selector: HostSelector<FakeConnection>; opened: FakeConnection[]; servers: FakeServer[]; list: HostList } {
  const list = parseHostList(`postgresql://u@${servers.map((_, index) => `h${index}`).join(',')}/d?target_session_attrs=${target}`);
  const opened: FakeConnection[] = [];
  const selector = new HostSelector(list, (url) => {
    const index = list.urls.indexOf(url);
    const connection = new FakeConnection(url, servers[index] as FakeServer);
    opened.push(connection);
    return connection;
  });
  return { selector, opened, servers, list };
}

const hostOf = (connection: FakeConnection): string => new URL(connection.url).hostname;

describe('HostSelector', () => {
  it('for read-write, passes over a host that is down and a standby, takes the primary, and ends the connections it passed over', async () => {
    const { selector, opened } = fakeCluster(['down', 'standby', 'primary'], 'read-write');
    const connection = await selector.connect();
    expect(hostOf(connection)).toBe('h2');
    expect(opened.map(hostOf)).toEqual(['h0', 'h1', 'h2']);
    expect(opened.map((candidate) => candidate.ended)).toEqual([true, true, false]);
  });

  it('passes over a primary whose sessions are read-only (default_transaction_read_only), as libpq does for read-write', async () => {
    const { selector } = fakeCluster(['read-only primary', 'primary'], 'read-write');
    expect(hostOf(await selector.connect())).toBe('h1');
  });

  it('starts the next connection at the host that was acceptable last, and moves on when it fails over', async () => {
    const { selector, opened, servers } = fakeCluster(['down', 'primary', 'standby'], 'read-write');
    await selector.connect();
    opened.length = 0;
    await selector.connect();
    expect(opened.map(hostOf)).toEqual(['h1']);
    // The primary dies and the standby is promoted.
    servers[1] = 'down';
    servers[2] = 'primary';
    opened.length = 0;
    expect(hostOf(await selector.connect())).toBe('h2');
    expect(opened.map(hostOf)).toEqual(['h1', 'h2']);
  });

  it('answers SQLSTATE 08001 naming every host and why, when none is acceptable (mid-failover: the primary down, the standby not yet promoted)', async () => {
    const { selector, opened } = fakeCluster(['down', 'standby'], 'read-write');
    const refusal = await selector.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(NoAcceptableHostError);
    expect((refusal as NoAcceptableHostError).code).toBe('08001');
    expect((refusal as NoAcceptableHostError).failures).toEqual([
      { host: 'h0:5432', reason: 'connect ECONNREFUSED (ECONNREFUSED)' },
      { host: 'h1:5432', reason: 'is read-only' },
    ]);
    expect(opened.every((candidate) => candidate.ended)).toBe(true);
  });

  it('for primary and standby asks pg_is_in_recovery(); for any takes the first host that answers', async () => {
    expect(hostOf(await fakeCluster(['standby', 'primary'], 'primary').selector.connect())).toBe('h1');
    expect(hostOf(await fakeCluster(['primary', 'standby'], 'standby').selector.connect())).toBe('h1');
    expect(hostOf(await fakeCluster(['down', 'standby', 'primary'], 'any').selector.connect())).toBe('h1');
  });
});

/** A port on the loopback address where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const server = serverUrl();

describe.skipIf(server === undefined)(
  `openDatabase with a multi-host URL, on the PostgreSQL server${server === undefined ? ` (${serverSkipReason})` : ''}`,
  () => {
    /** The server's URL with a dead host put before it, and `query` as its parameters. */
    async function withDeadHostFirst(query: string): Promise<string> {
      const url = new URL(server as string);
      return `postgresql://${url.username}${url.password === '' ? '' : `:${url.password}`}@127.0.0.1:${await closedPort()},${url.hostname}:${url.port || '5432'}${url.pathname}?${query}`;
    }

    it('connects through knex to the host that takes writes when the first host is down', async () => {
      const database = openDatabase({ databaseUrl: await withDeadHostFirst('target_session_attrs=read-write'), poolSize: 2 });
      try {
        const { rows } = (await database.knex.raw('select current_setting(?) as read_only', ['transaction_read_only'])) as {
          rows: { read_only: string }[];
        };
        expect(rows[0]?.read_only).toBe('off');
      } finally {
        await database.close();
      }
    });

    it('refuses, with 08001, a server whose sessions are read-only when read-write is asked, and takes it when read-only is', async () => {
      const readOnly = 'options=-c%20default_transaction_read_only%3Don';
      const writer = openDatabase({ databaseUrl: await withDeadHostFirst(`target_session_attrs=read-write&${readOnly}`), poolSize: 1 });
      try {
        await expect(writer.knex.raw('select 1')).rejects.toMatchObject({
          code: '08001',
          message: expect.stringMatching(/is read-only/) as unknown,
        });
      } finally {
        await writer.close();
      }
      const reader = openDatabase({ databaseUrl: await withDeadHostFirst(`target_session_attrs=read-only&${readOnly}`), poolSize: 1 });
      try {
        await expect(reader.knex.raw('select 1 as one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      } finally {
        await reader.close();
      }
    });
  },
);
