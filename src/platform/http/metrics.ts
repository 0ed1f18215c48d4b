// Prometheus metrics at /metrics: request counts and latency per route, and the job queue's depth.
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsPlugin = fp(async (app) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'moadon_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'moadon_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'moadon_jobs',
    help: 'Background jobs by state (queued = queue depth)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = await sql<{
        state: string;
        n: number;
      }>`select state, count(*)::int as n from jobs group by state`.execute(app.ctx.db);
      this.reset();
      for (const state of ['queued', 'running', 'done', 'dead']) {
        this.set({ state }, rows.rows.find((r) => r.state === state)?.n ?? 0);
      }
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    { config: { auth: { public: true } }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
});
