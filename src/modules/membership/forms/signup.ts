// A signup from a form: spam checks, validation, then either subscribe now or (double opt-in) record the
// submission and e-mail a signed, expiring confirmation link; the member is created, subscribed and their
// consent recorded only when they confirm. Either way a member.joined event marks the moment they joined.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { lockCounterKey } from '../../../platform/db/locks.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { AuditActor } from '../../audit/index.ts';
import { getAccount, loadLoyaltyConfig } from '../../loyalty/index.ts';
import { createMember, findMemberByIdentity, updateMember, type Member } from '../../members/index.ts';
import { attributeReferral, type ReferralClaim } from '../../referrals/index.ts';
import { blockingSuppression, sendServiceMessage, unsuppressAddress } from '../../messaging/index.ts';
import { getProgram } from '../../programs/index.ts';
import { recordConsent } from '../consent.ts';
import { recordMemberEvent } from '../events.ts';
import { ui } from '../i18n.ts';
import { subscribeToLists } from '../lists.ts';
import { CONFIRM_TTL_HOURS, confirmUrl, readFormTimingToken, type LinkContext } from '../links.ts';
import { pick, type FormDefinition } from './definition.ts';
import { readSubmission, submissionLocale, type AcceptedConsent, type ReadSubmission } from './fields.ts';
import { attributeSchemaFor, findPublicForm, type SignupForm } from './service.ts';

/** Per IP, across all forms: at most this many accepted submissions per window. */
export const RATE_LIMIT = { perIp: 10, windowMs: 10 * 60_000 };
/** At most this many confirmation e-mails to one address per hour (nobody can mail-bomb a stranger). */
export const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3;
/** A timing token older than this means a stale page: ask for a reload. */
const FORM_TOKEN_MAX_AGE_MS = 24 * 3_600_000;

export interface SignupRequest {
  formId: string;
  body: Record<string, unknown>;
  ip: string;
  userAgent: string | undefined;
}

export interface SignupOutcome {
  status: 'subscribed' | 'confirmation_sent';
  locale: string;
  message: string;
  redirectUrl?: string | undefined;
  /** Where the new member sees their points (the club's portal), and the points they hold already. */
  welcome?: Welcome;
  /** Set when the submission was dropped as spam (the caller answers as if it succeeded). */
  spam?: 'honeypot' | 'too_fast' | 'no_timing_token' | 'bad_timing_token';
}

export async function activeForm(db: Db, formId: string): Promise<SignupForm> {
  const form = await findPublicForm(db, formId);
  if (!form || form.status !== 'active') {
    throw new AppError('form_not_found', 404, 'This signup form does not exist or is closed', { formId });
  }
  return form;
}

export interface Welcome {
  portalUrl: string;
  /** Available and pending points (the signup bonus, for a new member). */
  points: number;
}

/** The member's portal address and points, for the thank-you page (in the signup's transaction). */
export async function welcomeOf(ctx: LinkContext, programId: string, member: Member): Promise<Welcome> {
  const program = await getProgram(ctx.db, programId);
  const config = await loadLoyaltyConfig(ctx.db, programId);
  const account = await getAccount(ctx.db, config, member.id, ctx.clock.now());
  return {
    portalUrl: `${ctx.config.publicUrl}/portal/${program.slug}`,
    points: account.available + account.pending,
  };
}

function outcome(
  def: FormDefinition,
  locale: string,
  spam?: SignupOutcome['spam'],
  welcome?: Welcome,
): SignupOutcome {
  const l = submissionLocale(def, locale);
  const t = ui(l);
  const status = def.doubleOptIn ? 'confirmation_sent' : 'subscribed';
  return {
    status,
    locale: l,
    message: def.doubleOptIn ? t.thanksPending : (pick(def.thankYou?.text, l) ?? t.thanks),
    // With double opt-in the person must first read the e-mail; the redirect comes after confirming.
    redirectUrl: def.doubleOptIn ? undefined : def.thankYou?.redirectUrl,
    ...(welcome ? { welcome } : {}),
    ...(spam ? { spam } : {}),
  };
}

async function spamCheck(ctx: LinkContext, form: SignupForm, body: Record<string, unknown>) {
  const honeypot = body.website;
  if (typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined && honeypot !== null) {
    return 'honeypot' as const;
  }
  const token = typeof body._t === 'string' ? body._t : undefined;
  const spam = form.definition.spam ?? {};
  if (!token) return spam.acceptPlainPosts === false ? ('no_timing_token' as const) : undefined;
  const timing = await readFormTimingToken(ctx, form.id, token);
  if (!timing) return 'bad_timing_token' as const;
  const elapsed = ctx.clock.now().getTime() - timing.shownAt;
  if (elapsed > FORM_TOKEN_MAX_AGE_MS) {
    const t = ui(submissionLocale(form.definition, body._lang));
    throw new AppError('form_expired', 400, t.errExpiredForm);
  }
  if (elapsed < (spam.minFillSeconds ?? 3) * 1000) return 'too_fast' as const;
  return undefined;
}

/** Call inside the transaction that records the submission: the lock makes count and insert one step. */
async function checkRateLimit(ctx: LinkContext, trx: Db, ip: string, locale: string) {
  await lockCounterKey(trx, `form-ip:${ip}`);
  const since = new Date(ctx.clock.now().getTime() - RATE_LIMIT.windowMs);
  const row = await trx
    .selectFrom('form_submissions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('ip', '=', ip)
    .where('submitted_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= RATE_LIMIT.perIp) {
    throw new AppError('rate_limited', 429, ui(locale).errRateLimited, {
      retryAfterSeconds: Math.ceil(RATE_LIMIT.windowMs / 1000),
    });
  }
}

function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export async function submitSignup(ctx: LinkContext, request: SignupRequest): Promise<SignupOutcome> {
  const { db, clock } = ctx;
  const form = await activeForm(db, request.formId);
  const def = form.definition;
  const requestedLocale = submissionLocale(def, request.body._lang);
  const spam = await spamCheck(ctx, form, request.body);
  if (spam) return outcome(def, requestedLocale, spam);

  const { program, attributes } = await attributeSchemaFor(db, form.programId);
  const read = readSubmission(def, request.body, {
    region: program.defaultRegion,
    today: todayIn(program.timeZone, clock.now()),
    attributes,
  });

  return db.transaction().execute(async (trx) => {
    await checkRateLimit(ctx, trx, request.ip, requestedLocale);
    const email = read.memberInput.email ?? null;
    if (def.doubleOptIn && email) {
      const since = new Date(clock.now().getTime() - 3_600_000);
      const recent = await trx
        .selectFrom('form_submissions')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('program_id', '=', form.programId)
        .where('email', '=', email)
        .where('status', '=', 'pending')
        .where('submitted_at', '>', since)
        .executeTakeFirstOrThrow();
      // Answer as usual, but send nothing more: the person already has confirmation mails waiting.
      if (Number(recent.n) >= CONFIRMATIONS_PER_ADDRESS_PER_HOUR) return outcome(def, read.locale);
    }
    const submission = await trx
      .insertInto('form_submissions')
      .values({
        program_id: form.programId,
        form_id: form.id,
        member_id: null,
        status: def.doubleOptIn ? 'pending' : 'subscribed',
        email,
        phone: read.memberInput.phone ?? null,
        // A referral code and device id ride along with the input until the member is created.
        member_input: JSON.stringify({ ...read.memberInput, referral: referralClaim(request) }),
        consents: JSON.stringify(read.consents),
        locale: read.locale,
        ip: request.ip,
        user_agent: request.userAgent?.slice(0, 1000) ?? null,
        submitted_at: clock.now(),
        expires_at: def.doubleOptIn ? new Date(clock.now().getTime() + CONFIRM_TTL_HOURS * 3_600_000) : null,
        confirmed_at: null,
        confirm_ip: null,
        confirm_user_agent: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    if (!def.doubleOptIn) {
      const member = await completeSignup(
        { ...ctx, db: trx },
        form,
        submission.id,
        { ...read, referral: referralClaim(request) },
        {
          ip: request.ip,
          userAgent: request.userAgent,
        },
      );
      return outcome(
        def,
        read.locale,
        undefined,
        await welcomeOf({ ...ctx, db: trx }, form.programId, member),
      );
    }
    const existing = await findMemberByIdentity(trx, form.programId, { email: email! });
    // Through trx: on PGlite (one connection) a first read of the signing secret outside it would wait forever.
    const link = await confirmUrl({ ...ctx, db: trx }, submission.id);
    await sendServiceMessage(trx, clock, {
      programId: form.programId,
      key: 'double_opt_in',
      memberId: existing?.id ?? null,
      person: { firstName: read.memberInput.firstName, lastName: read.memberInput.lastName },
      to: email!,
      locale: read.locale,
      portalUrl: `${ctx.config.publicUrl}/portal/${program.slug}`,
      perSend: { confirm: { url: link, validHours: CONFIRM_TTL_HOURS } },
      // The signed token in the link lets whoever holds it confirm: only the recipient may see it.
      secrets: [link.slice(link.lastIndexOf('/') + 1)],
    });
    return outcome(def, read.locale);
  });
}

const systemActor = (ip: string | null): AuditActor => ({ type: 'system', id: null, ip, requestId: null });

const metaText = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null);
/** The invitation a submission came with: its code, the device id the page sent, and the signup address. */
function referralClaim(request: SignupRequest): ReferralClaim | null {
  const code = metaText(request.body._ref);
  return code ? { code, deviceId: metaText(request.body._device), ip: request.ip } : null;
}

/**
 * Creates or completes the member, records consent with its proof, subscribes to the form's lists and emits
 * member.joined. An existing member's fields are only filled where empty: a signup form must not let
 * anyone overwrite someone else's name.
 */
export async function completeSignup(
  ctx: LinkContext,
  form: SignupForm,
  submissionId: string,
  read: Pick<ReadSubmission, 'memberInput' | 'consents' | 'locale'> & { referral?: ReferralClaim | null },
  proof: {
    ip: string | null;
    userAgent: string | null | undefined;
    confirmation?: { ip: string; userAgent: string | undefined };
  },
): Promise<Member> {
  const { db, clock } = ctx;
  const programId = form.programId;
  const actor = systemActor(proof.confirmation?.ip ?? proof.ip);
  const input = read.memberInput;
  const identity = input.email ? { email: input.email } : { phone: input.phone! };
  let member = await findMemberByIdentity(db, programId, identity);
  let created = false;
  if (!member) {
    // With double opt-in this runs at confirmation: the signup bonus is for confirmed members only.
    member = await createMember(
      db,
      clock,
      actor,
      programId,
      { ...input, source: 'form' },
      {
        onCreated: async (trx, clock, actor, created) => {
          if (read.referral) await attributeReferral(trx, clock, actor, created, read.referral);
        },
      },
    );
    created = true;
  } else {
    const patch: Record<string, unknown> = {};
    for (const key of ['email', 'phone', 'firstName', 'lastName', 'birthday', 'locale'] as const) {
      if (input[key] !== undefined && member[key] === null) patch[key] = input[key];
    }
    const missingAttributes = Object.fromEntries(
      Object.entries(input.attributes ?? {}).filter(([k]) => member!.attributes[k] === undefined),
    );
    if (Object.keys(missingAttributes).length) patch.attributes = missingAttributes;
    if (Object.keys(patch).length) member = await updateMember(db, clock, actor, programId, member.id, patch);
  }

  const confirmedAt = proof.confirmation ? clock.now().toISOString() : undefined;
  for (const consent of read.consents) {
    await recordConsent(db, clock, {
      programId,
      memberId: member.id,
      channel: consent.channel,
      purpose: consent.purpose,
      status: 'granted',
      source: 'form',
      sourceRef: form.id,
      textShown: consent.text,
      locale: read.locale,
      ip: proof.ip,
      userAgent: proof.userAgent,
      recordedBy: 'member',
      evidence: {
        submissionId,
        consentKey: consent.key,
        doubleOptIn: Boolean(proof.confirmation),
        ...(proof.confirmation
          ? {
              confirmedAt,
              confirmIp: proof.confirmation.ip,
              confirmUserAgent: proof.confirmation.userAgent ?? null,
            }
          : {}),
      },
    });
    await liftUnsubscribe(ctx, programId, consent, input);
  }

  const activeLists = form.definition.listIds.length
    ? (
        await db
          .selectFrom('lists')
          .select('id')
          .where('program_id', '=', programId)
          .where('id', 'in', form.definition.listIds)
          .where('archived_at', 'is', null)
          .execute()
      ).map((r) => r.id)
    : [];
  const added = await subscribeToLists(db, clock, {
    programId,
    memberId: member.id,
    listIds: activeLists,
    source: 'form',
    sourceRef: form.id,
  });
  if (created || added.length > 0) {
    await recordMemberEvent(db, clock, {
      programId,
      memberId: member.id,
      type: 'member.joined',
      payload: {
        source: 'form',
        formId: form.id,
        submissionId,
        listIds: added,
        newMember: created,
        locale: read.locale,
      },
    });
  }
  await db
    .updateTable('form_submissions')
    .set({
      member_id: member.id,
      ...(proof.confirmation
        ? {
            status: 'confirmed',
            confirmed_at: clock.now(),
            confirm_ip: proof.confirmation.ip,
            confirm_user_agent: proof.confirmation.userAgent?.slice(0, 1000) ?? null,
          }
        : {}),
    })
    .where('id', '=', submissionId)
    .execute();
  return member;
}

/** A fresh, proven opt-in lifts an earlier unsubscribe for that address (never a bounce or complaint). */
async function liftUnsubscribe(
  ctx: LinkContext,
  programId: string,
  consent: AcceptedConsent,
  input: ReadSubmission['memberInput'],
) {
  if (consent.purpose !== 'marketing' || consent.channel === 'phone') return;
  const address = consent.channel === 'email' ? input.email : input.phone;
  if (!address) return;
  const block = await blockingSuppression(ctx.db, programId, consent.channel, address, 'marketing');
  if (block?.reason === 'unsubscribe') await unsuppressAddress(ctx.db, programId, consent.channel, address);
}
