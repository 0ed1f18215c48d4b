// Prometheus metrics: request counts and latency per route, and the job queue's depth. Route names, job
// counts and process figures say how the club is used, so they are not public: /metrics on the API port needs
// `Authorization: Bearer <MOADON_METRICS_TOKEN>`, and MOADON_METRICS_PORT serves them on a port of their own
// (for a scraper on a private network) without a token.
import crypto from 'node:crypto';
import http from 'node:http';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The metrics page in Prometheus text format, for the separate metrics port. */
    metricsText(): Promise<{ contentType: string; body: string }>;
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = crypto.createHash('sha256').update(header.slice(7).trim()).digest();
  const expected = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(given, expected);
}

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

  app.decorate('metricsText', async () => ({
    contentType: registry.contentType,
    body: await registry.metrics(),
  }));

  app.get(
    '/metrics',
    { config: { auth: { public: true } }, schema: { hide: true } },
    async (request, reply) => {
      const token = app.ctx.config.metricsToken;
      if (!token) {
        throw new AppError(
          'metrics_not_enabled',
          404,
          'Metrics on this port need MOADON_METRICS_TOKEN; or set MOADON_METRICS_PORT to serve them apart',
        );
      }
      if (!tokenMatches(request.headers.authorization, token)) {
        throw new AppError('unauthenticated', 401, 'Send Authorization: Bearer <MOADON_METRICS_TOKEN>');
      }
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
});

/** Serves only the metrics page on its own port (MOADON_METRICS_PORT); every other path is 404. */
export async function listenForMetrics(
  app: { metricsText(): Promise<{ contentType: string; body: string }> },
  port: number,
  host: string,
): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here\n');
      return;
    }
    app.metricsText().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
