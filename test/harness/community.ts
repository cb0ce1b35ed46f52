// The people a fault or failover run needs, made through the API as an operator would: the demo
// community's coordinator registers members, a demo member gives them hours to give on, and the
// auditor reads the trial balance and the tamper check.
import { randomBytes, randomUUID } from 'node:crypto';
import { answerLabel, requestJson, type Answer } from './http-client.js';

export const community = 'xianlin';
/** The published password of the demo accounts (README, "Demo logins"). */
const demoPassword = 'demo-linli-2026';
/** How many requests of the set-up run at once (each login hashes a password with scrypt). */
const setupInFlight = 4;

export interface Member {
  id: string;
  username: string;
  token: string;
}

function expectSuccess(what: string, answer: Answer): Extract<Answer, { kind: 'response' }> {
  if (answer.kind === 'network') throw new Error(`${what}: ${answerLabel(answer)}`);
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw new Error(`${what}: ${answerLabel(answer)} ${JSON.stringify(answer.body).slice(0, 500)}`);
}

export async function login(baseUrl: string, username: string, password = demoPassword): Promise<{ id: string; token: string }> {
  const answer = expectSuccess(
    `${username} logs in`,
    await requestJson(baseUrl, 'POST', '/api/v1/auth/login', { body: { community, username, password } }),
  );
  const session = answer.body as { accessToken: string; user: { id: string } };
  return { id: session.user.id, token: session.accessToken };
}

/** The demo's volunteers, who have banked hours from the demo history. */
const demoVolunteers = ['member', 'wang-ayi', 'li-shifu', 'zhao-daye'] as const;

/**
 * Registers `count` members (POST /api/v1/members by the demo coordinator), logs each in, and
 * has a demo volunteer give each `hours` (POST /api/v1/gifts, the volunteers in turn), so that
 * each has banked hours to give.
 */
export async function createFundedMembers(baseUrl: string, prefix: string, count: number, hours: string): Promise<Member[]> {
  const coordinator = await login(baseUrl, 'coordinator');
  const funders: { id: string; token: string }[] = [];
  for (const username of demoVolunteers) funders.push(await login(baseUrl, username));
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const usernames = Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, '0')}`);
  return inParallel(usernames, setupInFlight, async (username, index) => {
    const funder = funders[index % funders.length] as { id: string; token: string };
    expectSuccess(
      `register ${username}`,
      await requestJson(baseUrl, 'POST', '/api/v1/members', {
        token: coordinator.token,
        idempotencyKey: randomUUID(),
        body: { username, displayName: `测试 ${username}`, password },
      }),
    );
    const member = await login(baseUrl, username, password);
    expectSuccess(
      `fund ${username}`,
      await requestJson(baseUrl, 'POST', '/api/v1/gifts', {
        token: funder.token,
        idempotencyKey: randomUUID(),
        body: { to: { member: member.id }, hours },
      }),
    );
    return { ...member, username };
  });
}

export interface BooksCheck {
  trialBalanceZero: boolean;
  verified: boolean;
  transactions: number;
  detail: string;
}

/** The auditor's view: the trial balance nets to zero per unit, and the hash chain verifies. */
export async function checkBooks(baseUrl: string): Promise<BooksCheck> {
  const auditor = await login(baseUrl, 'auditor');
  const trial = expectSuccess('trial balance', await requestJson(baseUrl, 'GET', '/api/v1/audit/trial-balance', { token: auditor.token }));
  const verify = expectSuccess(
    'tamper check',
    await requestJson(baseUrl, 'GET', '/api/v1/audit/verify', { token: auditor.token, timeoutMs: 120_000 }),
  );
  const trialBody = trial.body as { balanced: boolean; units: { unit: string; net: string }[] };
  const verifyBody = verify.body as { ok: boolean; transactions: number; firstBad?: unknown };
  const trialBalanceZero = trialBody.balanced && trialBody.units.every((line) => /^-?0(\.0+)?$/.test(line.net));
  return {
    trialBalanceZero,
    verified: verifyBody.ok,
    transactions: verifyBody.transactions,
    detail: `trial balance ${JSON.stringify(trialBody.units.map((line) => `${line.unit} ${line.net}`))}; verify ${JSON.stringify(verifyBody)}`,
  };
}

/** Maps `items` with at most `width` calls in flight, keeping the order. */
export async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  operation: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await operation(items[index] as T, index);
      }
    }),
  );
  return results;
}
