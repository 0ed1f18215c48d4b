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
