// What an e-mail needs besides its content, decided just before it is handed to SMTP: the From address, the
// per-message envelope sender (VERP), the mailto for List-Unsubscribe, and the DKIM key of the From domain.
import type { EmailEnvelope } from '../channels/channel.ts';
import type { MessagePurpose } from '../tables.ts';
import { dkimSigningFor, type SecretContext } from './domains.ts';
import { returnPathFor, unsubscribeMailtoFor } from './verp.ts';

export async function emailEnvelopeFor(
  ctx: SecretContext,
  message: { id: string; programId: string; purpose: MessagePurpose; unsubscribeUrl: string | null },
  from: string,
): Promise<EmailEnvelope> {
  const domain = from.split('@').pop()!.toLowerCase();
  return {
    from,
    returnPath: returnPathFor(message.id, domain),
    unsubscribeMailto:
      message.purpose === 'marketing' && message.unsubscribeUrl
        ? unsubscribeMailtoFor(message.id, domain)
        : null,
    dkim: await dkimSigningFor(ctx, message.programId, from),
  };
}
