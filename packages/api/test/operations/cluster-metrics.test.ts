// /metrics with LINLI_WORKERS=2: whichever worker a scrape reaches, it answers for the whole
// service (the primary gathers every worker's registry), so request counts are exact.
import { createScratchDatabase, serverSkipReason, serverUrl } from '@linli/ledger/testing';
import { describe, expect, it } from 'vitest';
import { startServiceProcess } from '../test-support/service-process.js';

const baseUrl = serverUrl();
const token = 'a-metrics-token-for-the-cluster-test-0123456789';

describe.skipIf(baseUrl === undefined)(
  baseUrl === undefined ? `/metrics of a cluster (${serverSkipReason})` : '/metrics of a cluster',
  () => {
    it('counts every worker’s requests in every scrape', { timeout: 120_000 }, async () => {
      const scratch = await createScratchDatabase(baseUrl ?? '');
      const service = await startServiceProcess({
        DATABASE_URL: scratch.url,
        LINLI_WORKERS: '2',
        LINLI_METRICS_TOKEN: token,
        LINLI_TAMPER_CHECK_INTERVAL_MINUTES: '0',
      });
      try {
        // New connections go to the workers in turn, so both answer some of these.
        for (let request = 0; request < 10; request += 1) {
          expect((await fetch(`${service.url}/healthz`, { headers: { Connection: 'close' } })).status).toBe(200);
        }
        for (let scrape = 0; scrape < 4; scrape += 1) {
          const response = await fetch(`${service.url}/metrics`, { headers: { Authorization: `Bearer ${token}`, Connection: 'close' } });
          expect(response.status).toBe(200);
          const text = await response.text();
          expect(text, `scrape ${scrape}`).toMatch(
            /linli_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 10\n/,
          );
          // Read from the database once for the service, not once per worker.
          expect(text).toMatch(/linli_ledger_journal_transactions\{community="xianlin"\} [1-9]\d*\n/);
          expect(text.match(/^linli_ledger_journal_transactions\{community="xianlin"\}/gm)).toHaveLength(1);
        }
      } finally {
        service.child.kill('SIGTERM');
        await service.exited;
        await scratch.drop();
      }
    });
  },
);
