// Coupon batches: codes for a reward made in bulk (up to a million, for a campaign to hand out; no member
// until then). A background job draws them chunk by chunk; each chunk's codes and the batch's `generated`
// counter commit together under the batch's row lock, so a job killed mid-way resumes after its last
// committed chunk: never a duplicate, never a missing code. Export streams the codes as CSV; importing codes
// from another system is in batch-import.ts.
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { csvLines } from '../../platform/csv.ts';
import { enqueueJob } from '../../platform/jobs/index.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { bulkCodeLength, drawCodes, MAX_BATCH_CODES, type DrawnCode } from './bulk-codes.ts';
import { getRewardRow } from './catalog.ts';
import { normalisePrefix } from './codes.ts';
import type { CouponBatchesTable, CouponBatchStatus, CouponSource, RewardKind } from './tables.ts';

export const GENERATE_CODES_JOB = 'rewards.generate-codes';
/** Codes per committed chunk: small enough for a short transaction, large enough to amortise it. */
export const CHUNK_SIZE = 10_000;

export type CouponBatchRow = Selectable<CouponBatchesTable>;

export interface CouponBatchInput {
  rewardId: string;
  name: string;
  /** How many codes to generate; 0 for a batch that only receives imported codes. */
  count: number;
  prefix?: string | undefined;
  expiresAt?: string | Date | null | undefined;
}

export interface CouponBatch {
  id: string;
  rewardId: string;
  name: string;
  kind: RewardKind;
  prefix: string;
  codeLength: number;
  requested: number;
  generated: number;
  imported: number;
  /** generated ÷ requested, 0–100 (100 for a batch with nothing to generate). */
  percent: number;
  status: CouponBatchStatus;
  expiresAt: Date | null;
  failure: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export function couponBatchView(r: CouponBatchRow): CouponBatch {
  return {
    id: r.id,
    rewardId: r.reward_id,
    name: r.name,
    kind: r.kind,
    prefix: r.prefix,
    codeLength: r.code_length,
    requested: r.requested,
    generated: r.generated,
    imported: r.imported,
    percent: r.requested === 0 ? 100 : Math.floor((r.generated / r.requested) * 1000) / 10,
    status: r.status,
    expiresAt: r.expires_at,
    failure: r.failure,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export async function couponBatchRow(db: Db, programId: string, batchId: string, forUpdate = false) {
  let q = db
    .selectFrom('coupon_batches')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', batchId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('coupon batch', batchId);
  return row;
}

export async function getCouponBatch(db: Db, programId: string, batchId: string): Promise<CouponBatch> {
  return couponBatchView(await couponBatchRow(db, programId, batchId));
}

export async function listCouponBatches(db: Db, programId: string): Promise<CouponBatch[]> {
  const rows = await db
    .selectFrom('coupon_batches')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map(couponBatchView);
}

const enqueueGeneration = (trx: Db, clock: Clock, programId: string, batchId: string) =>
  enqueueJob(trx, clock, {
    type: GENERATE_CODES_JOB,
    programId,
    payload: { batchId },
    uniqueKey: `${GENERATE_CODES_JOB}:${batchId}`,
    maxAttempts: 10,
  });

/** Records the batch and queues its generation job, in one transaction. */
export async function createCouponBatch(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: CouponBatchInput,
): Promise<CouponBatch> {
  if (!Number.isInteger(input.count) || input.count < 0 || input.count > MAX_BATCH_CODES) {
    throw new AppError('invalid_batch_size', 400, `A batch holds 0 to ${MAX_BATCH_CODES} generated codes`, {
      max: MAX_BATCH_CODES,
    });
  }
  let prefix: string;
  try {
    prefix = normalisePrefix(input.prefix);
  } catch {
    throw new AppError('invalid_prefix', 400, 'A prefix is 1–12 letters and digits', { field: 'prefix' });
  }
  const now = clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new AppError('invalid_expiry', 400, 'The codes would expire before they are handed out', {
      field: 'expiresAt',
    });
  }
  return db.transaction().execute(async (trx) => {
    const reward = await getRewardRow(trx, programId, input.rewardId);
    const row = await trx
      .insertInto('coupon_batches')
      .values({
        program_id: programId,
        reward_id: reward.id,
        name: input.name,
        kind: reward.kind,
        effect: JSON.stringify(reward.effect),
        conditions: JSON.stringify(reward.conditions),
        prefix,
        code_length: bulkCodeLength(input.count),
        requested: input.count,
        status: input.count > 0 ? 'generating' : 'ready',
        expires_at: expiresAt,
        created_at: now,
        finished_at: input.count > 0 ? null : now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.count > 0) await enqueueGeneration(trx, clock, programId, row.id);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'coupon_batch.create',
      entityType: 'coupon_batch',
      entityId: row.id,
      after: { name: row.name, rewardId: row.reward_id, requested: row.requested, prefix },
    });
    return couponBatchView(row);
  });
}

/**
 * Inserts the codes as unused coupons of the batch; returns those that were already taken in the program
 * (another batch, a member's coupon, or drawn twice), which the caller draws again or reports.
 */
export async function insertBatchCodes(
  trx: Db,
  now: Date,
  batch: CouponBatchRow,
  codes: readonly DrawnCode[],
  source: CouponSource,
): Promise<Set<string>> {
  const giftValue = batch.kind === 'gift_card' ? (batch.effect.value ?? 0) : null;
  const inserted = await sql<{ code: string }>`
    insert into coupons (program_id, code, display_code, source, reward_id, campaign_id, kind, effect,
      conditions, balance, initial_value, issued_at, expires_at)
    select ${batch.program_id}, c.code, c.display, ${source}, ${batch.reward_id}, ${batch.id}, ${batch.kind},
      ${JSON.stringify(batch.effect)}::jsonb, ${JSON.stringify(batch.conditions)}::jsonb, ${giftValue}::bigint,
      ${giftValue}::bigint, ${now}, ${batch.expires_at}
    from unnest(${sql.val(codes.map((c) => c.code))}::text[], ${sql.val(codes.map((c) => c.display))}::text[])
      as c(code, display)
    on conflict (program_id, code) do nothing
    returning code`.execute(trx);
  const fresh = new Set(inserted.rows.map((r) => r.code));
  return new Set(codes.filter((c) => !fresh.has(c.code)).map((c) => c.code));
}

export interface ChunkResult {
  generated: number;
  requested: number;
  done: boolean;
}

/** Generates the batch's next chunk and commits it with the counter; done once every code is in. */
export async function generateNextChunk(
  db: Db,
  clock: Clock,
  programId: string,
  batchId: string,
  chunkSize = CHUNK_SIZE,
): Promise<ChunkResult> {
  return db.transaction().execute(async (trx) => {
    const batch = await couponBatchRow(trx, programId, batchId, true);
    if (batch.status !== 'generating') {
      return { generated: batch.generated, requested: batch.requested, done: true };
    }
    const now = clock.now();
    const n = Math.min(chunkSize, batch.requested - batch.generated);
    let missing = n;
    // A code already in the program (1 in 31^length per pair) or drawn twice is simply drawn again.
    for (let round = 0; missing > 0; round++) {
      if (round === 20) throw new Error('coupon batch: could not draw unique codes in 20 rounds');
      const taken = await insertBatchCodes(
        trx,
        now,
        batch,
        drawCodes(missing, batch.code_length, batch.prefix),
        'campaign',
      );
      missing = taken.size;
    }
    const generated = batch.generated + n;
    const done = generated >= batch.requested;
    await trx
      .updateTable('coupon_batches')
      .set({ generated, ...(done ? { status: 'ready', finished_at: now } : {}) })
      .where('program_id', '=', programId)
      .where('id', '=', batchId)
      .execute();
    return { generated, requested: batch.requested, done };
  });
}

export async function failCouponBatch(
  db: Db,
  clock: Clock,
  programId: string,
  batchId: string,
  failure: string,
) {
  await db
    .updateTable('coupon_batches')
    .set({ status: 'failed', failure: failure.slice(0, 2000), finished_at: clock.now() })
    .where('program_id', '=', programId)
    .where('id', '=', batchId)
    .where('status', '=', 'generating')
    .execute();
}

/**
 * A failed batch generates again from its last committed chunk: back to `generating`, the reason cleared, a
 * new job queued, in one transaction. Only a failed batch can be retried (409 batch_not_failed otherwise).
 */
export async function retryCouponBatch(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  batchId: string,
): Promise<CouponBatch> {
  return db.transaction().execute(async (trx) => {
    const batch = await couponBatchRow(trx, programId, batchId, true);
    if (batch.status !== 'failed') {
      throw new AppError(
        'batch_not_failed',
        409,
        `The batch is ${batch.status}; only a failed batch is retried`,
        {
          status: batch.status,
        },
      );
    }
    const row = await trx
      .updateTable('coupon_batches')
      .set({ status: 'generating', failure: null, finished_at: null })
      .where('program_id', '=', programId)
      .where('id', '=', batchId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueGeneration(trx, clock, programId, batchId);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'coupon_batch.retry',
      entityType: 'coupon_batch',
      entityId: batchId,
      before: { status: batch.status, failure: batch.failure },
      after: { status: row.status, generated: row.generated, requested: row.requested },
    });
    return couponBatchView(row);
  });
}

const EXPORT_PAGE = 10_000;

/** The batch's codes as CSV (code, status, expires_at, redeemed_at, order_id), streamed page by page. */
export async function* couponBatchCsv(db: Db, programId: string, batchId: string): AsyncGenerator<string> {
  await couponBatchRow(db, programId, batchId);
  yield csvLines([['code', 'status', 'expires_at', 'redeemed_at', 'order_id']]);
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('coupons')
      .select(['code', 'display_code', 'status', 'expires_at', 'redeemed_at', 'redeemed_order_id'])
      .where('program_id', '=', programId)
      .where('campaign_id', '=', batchId)
      .where('code', '>', after)
      .orderBy('code')
      .limit(EXPORT_PAGE)
      .execute();
    if (rows.length === 0) return;
    yield csvLines(
      rows.map((r) => [
        r.display_code,
        r.status,
        r.expires_at?.toISOString() ?? '',
        r.redeemed_at?.toISOString() ?? '',
        r.redeemed_order_id ?? '',
      ]),
    );
    after = rows[rows.length - 1]!.code;
    if (rows.length < EXPORT_PAGE) return;
  }
}
