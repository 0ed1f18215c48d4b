// The member's points and tier, from the loyalty module's services.
import { Type } from 'typebox';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { PortalSession } from './service.ts';

export const MemberLoyalty = Type.Union([Type.Null(), Type.Object({}, { additionalProperties: true })], {
  description: 'null until the program has a loyalty scheme',
});

export async function memberLoyalty(_db: Db, _clock: Clock, _session: PortalSession) {
  return null;
}
