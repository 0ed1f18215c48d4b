// What a bounce or complaint report does: find the message it is about, decide per recipient (hard → suppress;
// soft → suppress after N within a window; complaint → unsubscribe through the consent path + suppress;
// auto-replies and delays → nothing), and store every decision with the parsed fields as evidence. One
// transaction per report; the same report twice (a retried SMTP delivery, a replayed webhook) is recorded once.
import crypto from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { findMemberByIdentity } from '../../members/index.ts';
import { messageFromReturnPath } from '../email/verp.ts';
import { publishEvent } from '../../../platform/events/index.ts';
import '../events.ts';
import { recordStatus } from '../service.ts';
import { suppressAddress } from '../suppressions.ts';
import { classifyFailure, type Classification } from './classify.ts';
import type { ReturnedMail } from './parse.ts';
import type { BounceDecision, BounceSource } from './tables.ts';
import { getBounceSettings } from './settings.ts';

/**
 * Withdraws the member's e-mail marketing consent after a complaint (wired to the membership module in
 * src/app/modules.ts, so the consent history shows it). Returns true when the consent changed.
 */
export type ComplaintHandler = (
  trx: Db,
  clock: Clock,
  complaint: { programId: string; memberId: string; evidenceId: string; detail: string },
) => Promise<boolean>;

export interface BounceDeps {
  db: Db;
  clock: Clock;
  onComplaint?: ComplaintHandler | undefined;
}

export interface IncomingReport {
  /** Known when the caller authenticated as a program (API key); otherwise taken from the matched message. */
  programId?: string | undefined;
  source: BounceSource;
  /** Identifies the report itself (a hash of the raw source, the provider's notification id). */
  reportId: string;
  report: ReturnedMail;
  /** The SMTP envelope recipients (the VERP return path the bounce was sent to). */
  envelopeRecipients?: readonly string[] | undefined;
}

export interface RecipientOutcome {
  eventId: string;
  address: string | null;
  type: ReturnedMail['type'];
  severity: Classification['severity'] | null;
  reason: string | null;
  decision: BounceDecision;
  messageId: string | null;
  duplicate: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const fingerprintOf = (source: Buffer | string) =>
  crypto.createHash('sha256').update(source).digest('hex');

/** Our message ids the report names: the VERP return path, X-Moadon-Message, our Message-ID's local part. */
function candidateMessageIds(input: IncomingReport): string[] {
  const { report } = input;
  const fromPaths = [...(input.envelopeRecipients ?? []), ...report.outer.returnPaths]
    .map((a) => messageFromReturnPath(a))
    .filter((id): id is string => !!id);
  const local = report.original.messageId?.split('@')[0] ?? '';
  const named = [report.original.moadonMessageId, local].filter((id): id is string => !!id && UUID.test(id));
  return [...new Set([...fromPaths, ...named.map((id) => id.toLowerCase())])];
}

async function findMessage(db: Db, input: IncomingReport) {
  const ids = candidateMessageIds(input);
  const providerId = input.report.original.messageId;
  if (!ids.length && !providerId) return undefined;
  let q = db
    .selectFrom('messages')
    .select(['id', 'program_id', 'member_id', 'to_address', 'channel', 'status'])
    .where('channel', '=', 'email')
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('id', 'in', ids)] : []),
        ...(providerId ? [eb('provider_message_id', 'in', [providerId, `<${providerId}>`])] : []),
      ]),
    );
  if (input.programId) q = q.where('program_id', '=', input.programId);
  const rows = await q.execute();
  // The VERP match is the strongest: the remote server cannot rewrite the address it bounced to.
  return (
    rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).find((r) => ids.includes(r.id)) ?? rows[0]
  );
}

async function memberFor(db: Db, programId: string, address: string | null, fromMessage: string | null) {
  if (fromMessage) return fromMessage;
  if (!address) return null;
  try {
    return (await findMemberByIdentity(db, programId, { email: address }))?.id ?? null;
  } catch {
    return null; // not an address the members module accepts: no member has it
  }
}

/** Records a report and acts on it. Returns one outcome per recipient (empty when no program can be told). */
export async function recordReturnedMail(
  deps: BounceDeps,
  input: IncomingReport,
): Promise<{ programId: string | null; outcomes: RecipientOutcome[] }> {
  const { clock } = deps;
  return deps.db.transaction().execute(async (trx) => {
    const message = await findMessage(trx, input);
    const programId = input.programId ?? message?.program_id ?? null;
    if (!programId) return { programId: null, outcomes: [] };
    const { report } = input;
    const settings = await getBounceSettings(trx, programId);

    const targets: { address: string | null }[] =
      report.type === 'bounce'
        ? report.recipients.map((r) => ({ address: r.address }))
        : report.type === 'complaint'
          ? report.recipients.map((address) => ({ address }))
          : [{ address: report.outer.from }];
    // One message, one recipient: we suppress the address we sent to, whatever alias the server reports.
    if (message && targets.length <= 1 && report.type !== 'auto_reply' && report.type !== 'not_a_report') {
      if (targets.length === 0) targets.push({ address: message.to_address });
      else targets[0]!.address = message.to_address.toLowerCase();
    }

    const outcomes: RecipientOutcome[] = [];
    for (const [index, target] of targets.entries()) {
      const recipient = report.type === 'bounce' ? report.recipients[index] : undefined;
      const classification = recipient ? classifyFailure(recipient) : null;
      const address = target.address?.toLowerCase() ?? null;
      const memberId = await memberFor(trx, programId, address, message?.member_id ?? null);
      const fingerprint = `${input.source}:${input.reportId}:${index}:${address ?? ''}`;
      const existing = await trx
        .selectFrom('bounce_events')
        .select(['id', 'type', 'severity', 'reason', 'decision', 'message_id', 'address'])
        .where('program_id', '=', programId)
        .where('fingerprint', '=', fingerprint)
        .executeTakeFirst();
      if (existing) {
        outcomes.push({
          eventId: existing.id,
          address: existing.address,
          type: existing.type,
          severity: existing.severity,
          reason: existing.reason,
          decision: existing.decision,
          messageId: existing.message_id,
          duplicate: true,
        });
        continue;
      }
      const eventId = crypto.randomUUID();
      const decided = await decide(trx, {
        programId,
        address,
        type: report.type,
        classification,
        settings,
        now: clock.now(),
      });
      await trx
        .insertInto('bounce_events')
        .values({
          id: eventId,
          program_id: programId,
          received_at: clock.now(),
          source: input.source,
          fingerprint,
          type: report.type,
          severity: classification?.severity ?? null,
          reason: classification?.reason ?? null,
          address,
          message_id: message?.id ?? null,
          member_id: memberId,
          status_code: recipient?.status ?? null,
          smtp_code: recipient?.smtpCode ?? null,
          diagnostic: recipient?.diagnostic ?? (report.type === 'auto_reply' ? report.reason : null),
          format: 'format' in report ? report.format : null,
          reporting_mta: 'reportingMta' in report ? report.reportingMta : null,
          remote_mta: recipient?.remoteMta ?? null,
          original_message_id: report.original.messageId,
          feedback_type: report.type === 'complaint' ? report.feedbackType : null,
          decision: decided.decision,
          decision_detail: decided.detail,
          evidence: JSON.stringify(evidenceOf(report, recipient)),
        })
        .execute();
      await applyDecision(deps, trx, {
        programId,
        eventId,
        address,
        memberId,
        decided,
        type: report.type,
      });
      if (
        message &&
        (report.type === 'bounce' || report.type === 'complaint') &&
        decided.decision !== 'ignored'
      ) {
        await markMessage(trx, clock, message.id, programId, report.type, decided.detail);
      }
      if (report.type === 'bounce' && classification && classification.severity !== 'none') {
        await publishEvent(trx, clock, {
          type: 'message.bounced',
          programId,
          memberId,
          payload: {
            messageId: message?.id ?? null,
            bounceEventId: eventId,
            severity: classification.severity,
            reason: classification.reason,
            decision: decided.decision,
          },
        });
      } else if (report.type === 'complaint' && decided.decision !== 'ignored') {
        await publishEvent(trx, clock, {
          type: 'message.complained',
          programId,
          memberId,
          payload: {
            messageId: message?.id ?? null,
            bounceEventId: eventId,
            feedbackType: report.feedbackType,
          },
        });
      }
      outcomes.push({
        eventId,
        address,
        type: report.type,
        severity: classification?.severity ?? null,
        reason: classification?.reason ?? null,
        decision: decided.decision,
        messageId: message?.id ?? null,
        duplicate: false,
      });
    }
    return { programId, outcomes };
  });
}

type Decided = { decision: BounceDecision; detail: string; suppress: 'bounce' | 'complaint' | null };

async function decide(
  trx: Db,
  input: {
    programId: string;
    address: string | null;
    type: ReturnedMail['type'];
    classification: Classification | null;
    settings: { softBounceLimit: number; softBounceWindowDays: number };
    now: Date;
  },
): Promise<Decided> {
  const { type, classification, address } = input;
  if (type === 'auto_reply')
    return { decision: 'ignored', detail: 'automatic reply, not a bounce', suppress: null };
  if (type === 'not_a_report')
    return { decision: 'ignored', detail: 'not a delivery report', suppress: null };
  if (!address) return { decision: 'ignored', detail: 'the report names no recipient', suppress: null };
  if (type === 'complaint')
    return { decision: 'unsubscribed', detail: 'spam complaint', suppress: 'complaint' };
  if (!classification || classification.severity === 'none') {
    return {
      decision: 'ignored',
      detail: `not a failure (${classification?.reason ?? 'unknown'})`,
      suppress: null,
    };
  }
  if (classification.severity === 'hard') {
    return { decision: 'suppressed', detail: `hard bounce: ${classification.reason}`, suppress: 'bounce' };
  }
  const { softBounceLimit: limit, softBounceWindowDays: days } = input.settings;
  const earlier = await trx
    .selectFrom('bounce_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('program_id', '=', input.programId)
    .where('address', '=', address)
    .where('severity', '=', 'soft')
    .where('received_at', '>', new Date(input.now.getTime() - days * 86_400_000))
    .executeTakeFirstOrThrow();
  const count = Number(earlier.n) + 1;
  const detail = `soft bounce ${count} of ${limit} within ${days} days: ${classification.reason}`;
  return count >= limit
    ? { decision: 'suppressed', detail, suppress: 'bounce' }
    : { decision: 'counted', detail, suppress: null };
}

async function applyDecision(
  deps: BounceDeps,
  trx: Db,
  input: {
    programId: string;
    eventId: string;
    address: string | null;
    memberId: string | null;
    decided: Decided;
    type: ReturnedMail['type'];
  },
) {
  const { decided, address } = input;
  if (!decided.suppress || !address) return;
  // The complaint's own suppression first: it blocks service mail too, which an unsubscribe does not.
  const isNew = await suppressAddress(trx, deps.clock, {
    programId: input.programId,
    channel: 'email',
    address,
    reason: decided.suppress,
    source: decided.detail,
    evidenceId: input.eventId,
  });
  if (input.type === 'complaint' && input.memberId && deps.onComplaint) {
    await deps.onComplaint(trx, deps.clock, {
      programId: input.programId,
      memberId: input.memberId,
      evidenceId: input.eventId,
      detail: decided.detail,
    });
  }
  if (!isNew && decided.decision === 'suppressed') {
    await trx
      .updateTable('bounce_events')
      .set({ decision: 'already_suppressed' })
      .where('id', '=', input.eventId)
      .execute();
    decided.decision = 'already_suppressed';
  }
}

async function markMessage(
  trx: Db,
  clock: Clock,
  messageId: string,
  programId: string,
  type: 'bounce' | 'complaint',
  detail: string,
) {
  const status = type === 'bounce' ? 'bounced' : 'complained';
  await trx
    .updateTable('messages')
    .set({ status, updated_at: clock.now(), last_error: type === 'bounce' ? detail : null })
    .where('id', '=', messageId)
    .execute();
  await recordStatus(trx, clock, programId, messageId, status, detail);
}

function evidenceOf(report: ReturnedMail, recipient: unknown): Record<string, unknown> {
  const { original, outer } = report;
  const base = { type: report.type, original, outer };
  if (report.type === 'bounce')
    return { ...base, format: report.format, reportingMta: report.reportingMta, recipient };
  if (report.type === 'complaint') {
    const { recipients, ...rest } = report;
    return { ...rest, recipients };
  }
  return { ...base, reason: report.reason };
}
