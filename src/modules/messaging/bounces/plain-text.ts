// Bounce notices that are not RFC 3464 reports but plain text: Exim's "Mail delivery failed" (with
// X-Failed-Recipients), qmail's QSBMF "failure notice", Yahoo's "Failure Notice", and the many servers that
// copy qmail's "<address>:" layout. Pure.
import { enhancedStatusIn, smtpCodeIn } from './classify.ts';
import type { BouncedRecipient, BounceFormat } from './parse.ts';
import { bareAddress } from './report-fields.ts';

export interface PlainTextInput {
  from: string | null;
  subject: string | null;
  text: string;
  failedRecipients: string | null;
  received: string | null;
}

const DAEMON = /^(mailer-daemon|mailer_daemon|mail-daemon|postmaster|mdaemon)@/i;
const BOUNCE_SUBJECT =
  /undeliver|delivery (status notification|failure|failed|has failed|problem)|returned mail|failure notice|mail delivery failed|could not be delivered|non-?delivery|nondeliverable/i;
/** Where the quoted original begins; only the report above it is read. */
const COPY_MARKER =
  /^.*(this is a copy of the message|below this line is a copy of the message|original message follows|the original message was|message headers follow|original message headers).*$/im;

function recipient(address: string, lines: string[], remoteMta: string | null = null): BouncedRecipient {
  const diagnostic =
    lines
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' ') || null;
  return {
    address,
    action: 'failed',
    status: enhancedStatusIn(diagnostic),
    smtpCode: smtpCodeIn(diagnostic),
    diagnostic,
    remoteMta,
  };
}

/** qmail's layout: "<address>:" then the reason lines, up to a blank line. */
function angleBlocks(report: string): BouncedRecipient[] {
  const out: BouncedRecipient[] = [];
  const re = /^<([^<>\s]+@[^<>\s]+)>:?[ \t]*\n((?:[^\n]*\S[^\n]*\n?)*)/gm;
  for (const m of report.matchAll(re)) {
    const lines = m[2]!.split('\n');
    const remote = /^(\S+) does not like recipient/i.exec(lines[0] ?? '')?.[1] ?? null;
    out.push(recipient(m[1]!.toLowerCase(), lines, remote));
  }
  return out;
}

/** Exim's layout: "  address" (indented) then more-indented reason lines. */
function eximBlocks(report: string, listed: string[]): BouncedRecipient[] {
  const start = report.search(/address\(es\) failed:|following address(es)? failed/i);
  const lines = (start >= 0 ? report.slice(start) : report).split('\n').slice(1);
  const out: BouncedRecipient[] = [];
  let current: { address: string; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const remote = /^\s*host (\S+)/im.exec(current.lines.join('\n'))?.[1] ?? null;
    const reason = current.lines.filter((l) => !/^\s*host \S+ \[/.test(l));
    out.push(recipient(current.address, reason, remote));
    current = null;
  };
  for (const line of lines) {
    const head = /^ {1,3}(\S+@\S+?)\s*$/.exec(line);
    if (head) {
      flush();
      current = { address: bareAddress(head[1]!) ?? head[1]!.toLowerCase(), lines: [] };
    } else if (current && /^\s{3,}\S/.test(line)) {
      current.lines.push(line);
    }
  }
  flush();
  for (const address of listed) if (!out.some((r) => r.address === address)) out.push(recipient(address, []));
  return out;
}

export function parsePlainTextBounce(input: PlainTextInput): {
  format: BounceFormat;
  reportingMta: string | null;
  recipients: BouncedRecipient[];
} | null {
  const fromDaemon = !!input.from && DAEMON.test(input.from);
  const looksLikeBounce = fromDaemon || !!input.failedRecipients || BOUNCE_SUBJECT.test(input.subject ?? '');
  if (!looksLikeBounce) return null;
  const marker = input.text.search(COPY_MARKER);
  const report = (marker >= 0 ? input.text.slice(0, marker) : input.text).replace(/\r\n?/g, '\n');

  const listed = (input.failedRecipients ?? '')
    .split(',')
    .map((a) => bareAddress(a))
    .filter((a): a is string => !!a);
  if (listed.length || /address\(es\) failed:/i.test(report)) {
    const recipients = eximBlocks(report, listed);
    const host = /^(?:from \S+ by )?(\S+) with local \(Exim/im.exec(input.received ?? '')?.[1];
    const reportingMta = host ?? input.from?.split('@')[1] ?? null;
    if (recipients.length) return { format: 'exim', reportingMta, recipients };
  }
  const qmail = /This is the qmail-send program at ([^\s.]+(?:\.[^\s.]+)*)/i.exec(report);
  const recipients = angleBlocks(report);
  if (!recipients.length) return null;
  if (qmail) return { format: 'qmail', reportingMta: qmail[1]!, recipients };
  const mta = /\s-\s(\S+\.yahoo\.com)\b/i.exec(report)?.[1] ?? null;
  if (/@yahoo\.com$/i.test(input.from ?? '') || mta) {
    return { format: 'yahoo', reportingMta: mta ?? input.from?.split('@')[1] ?? null, recipients };
  }
  return { format: 'plain-text', reportingMta: input.from?.split('@')[1] ?? null, recipients };
}
