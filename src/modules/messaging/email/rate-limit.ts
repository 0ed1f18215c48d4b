// A token bucket per SMTP transport: `burst` tokens at most, refilled at `perMinute`. One token per message;
// when none is left the send waits until the next one is due. Pure: the caller keeps the state (a row).
export interface Bucket {
  tokens: number;
  refilledAt: Date;
}

export type TakeResult =
  { granted: true; bucket: Bucket } | { granted: false; bucket: Bucket; retryAt: Date };

export function takeToken(bucket: Bucket, now: Date, perMinute: number, burst: number): TakeResult {
  const elapsed = Math.max(0, now.getTime() - bucket.refilledAt.getTime());
  const tokens = Math.min(burst, bucket.tokens + (elapsed * perMinute) / 60_000);
  if (tokens >= 1) return { granted: true, bucket: { tokens: tokens - 1, refilledAt: now } };
  const waitMs = Math.ceil(((1 - tokens) * 60_000) / perMinute);
  return { granted: false, bucket: { tokens, refilledAt: now }, retryAt: new Date(now.getTime() + waitMs) };
}

/** Up to `wanted` tokens at once (a campaign's batch): how many were granted, and when the next one is due. */
export function takeTokens(
  bucket: Bucket,
  now: Date,
  perMinute: number,
  burst: number,
  wanted: number,
): { granted: number; bucket: Bucket; retryAt: Date | null } {
  const elapsed = Math.max(0, now.getTime() - bucket.refilledAt.getTime());
  const tokens = Math.min(burst, bucket.tokens + (elapsed * perMinute) / 60_000);
  const granted = Math.max(0, Math.min(wanted, Math.floor(tokens)));
  const left = tokens - granted;
  const retryAt =
    granted < wanted ? new Date(now.getTime() + Math.ceil(((1 - left) * 60_000) / perMinute)) : null;
  return { granted, bucket: { tokens: left, refilledAt: now }, retryAt };
}
