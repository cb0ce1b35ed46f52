import { describe, expect, it } from 'vitest';
import { FailureWindows } from '../../src/auth/failure-windows.js';
import { addressKey, LoginLimiter, type LoginDecision, type LoginLimits } from '../../src/auth/login-limiter.js';

const windowMs = 60_000;
const limits: LoginLimits = {
  perUsernameAndAddress: { limit: 3, windowMs, keysMax: 100 },
  perUsername: { limit: 5, windowMs, keysMax: 100 },
  perAddress: { limit: 8, windowMs, keysMax: 100 },
  knownAddresses: { rememberMs: 10 * windowMs, keysMax: 100 },
};

function limiter() {
  const clock = { now: 1_000_000 };
  const counted = new LoginLimiter(limits, () => clock.now);
  const attempt = (username: string, address: string) => counted.begin({ community: 'xianlin', username, address });
  /** An attempt with a wrong password: allowed or not, nothing more is said. */
  const fail = (username: string, address: string): boolean => attempt(username, address).allowed;
  /** An attempt with the right password: true when it was allowed (and so succeeded). */
  const succeed = (username: string, address: string): boolean => {
    const decision = attempt(username, address);
    if (decision.allowed) counted.finish(decision.ticket, 'password_accepted');
    return decision.allowed;
  };
  return { clock, counted, attempt, fail, succeed };
}

const retryAfter = (decision: LoginDecision): number => (decision.allowed ? 0 : decision.retryAfterSeconds);

describe('login limiter', () => {
  it('counts failures only: a hundred successes from one address are never limited', () => {
    const { succeed, fail } = limiter();
    const outcomes = Array.from({ length: 100 }, (_, index) => succeed(`user-${index % 7}`, '10.0.0.1'));
    expect(outcomes.every(Boolean)).toBe(true);
    // The address still has its whole allowance of failures.
    expect(Array.from({ length: limits.perAddress.limit }, (_, index) => fail(`nobody-${index}`, '10.0.0.1')).every(Boolean)).toBe(true);
  });

  it('refuses a username from an address after its failures there, until the oldest leaves the window', () => {
    const { clock, attempt, fail, succeed } = limiter();
    expect([fail('wang-ayi', '10.0.0.9'), fail('wang-ayi', '10.0.0.9'), fail('wang-ayi', '10.0.0.9')]).toEqual([true, true, true]);
    clock.now += 10_000;
    const refused = attempt('wang-ayi', '10.0.0.9');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(succeed('wang-ayi', '10.0.0.9')).toBe(false);
    // Another username from that address, and that username from another address, go on.
    expect(succeed('li-shifu', '10.0.0.9')).toBe(true);
    expect(succeed('wang-ayi', '10.0.0.10')).toBe(true);
    clock.now += 50_001;
    expect(succeed('wang-ayi', '10.0.0.9')).toBe(true);
  });

  it('refuses an address spraying failures over usernames, but not for a username that logged in from it', () => {
    const { attempt, fail, succeed } = limiter();
    expect(succeed('member', '10.0.0.2')).toBe(true);
    const sprayed = Array.from({ length: limits.perAddress.limit + 2 }, (_, index) => fail(`nobody-${index}`, '10.0.0.2'));
    expect(sprayed).toEqual([...Array<boolean>(limits.perAddress.limit).fill(true), false, false]);
    expect(retryAfter(attempt('li-shifu', '10.0.0.2'))).toBe(60);
    expect(succeed('member', '10.0.0.2')).toBe(true);
  });

  it('a stranger’s failures from a hundred addresses never refuse the owner from a known address or from one that has not failed', () => {
    const { attempt, fail, succeed } = limiter();
    expect(succeed('zhao-daye', '192.0.2.1')).toBe(true);
    const allowedPerAddress = Array.from(
      { length: 100 },
      (_, index) => [0, 1, 2].filter(() => fail('zhao-daye', `203.0.113.${index}`)).length,
    );
    // Three failures per address until the username has its five; then one per new address.
    expect(allowedPerAddress).toEqual([3, 2, ...Array<number>(98).fill(1)]);
    expect(retryAfter(attempt('zhao-daye', '203.0.113.50'))).toBeGreaterThan(0);
    expect(succeed('zhao-daye', '192.0.2.1')).toBe(true);
    expect(succeed('zhao-daye', '198.51.100.77')).toBe(true);
  });

  it('the owner’s own typos from a known address slow only that address, and a success takes its attempt back', () => {
    const { fail, succeed } = limiter();
    expect(succeed('wang-ayi', '192.0.2.1')).toBe(true);
    expect([fail('wang-ayi', '192.0.2.1'), fail('wang-ayi', '192.0.2.1')]).toEqual([true, true]);
    // Successes do not use up the last failure the address has left.
    for (let count = 0; count < 10; count += 1) expect(succeed('wang-ayi', '192.0.2.1')).toBe(true);
    expect([fail('wang-ayi', '192.0.2.1'), fail('wang-ayi', '192.0.2.1')]).toEqual([true, false]);
  });

  it('counts an attempt when it begins, so concurrent guesses get no more than the limit', () => {
    const { attempt } = limiter();
    const together = Array.from({ length: 10 }, () => attempt('member', '10.0.0.3'));
    expect(together.filter((decision) => decision.allowed)).toHaveLength(limits.perUsernameAndAddress.limit);
  });

  it('takes an undecided attempt back without making the address known', () => {
    const { counted, attempt, fail } = limiter();
    const decisions = Array.from({ length: limits.perAddress.limit }, (_, index) => attempt(`nobody-${index}`, '10.0.0.4'));
    for (const decision of decisions) if (decision.allowed) counted.finish(decision.ticket, 'undecided');
    expect(fail('member', '10.0.0.4')).toBe(true);
    // Unknown still: the address's failures count, and it reaches its limit as before.
    for (let index = 1; index < limits.perAddress.limit; index += 1) fail(`other-${index}`, '10.0.0.4');
    expect(fail('member', '10.0.0.4')).toBe(false);
  });

  it('forgets a known address after its time and beyond the number kept', () => {
    const clock = { now: 0 };
    const small = new LoginLimiter({ ...limits, knownAddresses: { rememberMs: 1_000, keysMax: 2 } }, () => clock.now);
    const succeed = (username: string) => {
      const decision = small.begin({ community: 'xianlin', username, address: '10.0.0.5' });
      if (decision.allowed) small.finish(decision.ticket, 'password_accepted');
    };
    const sprayToLimit = () => {
      for (let index = 0; index < limits.perAddress.limit; index += 1)
        small.begin({ community: 'xianlin', username: `nobody-${clock.now}-${index}`, address: '10.0.0.5' });
    };
    const allowed = (username: string) => small.begin({ community: 'xianlin', username, address: '10.0.0.5' }).allowed;
    succeed('a');
    succeed('b');
    succeed('c');
    sprayToLimit();
    // `a` was forgotten to keep two; `b` and `c` are known and pass the address's limit.
    expect([allowed('a'), allowed('b'), allowed('c')]).toEqual([false, true, true]);
    clock.now += 1_001;
    expect(allowed('c')).toBe(false);
  });

  it('counts IPv6 addresses by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('not an address')).toBe('not an address');
    const { fail } = limiter();
    const rotating = Array.from({ length: 5 }, (_, index) => fail('member', `2001:db8:1:2::${index + 1}`));
    expect(rotating).toEqual([true, true, true, false, false]);
  });
});

describe('failure windows', () => {
  it('keep at most keysMax keys, forgetting the least recently failed', () => {
    const windows = new FailureWindows({ limit: 1, windowMs, keysMax: 2 });
    windows.add('a', 1);
    windows.add('b', 2);
    windows.add('c', 3);
    expect([windows.count('a', 4), windows.count('b', 4), windows.count('c', 4)]).toEqual([0, 1, 1]);
  });

  it('keep the newest `limit` failures and say when the count drops below a number', () => {
    const windows = new FailureWindows({ limit: 3, windowMs: 100, keysMax: 10 });
    for (const at of [10, 20, 30, 40]) windows.add('k', at);
    expect(windows.count('k', 40)).toBe(3);
    expect(windows.msUntilBelow('k', 3, 40)).toBe(20 + 100 - 40);
    expect(windows.msUntilBelow('k', 1, 40)).toBe(40 + 100 - 40);
    windows.remove('k', 40);
    expect(windows.count('k', 40)).toBe(2);
    expect(windows.msUntilBelow('k', 3, 40)).toBe(0);
  });

  it('refuses bounds that are not positive', () => {
    expect(() => new FailureWindows({ limit: 0, windowMs, keysMax: 1 })).toThrow(/positive/);
  });
});
