// Amazon SNS message signatures: every SNS envelope (Notification, SubscriptionConfirmation,
// UnsubscribeConfirmation) posted to the SES endpoint must carry a valid signature, made with the key of a
// certificate served by SNS itself. The certificate's URL must be https on an SNS host (sns.<region>.amazonaws.com,
// .com.cn), so a forger cannot point us at a certificate of their own; certificates are kept once fetched. The
// source of certificates is replaceable (useSnsCertificates), so tests sign with a key of their own and nothing is
// fetched. See https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
import crypto from 'node:crypto';

export class SnsSignatureError extends Error {}

type Json = Record<string, unknown>;

/** The certificate (or public key) in PEM, for an allowed SigningCertURL. */
export type SnsCertificates = (url: string) => Promise<string>;

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** https on an SNS host: where SigningCertURL and SubscribeURL may point. */
export function isSnsUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && SNS_HOST.test(url.hostname) && !url.username && !url.port;
  } catch {
    return false;
  }
}

const cache = new Map<string, string>();
const CACHE_SIZE = 50;

const fetchCertificate: SnsCertificates = async (url) => {
  const hit = cache.get(url);
  if (hit) return hit;
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new SnsSignatureError(`the signing certificate could not be fetched (${res.status})`);
  const pem = await res.text();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(url, pem);
  return pem;
};

let certificates: SnsCertificates = fetchCertificate;

/** Replaces the source of signing certificates (tests); returns the previous one. */
export function useSnsCertificates(next: SnsCertificates): SnsCertificates {
  const previous = certificates;
  certificates = next;
  return previous;
}

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
const SUBSCRIPTION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
];

/** The canonical text SNS signs: "Name\nvalue\n" for each signed field present, in this order. */
export function snsStringToSign(body: Json): string {
  const fields = body.Type === 'Notification' ? NOTIFICATION_FIELDS : SUBSCRIPTION_FIELDS;
  return fields
    .filter((name) => body[name] !== undefined && body[name] !== null)
    .map((name) => `${name}\n${String(body[name])}\n`)
    .join('');
}

export const isSnsEnvelope = (body: Json): boolean =>
  ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'].includes(String(body.Type));

/** Throws SnsSignatureError unless the envelope is signed by SNS (and a SubscribeURL leads to SNS). */
export async function verifySnsMessage(body: Json): Promise<void> {
  const algorithm =
    body.SignatureVersion === '1' ? 'sha1' : body.SignatureVersion === '2' ? 'sha256' : undefined;
  if (!algorithm) throw new SnsSignatureError('SignatureVersion must be "1" or "2"');
  if (typeof body.Signature !== 'string' || !body.Signature) throw new SnsSignatureError('no Signature');
  if (!isSnsUrl(body.SigningCertURL)) {
    throw new SnsSignatureError('SigningCertURL is not an https address of Amazon SNS');
  }
  if (body.Type !== 'Notification' && !isSnsUrl(body.SubscribeURL)) {
    throw new SnsSignatureError('SubscribeURL is not an https address of Amazon SNS');
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(await certificates(body.SigningCertURL));
  } catch (error) {
    if (error instanceof SnsSignatureError) throw error;
    throw new SnsSignatureError('the signing certificate could not be read');
  }
  const valid = crypto.verify(
    algorithm,
    Buffer.from(snsStringToSign(body), 'utf8'),
    key,
    Buffer.from(body.Signature, 'base64'),
  );
  if (!valid) throw new SnsSignatureError('the signature does not match the message');
}
