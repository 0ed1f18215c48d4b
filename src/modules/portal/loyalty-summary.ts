// The member's points and tier for the portal, from the loyalty module's services.
import { Type } from 'typebox';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { IsoDateTime } from '../../platform/http/schemas.ts';
import { getAccount, listLedger, loadLoyaltyConfig, nextTier, tierMetric } from '../loyalty/index.ts';
import type { PortalSession } from './service.ts';

const Names = Type.Record(Type.String(), Type.String(), {
  description: 'The name per language; name where a language has none',
});
const TierView = Type.Object({ key: Type.String(), name: Type.String(), names: Names });

export const MemberLoyalty = Type.Object({
  available: Type.Integer(),
  pending: Type.Integer(),
  expiringSoon: Type.Object({ points: Type.Integer(), firstAt: Type.Union([IsoDateTime, Type.Null()]) }),
  tier: Type.Union([TierView, Type.Null()]),
  nextTier: Type.Union([
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      names: Names,
      metric: Type.String({ description: 'points, spend (minor units) or purchases' }),
      current: Type.Integer(),
      threshold: Type.Integer(),
    }),
    Type.Null(),
  ]),
  history: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      points: Type.Integer(),
      reason: Type.String(),
      details: Type.Object(
        {
          orderId: Type.Optional(Type.String()),
          total: Type.Optional(Type.Integer()),
          event: Type.Optional(Type.String()),
        },
        { description: 'What the movement was for: the order and its total, or the event of a bonus' },
      ),
      occurredAt: IsoDateTime,
    }),
  ),
});

/** Only what a sentence for the member needs: never the rule outcomes or anything staff recorded. */
function pickDetails(details: Record<string, unknown>) {
  return {
    ...(typeof details.orderId === 'string' ? { orderId: details.orderId } : {}),
    ...(typeof details.total === 'number' ? { total: details.total } : {}),
    ...(typeof details.event === 'string' ? { event: details.event } : {}),
  };
}

export async function memberLoyalty(db: Db, clock: Clock, session: PortalSession) {
  const now = clock.now();
  const config = await loadLoyaltyConfig(db, session.programId);
  const account = await getAccount(db, config, session.memberId, now);
  const current = config.tiers.find((t) => t.key === account.tier);
  const next = nextTier(config.tiers, account.tier);
  const ledger = await listLedger(db, session.programId, session.memberId, { limit: 30 });
  return {
    available: account.available,
    pending: account.pending,
    expiringSoon: account.expiringSoon,
    tier: current ? { key: current.key, name: current.name, names: current.names ?? {} } : null,
    nextTier: next
      ? {
          key: next.key,
          name: next.name,
          names: next.names ?? {},
          metric: config.settings.tierMetric,
          current: Number(await tierMetric(db, config, session.memberId, now)),
          threshold: next.threshold,
        }
      : null,
    history: ledger.items.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      reason: e.reason,
      details: pickDetails(e.details),
      occurredAt: e.occurredAt,
    })),
  };
}
