// Secrets in messages never reach the admin API, exports or logs: queueMessage stores a copy in which each
// secret is a placeholder ({{secret:0}}), the values live in message_secrets, the send job restores them just
// before handing the message to the provider, and the values are deleted once the message is delivered or
// given up. Whoever reads a message row — any role's outbox view, a GDPR export — sees "••••••".
import type { Db } from '../../platform/db/database.ts';

export const REDACTED = '••••••';
const PLACEHOLDER = /\{\{secret:(\d+)\}\}/g;

type Parts = { subject: string | null; text: string; html: string | null; unsubscribeUrl: string | null };

/** Replaces every occurrence of each secret (longest first) by its placeholder. */
export function redactSecrets(parts: Parts, secrets: readonly string[]): Parts {
  const order = secrets.map((value, index) => ({ value, index })).filter((s) => s.value.length >= 4);
  order.sort((a, b) => b.value.length - a.value.length);
  const redact = (text: string | null) => {
    if (text === null) return null;
    let out = text;
    for (const s of order) out = out.split(s.value).join(`{{secret:${s.index}}}`);
    return out;
  };
  return {
    subject: redact(parts.subject),
    text: redact(parts.text)!,
    html: redact(parts.html),
    unsubscribeUrl: redact(parts.unsubscribeUrl),
  };
}

/** The stored copy as people may see it. */
export function hideSecrets(text: string): string;
export function hideSecrets(text: string | null): string | null;
export function hideSecrets(text: string | null): string | null {
  return text === null ? null : text.replace(PLACEHOLDER, REDACTED);
}

export function restoreSecrets<T extends Parts>(parts: T, secrets: readonly string[]): T {
  const fill = (text: string | null) =>
    text === null ? null : text.replace(PLACEHOLDER, (whole, i: string) => secrets[Number(i)] ?? whole);
  return {
    ...parts,
    subject: fill(parts.subject),
    text: fill(parts.text)!,
    html: fill(parts.html),
    unsubscribeUrl: fill(parts.unsubscribeUrl),
  };
}

export async function storeSecrets(db: Db, programId: string, messageId: string, secrets: string[]) {
  if (secrets.length === 0) return;
  await db
    .insertInto('message_secrets')
    .values({ message_id: messageId, program_id: programId, secrets: JSON.stringify(secrets) })
    .execute();
}

export async function loadSecrets(db: Db, messageId: string): Promise<string[]> {
  const row = await db
    .selectFrom('message_secrets')
    .select('secrets')
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return row?.secrets ?? [];
}

export async function forgetSecrets(db: Db, messageId: string): Promise<void> {
  await db.deleteFrom('message_secrets').where('message_id', '=', messageId).execute();
}

/**
 * The message as its recipient gets it, secrets restored, while they are still kept (until delivery). For
 * the sender and for tests that play the recipient; never for an API response.
 */
export async function deliverableMessage(db: Db, messageId: string) {
  const row = await db
    .selectFrom('messages')
    .select(['subject', 'text_body', 'html_body', 'unsubscribe_url'])
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  return restoreSecrets(
    { subject: row.subject, text: row.text_body, html: row.html_body, unsubscribeUrl: row.unsubscribe_url },
    await loadSecrets(db, messageId),
  );
}
