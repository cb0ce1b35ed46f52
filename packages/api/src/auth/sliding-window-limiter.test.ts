import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './sliding-window-limiter.js';

describe('sliding window limiter', () => {
  it('allows the limit within the window, refuses the next, and allows again once the window has slid', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000, keysMax: 100 }, () => now);
    expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
    const refused = limiter.hit('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.hit('b').allowed).toBe(true);
    now += 60_001;
    expect(limiter.hit('a').allowed).toBe(true);
  });

  it('remembers at most keysMax keys', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, keysMax: 2 });
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c');
    // `a` was forgotten, so it is allowed again; `c` is remembered.
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('c').allowed).toBe(false);
  });
});
