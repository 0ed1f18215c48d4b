// The crash suite (issue 11; defect 4's kill -9 test): a real `moadon serve` process on PostgreSQL is killed
// with SIGKILL in the middle of a burst of keyed purchases and redemptions, a new one is started, and every
// request is retried with its key. Afterwards: every answer the client got before the crash is replayed
// exactly, each order is one purchase with one earning, each redemption key spent once, every account equals
// its ledger, and no key is left in progress. PGlite is one in-process database: there is no server process
// to kill apart from the test, so the suite runs on PostgreSQL only (TEST_DATABASE_URL).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkLedger } from '../../src/modules/loyalty/consistency.ts';
import { makeLoyaltyProgram, makeMember } from '../fixtures/loyalty.ts';
import { setupTest, type TestContext } from '../harness.ts';

const target = inject('testDatabase');
const onPostgres = target.kind === 'postgres';
if (!onPostgres) {
  console.info(
    'crash suite skipped: it kills a server process on PostgreSQL; set TEST_DATABASE_URL to run it',
  );
}

interface Server {
  url: string;
  process: ChildProcess;
  exited: Promise<unknown>;
}

/** `moadon serve` on the test database, HTTP only (its workers would take other test files' jobs). */
async function startServer(): Promise<Server> {
  if (target.kind !== 'postgres') throw new Error('PostgreSQL only');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: target.url,
      MOADON_DEMO: '0',
      MOADON_WORKERS: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d.toString();
      const found = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) =>
      reject(new Error(`server exited (${String(code)}) before starting:\n${output}`)),
    );
  });
  return { url, process: child, exited };
}

let t: TestContext;
const servers: Server[] = [];
beforeAll(async () => {
  t = await setupTest();
});
afterAll(async () => {
  for (const s of servers) s.process.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  await t.close();
});

interface Call {
  key: string;
  path: string;
  body: Record<string, unknown>;
  /** The answer the client received before the crash, if it received one. */
  answer?: { status: number; body: unknown };
}

async function send(server: Server, apiKey: string, call: Call) {
  const res = await fetch(server.url + call.path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': call.key,
    },
    body: JSON.stringify(call.body),
  });
  return {
    status: res.status,
    body: (await res.json()) as unknown,
    replayed: res.headers.get('idempotent-replayed'),
  };
}

describe.skipIf(!onPostgres)('crash suite: kill -9 mid-burst', () => {
  it(
    'after a SIGKILL and a restart, acknowledged writes replay exactly and nothing is lost or doubled',
    { timeout: 240_000 },
    async () => {
      const p = await makeLoyaltyProgram(t);
      const members = await Promise.all(Array.from({ length: 8 }, () => makeMember(t, p.programId)));
      for (const m of members) {
        await p.api.request({
          method: 'POST',
          url: p.url(`/members/${m}/adjustments`),
          payload: { points: 500, reason: 'opening balance' },
        });
      }
      // 240 purchases and 240 redemptions of 7 points, interleaved, each with its own key.
      const calls: Call[] = Array.from({ length: 480 }, (_, i) => {
        const member = members[i % members.length]!;
        return i % 2 === 0
          ? {
              key: `crash-purchase-${i}`,
              path: p.url('/purchases'),
              body: { orderId: `crash-${i}`, memberId: member, total: 1_000 + i, currency: 'ILS' },
            }
          : {
              key: `crash-redeem-${i}`,
              path: p.url(`/members/${member}/redemptions`),
              body: { points: 7, reason: 'crash test' },
            };
      });

      const first = await startServer();
      servers.push(first);
      // 12 clients send the calls in order until the server dies under them.
      let next = 0;
      const client = async () => {
        while (next < calls.length) {
          const call = calls[next++]!;
          try {
            const { status, body } = await send(first, p.api.key, call);
            call.answer = { status, body };
          } catch {
            return; // the server is gone: this call's answer never arrived
          }
        }
      };
      const burst = Promise.all(Array.from({ length: 12 }, client));
      // Kill it once a third of the ledger has been written: mid-burst, with requests in flight.
      const ledgerRows = async () =>
        Number(
          (
            await t.db
              .selectFrom('loyalty_ledger')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('program_id', '=', p.programId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      while ((await ledgerRows()) < members.length + 160) {
        /* poll the database: each round trip is the wait */
      }
      first.process.kill('SIGKILL');
      await first.exited;
      await burst;
      const acknowledged = calls.filter((c) => c.answer);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(acknowledged.length).toBeLessThan(calls.length);

      const second = await startServer();
      servers.push(second);
      const retried: Awaited<ReturnType<typeof send>>[] = [];
      for (let i = 0; i < calls.length; i += 16) {
        retried.push(...(await Promise.all(calls.slice(i, i + 16).map((c) => send(second, p.api.key, c)))));
      }

      // Every answer given before the crash is given again, as it was, marked as a replay.
      calls.forEach((call, i) => {
        const again = retried[i]!;
        expect(again.status, call.key).toBeLessThan(500);
        if (call.answer) {
          expect(again.replayed, call.key).toBe('true');
          expect({ status: again.status, body: again.body }, call.key).toEqual(call.answer);
        }
      });
      // Each order is one purchase and one earning; each redemption key was spent once.
      const purchases = await t.db
        .selectFrom('loyalty_purchases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('program_id', '=', p.programId)
        .executeTakeFirstOrThrow();
      expect(Number(purchases.n)).toBe(240);
      const kinds = await t.db
        .selectFrom('loyalty_ledger')
        .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
        .where('program_id', '=', p.programId)
        .groupBy('kind')
        .execute();
      const count = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
      const redeemed = retried.filter((r, i) => i % 2 === 1 && r.status === 201).length;
      expect(count).toEqual({ adjust: members.length, earn: 240, redeem: redeemed });
      expect(retried.filter((r, i) => i % 2 === 0).every((r) => r.status === 201)).toBe(true);
      // Every account equals its ledger; no key is left in progress.
      for (const m of members) {
        const account = await p.account(m);
        const sum = await t.db
          .selectFrom('loyalty_ledger')
          .select((eb) => eb.fn.sum<string>('points').as('sum'))
          .where('program_id', '=', p.programId)
          .where('member_id', '=', m)
          .executeTakeFirstOrThrow();
        expect(Number(account.balance)).toBe(Number(sum.sum));
      }
      expect(await checkLedger(t.db, p.programId)).toMatchObject({ problems: [] });
      const stuck = await t.db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('program_id', '=', p.programId)
        .where('state', '=', 'in_progress')
        .execute();
      expect(stuck).toEqual([]);
      const keys = await t.db
        .selectFrom('idempotency_keys')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('program_id', '=', p.programId)
        .where('key', 'like', 'crash-%')
        .executeTakeFirstOrThrow();
      expect(Number(keys.n)).toBe(calls.length);
    },
  );
});
