// Expiring holds whose time has passed, so that their amounts are free again: on request by an
// admin for their community, and on a timer for every community (started by the server). The
// timer also finishes transfers between communities whose request was cut off between steps.
import type { Deps } from '../deps.js';
import { idempotencyLeaseMs } from '../idempotency/idempotency-keys.js';
import { finishInterruptedTransfers } from './clearing-transfers.js';

/** A transfer unfinished this long after its first step is finished by the sweep (its request's retries had their lease). */
export const interruptedTransferAgeMs = 3 * idempotencyLeaseMs;

/** The timer's bounds: often enough that a hold's amount is not kept long past its expiry, rarely enough to cost nothing. */
export const holdExpiryIntervalMsMin = 1_000;
export const holdExpiryIntervalMsMax = 24 * 60 * 60 * 1000;

export interface HoldExpiry {
  /** Stops the timer and waits for a sweep in progress to end. */
  stop(): Promise<void>;
  /** Sweeps now (also what the timer calls); returns the holds expired per community. */
  sweep(): Promise<Map<string, number>>;
}

/**
 * Sweeps every community's expired holds every `intervalMs`. One sweep at a time: the next is
 * scheduled when one ends, never on top of it. A community whose sweep fails is logged and the
 * others still run; the timer does not keep the process alive. The server calls this after its
 * migrations and calls `stop()` on shutdown, before closing the database.
 */
export function startHoldExpiry(deps: Deps, intervalMs: number): HoldExpiry {
  if (!Number.isInteger(intervalMs) || intervalMs < holdExpiryIntervalMsMin || intervalMs > holdExpiryIntervalMsMax) {
    throw new Error(
      `assertion: the hold expiry interval is ${holdExpiryIntervalMsMin} to ${holdExpiryIntervalMsMax} ms, not ${intervalMs}`,
    );
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Map<string, number>> | undefined;

  const sweepAll = async (): Promise<Map<string, number>> => {
    const expired = new Map<string, number>();
    for (const community of await deps.ledger.store.listCommunities()) {
      try {
        const count = await deps.ledger.expireHolds(community.id);
        expired.set(community.id, count);
        if (count > 0) deps.logger.info({ community: community.id, expired: count }, 'holds expired');
      } catch (error) {
        deps.logger.error({ err: error, community: community.id }, 'expiring holds failed');
      }
      try {
        await finishInterruptedTransfers(deps, community.id, interruptedTransferAgeMs);
      } catch (error) {
        deps.logger.error({ err: error, community: community.id }, 'finishing interrupted transfers failed');
      }
    }
    return expired;
  };
  const sweep = (): Promise<Map<string, number>> => {
    running ??= sweepAll().finally(() => {
      running = undefined;
    });
    return running;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweep()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'listing communities for hold expiry failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    sweep,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
