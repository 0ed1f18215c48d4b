// Opting out and back in, from the one-click unsubscribe link, the preference centre and SMS replies. Every
// change is immediate: a consent record (append-only) plus a suppression that the send job honours.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { getMember, type Member } from '../members/index.ts';
import {
  blockingSuppression,
  suppressAddress,
  unsuppressAddress,
  type ComplaintHandler,
  type UnsubscribeHandler,
} from '../messaging/index.ts';
import { currentConsents, recordConsent, type ConsentSource } from './consent.ts';
import { recordMemberEvent } from './events.ts';
import type { ConsentChannel } from './tables.ts';

export interface ChangeProof {
  source: ConsentSource;
  sourceRef?: string | null | undefined;
  textShown?: string | null | undefined;
  locale?: string | null | undefined;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
}

/** The address a channel reaches this member at (phone calls and SMS share the phone number). */
function addressOf(member: Member, channel: ConsentChannel): string | null {
  return channel === 'email' ? member.email : member.phone;
}

/**
 * Withdraws marketing consent on the given channels and suppresses the addresses. Returns the channels that
 * changed; a repeat (the same link clicked twice, a second STOP) records nothing new.
 */
export async function withdrawMarketing(
  db: Db,
  clock: Clock,
  member: Member,
  channels: readonly ConsentChannel[],
  proof: ChangeProof,
): Promise<ConsentChannel[]> {
  const current = await currentConsents(db, member.programId, member.id);
  const changed: ConsentChannel[] = [];
  for (const channel of channels) {
    const address = addressOf(member, channel);
    const state = current.find((c) => c.channel === channel && c.purpose === 'marketing')?.status;
    let newlySuppressed = false;
    if (address && channel !== 'phone') {
      newlySuppressed = await suppressAddress(db, clock, {
        programId: member.programId,
        channel,
        address,
        reason: 'unsubscribe',
        source: proof.source,
      });
    }
    if (state === 'withdrawn' && !newlySuppressed) continue;
    await recordConsent(db, clock, {
      programId: member.programId,
      memberId: member.id,
      channel,
      purpose: 'marketing',
      status: 'withdrawn',
      recordedBy: 'member',
      ...proof,
    });
    changed.push(channel);
  }
  if (changed.length) {
    await recordMemberEvent(db, clock, {
      programId: member.programId,
      memberId: member.id,
      type: 'member.unsubscribed',
      payload: { channels: changed, source: proof.source },
    });
  }
  return changed;
}

/** Grants marketing consent on a channel (from the preference centre) and lifts an unsubscribe suppression. */
export async function grantMarketing(
  db: Db,
  clock: Clock,
  member: Member,
  channel: ConsentChannel,
  proof: ChangeProof,
): Promise<void> {
  await recordConsent(db, clock, {
    programId: member.programId,
    memberId: member.id,
    channel,
    purpose: 'marketing',
    status: 'granted',
    recordedBy: 'member',
    ...proof,
  });
  const address = addressOf(member, channel);
  if (!address || channel === 'phone') return;
  const block = await blockingSuppression(db, member.programId, channel, address, 'marketing');
  // Bounces and complaints stay: only the person's own earlier unsubscribe is lifted by their new consent.
  if (block?.reason === 'unsubscribe') await unsuppressAddress(db, member.programId, channel, address);
}

/**
 * A spam complaint (a feedback-loop report) withdraws the member's e-mail marketing consent: the messaging
 * module calls this, so the consent history shows the complaint and the report that proved it.
 */
export const withdrawAfterComplaint: ComplaintHandler = async (trx, clock, complaint) => {
  const member = await getMember(trx, complaint.programId, complaint.memberId);
  const changed = await withdrawMarketing(trx, clock, member, ['email'], {
    source: 'complaint',
    sourceRef: complaint.evidenceId,
    textShown: complaint.detail,
  });
  return changed.length > 0;
};

/** A mail to the List-Unsubscribe mailto of a marketing message withdraws e-mail marketing consent. */
export const withdrawAfterMailtoUnsubscribe: UnsubscribeHandler = async (trx, clock, request) => {
  const member = await getMember(trx, request.programId, request.memberId);
  const changed = await withdrawMarketing(trx, clock, member, ['email'], {
    source: 'unsubscribe',
    sourceRef: request.messageId,
    textShown: 'List-Unsubscribe mailto',
  });
  return changed.length > 0;
};
