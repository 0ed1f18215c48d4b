// Program policy for rewards: what happens to the points of a cancelled or expired coupon, and how long a
// till may undo a redemption.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import type { PointsPolicy } from './tables.ts';

export interface RewardsSettings {
  onCancel: PointsPolicy;
  onExpiry: PointsPolicy;
  undoWindowMinutes: number;
}

export const DEFAULT_REWARDS_SETTINGS: RewardsSettings = {
  onCancel: 'refund',
  onExpiry: 'forfeit',
  undoWindowMinutes: 30,
};

export async function getRewardsSettings(db: Db, programId: string): Promise<RewardsSettings> {
  const row = await db
    .selectFrom('rewards_settings')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  if (!row) return DEFAULT_REWARDS_SETTINGS;
  return { onCancel: row.on_cancel, onExpiry: row.on_expiry, undoWindowMinutes: row.undo_window_minutes };
}

export async function updateRewardsSettings(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  patch: Partial<RewardsSettings>,
): Promise<RewardsSettings> {
  return db.transaction().execute(async (trx) => {
    const before = await getRewardsSettings(trx, programId);
    const next = { ...before, ...patch };
    await trx
      .insertInto('rewards_settings')
      .values({
        program_id: programId,
        on_cancel: next.onCancel,
        on_expiry: next.onExpiry,
        undo_window_minutes: next.undoWindowMinutes,
        updated_at: clock.now(),
      })
      .onConflict((oc) =>
        oc.column('program_id').doUpdateSet({
          on_cancel: next.onCancel,
          on_expiry: next.onExpiry,
          undo_window_minutes: next.undoWindowMinutes,
          updated_at: clock.now(),
        }),
      )
      .execute();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'rewards.settings.updated',
      entityType: 'program',
      entityId: programId,
      before,
      after: next,
    });
    return next;
  });
}
