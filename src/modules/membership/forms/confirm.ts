// The double opt-in confirmation link: what it points at (GET shows a button) and confirming it (POST), which
// completes the signup recorded by submitSignup (signup.ts).
import { getProgram } from '../../programs/index.ts';
import type { ReferralClaim } from '../../referrals/index.ts';
import { readConfirmToken, type LinkContext } from '../links.ts';
import type { AcceptedConsent, ReadSubmission } from './fields.ts';
import { findPublicForm } from './service.ts';
import { completeSignup, welcomeOf, type Welcome } from './signup.ts';

export interface ConfirmationView {
  /** expired: the link's time ran out (or the expiry job marked it) before it was confirmed. */
  state: 'pending' | 'done' | 'invalid' | 'expired';
  locale: string;
  programName: string | null;
  redirectUrl?: string | undefined;
  /** The form to sign up again from, when it is still active. */
  formId?: string | undefined;
  /** Right after confirming: the member's portal and points. */
  welcome?: Welcome;
}

function stateOf(status: string, linkExpired: boolean): ConfirmationView['state'] {
  if (status === 'expired' || (status === 'pending' && linkExpired)) return 'expired';
  return status === 'pending' ? 'pending' : 'done';
}

/** What the confirmation link points at, without changing anything (GET shows a button; POST confirms). */
export async function inspectConfirmation(
  ctx: LinkContext,
  token: string,
  fallbackLocale: string,
): Promise<ConfirmationView> {
  const read = await readConfirmToken(ctx, token);
  const row = read
    ? await ctx.db
        .selectFrom('form_submissions')
        .selectAll()
        .where('id', '=', read.submissionId)
        .executeTakeFirst()
    : undefined;
  if (!row) return { state: 'invalid', locale: fallbackLocale, programName: null };
  const program = await getProgram(ctx.db, row.program_id);
  const form = await findPublicForm(ctx.db, row.form_id);
  return {
    state: stateOf(row.status, read!.expired),
    locale: row.locale,
    programName: program.name,
    formId: form?.id,
  };
}

/**
 * Confirms a double opt-in submission. Confirming twice is harmless; an expired link (or a submission the
 * expiry job has marked expired) confirms nothing.
 */
export async function confirmSignup(
  ctx: LinkContext,
  token: string,
  request: { ip: string; userAgent: string | undefined; fallbackLocale: string },
): Promise<ConfirmationView> {
  const read = await readConfirmToken(ctx, token);
  const invalid = (locale: string, programName: string | null = null) =>
    ({ state: 'invalid', locale, programName }) as const;
  if (!read) return invalid(request.fallbackLocale);
  return ctx.db.transaction().execute(async (trx): Promise<ConfirmationView> => {
    const row = await trx
      .selectFrom('form_submissions')
      .selectAll()
      .where('id', '=', read.submissionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return invalid(request.fallbackLocale);
    const program = await getProgram(trx, row.program_id);
    const form = await findPublicForm(trx, row.form_id);
    const base = {
      locale: row.locale,
      programName: program.name,
      redirectUrl: form?.definition.thankYou?.redirectUrl,
    };
    const state = stateOf(row.status, read.expired);
    if (state === 'expired') return { ...base, state, formId: form?.id };
    if (state === 'done') return { state, ...base };
    if (!form) return invalid(row.locale, program.name);
    const member = await completeSignup(
      { ...ctx, db: trx },
      form,
      row.id,
      {
        ...splitReferral(
          row.member_input as ReadSubmission['memberInput'] & { referral?: ReferralClaim | null },
        ),
        consents: row.consents as AcceptedConsent[],
        locale: row.locale as ReadSubmission['locale'],
      },
      {
        ip: row.ip,
        userAgent: row.user_agent,
        confirmation: { ip: request.ip, userAgent: request.userAgent },
      },
    );
    return { state: 'done', ...base, welcome: await welcomeOf({ ...ctx, db: trx }, program.id, member) };
  });
}

function splitReferral(stored: ReadSubmission['memberInput'] & { referral?: ReferralClaim | null }) {
  const { referral, ...memberInput } = stored;
  return { memberInput, referral: referral ?? null };
}
