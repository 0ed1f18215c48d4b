// The fresh-machine promise: `moadon serve` on an empty embedded database migrates, seeds the demo club,
// prints the URL and an owner login that works, and shuts down cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-start-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it(
    'starts on an empty embedded database with a demo club and stops cleanly',
    { timeout: 300_000 },
    async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
        env: {
          ...process.env,
          PORT: '0',
          MOADON_DATA_DIR: dataDir,
          DATABASE_URL: '',
          LOG_LEVEL: 'warn',
          MOADON_DEMO: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 240_000);
          child.stdout.on('data', () => {
            if (output.includes('Owner login')) {
              clearTimeout(timer);
              resolve();
            }
          });
          void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
        });
        const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
        const [, email, password] = /Owner login: (\S+)\s+password: (\S+)/.exec(output) ?? [];
        expect(url).toBeDefined();
        expect(email).toBe('owner@moadon.local');
        expect((await fetch(`${url}/readyz`)).status).toBe(200);
        const login = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        expect(login.status).toBe(200);
        const session = (await login.json()) as {
          csrfToken: string;
          programs: { id: string; role: string }[];
        };
        expect(session.programs).toHaveLength(1);
        expect(session.programs[0]!.role).toBe('owner');
        const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
        const members = await fetch(`${url}/api/programs/${session.programs[0]!.id}/members?limit=200`, {
          headers: { cookie },
        });
        expect(members.status).toBe(200);
        const body = (await members.json()) as { items: { firstName: string }[] };
        expect(body.items).toHaveLength(200);
        expect(body.items.some((m) => /[\u0590-\u05FF]/.test(m.firstName))).toBe(true);
        expect(body.items.some((m) => /[\u0600-\u06FF]/.test(m.firstName))).toBe(true);
        // The demo's A/B newsletter was sent three days ago, through the send job into the outbox, and has results.
        const programUrl = `${url}/api/programs/${session.programs[0]!.id}`;
        const campaigns = (await (
          await fetch(`${programUrl}/campaigns`, { headers: { cookie } })
        ).json()) as {
          items: { id: string; name: string; state: string; winner: { variant: string } | null }[];
        };
        expect(campaigns.items).toHaveLength(1);
        const campaign = campaigns.items[0]!;
        expect(campaign).toMatchObject({ state: 'sent', winner: { variant: 'B' } });
        const res = await fetch(`${programUrl}/campaigns/${campaign.id}/results`, { headers: { cookie } });
        expect(res.status).toBe(200);
        const results = (await res.json()) as {
          total: { sent: number; opened: number; clicked: number; conversions: number; revenue: number };
          variants: { key: string; sent: number; opened: number }[];
          winner: { winner: string; reason: string; metric: string } | null;
          holdout: { members: number; conversion: { relative: { lift: number | null } } } | null;
          accounting: { audience: number; balanced: boolean; outcomes: Record<string, number> };
          links: unknown[];
        };
        const { accounting, total } = results;
        expect(accounting.balanced).toBe(true);
        expect(accounting.audience).toBeGreaterThan(0);
        expect(Object.values(accounting.outcomes).reduce((a, b) => a + b, 0)).toBe(accounting.audience);
        expect(accounting.outcomes.sent).toBe(total.sent);
        expect(total.sent).toBeGreaterThan(0);
        expect(total.opened).toBeGreaterThan(0);
        expect(total.clicked).toBeGreaterThan(0);
        expect(total.conversions).toBeGreaterThan(0);
        expect(total.revenue).toBeGreaterThan(0);
        expect(results.variants.filter((v) => v.sent > 0).map((v) => v.key)).toEqual(['A', 'B']);
        expect(results.variants.reduce((sum, v) => sum + v.sent, 0)).toBe(total.sent);
        expect(results.winner).toMatchObject({ winner: 'B', metric: 'open' });
        expect(results.holdout!.members).toBeGreaterThan(0);
        // The lift's sign depends on who fell in the holdout (a hash of new ids) and their own visits: it exists.
        expect(Number.isFinite(results.holdout!.conversion.relative.lift)).toBe(true);
        expect(results.links.length).toBeGreaterThan(0);
        // The first admin may create further programs (a right that other users lack).
        const created = await fetch(`${url}/api/programs`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ slug: 'second-club', name: 'Second club' }),
        });
        expect(created.status).toBe(201);
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
    },
  );
});
