// Sliding windows of failed login attempts per key, in memory, with a bound on keys and entries.
//
// Hand-written rather than rate-limiter-flexible (which can count, reward and run in a node
// cluster): login decides on three keys at once (address, username, both) and a remembered
// address, in one step, so that concurrent attempts cannot slip between a check on one key and a
// count on another; with that library each key is its own limiter and its own IPC round trip.
// With LINLI_WORKERS the cluster's primary keeps these (cluster-login-limits.ts); separate
// instances behind a balancer still each count on their own (a shared store would be needed then).

export interface WindowOptions {
  /** Failures within the window at which the key is refused. */
  limit: number;
  windowMs: number;
  /** Keys remembered at once; the least recently failed are forgotten first, so memory stays bounded. */
  keysMax: number;
}

export class FailureWindows {
  /** Per key, the times of its newest failures, oldest first; at most `limit` of them. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: WindowOptions) {
    if (options.limit < 1 || options.windowMs < 1 || options.keysMax < 1) throw new Error('window bounds must be positive');
  }

  /**
   * Failures of the key inside the window, counting at most `limit`: only whether the key is at
   * its limit matters, so older ones are not kept.
   */
  count(key: string, now: number): number {
    return this.recent(key, now).length;
  }

  add(key: string, at: number): void {
    const recent = this.recent(key, at);
    recent.push(at);
    recent.sort((left, right) => left - right);
    this.remember(key, recent.slice(-this.options.limit));
  }

  /** Takes back one failure recorded at `at` (an attempt whose password was right), if still kept. */
  remove(key: string, at: number): void {
    const kept = this.failures.get(key);
    if (kept === undefined) return;
    const index = kept.lastIndexOf(at);
    if (index === -1) return;
    kept.splice(index, 1);
    if (kept.length === 0) this.failures.delete(key);
  }

  /** Milliseconds from `now` until fewer than `below` failures of the key are inside the window. */
  msUntilBelow(key: string, below: number, now: number): number {
    const recent = this.recent(key, now);
    const expiring = recent[recent.length - below];
    return expiring === undefined ? 0 : expiring + this.options.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.options.windowMs);
  }

  private remember(key: string, recent: number[]): void {
    // Deleting first moves the key to the end of the map's insertion order (most recent).
    this.failures.delete(key);
    this.failures.set(key, recent);
    while (this.failures.size > this.options.keysMax) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey === undefined) break;
      this.failures.delete(oldestKey);
    }
  }
}
