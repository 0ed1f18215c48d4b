// Who gets which variant, decided once when the campaign's rows are recorded, deterministic and auditable: each
// member's bucket is the first 32 bits of md5(campaign id ‖ member id) modulo 10,000; the holdout group takes
// the lowest buckets, the A/B test share the next ones split evenly between the variants, and the rest waits
// for the winner (or, without a test, everyone else gets variant A). Pure: the SQL is generated from the ranges.
import { sql, type RawBuilder } from 'kysely';

export const BUCKETS = 10_000;

export interface AssignmentPlan {
  variants: readonly string[];
  /** Basis points of the audience. */
  holdoutBp: number;
  /** Basis points of the audience that receive the test; ignored with one variant. */
  testShareBp: number;
}

/** What a bucket means: held out, a variant, or (null) waiting for the winner. */
export type Assignment = { kind: 'holdout' } | { kind: 'variant'; variant: string } | { kind: 'rest' };

export interface BucketRange {
  /** Buckets below this (and at or above the previous range's) get `assign`. */
  upTo: number;
  assign: Assignment;
}

export function assignmentRanges(plan: AssignmentPlan): BucketRange[] {
  const ranges: BucketRange[] = [];
  if (plan.holdoutBp > 0) ranges.push({ upTo: plan.holdoutBp, assign: { kind: 'holdout' } });
  if (plan.variants.length <= 1) {
    ranges.push({ upTo: BUCKETS, assign: { kind: 'variant', variant: plan.variants[0] ?? 'A' } });
    return ranges;
  }
  const test = Math.min(plan.testShareBp, BUCKETS - plan.holdoutBp);
  plan.variants.forEach((variant, i) => {
    const upTo = plan.holdoutBp + Math.round((test * (i + 1)) / plan.variants.length);
    ranges.push({ upTo, assign: { kind: 'variant', variant } });
  });
  if (plan.holdoutBp + test < BUCKETS) ranges.push({ upTo: BUCKETS, assign: { kind: 'rest' } });
  return ranges;
}

export function assignBucket(ranges: readonly BucketRange[], bucket: number): Assignment {
  return (ranges.find((r) => bucket < r.upTo) ?? ranges[ranges.length - 1]!).assign;
}

/** The member's bucket in SQL; `memberId` is a uuid expression. */
export const bucketSql = (campaignId: string, memberId: RawBuilder<unknown>) =>
  sql`(('x' || substr(md5(${campaignId} || cast(${memberId} as text)), 1, 8))::bit(32)::bigint % ${BUCKETS})`;

/** The same bucket computed in Node (tests, audits). */
export async function bucketOf(campaignId: string, memberId: string): Promise<number> {
  const { createHash } = await import('node:crypto');
  const hex = createHash('md5')
    .update(campaignId + memberId)
    .digest('hex')
    .slice(0, 8);
  return Number.parseInt(hex, 16) % BUCKETS;
}

/** `held_out` and `variant` columns for the recorded rows. */
export function assignmentSql(ranges: readonly BucketRange[], bucket: RawBuilder<unknown>) {
  const holdout = ranges.find((r) => r.assign.kind === 'holdout');
  const variantCases = ranges
    .filter((r) => r.assign.kind === 'variant')
    .map((r) => sql`when ${bucket} < ${r.upTo} then ${(r.assign as { variant: string }).variant}`);
  return {
    heldOut: holdout ? sql`(${bucket} < ${holdout.upTo})` : sql`false`,
    variant: variantCases.length
      ? sql`(case ${sql.join(variantCases, sql` `)} end)`
      : sql`cast(null as text)`,
  };
}
