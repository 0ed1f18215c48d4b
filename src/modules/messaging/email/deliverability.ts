// The deliverability panel: what DNS says about a sending domain (SPF, DKIM, DMARC) and how many of the mails
// sent in the last 30 days drew a complaint, against the lines the big mailbox providers draw (Gmail and
// Yahoo's sender rules: stay under 0.1 %, never reach 0.3 %). DNS goes through a resolver that tests replace.
import { resolveTxt } from 'node:dns/promises';
import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import { DAY_MS } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { SendingDomain } from './domains.ts';

export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

let resolver: TxtResolver = { resolveTxt };

/** Replaces the resolver (tests, and installations that must ask a particular DNS server); returns the old one. */
export function useTxtResolver(next: TxtResolver): TxtResolver {
  const previous = resolver;
  resolver = next;
  return previous;
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface DnsCheck {
  status: CheckStatus;
  /** What was looked up, and what was found there (null when nothing). */
  name: string;
  record: string | null;
  /** A stable reason code the admin translates: missing, mismatch, multiple, policy_none, … */
  reason: string;
}

async function txtRecords(name: string): Promise<string[] | 'error'> {
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'ENOTFOUND' || code === 'ENODATA' ? [] : 'error';
  }
}

const check = (status: CheckStatus, name: string, record: string | null, reason: string): DnsCheck => ({
  status,
  name,
  record,
  reason,
});

export function judgeSpf(name: string, records: string[] | 'error'): DnsCheck {
  if (records === 'error') return check('warn', name, null, 'lookup_failed');
  const spf = records.filter((r) => /^v=spf1(\s|$)/i.test(r));
  if (spf.length === 0) return check('fail', name, null, 'missing');
  if (spf.length > 1) return check('fail', name, spf.join(' | '), 'multiple');
  const record = spf[0]!;
  if (/(^|\s)\+?all(\s|$)/i.test(record)) return check('fail', name, record, 'allows_everyone');
  if (!/(^|\s)[-~]all(\s|$)/i.test(record) && !/(^|\s)redirect=/i.test(record)) {
    return check('warn', name, record, 'no_all');
  }
  return check('pass', name, record, 'ok');
}

export function judgeDkim(name: string, records: string[] | 'error', publicKey: string): DnsCheck {
  if (records === 'error') return check('warn', name, null, 'lookup_failed');
  const dkim = records.filter((r) => /(^|;)\s*p=/i.test(r));
  if (dkim.length === 0) return check('fail', name, null, 'missing');
  const published = /(?:^|;)\s*p=([^;]*)/i.exec(dkim[0]!)?.[1]?.replace(/\s+/g, '') ?? '';
  if (published !== publicKey) return check('fail', name, dkim[0]!, 'mismatch');
  return check('pass', name, dkim[0]!, 'ok');
}

export function judgeDmarc(name: string, records: string[] | 'error'): DnsCheck {
  if (records === 'error') return check('warn', name, null, 'lookup_failed');
  const dmarc = records.filter((r) => /^v=DMARC1(\s*;|$)/i.test(r));
  if (dmarc.length === 0) return check('fail', name, null, 'missing');
  if (dmarc.length > 1) return check('fail', name, dmarc.join(' | '), 'multiple');
  const record = dmarc[0]!;
  const policy = /(?:^|;)\s*p=\s*(none|quarantine|reject)/i.exec(record)?.[1]?.toLowerCase();
  if (!policy) return check('fail', name, record, 'no_policy');
  if (policy === 'none') return check('warn', name, record, 'policy_none');
  return check('pass', name, record, 'ok');
}

export interface ComplaintRate {
  /** E-mail sent in the window, and complaints recorded in it. */
  sent: number;
  complaints: number;
  /** complaints ÷ sent, as a fraction (0.001 = 0.1 %); null when nothing was sent. */
  rate: number | null;
  /** ok below 0.1 %, warn from 0.1 %, fail from 0.3 %. */
  status: CheckStatus;
  windowDays: number;
}

export const COMPLAINT_WARN = 0.001;
export const COMPLAINT_FAIL = 0.003;

export function judgeComplaints(sent: number, complaints: number, windowDays: number): ComplaintRate {
  const rate = sent > 0 ? complaints / sent : null;
  const status: CheckStatus =
    rate === null || rate < COMPLAINT_WARN ? 'pass' : rate < COMPLAINT_FAIL ? 'warn' : 'fail';
  return { sent, complaints, rate, status, windowDays };
}

export async function complaintRate(
  db: Db,
  clock: Clock,
  programId: string,
  windowDays = 30,
): Promise<ComplaintRate> {
  const since = new Date(clock.now().getTime() - windowDays * DAY_MS);
  const sent = await db
    .selectFrom('messages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('program_id', '=', programId)
    .where('channel', '=', 'email')
    .where('sent_at', '>=', since)
    .executeTakeFirstOrThrow();
  // A complaint marks its message 'complained' (bounces/): one per message, whatever the address's suppression.
  const complaints = await db
    .selectFrom('messages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('program_id', '=', programId)
    .where('channel', '=', 'email')
    .where('status', '=', 'complained')
    .where('sent_at', '>=', since)
    .executeTakeFirstOrThrow();
  return judgeComplaints(sent.n, complaints.n, windowDays);
}

export interface Deliverability {
  domain: string;
  spf: DnsCheck;
  dkim: DnsCheck;
  dmarc: DnsCheck;
  complaints: ComplaintRate;
}

export async function deliverability(
  db: Db,
  clock: Clock,
  programId: string,
  domain: SendingDomain,
): Promise<Deliverability> {
  const dmarcName = `_dmarc.${domain.domain}`;
  const [spf, dkim, dmarc, complaints] = await Promise.all([
    txtRecords(domain.domain).then((r) => judgeSpf(domain.domain, r)),
    txtRecords(domain.dkimRecord.name).then((r) =>
      judgeDkim(domain.dkimRecord.name, r, domain.dkimRecord.value.replace(/^.*p=/, '')),
    ),
    txtRecords(dmarcName).then((r) => judgeDmarc(dmarcName, r)),
    complaintRate(db, clock, programId),
  ]);
  return { domain: domain.domain, spf, dkim, dmarc, complaints };
}
