// The bounce tests' member: a fresh address with e-mail marketing consent and a Hebrew campaign message queued
// to it, so a report about that message has something to suppress, withdraw and mark.
import crypto from 'node:crypto';
import type { TestContext } from '../../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { recordConsent } from '../../membership/index.ts';
import { createMember } from '../../members/index.ts';
import { queueMessage } from '../index.ts';

export async function memberWithCampaignMessage(t: TestContext, programId: string) {
  const email = `m-${crypto.randomBytes(4).toString('hex')}@example.org`;
  const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, programId, { email, locale: 'he' });
  await recordConsent(t.db, t.clock, {
    programId,
    memberId: member.id,
    channel: 'email',
    purpose: 'marketing',
    status: 'granted',
    source: 'form',
  });
  const message = await queueMessage(t.db, t.clock, {
    programId,
    memberId: member.id,
    channel: 'email',
    kind: 'campaign',
    purpose: 'marketing',
    to: email,
    locale: 'he',
    subject: 'פרסומת: הנקודות שלך',
    text: 'שלום',
    unsubscribeUrl: 'https://club.example/u/tok-123456',
  });
  return { member, email, message };
}
