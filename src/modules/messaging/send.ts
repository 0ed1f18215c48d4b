// The send job: message row → 'sending' → adapter → 'sent' / 'outbox' / 'failed' / 'suppressed'.
// Idempotent by message id: a message already past 'sending' is never sent again, and the row moves to
// 'sending' before the provider is called, so the only repeat possible is one resend after a crash between
// the provider's acceptance and our status update (with the same Message-ID).
import { sql } from 'kysely';
import { publishEvent } from '../../platform/events/index.ts';
import type { Job, JobContext, JobModule } from '../../platform/jobs/index.ts';
import './events.ts';
import type { EmailChannel, SendResult } from './channels/channel.ts';
import { outboxChannel } from './channels/outbox.ts';
import { emailChannelFor, emailEnvelopeFor, trackedHtml } from './email/prepare.ts';
import { recordStatus, SEND_JOB } from './service.ts';
import { smsChannelFor } from './sms/settings.ts';
import { deliverableMessage, forgetSecrets } from './secrets.ts';
import { blockingSuppression } from './suppressions.ts';
import type { MessageStatus } from './tables.ts';

export async function sendQueuedMessage(
  ctx: JobContext,
  job: Pick<Job, 'attempts' | 'maxAttempts'>,
  id: string,
) {
  const { db, clock } = ctx;
  const set = async (status: MessageStatus, fields: Record<string, unknown>, detail: string | null) => {
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('messages')
        .set({ status, updated_at: clock.now(), ...fields })
        .where('id', '=', id)
        .returning(['program_id', 'member_id', 'channel', 'kind', 'purpose'])
        .executeTakeFirstOrThrow();
      await recordStatus(trx, clock, row.program_id, id, status, detail);
      if (status === 'sent') {
        await publishEvent(trx, clock, {
          type: 'message.sent',
          programId: row.program_id,
          memberId: row.member_id,
          payload: { messageId: id, channel: row.channel, kind: row.kind, purpose: row.purpose },
        });
      }
      // Delivered or given up: the secrets are no longer needed by anyone. (The outbox keeps them, never shown,
      // so that a message waiting there can still be sent.)
      if (status !== 'queued' && status !== 'outbox') await forgetSecrets(trx, id);
    });
  };

  // E-mail first takes a token from its transport's rate limit (or the job is deferred until one is due),
  // before the message is claimed: a deferred message stays 'queued' with nothing recorded.
  const pending = await db
    .selectFrom('messages')
    .select(['program_id', 'channel', 'purpose', 'status', 'to_address'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!pending || !['queued', 'sending'].includes(pending.status)) return;
  // A suppressed address is settled before any token is taken: a message that will not go out must not use up
  // the transport's rate limit (nor wait for a token it does not need).
  const suppression = await blockingSuppression(
    db,
    pending.program_id,
    pending.channel,
    pending.to_address,
    pending.purpose,
  );
  if (suppression) {
    await settleSuppressed(ctx, id, suppression.reason);
    return;
  }
  let email: { channel: EmailChannel; from: string } | undefined;
  if (pending.channel === 'email') {
    email = await emailChannelFor(ctx, { id, programId: pending.program_id, purpose: pending.purpose });
  }

  const claimed = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('messages')
      .set({
        status: 'sending',
        attempts: sql`attempts + 1`,
        sending_at: clock.now(),
        updated_at: clock.now(),
      })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'sending'])
      .returningAll()
      .executeTakeFirst();
    if (row) await recordStatus(trx, clock, row.program_id, id, 'sending', `attempt ${row.attempts}`);
    return row;
  });
  if (!claimed) return; // already sent, in the outbox, failed for good or suppressed

  // Suppressed since the check above (a bounce or an unsubscribe in between): still not sent.
  const lateSuppression = await blockingSuppression(
    db,
    claimed.program_id,
    claimed.channel,
    claimed.to_address,
    claimed.purpose,
  );
  if (lateSuppression) {
    await set('suppressed', {}, `address suppressed (${lateSuppression.reason})`);
    return;
  }
  const program = await db
    .selectFrom('programs')
    .select('name')
    .where('id', '=', claimed.program_id)
    .executeTakeFirstOrThrow();
  const channel = email?.channel ?? (await smsChannelFor(ctx, claimed.program_id));
  const content = await deliverableMessage(db, claimed.id);
  const message = { id: claimed.id, programId: claimed.program_id, purpose: claimed.purpose };
  const envelope =
    email && channel !== outboxChannel
      ? await emailEnvelopeFor(ctx, { ...message, ...content }, email.from)
      : undefined;
  if (envelope) content.html = await trackedHtml(ctx, { ...message, locale: claimed.locale, ...content });
  let result: SendResult;
  try {
    result = await channel.send({
      id: claimed.id,
      programId: claimed.program_id,
      programName: program.name,
      purpose: claimed.purpose,
      to: claimed.to_address,
      locale: claimed.locale,
      ...content,
      email: envelope,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (job.attempts >= job.maxAttempts) {
      await set('failed', { last_error: message, failed_at: clock.now() }, `gave up: ${message}`);
      return;
    }
    await set('queued', { last_error: message }, `will retry: ${message}`);
    throw error;
  }
  switch (result.outcome) {
    case 'sent':
      await set(
        'sent',
        { provider_message_id: result.providerMessageId, sent_at: clock.now(), last_error: null },
        channel.name,
      );
      return;
    case 'outbox':
      await set('outbox', {}, 'no provider configured');
      return;
    case 'rejected':
      await set('failed', { last_error: result.error, failed_at: clock.now() }, result.error);
      return;
  }
}

/** A queued message to a suppressed address: 'suppressed', its history saying why, its secrets forgotten. */
async function settleSuppressed(ctx: JobContext, id: string, reason: string): Promise<void> {
  const { db, clock } = ctx;
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('messages')
      .set({ status: 'suppressed', updated_at: clock.now() })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'sending'])
      .returning('program_id')
      .executeTakeFirst();
    if (!row) return;
    await recordStatus(trx, clock, row.program_id, id, 'suppressed', `address suppressed (${reason})`);
    await forgetSecrets(trx, id);
  });
}

export const messagingJobs: JobModule = {
  handlers: {
    [SEND_JOB]: async (job, ctx) => sendQueuedMessage(ctx, job, String(job.payload.messageId)),
  },
};
