import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { buildApp } from './app.ts';
import { listenForMetrics } from './metrics.ts';

const TOKEN = 'metrics-token-0123456789';
let t: TestContext;
let withToken: FastifyInstance;
beforeAll(async () => {
  t = await setupTest();
  withToken = await buildApp({
    db: t.db,
    modules: [],
    clock: t.clock,
    config: { publicUrl: 'http://moadon.test', metricsToken: TOKEN },
    webDist: false,
  });
});
afterAll(async () => {
  await withToken.close();
  await t.close();
});

describe('/metrics', () => {
  it('is not public: without MOADON_METRICS_TOKEN the API port does not serve it', async () => {
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('metrics_not_enabled');
    expect(res.body).not.toContain('moadon_http_requests_total');
  });

  it('asks for the configured token', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await withToken.inject({
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(res.statusCode).toBe(401);
    }
    const ok = await withToken.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('moadon_http_requests_total');
    expect(ok.body).toMatch(/moadon_jobs\{state="queued"\} \d+/);
  });

  it('is served without a token on a separate metrics port, and nothing else is', async () => {
    const server = await listenForMetrics(t.app, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('moadon_http_requests_total');
      expect((await fetch(`${base}/api/auth/session`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
