import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.ts';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';

describe('serving the web apps', () => {
  let database: Database;
  let dist: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.mkdirSync(path.join(dist, 'portal'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<html>admin</html>');
    fs.writeFileSync(path.join(dist, 'portal', 'index.html'), '<html>portal</html>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the admin app for app paths and the portal under /portal, API routes first', async () => {
    const app = await buildApp({ db: database.db, modules: [], webDist: dist });
    const admin = await app.inject('/p/123/members?q=dana');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toBe('<html>admin</html>');
    expect(admin.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(admin.headers['cache-control']).toBe('no-cache');
    for (const url of ['/portal', '/portal/', '/portal/my-club/history']) {
      expect((await app.inject(url)).body).toBe('<html>portal</html>');
    }
    const asset = await app.inject('/assets/app-abc123.js');
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
    const api = await app.inject('/api/nope');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('route_not_found');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/..%2f..%2fetc/passwd')).body).not.toContain('root:');
    await app.close();
  });

  it('explains how to build the web apps when web/dist is missing', async () => {
    const app = await buildApp({ db: database.db, modules: [], webDist: path.join(dist, 'nothing-here') });
    const res = await app.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('npm run build:web');
    expect((await app.inject('/api/nope')).json().error.code).toBe('route_not_found');
    await app.close();
  });
});
