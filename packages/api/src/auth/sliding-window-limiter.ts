// A small in-memory sliding-window limiter: at most `limit` hits per key within `windowMs`.
//
// Chosen over express-rate-limit because login is limited by two keys at once, one of them (the
// username) known only after the body is parsed, and because it is thirty lines with no
// dependency. It is per process: with LINLI_WORKERS the cluster's primary keeps it and the workers
// ask (cluster-login-limits.ts); separate instances behind a balancer still each count on their
// own, which multiplies the limit by the number of instances (a shared store would be needed then).

export interface LimiterOptions {
  limit: number;
  windowMs: number;
  /** Keys remembered at once; the oldest are forgotten first, so memory stays bounded. */
  keysMax: number;
}

export interface LimitDecision {
  allowed: boolean;
  /** When refused: seconds until the oldest hit in the window expires. */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (options.limit < 1 || options.windowMs < 1 || options.keysMax < 1) throw new Error('limiter bounds must be positive');
  }

  /** Counts a hit for the key unless the key is already at its limit. */
  hit(key: string): LimitDecision {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.options.windowMs);
    if (recent.length >= this.options.limit) {
      this.remember(key, recent);
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.options.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.remember(key, recent);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  private remember(key: string, recent: number[]): void {
    // Deleting first moves the key to the end of the map's insertion order (most recent).
    this.hits.delete(key);
    this.hits.set(key, recent);
    while (this.hits.size > this.options.keysMax) {
      const oldestKey = this.hits.keys().next().value;
      if (oldestKey === undefined) break;
      this.hits.delete(oldestKey);
    }
  }
}
