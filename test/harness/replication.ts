// A primary and a streaming standby made with pg_basebackup, on this machine, each a cluster the
// caller owns; synchronous replication switched on and off on the primary.
import { openDatabase } from '@linli/ledger';
import { PostgresCluster } from './postgres-cluster.js';

export const standbyName = 'standby';
/** How long a standby may take to connect and catch up before the set-up gives up. */
const standbyReadyMs = 60_000;

export interface ReplicatedPair {
  primary: PostgresCluster;
  standby: PostgresCluster;
  /** Both hosts, the primary first, for the service: each connection goes to the one that takes writes. */
  serviceUrl: string;
  remove(): Promise<void>;
}

/** A started primary with `database`, and a started streaming standby of it. */
export async function createReplicatedPair(database: string): Promise<ReplicatedPair> {
  const primary = await PostgresCluster.create({ name: 'primary' });
  let standby: PostgresCluster | undefined;
  try {
    await primary.start();
    await primary.createDatabase(database);
    standby = await PostgresCluster.standbyOf(primary, { name: standbyName });
    await standby.start();
    await waitForReplication(primary, undefined);
  } catch (error) {
    await standby?.remove();
    await primary.remove();
    throw error;
  }
  const both = standby;
  return {
    primary,
    standby: both,
    serviceUrl: `postgresql://postgres@127.0.0.1:${primary.port},127.0.0.1:${both.port}/${database}?target_session_attrs=read-write&connect_timeout=2`,
    async remove() {
      await both.remove();
      await primary.remove();
    },
  };
}

/**
 * Makes every commit on `primary` wait until the standby has flushed it (synchronous), or not
 * (asynchronous): `synchronous_standby_names` in the primary's configuration, then a reload, then
 * a wait until pg_stat_replication shows the standby in the wanted state. Only the primary gets
 * the setting: a promoted standby with it set would wait for a standby it does not have.
 */
export async function setSynchronous(primary: PostgresCluster, synchronous: boolean): Promise<void> {
  await primary.configure({ synchronous_standby_names: synchronous ? `'FIRST 1 (${standbyName})'` : "''", synchronous_commit: "'on'" });
  await primary.reload();
  await waitForReplication(primary, synchronous ? 'sync' : 'async');
}

/** Waits until the standby streams from `primary` (in `state`, when given). */
async function waitForReplication(primary: PostgresCluster, state: 'sync' | 'async' | undefined): Promise<void> {
  const database = openDatabase({ databaseUrl: primary.url(), poolSize: 1 });
  try {
    const deadline = Date.now() + standbyReadyMs;
    for (;;) {
      const { rows } = (await database.knex.raw(`select state, sync_state from pg_stat_replication where application_name = ?`, [
        standbyName,
      ])) as { rows: { state: string; sync_state: string }[] };
      const row = rows[0];
      if (row?.state === 'streaming' && (state === undefined || row.sync_state === state)) return;
      if (Date.now() > deadline)
        throw new Error(
          `the standby did not stream${state === undefined ? '' : ` (${state})`} within ${standbyReadyMs / 1000} s: ${JSON.stringify(rows)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await database.close();
  }
}
