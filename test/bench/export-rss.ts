// The journal export's memory (`node test/dist/bench/export-rss.js`, after `npx tsc -b test`):
// peak resident memory of the API process while it streams a 1,000,000-posting journal on
// PostgreSQL to a client, as CSV and as hledger text.
//
// Not a timed test: it prints one JSON line per figure and the method as `#` lines, and exits 0.
// It fails only when the export is wrong (a row count that is not the journal's), since a small
// figure for a short file measures nothing.
//
// Peak RSS (`process.resourceUsage().maxRSS`) only ever rises, so the journal is written by this
// process and each export is served by a fresh child process that does nothing else: its peak is
// the export's, plus what the service needs at rest (reported beside it as `baseline_mb`).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildApp, createDeps } from '@linli/api';
import { Ledger, PostgresStore, openDatabase, type TransactionInput } from '@linli/ledger';
import { createScratchDatabase, serverUrl } from '@linli/ledger/testing';
import { migrateToLatest } from '@linli/api';
import { figure, method } from './bench-report.js';

const community = 'bench-export';
/** Two postings each: 1,000,000 postings. BENCH_EXPORT_POSTINGS overrides for a quick try. */
const postingsTarget = Number(process.env.BENCH_EXPORT_POSTINGS ?? 1_000_000);
const memberCount = 2_000;
const loadBatchSize = 1_000;
const loadCallers = 2;
const memos = ['助老陪护 elderly companionship', '代买代办, errands', '家电维修 "上门" repair', '医疗陪诊 medical escort'];

type ChildMessage = { kind: 'ready'; port: number; token: string; baselineMb: number } | { kind: 'peak'; maxRssMb: number };

/** The child: serves the API on the scratch database and reports its peak RSS when asked. */
async function serve(databaseUrl: string): Promise<void> {
  const database = openDatabase({ databaseUrl, poolSize: 4 });
  const deps = createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false });
  const server = http.createServer(buildApp(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  // The auditor and its session are rows that `load` wrote: every request checks them.
  const token = deps.accessTokens.issue({ userId: 'u-bench', role: 'auditor', community, sessionId: 'bench-session' }).token;
  const send = (message: ChildMessage) => process.send?.(message);
  process.on('message', (message: { kind: string }) => {
    if (message.kind !== 'peak') return;
    send({ kind: 'peak', maxRssMb: process.resourceUsage().maxRSS / 1024 });
    server.close(() => void database.close().then(() => process.exit(0)));
  });
  send({ kind: 'ready', port, token, baselineMb: process.resourceUsage().maxRSS / 1024 });
}

async function load(databaseUrl: string): Promise<number> {
  const database = openDatabase({ databaseUrl, poolSize: loadCallers + 1 });
  try {
    await migrateToLatest(database.knex);
    await database.knex('community_profiles').insert({ community_id: community, name: '导出基准 export bench', is_demo: false });
    await database.knex('users').insert({
      community_id: community,
      id: 'u-bench',
      username: 'bench-auditor',
      display_name: 'bench auditor',
      role: 'auditor',
      password_hash: 'never logs in',
    });
    await database.knex('sessions').insert({ community_id: community, id: 'bench-session', user_id: 'u-bench', user_version: 0 });
    const ledger = new Ledger({ store: new PostgresStore(database.knex, database.kind) });
    await ledger.createCommunity({ id: community, name: '导出基准 export bench' });
    for (let start = 0; start < memberCount; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, memberCount - start) }, (_, offset) => {
          const member = `u-m${start + offset}`;
          return ledger.openAccount({
            community,
            id: `member/${member}/hours`,
            unit: 'HOUR',
            name: `${member} 时间账户`,
            ownerRef: member,
            lowerLimit: null,
          });
        }),
      );
    }
    const transactions = Math.ceil(postingsTarget / 2);
    let next = 0;
    const transaction = (index: number): TransactionInput => {
      const from = index % memberCount;
      const to = (index * 7 + 1) % memberCount === from ? (from + 1) % memberCount : (index * 7 + 1) % memberCount;
      return {
        community,
        id: `bench/${index}`,
        kind: 'hour_gift',
        actor: `u-m${from}`,
        memo: memos[index % memos.length],
        postings: [
          { account: `member/u-m${from}/hours`, unit: 'HOUR', amount: '-1.25' },
          { account: `member/u-m${to}/hours`, unit: 'HOUR', amount: '1.25' },
        ],
      };
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: loadCallers }, async () => {
        while (next < transactions) {
          const first = next;
          next = Math.min(transactions, next + loadBatchSize);
          await ledger.postLinked(
            community,
            Array.from({ length: next - first }, (_, offset) => transaction(first + offset)),
          );
        }
      }),
    );
    method(`loaded ${transactions} transactions (${transactions * 2} postings) in ${Math.round((performance.now() - started) / 1000)} s`);
    return transactions * 2;
  } finally {
    await database.close();
  }
}

function message<K extends ChildMessage['kind']>(child: ChildProcess, kind: K): Promise<Extract<ChildMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (received: ChildMessage) => {
      if (received.kind !== kind) return;
      child.off('message', onMessage);
      resolve(received as Extract<ChildMessage, { kind: K }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the server process exited (${String(code)})`)));
  });
}

/** Reads the export and throws the bytes away, counting bytes and (CSV) posting rows. */
function download(port: number, token: string, format: 'csv' | 'hledger'): Promise<{ bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: `/api/v1/audit/journal?format=${format}`, headers: { Authorization: `Bearer ${token}` } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`export answered ${String(response.statusCode)}`));
        let bytes = 0;
        let lines = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines += 1;
        });
        response.on('end', () => resolve({ bytes, lines }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') {
    await serve(process.argv[3] ?? '');
    return;
  }
  const url = serverUrl();
  method(
    [
      `journal export memory, ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, ${os.platform()} ${os.release()}`,
      `journal: ${postingsTarget} postings (two per transaction, ${memberCount} member accounts) in one community on PostgreSQL, written through the ledger`,
      'each export: a fresh API process (express app, pg pool of 4) streams GET /api/v1/audit/journal to a client in this process that discards it;',
      'figure: that process’s peak RSS (process.resourceUsage().maxRSS) after the export; baseline_mb: its peak RSS before the request',
    ].join('\n'),
  );
  if (url === undefined) {
    method('DATABASE_URL is not set: the export benchmark needs PostgreSQL and did not run');
    return;
  }
  const scratch = await createScratchDatabase(url);
  try {
    const postings = await load(scratch.url);
    for (const format of ['csv', 'hledger'] as const) {
      const child = fork(fileURLToPath(import.meta.url), ['serve', scratch.url], {
        execArgv: ['--enable-source-maps'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const ready = await message(child, 'ready');
      const started = performance.now();
      const { bytes, lines } = await download(ready.port, ready.token, format);
      const seconds = (performance.now() - started) / 1000;
      child.send({ kind: 'peak' });
      const { maxRssMb } = await message(child, 'peak');
      // CSV: a header and one line per posting, plus the lines inside quoted memos (none here).
      if (format === 'csv' && lines !== postings + 1) throw new Error(`the CSV export has ${lines} lines for ${postings} postings`);
      const bench = format === 'csv' ? 'api.export.1m_postings_peak_rss_mb' : 'api.export_hledger.1m_postings_peak_rss_mb';
      figure(bench, maxRssMb, 'MB', {
        baseline_mb: Math.round(ready.baselineMb),
        postings,
        export_mb: Math.round(bytes / 2 ** 20),
        seconds: Math.round(seconds * 10) / 10,
        database: 'postgres',
      });
    }
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
