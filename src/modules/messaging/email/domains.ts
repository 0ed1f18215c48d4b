// Sending domains: the domains a program sends from, each with its DKIM key. Mail whose From address is at
// one of them is signed with its key; the admin shows the TXT record to publish.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import { seal, unseal } from '../../../platform/sealed.ts';
import { dkimDnsRecord, generateDkimKey, type DnsRecord } from './dkim.ts';

export const DKIM_PURPOSE = 'dkim-private-key';

export interface SecretContext {
  db: Db;
  clock: Clock;
  config: { secret?: string | undefined };
}

export interface SendingDomain {
  id: string;
  domain: string;
  selector: string;
  dkimRecord: DnsRecord;
  createdAt: Date;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function normaliseDomain(domain: string): string {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(d)) throw new AppError('invalid_domain', 400, `"${domain}" is not a domain name`);
  return d;
}

type Row = { id: string; domain: string; dkim_selector: string; dkim_public_key: string; created_at: Date };
const view = (r: Row): SendingDomain => ({
  id: r.id,
  domain: r.domain,
  selector: r.dkim_selector,
  dkimRecord: dkimDnsRecord(r.domain, r.dkim_selector, r.dkim_public_key),
  createdAt: r.created_at,
});

export async function addSendingDomain(
  ctx: SecretContext,
  programId: string,
  domain: string,
): Promise<SendingDomain> {
  const name = normaliseDomain(domain);
  const key = generateDkimKey(ctx.clock.now());
  const row = await ctx.db
    .insertInto('sending_domains')
    .values({
      program_id: programId,
      domain: name,
      dkim_selector: key.selector,
      dkim_public_key: key.publicKey,
      dkim_private_key_sealed: await seal(ctx.db, ctx.config.secret, DKIM_PURPOSE, key.privateKeyPem),
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['program_id', 'domain']).doNothing())
    .returning(['id', 'domain', 'dkim_selector', 'dkim_public_key', 'created_at'])
    .executeTakeFirst();
  if (!row) throw new AppError('domain_exists', 409, `${name} is already a sending domain of this program`);
  return view(row);
}

export async function listSendingDomains(db: Db, programId: string): Promise<SendingDomain[]> {
  const rows = await db
    .selectFrom('sending_domains')
    .select(['id', 'domain', 'dkim_selector', 'dkim_public_key', 'created_at'])
    .where('program_id', '=', programId)
    .orderBy('domain')
    .execute();
  return rows.map(view);
}

export async function getSendingDomain(db: Db, programId: string, id: string): Promise<SendingDomain> {
  const row = await db
    .selectFrom('sending_domains')
    .select(['id', 'domain', 'dkim_selector', 'dkim_public_key', 'created_at'])
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('sending_domain', id);
  return view(row);
}

export async function removeSendingDomain(db: Db, programId: string, id: string): Promise<void> {
  const result = await db
    .deleteFrom('sending_domains')
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('sending_domain', id);
}

export interface DkimSigning {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** The key that signs mail from this address's domain, or null when the domain is not a sending domain. */
export async function dkimSigningFor(
  ctx: SecretContext,
  programId: string,
  fromAddress: string,
): Promise<DkimSigning | null> {
  const domain = fromAddress.split('@').pop()?.toLowerCase() ?? '';
  const row = await ctx.db
    .selectFrom('sending_domains')
    .select(['domain', 'dkim_selector', 'dkim_private_key_sealed'])
    .where('program_id', '=', programId)
    .where('domain', '=', domain)
    .executeTakeFirst();
  if (!row) return null;
  return {
    domainName: row.domain,
    keySelector: row.dkim_selector,
    privateKey: await unseal(ctx.db, ctx.config.secret, DKIM_PURPOSE, row.dkim_private_key_sealed),
  };
}
