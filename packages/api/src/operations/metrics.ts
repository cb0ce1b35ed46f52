// /metrics in Prometheus's text format (prom-client): request latency by route, rejections by
// code, the ledger's journal size (its writes), the database pool, and the last good tamper check.
// Served only with a bearer token from LINLI_METRICS_TOKEN; docs/OPERATIONS.md, "Monitoring".
import { timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a cached read (1 ms) to a slow export page (10 s). */
const latencyBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Labels for requests no route matched (404s, scanners), so their paths cannot grow the series without bound. */
const unmatchedRoute = 'unmatched';

export interface Metrics {
  registry: Registry;
  /** Times every request, by method, route template and status, and counts problems by code. */
  middleware(request: Request, response: Response, next: NextFunction): void;
}

interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * The metrics of one process. Those read from the database (journal size, tamper checks) are the
 * same in every process, so a cluster's aggregate takes one copy of them (`aggregator: 'first'`);
 * request counts add up across workers.
 */
export function createMetrics(knex: Knex): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'linli_' });

  const latency = new Histogram({
    name: 'linli_http_request_duration_seconds',
    help: 'Time from the request to the end of the response, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: latencyBucketsSeconds,
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'linli_rejections_total',
    help: 'Problems answered (4xx and 5xx), by their code',
    labelNames: ['code'],
    registers: [registry],
  });

  // prom-client collects every metric at once, so each reads what it shows itself.
  new Gauge({
    name: 'linli_database_up',
    help: '1 when the database answered this scrape, else 0',
    registers: [registry],
    aggregator: 'min',
    async collect() {
      this.set(
        await knex.raw('select 1').then(
          () => 1,
          () => 0,
        ),
      );
    },
  });
  new Gauge({
    name: 'linli_ledger_journal_transactions',
    help: "Transactions in each community's journal (ledger writes: take its rate)",
    labelNames: ['community'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      this.reset();
      const rows = (await knex('ledger_communities')
        .select('community_id', 'last_seq')
        .catch(() => [])) as { community_id: string; last_seq: string | number }[];
      for (const row of rows) this.set({ community: row.community_id }, Number(row.last_seq));
    },
  });
  const tamperChecks = async () =>
    (await knex('tamper_checks')
      .select('community_id', 'ok', 'last_ok_at')
      .catch(() => [])) as { community_id: string; ok: boolean; last_ok_at: Date | string | null }[];
  new Gauge({
    name: 'linli_tamper_check_last_success_timestamp_seconds',
    help: "When each community's hash chain last verified (Unix time)",
    labelNames: ['community'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      this.reset();
      for (const row of await tamperChecks())
        if (row.last_ok_at !== null) this.set({ community: row.community_id }, new Date(row.last_ok_at).getTime() / 1000);
    },
  });
  new Gauge({
    name: 'linli_tamper_check_ok',
    help: "1 when the community's last tamper check verified, 0 when it found a bad entry",
    labelNames: ['community'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      this.reset();
      for (const row of await tamperChecks()) this.set({ community: row.community_id }, row.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'linli_database_pool_connections',
    help: "The database pool's connections by state (used, free) and waiting requests (pending_acquires, pending_creates)",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = (knex.client as { pool?: Partial<PoolLike> }).pool;
      if (
        pool?.numUsed === undefined ||
        pool.numFree === undefined ||
        pool.numPendingAcquires === undefined ||
        pool.numPendingCreates === undefined
      )
        return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending_acquires' }, pool.numPendingAcquires());
      this.set({ state: 'pending_creates' }, pool.numPendingCreates());
    },
  });

  return {
    registry,
    middleware: (request, response, next) => {
      const started = process.hrtime.bigint();
      response.once('finish', () => {
        // The template (`/api/v1/needs/:id`), never the path itself: ids would make a series each.
        const route = (request.route as { path?: unknown } | undefined)?.path;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        latency.observe(
          { method: request.method, route: typeof route === 'string' ? route : unmatchedRoute, status: String(response.statusCode) },
          seconds,
        );
        const code = response.locals.problemCode;
        if (code !== undefined) rejections.inc({ code });
      });
      next();
    },
  };
}

/** The metrics text, from this process or (in a cluster) gathered from every worker. */
export type MetricsSource = () => Promise<{ contentType: string; text: string }>;

export function registrySource(registry: Registry): MetricsSource {
  return async () => ({ contentType: registry.contentType, text: await registry.metrics() });
}

/**
 * `GET /metrics` with `Authorization: Bearer <LINLI_METRICS_TOKEN>`; anything else answers 404, as
 * if there were no such path, so the endpoint is not advertised to scanners.
 */
export function metricsHandler(token: string, source: MetricsSource) {
  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const given = Buffer.from(request.get('authorization') ?? '', 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return next();
    const { contentType, text } = await source();
    response.status(200).type(contentType).send(text);
  };
}
