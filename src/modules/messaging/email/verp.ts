// Per-message addresses (VERP): the envelope sender of every e-mail is bounces+<token>@<domain>, so a bounce
// names the message it is about whatever the remote server writes in it; the List-Unsubscribe mailto is
// unsubscribe+<token>@<domain> for the same reason. The token is the message id without dashes: a random
// UUID, so a forged bounce would need the id of a message someone actually received.
const BOUNCE = 'bounces';
const UNSUBSCRIBE = 'unsubscribe';

export type VerpKind = 'bounce' | 'unsubscribe';

const tokenOf = (messageId: string) => messageId.replace(/-/g, '').toLowerCase();

export function returnPathFor(messageId: string, domain: string): string {
  return `${BOUNCE}+${tokenOf(messageId)}@${domain}`;
}

export function unsubscribeMailtoFor(messageId: string, domain: string): string {
  return `mailto:${UNSUBSCRIBE}+${tokenOf(messageId)}@${domain}?subject=unsubscribe`;
}

const VERP = /^(bounces|unsubscribe)\+([0-9a-f]{32})@[^@\s]+$/i;

/** The kind and message id of one of our per-message addresses (angle brackets and mailto: allowed). */
export function parseVerpAddress(address: string): { kind: VerpKind; messageId: string } | null {
  const bare = address
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .replace(/\?.*$/, '');
  const match = VERP.exec(bare);
  if (!match) return null;
  const hex = match[2]!.toLowerCase();
  const messageId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { kind: match[1]!.toLowerCase() === BOUNCE ? 'bounce' : 'unsubscribe', messageId };
}

/** The message a bounce is about, from the address it came back to (the envelope recipient), or null. */
export function messageFromReturnPath(address: string): string | null {
  const parsed = parseVerpAddress(address);
  return parsed?.kind === 'bounce' ? parsed.messageId : null;
}
