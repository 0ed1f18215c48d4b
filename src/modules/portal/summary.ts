// What the member sees in the portal, assembled from the members, messaging and loyalty modules' services.
import { Type, type Static } from 'typebox';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { getMember, updateMember, type Member } from '../members/index.ts';
import { blockingSuppression, suppressAddress, unsuppressAddress } from '../messaging/index.ts';
import { memberLoyalty, MemberLoyalty } from './loyalty-summary.ts';
import type { PortalSession } from './service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const memberPreferences = Type.Object({
  locale: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  marketingEmail: Type.Union([Type.Boolean(), Type.Null()], { description: 'null: no e-mail address' }),
  marketingSms: Type.Union([Type.Boolean(), Type.Null()], { description: 'null: no phone number' }),
});
export type MemberPreferences = Static<typeof memberPreferences>;

export const PortalSummary = Type.Object({
  csrfToken: Type.String(),
  program: Type.Object({
    slug: Type.String(),
    name: Type.String(),
    currency: Type.String(),
    timeZone: Type.String(),
    defaultLocale: Type.String(),
  }),
  member: Type.Object({
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    memberSince: Type.String({ format: 'date-time' }),
  }),
  preferences: memberPreferences,
  loyalty: MemberLoyalty,
});

async function preferencesOf(db: Db, member: Member): Promise<MemberPreferences> {
  const subscribed = async (channel: 'email' | 'sms', address: string | null) =>
    address ? !(await blockingSuppression(db, member.programId, channel, address, 'marketing')) : null;
  return {
    locale: member.locale,
    email: member.email,
    phone: member.phone,
    marketingEmail: await subscribed('email', member.email),
    marketingSms: await subscribed('sms', member.phone),
  };
}

export async function portalSummary(db: Db, clock: Clock, session: PortalSession) {
  const member = await getMember(db, session.programId, session.memberId);
  const program = await db
    .selectFrom('programs')
    .select(['slug', 'name', 'currency', 'time_zone', 'default_locale'])
    .where('id', '=', session.programId)
    .executeTakeFirstOrThrow();
  return {
    csrfToken: session.csrfToken,
    program: {
      slug: program.slug,
      name: program.name,
      currency: program.currency,
      timeZone: program.time_zone,
      defaultLocale: program.default_locale,
    },
    member: {
      firstName: member.firstName,
      lastName: member.lastName,
      memberSince: member.createdAt.toISOString(),
    },
    preferences: await preferencesOf(db, member),
    loyalty: await memberLoyalty(db, clock, session),
  };
}

export async function updateMemberPreferences(
  db: Db,
  clock: Clock,
  session: PortalSession,
  patch: { locale?: 'he' | 'fa' | 'en'; marketingEmail?: boolean; marketingSms?: boolean },
  ip: string,
): Promise<MemberPreferences> {
  // The member acts on their own record; the audit log has no member actor type, so it is recorded as the
  // system acting from the member's IP.
  const actor = { type: 'system' as const, id: null, ip, requestId: null };
  return db.transaction().execute(async (trx) => {
    let member = await getMember(trx, session.programId, session.memberId);
    if (patch.locale !== undefined) {
      member = await updateMember(trx, clock, actor, session.programId, member.id, { locale: patch.locale });
    }
    const channels = [
      ['email', member.email, patch.marketingEmail],
      ['sms', member.phone, patch.marketingSms],
    ] as const;
    for (const [channel, address, wanted] of channels) {
      if (wanted === undefined || !address) continue;
      if (wanted) {
        // Only the member's own unsubscribe is undone here; bounces and complaints stay.
        const current = await blockingSuppression(trx, member.programId, channel, address, 'marketing');
        if (current?.reason === 'unsubscribe')
          await unsuppressAddress(trx, member.programId, channel, address);
      } else {
        await suppressAddress(trx, clock, {
          programId: member.programId,
          channel,
          address,
          reason: 'unsubscribe',
          source: 'portal',
        });
      }
    }
    return preferencesOf(trx, member);
  });
}
