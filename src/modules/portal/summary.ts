// What the member sees in the portal, assembled from the members, messaging and loyalty modules' services.
import { Type, type Static } from 'typebox';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { getMember, updateMember, type Member } from '../members/index.ts';
import {
  changeMarketingConsents,
  memberMarketingConsents,
  uiLocale,
  type MarketingConsentChange,
} from '../membership/index.ts';
import { Nullable, StringEnum } from '../../platform/http/schemas.ts';
import { memberLoyalty, MemberLoyalty } from './loyalty-summary.ts';
import type { PortalSession } from './service.ts';

const Texts = Type.Object({ he: Type.String(), fa: Type.String(), en: Type.String() });

export const memberPreferences = Type.Object({
  locale: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  consents: Type.Array(
    Type.Object({
      channel: StringEnum(['email', 'sms', 'phone'] as const),
      purpose: StringEnum(['marketing'] as const),
      status: Type.Union([StringEnum(['granted', 'withdrawn'] as const), Type.Null()], {
        description: 'The recorded consent; null: never asked (not given)',
      }),
      source: Nullable(Type.String()),
      recordedAt: Nullable(Type.String({ format: 'date-time' })),
      text: Type.Unsafe<{ he: string; fa: string; en: string }>(Texts),
    }),
    { description: 'Marketing consent per channel the member can be reached on, as recorded' },
  ),
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
    id: Type.String({
      format: 'uuid',
      description: "The member's id, carried by the member-card QR the till scans",
    }),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    memberSince: Type.String({ format: 'date-time' }),
  }),
  preferences: memberPreferences,
  loyalty: MemberLoyalty,
});

async function preferencesOf(db: Db, member: Member, programName: string): Promise<MemberPreferences> {
  const consents = await memberMarketingConsents(db, member, programName);
  return {
    locale: member.locale,
    email: member.email,
    phone: member.phone,
    consents: consents.map((c) => ({ ...c, recordedAt: c.recordedAt?.toISOString() ?? null })),
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
      id: member.id,
      firstName: member.firstName,
      lastName: member.lastName,
      memberSince: member.createdAt.toISOString(),
    },
    preferences: await preferencesOf(db, member, program.name),
    loyalty: await memberLoyalty(db, clock, session),
  };
}

export interface PreferencesPatch {
  locale?: 'he' | 'fa' | 'en';
  consents?: MarketingConsentChange[];
  /** The language the member saw the consent wording in (default: their locale). */
  shownLocale?: 'he' | 'fa' | 'en';
}

export async function updateMemberPreferences(
  db: Db,
  clock: Clock,
  session: PortalSession,
  patch: PreferencesPatch,
  request: { ip: string; userAgent: string | null },
): Promise<MemberPreferences> {
  // The member acts on their own record; the audit log has no member actor type, so it is recorded as the
  // system acting from the member's IP.
  const actor = { type: 'system' as const, id: null, ip: request.ip, requestId: null };
  return db.transaction().execute(async (trx) => {
    let member = await getMember(trx, session.programId, session.memberId);
    const program = await trx
      .selectFrom('programs')
      .select(['name', 'default_locale'])
      .where('id', '=', session.programId)
      .executeTakeFirstOrThrow();
    if (patch.locale !== undefined) {
      member = await updateMember(trx, clock, actor, session.programId, member.id, { locale: patch.locale });
    }
    if (patch.consents?.length) {
      await changeMarketingConsents(trx, clock, member, patch.consents, {
        source: 'portal',
        programName: program.name,
        locale: uiLocale(patch.shownLocale ?? member.locale ?? program.default_locale),
        ip: request.ip,
        userAgent: request.userAgent,
      });
    }
    return preferencesOf(trx, member, program.name);
  });
}
