// Signed links sent to people: double opt-in confirmation (expires), and per-member unsubscribe /
// preference links (no expiry: an unsubscribe link in a years-old e-mail must still work — RFC 8058).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { getSigningSecret, signToken, verifyToken } from '../../platform/secret.ts';

export const CONFIRM_TTL_HOURS = 72;

export interface LinkContext {
  db: Db;
  clock: Clock;
  config: { publicUrl: string; secret?: string | undefined };
}

const secretOf = (ctx: LinkContext) => getSigningSecret(ctx.db, ctx.config.secret);

export async function confirmUrl(ctx: LinkContext, submissionId: string): Promise<string> {
  const exp = Math.floor(ctx.clock.now().getTime() / 1000) + CONFIRM_TTL_HOURS * 3600;
  const token = signToken(await secretOf(ctx), { k: 'confirm', s: submissionId, exp });
  return `${ctx.config.publicUrl}/confirm/${token}`;
}

/** The submission id of a genuine confirmation token (and whether it has expired), or undefined if forged. */
export async function readConfirmToken(
  ctx: LinkContext,
  token: string,
): Promise<{ submissionId: string; expired: boolean } | undefined> {
  const payload = verifyToken<{ k?: unknown; s?: unknown; exp?: unknown }>(await secretOf(ctx), token);
  if (
    !payload ||
    payload.k !== 'confirm' ||
    typeof payload.s !== 'string' ||
    typeof payload.exp !== 'number'
  ) {
    return undefined;
  }
  return { submissionId: payload.s, expired: payload.exp * 1000 < ctx.clock.now().getTime() };
}

export interface MemberLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** Per-member links for marketing messages (pass unsubscribeUrl to queueMessage). */
export async function memberLinks(
  ctx: LinkContext,
  programId: string,
  memberId: string,
): Promise<MemberLinks> {
  const token = signToken(await secretOf(ctx), { k: 'member', p: programId, m: memberId });
  return {
    unsubscribeUrl: `${ctx.config.publicUrl}/u/${token}`,
    preferencesUrl: `${ctx.config.publicUrl}/preferences/${token}`,
  };
}

export async function readMemberToken(
  ctx: LinkContext,
  token: string,
): Promise<{ programId: string; memberId: string } | undefined> {
  const payload = verifyToken<{ k?: unknown; p?: unknown; m?: unknown }>(await secretOf(ctx), token);
  if (!payload || payload.k !== 'member' || typeof payload.p !== 'string' || typeof payload.m !== 'string') {
    return undefined;
  }
  return { programId: payload.p, memberId: payload.m };
}

/** The render-time token of a form: proves when the form was shown (minimum fill time). */
export async function formTimingToken(ctx: LinkContext, formId: string): Promise<string> {
  return signToken(await secretOf(ctx), { k: 'form', f: formId, at: ctx.clock.now().getTime() });
}

export async function readFormTimingToken(ctx: LinkContext, formId: string, token: string) {
  const payload = verifyToken<{ k?: unknown; f?: unknown; at?: unknown }>(await secretOf(ctx), token);
  if (!payload || payload.k !== 'form' || payload.f !== formId || typeof payload.at !== 'number')
    return undefined;
  return { shownAt: payload.at };
}
