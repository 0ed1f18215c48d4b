// A local SMTP sink for the campaign benchmark, in a process of its own so that receiving does not take the
// sender's CPU time on the same event loop: it accepts every message, counts them by Message-ID, and says how
// many it has when asked. `startSmtpSink()` forks this file; run as the child it listens and reports its port.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

interface SinkCounts {
  total: number;
  distinct: number;
  bytes: number;
}

export interface SmtpSink {
  url: string;
  counts(): Promise<SinkCounts>;
  /** Forgets what it received (between the two sides of the benchmark). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

type Reply = { kind: 'port'; port: number } | { kind: 'counts'; counts: SinkCounts } | { kind: 'reset' };

export async function startSmtpSink(): Promise<SmtpSink> {
  const child = fork(fileURLToPath(import.meta.url), ['--sink'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <K extends Reply['kind']>(kind: K) =>
    new Promise<Extract<Reply, { kind: K }>>((resolve) => {
      const listen = (m: Reply) => {
        if (m.kind !== kind) return;
        child.off('message', listen);
        resolve(m as Extract<Reply, { kind: K }>);
      };
      child.on('message', listen);
    });
  const { port } = await next('port');
  return {
    url: `smtp://127.0.0.1:${port}`,
    async counts() {
      const reply = next('counts');
      child.send('counts');
      return (await reply).counts;
    },
    async reset() {
      const reply = next('reset');
      child.send('reset');
      await reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

function runSink() {
  let ids = new Set<string>();
  let total = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 200,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (head.length < 8_192) head += c.toString('latin1');
      });
      stream.on('end', () => {
        total++;
        ids.add(/^Message-ID:\s*<([^>]+)>/im.exec(head)?.[1] ?? '?');
        callback();
      });
    },
  });
  process.on('message', (m) => {
    if (m === 'counts') process.send!({ kind: 'counts', counts: { total, distinct: ids.size, bytes } });
    if (m === 'reset') {
      ids = new Set();
      total = 0;
      bytes = 0;
      process.send!({ kind: 'reset' });
    }
  });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => {
    process.send!({ kind: 'port', port: (server.server.address() as AddressInfo).port });
  });
}

if (process.argv.includes('--sink')) runSink();
