// DKIM keys for a sending domain: generated here (RSA 2048, what every receiver verifies), the private key
// sealed at rest, the public key published by the club as a TXT record at <selector>._domainkey.<domain>.
import crypto from 'node:crypto';

export interface DkimKeyPair {
  selector: string;
  /** base64 DER SubjectPublicKeyInfo: the p= of the DNS record. */
  publicKey: string;
  privateKeyPem: string;
}

/** Selectors carry the month they were made (moadon202612), so a rotated key gets a new name. */
export function selectorFor(now: Date): string {
  return `moadon${now.toISOString().slice(0, 7).replace('-', '')}`;
}

export function generateDkimKey(now: Date): DkimKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    selector: selectorFor(now),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export interface DnsRecord {
  name: string;
  type: 'TXT';
  value: string;
}

export function dkimDnsRecord(domain: string, selector: string, publicKey: string): DnsRecord {
  return { name: `${selector}._domainkey.${domain}`, type: 'TXT', value: `v=DKIM1; k=rsa; p=${publicKey}` };
}

/** The headers every signature covers: RFC 6376 §5.4's list, and List-Unsubscribe-Post (RFC 8058 §4). */
export const SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-ID',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
].join(':');
