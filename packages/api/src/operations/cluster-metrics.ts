// /metrics in a cluster (LINLI_WORKERS above 1): whichever worker a scrape reaches asks the
// primary, which gathers every worker's registry with prom-client's AggregatorRegistry, so one
// scrape sees the whole service rather than one worker's share of its requests.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsSource } from './metrics.js';

const request = 'linli:metrics-request';
const answer = 'linli:metrics-answer';
/** A scrape that waits longer than this gets an error: a scraper's own timeout is about 10 s. */
export const clusterMetricsTimeoutMs = 5_000;

interface MetricsAnswer {
  type: typeof answer;
  id: string;
  contentType?: string;
  text?: string;
  error?: string;
}

/** In the primary: answers each worker's request with the metrics of every worker. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== request) return;
    const id = String((message as { id?: unknown }).id);
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: answer, id, contentType: aggregator.contentType, text } satisfies MetricsAnswer),
      (error: unknown) =>
        worker.send({ type: answer, id, error: error instanceof Error ? error.message : String(error) } satisfies MetricsAnswer),
    );
  });
}

/** In a worker: offers `registry` to the primary's aggregation and returns the source /metrics reads. */
export function clusterMetricsSource(registry: Registry): MetricsSource {
  // Constructing one is what makes prom-client answer the primary's requests in a worker
  // (its listeners are added by the constructor); setRegistries says which registry to send.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  return () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(
        () => finish(new Error(`the cluster primary did not send the metrics within ${clusterMetricsTimeoutMs} ms`)),
        clusterMetricsTimeoutMs,
      );
      const listener = (message: unknown): void => {
        const reply = message as Partial<MetricsAnswer> | null;
        if (reply?.type !== answer || reply.id !== id) return;
        if (reply.error !== undefined || reply.text === undefined)
          finish(new Error(`the cluster's metrics could not be gathered: ${reply.error ?? 'no text'}`));
        else finish(undefined, { contentType: reply.contentType ?? 'text/plain', text: reply.text });
      };
      const finish = (error: Error | undefined, value?: { contentType: string; text: string }): void => {
        clearTimeout(timer);
        process.off('message', listener);
        if (error !== undefined || value === undefined) reject(error ?? new Error('assertion: metrics or an error'));
        else resolve(value);
      };
      process.on('message', listener);
      process.send?.({ type: request, id });
    });
}
