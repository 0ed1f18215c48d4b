// A real SMTP server for tests (smtp-server on port 0); every message it accepts is parsed by mailparser.
// `failNext(code)` makes the next DATA answer with that SMTP code, to test retries and rejections.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Delivery {
  /** The envelope sender (MAIL FROM) and recipients (RCPT TO). */
  mailFrom: string | null;
  rcptTo: string[];
  /** The message exactly as it arrived, for signature checks. */
  raw: Buffer;
  mail: ParsedMail;
}

export interface MailServer {
  url: string;
  received: ParsedMail[];
  deliveries: Delivery[];
  failNext(code: number, times?: number): void;
  close(): Promise<void>;
}

export async function startMailServer(): Promise<MailServer> {
  const received: ParsedMail[] = [];
  const deliveries: Delivery[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Senders keep pooled connections open; on close they are told 421 at once instead of after 30 s.
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = failures.shift();
        if (code) {
          const err = new Error(`test server refuses with ${code}`) as Error & { responseCode: number };
          err.responseCode = code;
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            received.push(mail);
            deliveries.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              mail,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    deliveries,
    failNext: (code, times = 1) => failures.push(...Array<number>(times).fill(code)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
