// The tamper check as an operation: every community's hash chain verified, the result kept in
// `tamper_checks` for admins, auditors and /metrics, and a failure written to the audit log. The
// service runs it on a schedule (daily by default); `linli verify` runs it on demand.
import type { Ledger, VerifyResult } from '@linli/ledger';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/audit-log.js';
import { toIso } from '../database-values.js';

export type FirstBad = Extract<VerifyResult, { ok: false }>['firstBad'];

export interface TamperCheckStatus {
  community: string;
  checkedAt: string;
  ok: boolean;
  transactions: number;
  firstBad: FirstBad | null;
  /** When the chain last held; null if it never did since checks began. */
  lastOkAt: string | null;
}

interface StatusRow {
  community_id: string;
  checked_at: Date | string;
  ok: boolean;
  transactions: string | number;
  first_bad: FirstBad | string | null;
  last_ok_at: Date | string | null;
}

function fromRow(row: StatusRow): TamperCheckStatus {
  const firstBad = typeof row.first_bad === 'string' ? (JSON.parse(row.first_bad) as FirstBad) : row.first_bad;
  return {
    community: row.community_id,
    checkedAt: toIso(row.checked_at),
    ok: row.ok,
    transactions: Number(row.transactions),
    firstBad,
    lastOkAt: row.last_ok_at === null ? null : toIso(row.last_ok_at),
  };
}

/** The latest check of a community, or undefined before its first. */
export async function readTamperCheck(db: Knex, community: string): Promise<TamperCheckStatus | undefined> {
  const row = await db('tamper_checks')
    .select('community_id', 'checked_at', 'ok', 'transactions', 'first_bad', 'last_ok_at')
    .where({ community_id: community })
    .first<StatusRow | undefined>();
  return row === undefined ? undefined : fromRow(row);
}

/** The latest check of every community, by code. */
export async function readTamperChecks(db: Knex): Promise<TamperCheckStatus[]> {
  const rows = (await db('tamper_checks')
    .select('community_id', 'checked_at', 'ok', 'transactions', 'first_bad', 'last_ok_at')
    .orderByRaw('community_id collate "C"')) as StatusRow[];
  return rows.map(fromRow);
}

export interface TamperCheckDeps {
  knex: Knex;
  ledger: Ledger;
  now: () => Date;
}

/**
 * Verifies one community's chain and records the outcome. A failure is audit-logged
 * (`ledger.tamper_check_failed`, with the first bad entry) when the community has a profile (the
 * audit log belongs to the service's communities); `actor` says who ran it.
 */
export async function checkCommunity(deps: TamperCheckDeps, community: string, actor: string): Promise<TamperCheckStatus> {
  const result = await deps.ledger.verify(community);
  const now = deps.now();
  const firstBad = result.ok ? null : result.firstBad;
  await deps.knex.transaction(async (trx) => {
    await trx('tamper_checks')
      .insert({
        community_id: community,
        checked_at: now,
        ok: result.ok,
        transactions: result.transactions,
        first_bad: firstBad === null ? null : JSON.stringify(firstBad),
        last_ok_at: result.ok ? now : null,
      })
      .onConflict('community_id')
      .merge({
        checked_at: now,
        ok: result.ok,
        transactions: result.transactions,
        first_bad: firstBad === null ? null : JSON.stringify(firstBad),
        last_ok_at: result.ok ? now : trx.raw('tamper_checks.last_ok_at'),
      });
    if (firstBad !== null && (await trx('community_profiles').where({ community_id: community }).first()) !== undefined) {
      await recordAudit(
        trx,
        {
          community,
          actor,
          action: 'ledger.tamper_check_failed',
          target: `journal:${community}`,
          details: { seq: firstBad.seq, id: firstBad.id, reason: firstBad.reason, transactionsBefore: result.transactions },
        },
        now,
      );
    }
  });
  const status = await readTamperCheck(deps.knex, community);
  if (status === undefined) throw new Error('assertion: a tamper check just recorded is there');
  return status;
}

/** Checks every community of the ledger in turn; `onChecked` hears each result. */
export async function checkAllCommunities(
  deps: TamperCheckDeps,
  actor: string,
  onChecked: (status: TamperCheckStatus, index: number, total: number) => void = () => {},
): Promise<TamperCheckStatus[]> {
  const communities = await deps.ledger.store.listCommunities();
  const results: TamperCheckStatus[] = [];
  for (const [index, community] of communities.entries()) {
    const status = await checkCommunity(deps, community.id, actor);
    results.push(status);
    onChecked(status, index, communities.length);
  }
  return results;
}

export interface TamperCheckSchedule {
  stop(): Promise<void>;
  /** Checks now (also what the timer calls). */
  runNow(): Promise<TamperCheckStatus[]>;
}

/** The first scheduled run after a start: once the service is up and serving. */
export const firstCheckDelayMs = 60_000;

/** The actor of scheduled checks in the audit log. */
export const scheduleActor = 'system';

/**
 * Checks every community every `intervalMs`, the first time a minute after the start. A community
 * whose last recorded check is more recent than the interval is skipped, so several service processes (a cluster's workers run it in one;
 * several machines each run it) do not all verify the same journal. One run at a time; a failing
 * run is logged and the next still comes. The timer does not keep the process alive.
 */
export function startTamperChecks(deps: TamperCheckDeps & { logger: Logger }, intervalMs: number): TamperCheckSchedule {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<TamperCheckStatus[]> | undefined;
  const runAll = async (): Promise<TamperCheckStatus[]> => {
    const checked: TamperCheckStatus[] = [];
    const recent = new Map((await readTamperChecks(deps.knex)).map((status) => [status.community, Date.parse(status.checkedAt)]));
    for (const community of await deps.ledger.store.listCommunities()) {
      if (stopped) break;
      const last = recent.get(community.id);
      // A little slack, so a check recorded by this schedule one interval ago is not skipped.
      if (last !== undefined && deps.now().getTime() - last < intervalMs * 0.9) continue;
      try {
        const status = await checkCommunity(deps, community.id, scheduleActor);
        checked.push(status);
        if (status.ok)
          deps.logger.info({ community: community.id, transactions: status.transactions }, 'tamper check: the journal verifies');
        else deps.logger.error({ community: community.id, firstBad: status.firstBad }, 'tamper check FAILED: the journal does not verify');
      } catch (error) {
        deps.logger.error({ err: error, community: community.id }, 'tamper check could not run');
      }
    }
    return checked;
  };
  let next: Promise<TamperCheckStatus[]> | undefined;
  const runNow = (): Promise<TamperCheckStatus[]> => {
    if (running === undefined) {
      running = runAll().finally(() => {
        running = undefined;
      });
      return running;
    }
    // A run in flight may have read the journal before whatever asked for this one happened:
    // this one starts when that one ends (callers meanwhile share it), never two at once.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return runNow();
      });
    return next;
  };
  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'tamper checks could not run'))
        .finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  // Soon after the start, then every interval: a service restarted more often than the interval
  // still checks, and communities checked recently (by this or another process) are skipped.
  schedule(Math.min(intervalMs, firstCheckDelayMs));
  return {
    runNow,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
