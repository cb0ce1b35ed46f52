// Login limits over HTTP with the service's default limits: failures count, successes do not, and
// a stranger guessing a username cannot lock its owner out.
import { expect, it } from 'vitest';
import { demoPassword } from '../../src/demo/demo-data.js';
import { loginLimitsDefault } from '../../src/deps.js';
import { describeOnDatabases } from '../test-support/test-app.js';

const wrongPassword = 'not the password';
const home = '198.51.100.7';
const attacker = '203.0.113.9';
const cafe = '192.0.2.44';
const centre = '198.51.100.200';

describeOnDatabases('login limits count failures, per username and address', (handle) => {
  /** A fresh service (fresh counters) on the test database, taking the client address from X-Forwarded-For. */
  const service = () => handle.get().variant({ loginLimits: loginLimitsDefault, trustProxy: true });
  type Service = ReturnType<typeof service>;
  const attempt = async (on: Service, address: string, username: string, password: string) => {
    const response = await on
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', address)
      .send({ community: 'xianlin', username, password });
    if (response.status === 429) {
      expect(response.body.code).toBe('rate_limited');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    return response.status;
  };

  it('an attacker failing 100 times from one address cannot stop the owner logging in from theirs; the attacker is refused', async () => {
    const on = service();
    expect(await attempt(on, home, 'wang-ayi', demoPassword)).toBe(200);
    const statuses: number[] = [];
    for (let count = 0; count < 100; count += 1) statuses.push(await attempt(on, attacker, 'wang-ayi', wrongPassword));

    // The owner logs in from home, and from an address that has not failed.
    expect(await attempt(on, home, 'wang-ayi', demoPassword)).toBe(200);
    expect(await attempt(on, cafe, 'wang-ayi', demoPassword)).toBe(200);
    // The attacker had a few guesses, then only refusals, the right password included.
    const guesses = loginLimitsDefault.perUsernameAndAddress.limit;
    expect(statuses).toEqual([...Array<number>(guesses).fill(401), ...Array<number>(100 - guesses).fill(429)]);
    expect(await attempt(on, attacker, 'wang-ayi', demoPassword)).toBe(429);
  });

  it('guesses spread over many addresses slow the username down without locking the owner out', async () => {
    const on = service();
    expect(await attempt(on, home, 'zhao-daye', demoPassword)).toBe(200);
    const perAddress: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const statuses = [];
      for (let count = 0; count < 3; count += 1) statuses.push(await attempt(on, `203.0.113.${100 + index}`, 'zhao-daye', wrongPassword));
      perAddress.push(statuses.filter((status) => status === 401).length);
    }
    // Three guesses each until the username has had its 10 failures; from then on an address
    // that has not logged in as it before gets one failure per window.
    expect(loginLimitsDefault.perUsername.limit).toBe(10);
    expect(perAddress).toEqual([3, 3, 3, 1, ...Array<number>(16).fill(1)]);
    expect(await attempt(on, home, 'zhao-daye', demoPassword)).toBe(200);
    expect(await attempt(on, cafe, 'zhao-daye', demoPassword)).toBe(200);
  });

  it('concurrent guesses from one address get no more failures than the limit', async () => {
    const on = service();
    const statuses = await Promise.all(Array.from({ length: 20 }, () => attempt(on, attacker, 'li-shifu', wrongPassword)));
    expect(statuses.filter((status) => status === 401)).toHaveLength(loginLimitsDefault.perUsernameAndAddress.limit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - loginLimitsDefault.perUsernameAndAddress.limit);
  });

  it('successful logins from one address (a community centre) are not limited, typos among them', async () => {
    const on = service();
    const people = ['member', 'wang-ayi', 'li-shifu', 'zhao-daye', 'staff', 'coordinator', 'auditor', 'admin'];
    const statuses: number[] = [];
    for (let count = 0; count < loginLimitsDefault.perAddress.limit + 5; count += 1) {
      const username = people[count % people.length] ?? 'member';
      if (count % 10 === 0) expect(await attempt(on, centre, username, wrongPassword)).toBe(401);
      statuses.push(await attempt(on, centre, username, demoPassword));
    }
    expect(statuses).toEqual(Array<number>(loginLimitsDefault.perAddress.limit + 5).fill(200));
  });

  it('a wrong current password at POST /api/v1/me/password counts as a failed login from that address', async () => {
    const on = service();
    const session = await on
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', home)
      .send({ community: 'xianlin', username: 'auditor', password: demoPassword });
    expect(session.status).toBe(200);
    const change = (currentPassword: string, key: string) =>
      on
        .http()
        .post('/api/v1/me/password')
        .set('X-Forwarded-For', attacker)
        .set('Authorization', `Bearer ${session.body.accessToken as string}`)
        .set('Idempotency-Key', key)
        .send({ currentPassword, newPassword: demoPassword });
    const guesses = loginLimitsDefault.perUsernameAndAddress.limit;
    for (let count = 0; count < guesses; count += 1)
      expect((await change(wrongPassword, `limits-guess-${count}`)).body.code).toBe('current_password_wrong');
    const refused = await change(demoPassword, 'limits-guess-right');
    expect([refused.status, refused.body.code]).toEqual([429, 'rate_limited']);
    expect(await attempt(on, home, 'auditor', demoPassword)).toBe(200);
  });

  it('an address spraying failures over usernames is refused at the per-address limit, but not for usernames that logged in there', async () => {
    const on = service();
    expect(await attempt(on, centre, 'member', demoPassword)).toBe(200);
    const statuses: number[] = [];
    for (let count = 0; count < loginLimitsDefault.perAddress.limit + 2; count += 1)
      statuses.push(await attempt(on, centre, `nobody-${count}`, wrongPassword));
    expect(statuses).toEqual([...Array<number>(loginLimitsDefault.perAddress.limit).fill(401), 429, 429]);
    // A username never seen at this address is refused there; the regular is not.
    expect(await attempt(on, centre, 'li-shifu', demoPassword)).toBe(429);
    expect(await attempt(on, centre, 'member', demoPassword)).toBe(200);
    // Elsewhere nothing changed.
    expect(await attempt(on, home, 'li-shifu', demoPassword)).toBe(200);
  });
});
