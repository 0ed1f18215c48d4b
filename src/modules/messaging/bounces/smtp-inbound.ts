// The receiving SMTP server: the MX of the bounce domain. It takes mail only for our per-message addresses
// (email/verp.ts): bounces+<message>@ — a bounce, complaint or auto-reply, parsed and decided exactly as the
// HTTP endpoint does — and unsubscribe+<message>@ — the mailto of List-Unsubscribe (RFC 2369/8058): any mail to
// it unsubscribes the member the message went to. Every other recipient is refused at RCPT (550), so this is
// never an open relay. A failure of ours answers 451, and the sending server tries again later.
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { parseVerpAddress } from '../email/verp.ts';
import { suppressAddress } from '../suppressions.ts';
import { parseReturnedMail } from './parse.ts';
import { fingerprintOf, recordReturnedMail, type ComplaintHandler } from './service.ts';

/** 10 MiB, as the HTTP endpoint. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * Withdraws the member's e-mail marketing consent after a mailto unsubscribe (wired to the membership module
 * in src/app/modules.ts, so the consent history shows it). Returns true when the consent changed.
 */
export type UnsubscribeHandler = (
  trx: Db,
  clock: Clock,
  request: { programId: string; memberId: string; messageId: string },
) => Promise<boolean>;

export interface InboundSmtpDeps {
  db: Db;
  clock: Clock;
  onComplaint?: ComplaintHandler | undefined;
  onUnsubscribe?: UnsubscribeHandler | undefined;
  log?: FastifyBaseLogger | undefined;
}

export interface InboundSmtpServer {
  port: number;
  close(): Promise<void>;
}

/** What an unsubscribe mail did: 'unsubscribed', or 'unknown' (no such marketing message). */
export async function unsubscribeByMail(
  deps: Pick<InboundSmtpDeps, 'db' | 'clock' | 'onUnsubscribe'>,
  messageId: string,
): Promise<'unsubscribed' | 'unknown'> {
  const { clock } = deps;
  return deps.db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .select(['id', 'program_id', 'member_id', 'to_address'])
      .where('id', '=', messageId)
      .where('channel', '=', 'email')
      .where('purpose', '=', 'marketing')
      .executeTakeFirst();
    if (!message) return 'unknown';
    // The address the message went to, whoever it belongs to now; the member's consent through membership.
    await suppressAddress(trx, clock, {
      programId: message.program_id,
      channel: 'email',
      address: message.to_address.toLowerCase(),
      reason: 'unsubscribe',
      source: 'mailto unsubscribe (List-Unsubscribe)',
    });
    if (message.member_id && deps.onUnsubscribe) {
      await deps.onUnsubscribe(trx, clock, {
        programId: message.program_id,
        memberId: message.member_id,
        messageId: message.id,
      });
    }
    return 'unsubscribed';
  });
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startInboundSmtp(
  deps: InboundSmtpDeps,
  listen: { port: number; host: string },
): Promise<InboundSmtpServer> {
  const server = new SMTPServer({
    name: 'moadon-inbound',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      if (parseVerpAddress(address.address)) return callback();
      callback(smtpError(550, '5.1.1 No such mailbox here'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(552, '5.3.4 Message too big'));
        }
        const raw = Buffer.concat(chunks);
        receive(
          deps,
          raw,
          session.envelope.rcptTo.map((r) => r.address),
        ).then(
          () => callback(),
          (error: unknown) => {
            deps.log?.error({ err: error }, 'inbound SMTP: could not record a message');
            callback(smtpError(451, '4.3.0 Try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => deps.log?.warn({ err: error }, 'inbound SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function receive(deps: InboundSmtpDeps, raw: Buffer, recipients: string[]): Promise<void> {
  const bounceTo = recipients.filter((a) => parseVerpAddress(a)?.kind === 'bounce');
  if (bounceTo.length) {
    const report = await parseReturnedMail(raw);
    await recordReturnedMail(deps, {
      source: 'smtp',
      reportId: fingerprintOf(raw),
      report,
      envelopeRecipients: bounceTo,
    });
  }
  for (const address of recipients) {
    const verp = parseVerpAddress(address);
    if (verp?.kind === 'unsubscribe') await unsubscribeByMail(deps, verp.messageId);
  }
}
