// Opens and clicks that no person made: Apple Mail Privacy Protection fetches every image through Apple's
// proxies when the message arrives, security gateways fetch and follow links to scan them, and some clients
// prefetch. They are recorded, flagged and left out of unique opens. The signs: the fetcher's user agent, an
// address in Apple's 17.0.0.0/8, and a fetch within seconds of delivery (no person reads that fast).
import net from 'node:net';

export const PREFETCH_WINDOW_MS = 10_000;

const APPLE = new net.BlockList();
APPLE.addSubnet('17.0.0.0', 8, 'ipv4');

const SCANNER_AGENTS = [
  /barracuda/i,
  /mimecast/i,
  /proofpoint/i,
  /forcepoint/i,
  /symantec/i,
  /trendmicro/i,
  /microsoft office existence discovery/i,
  /\b(bot|crawler|spider|preview)\b/i,
  /^(curl|wget|python-requests|go-http-client|java|okhttp)\b/i,
];

export type MachineReason = 'apple_privacy_proxy' | 'scanner_user_agent' | 'no_user_agent' | 'too_fast';

export function machineReason(input: {
  userAgent: string | undefined;
  ip: string | undefined;
  sentAt: Date | null;
  at: Date;
}): MachineReason | null {
  const ua = input.userAgent?.trim() ?? '';
  const ip = input.ip?.replace(/^::ffff:/, '');
  if (ip && net.isIPv4(ip) && APPLE.check(ip, 'ipv4')) return 'apple_privacy_proxy';
  if (!ua) return 'no_user_agent';
  if (SCANNER_AGENTS.some((re) => re.test(ua))) return 'scanner_user_agent';
  if (input.sentAt && input.at.getTime() - input.sentAt.getTime() < PREFETCH_WINDOW_MS) return 'too_fast';
  return null;
}
