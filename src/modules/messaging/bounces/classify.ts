// Is a failed delivery the address's fault for good (hard) or something that may pass (soft)? Pure.
// Hard means the address does not exist: the user or the host is unknown, or the mailbox moved (RFC 3463
// X.1.1, X.1.2, X.1.3, X.1.6, X.1.10, and the "550 user unknown" texts of servers that send no enhanced code).
// Not every 5xx is hard: a full mailbox (X.2.2), a policy or spam block (X.7.x), a failed SPF/DKIM/DMARC check,
// a message too large are the sender's or the moment's problem, and suppressing the address for them would
// lose a member who can still be reached.

export type BounceSeverity = 'hard' | 'soft' | 'none';

export type BounceReason =
  | 'user_unknown'
  | 'host_unknown'
  | 'moved'
  | 'bad_address'
  | 'mailbox_full'
  | 'mailbox_disabled'
  | 'message_too_large'
  | 'policy'
  | 'authentication'
  | 'transient'
  | 'delayed'
  | 'delivered'
  | 'unclassified';

export interface FailureFacts {
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action?: string | null | undefined;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1". */
  status?: string | null | undefined;
  /** Basic SMTP reply code, e.g. 550. */
  smtpCode?: number | null | undefined;
  /** The remote server's words. */
  diagnostic?: string | null | undefined;
}

export interface Classification {
  severity: BounceSeverity;
  reason: BounceReason;
}

const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![.\d])/;
const SMTP_CODE = /(?<![\d.])([245]\d\d)(?=[\s:-]|$)/;

/** The first enhanced status code in a text ("550-5.1.1 …", "(#5.1.1)"). */
export function enhancedStatusIn(text: string | null | undefined): string | null {
  const m = text ? ENHANCED.exec(text) : null;
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

/** The first basic SMTP reply code in a text ("smtp; 550 …", "554: delivery error"). */
export function smtpCodeIn(text: string | null | undefined): number | null {
  const m = text ? SMTP_CODE.exec(text.replace(ENHANCED, ' ')) : null;
  return m ? Number(m[1]) : null;
}

const TEXT = {
  hostUnknown:
    /host (or domain name )?not found|domain (name )?not found|no such domain|domain (does not|doesn't) exist|unrouteable address|unroutable address|name service error|null mx|nxdomain|no mx record/,
  userUnknown: new RegExp(
    [
      'user unknown',
      'unknown user',
      'no such (user|mailbox|recipient|account|address)',
      'user not found',
      'recipient not found',
      'recipientnotfound',
      'unknown recipient',
      'recipient unknown',
      'invalid recipient',
      'mailbox not found',
      'unknown local part',
      'no mailbox here',
      "(account|address|mailbox|user|recipient) (does not|doesn't) exist",
      'account that you tried to reach does not exist',
      "(does not|doesn't) have an? [^ ]+ account",
      'not a valid mailbox',
    ].join('|'),
  ),
  moved: /mailbox has moved|has moved.*no forwarding|no forwarding address/,
  full: /mailbox (is )?full|quota|insufficient (system )?storage|storage (limit|space)|mailbox size limit|exceeded storage|out of storage/,
  tooLarge:
    /message (is )?too (large|big)|message size exceeds|size limit exceeded|exceeds (the )?maximum (message )?size/,
  disabled:
    /mailbox (is )?(disabled|inactive|suspended)|account (is )?(disabled|inactive|suspended)|not accepting (mail|messages)/,
  authentication: /dmarc|\bspf\b|dkim|unauthenticated|not authenticated|authentication (failed|required)/,
  policy:
    /spam|unsolicited|blocked|block ?list|blacklist|reputation|policy|rejected due to|content|prohibited|\brbl\b|spamhaus|complaints|rate limit|too many/,
};

/** What the server's words say, when the codes do not decide. */
function byText(text: string, transient: boolean): Classification | null {
  if (!transient) {
    if (TEXT.moved.test(text)) return { severity: 'hard', reason: 'moved' };
    if (TEXT.hostUnknown.test(text)) return { severity: 'hard', reason: 'host_unknown' };
    if (TEXT.userUnknown.test(text)) return { severity: 'hard', reason: 'user_unknown' };
  }
  if (TEXT.full.test(text)) return { severity: 'soft', reason: 'mailbox_full' };
  if (TEXT.tooLarge.test(text)) return { severity: 'soft', reason: 'message_too_large' };
  if (TEXT.disabled.test(text)) return { severity: 'soft', reason: 'mailbox_disabled' };
  if (TEXT.authentication.test(text)) return { severity: 'soft', reason: 'authentication' };
  if (TEXT.policy.test(text)) return { severity: 'soft', reason: 'policy' };
  return null;
}

/** RFC 3463 codes that decide on their own; undefined when the words must decide (X.0.0, X.4.4, X.5.x …). */
function byStatus(subject: number, detail: number, text: string): Classification | undefined {
  const key = `${subject}.${detail}`;
  switch (key) {
    case '1.1':
      return { severity: 'hard', reason: 'user_unknown' };
    case '1.10': // RFC 7505 null MX; Exchange Online also uses it for "recipient not found"
      return { severity: 'hard', reason: TEXT.userUnknown.test(text) ? 'user_unknown' : 'host_unknown' };
    case '1.2':
      return { severity: 'hard', reason: 'host_unknown' };
    case '1.3':
      return { severity: 'hard', reason: 'bad_address' };
    case '1.6':
      return { severity: 'hard', reason: 'moved' };
    case '2.1':
      return { severity: 'soft', reason: 'mailbox_disabled' };
    case '2.2':
      return { severity: 'soft', reason: 'mailbox_full' };
    case '2.3':
    case '3.4':
      return { severity: 'soft', reason: 'message_too_large' };
  }
  if (subject === 7) {
    const auth = TEXT.authentication.test(text) || [23, 25, 26, 27, 509].includes(detail);
    return { severity: 'soft', reason: auth ? 'authentication' : 'policy' };
  }
  return undefined;
}

export function classifyFailure(facts: FailureFacts): Classification {
  const action = facts.action?.trim().toLowerCase();
  if (action === 'delayed') return { severity: 'none', reason: 'delayed' };
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') {
    return { severity: 'none', reason: 'delivered' };
  }
  const text = (facts.diagnostic ?? '').toLowerCase().replace(/\s+/g, ' ');
  const status = enhancedStatusIn(facts.status) ?? enhancedStatusIn(facts.diagnostic);
  const smtpCode = facts.smtpCode ?? smtpCodeIn(facts.diagnostic);
  const [cls, subject, detail] = status ? status.split('.').map(Number) : [undefined, undefined, undefined];
  const klass = cls ?? (smtpCode ? Math.floor(smtpCode / 100) : undefined);
  const transient = klass === 4;
  if (status && subject !== undefined && detail !== undefined) {
    const decided = byStatus(subject, detail, text);
    if (decided) return transient ? { severity: 'soft', reason: decided.reason } : decided;
  }
  const worded = byText(text, transient);
  if (worded) return worded;
  return { severity: 'soft', reason: transient ? 'transient' : 'unclassified' };
}
