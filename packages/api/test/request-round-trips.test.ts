// Round trips to PostgreSQL per request, counted at the driver: every statement is one round trip
// (node-postgres sends the next only when the last has answered), and every one a gift makes while
// holding its community's journal lock makes every other write of the community wait.
import { books } from '@linli/ledger';
import type { Knex } from 'knex';
import { afterEach, expect, it } from 'vitest';
import { claimIdempotencyKey } from '../src/idempotency/idempotency-keys.js';
import { inRequestTransaction, runLast } from '../src/request-transaction.js';
import { demoAccount, describeOnDatabases } from './test-support/test-app.js';

const { serviceCredit } = books;
const community = 'xianlin';

interface Driver {
  query(this: unknown, ...args: unknown[]): unknown;
}

/** Records the text of every statement the process's PostgreSQL connections send from now on. */
async function recordStatements(knex: Knex): Promise<{ statements: string[]; stop(): void }> {
  const client = knex.client as { acquireConnection(): Promise<object>; releaseConnection(connection: object): Promise<unknown> };
  const connection = await client.acquireConnection();
  await client.releaseConnection(connection);
  const driver = Object.getPrototypeOf(connection) as Driver;
  const query = driver.query;
  const statements: string[] = [];
  driver.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    statements.push(typeof config === 'string' ? config : String((config as { text?: unknown }).text));
    return query.apply(this, args);
  };
  return { statements, stop: () => void (driver.query = query) };
}

describeOnDatabases('round trips to PostgreSQL per request', (handle) => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  const record = async (): Promise<string[]> => {
    const recording = await recordStatements(handle.get().deps.knex);
    stop = recording.stop;
    return recording.statements;
  };

  it('a gift sends one statement after the posting (the stored answer with the COMMIT), eight in all', async (context) => {
    if (handle.get().kind !== 'postgres') context.skip();
    const app = handle.get();
    const giver = app.demoUsers.get('member') ?? '';
    await app.deps.ledger.post(
      serviceCredit({ community, id: 'round-trips/credit', actor: 'test', volunteer: giver, payer: 'issuance', hours: '5.00' }),
    );
    const token = await app.tokenFor(demoAccount('member'));
    const receiver = app.demoUsers.get('wang-ayi') ?? '';
    const statements = await record();
    const response = await app
      .http()
      .post('/api/v1/gifts')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'round-trips-1')
      .send({ to: { member: receiver }, hours: '0.50' });
    stop?.();
    expect(response.status).toBe(201);
    const posting = statements.findIndex((statement) => statement.includes('linli_apply'));
    expect(posting, statements.join('\n---\n')).toBeGreaterThan(0);
    const afterPosting = statements.slice(posting + 1);
    expect(afterPosting, statements.join('\n---\n')).toHaveLength(1);
    expect(afterPosting[0]).toMatch(/^update idempotency_keys set state = 'completed'[\s\S]*;\ncommit$/);
    // session check, BEGIN, the session check again with its rows locked (a demotion or logout
    // committing meanwhile is waited for), key claim, savepoint, members read, posting, answer + COMMIT
    expect(statements, statements.join('\n---\n')).toHaveLength(8);
    // What was stored is what a retry gets.
    const replay = await app
      .http()
      .post('/api/v1/gifts')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'round-trips-1')
      .send({ to: { member: receiver }, hours: '0.50' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(response.body);
  });

  it('a balance read sends three statements: the session check (with the password-change flag) and two reads', async (context) => {
    if (handle.get().kind !== 'postgres') context.skip();
    const app = handle.get();
    const token = await app.tokenFor(demoAccount('member'));
    const statements = await record();
    const response = await app.http().get('/api/v1/me/balances').set('Authorization', `Bearer ${token}`);
    stop?.();
    expect(response.status).toBe(200);
    expect(
      statements.filter((statement) => statement.includes('must_change_password')),
      statements.join('\n---\n'),
    ).toHaveLength(1);
    expect(statements, statements.join('\n---\n')).toHaveLength(3);
  });

  it('a final statement that fails rolls its transaction back whole and leaves the connection usable', async () => {
    const deps = handle.get().deps;
    const scope = { community, userId: handle.get().demoUsers.get('member') ?? '', key: 'round-trips-failed-final' };
    const failed = inRequestTransaction(deps, async (transaction) => {
      expect(await claimIdempotencyKey(transaction, scope, { route: 'POST /test', hash: Buffer.alloc(32) }, deps.now())).toEqual({
        kind: 'claimed',
      });
      await runLast(transaction, { sql: 'select ?::int / 0', values: ['1'] });
    });
    await expect(failed).rejects.toMatchObject({ code: '22012' });
    // Every pooled connection still answers (none was left inside the failed transaction), and nothing of it was kept.
    const checks = await Promise.all(
      Array.from({ length: 12 }, () =>
        deps.knex('idempotency_keys').count({ n: '*' }).where({ community_id: community, user_id: scope.userId, key: scope.key }).first(),
      ),
    );
    for (const check of checks) expect(Number((check as { n: string | number }).n)).toBe(0);
    const done = await inRequestTransaction(deps, async (transaction) => {
      await runLast(transaction, { sql: 'select ?::text', values: ["it's \\ fine?"] });
      return 'committed';
    });
    expect(done).toBe('committed');
  });
});
