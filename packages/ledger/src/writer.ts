// Coalesces concurrent writes of one community into one store call: one round trip, one commit.
import { operationsPerWriteMax } from './limits.js';
import type { LedgerStore, Operation, OperationResult } from './store.js';

/** Sends a community's operations to the store: coalesced with other callers', or directly. */
export interface Writer {
  write(community: string, operations: Operation[], linked: boolean): Promise<OperationResult[]>;
}

/**
 * Writes each call straight to the store, for a ledger bound to one database transaction: its
 * writes commit with the caller's other rows, so they cannot share a store call with anyone else's.
 */
export class DirectWriter implements Writer {
  constructor(
    private readonly store: LedgerStore,
    private readonly now: () => string,
  ) {}

  write(community: string, operations: Operation[], linked: boolean): Promise<OperationResult[]> {
    return this.store.apply(community, operations, { now: this.now(), linked });
  }
}

interface Pending {
  operations: Operation[];
  linked: boolean;
  resolve(results: OperationResult[]): void;
  reject(error: unknown): void;
}

/**
 * Each community has a queue. While one call for a community is in flight, new writes wait;
 * when it returns, every waiting independent write goes in the next call (up to
 * `operationsPerWriteMax`). A linked batch always travels alone, since its all-or-none
 * would otherwise take independent writes down with it. The store checks and applies each
 * operation on its own, so one refusal never affects another caller's write. The store's
 * community lock already serializes writes, so nothing is lost by waiting here; what is won is
 * fewer round trips and commits per transaction.
 */
export class CoalescingWriter implements Writer {
  private readonly queues = new Map<string, Pending[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly store: LedgerStore,
    private readonly now: () => string,
  ) {}

  write(community: string, operations: Operation[], linked: boolean): Promise<OperationResult[]> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(community) ?? [];
      queue.push({ operations, linked, resolve, reject });
      this.queues.set(community, queue);
      if (!this.busy.has(community)) void this.drain(community);
    });
  }

  private async drain(community: string): Promise<void> {
    this.busy.add(community);
    try {
      for (;;) {
        // Wait one turn of the event loop first: callers whose last write just resolved are a
        // few promise steps from writing again, and would otherwise miss this group and make
        // the next call a small one.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const queue = this.queues.get(community);
        if (queue === undefined || queue.length === 0) break;
        const group = takeGroup(queue);
        await this.flush(community, group);
      }
    } finally {
      this.busy.delete(community);
      this.queues.delete(community);
    }
  }

  private async flush(community: string, group: Pending[]): Promise<void> {
    const operations = group.flatMap((pending) => pending.operations);
    const linked = group.length === 1 && (group[0] as Pending).linked;
    try {
      const results = await this.store.apply(community, operations, { now: this.now(), linked });
      let offset = 0;
      for (const pending of group) {
        pending.resolve(results.slice(offset, offset + pending.operations.length));
        offset += pending.operations.length;
      }
    } catch (error) {
      // The call failed as a whole (the database rolled it back): nothing of it was kept,
      // so every caller learns of the failure and may retry with the same ids.
      for (const pending of group) pending.reject(error);
    }
  }
}

function takeGroup(queue: Pending[]): Pending[] {
  const first = queue.shift() as Pending;
  if (first.linked) return [first];
  const group = [first];
  let count = first.operations.length;
  while (queue.length > 0) {
    const next = queue[0] as Pending;
    if (next.linked || count + next.operations.length > operationsPerWriteMax) break;
    group.push(queue.shift() as Pending);
    count += next.operations.length;
  }
  return group;
}
