// What the abuse checks compare beyond e-mail and phone: device ids, payment fingerprints and network
// addresses a member was seen with (signing up, opening their invite page). Stored only as hashes salted
// with the program id: enough to tell "the same", useless to read back.
import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SignalKind } from './tables.ts';

export interface SignalValues {
  deviceId?: string | null | undefined;
  paymentFingerprint?: string | null | undefined;
  ip?: string | null | undefined;
}

const hashOf = (programId: string, kind: SignalKind, value: string) =>
  crypto.createHash('sha256').update(`${programId}\0${kind}\0${value.trim()}`).digest('base64url');

function entries(programId: string, values: SignalValues): { kind: SignalKind; hash: string }[] {
  const out: { kind: SignalKind; hash: string }[] = [];
  const add = (kind: SignalKind, v: string | null | undefined) => {
    if (v && v.trim()) out.push({ kind, hash: hashOf(programId, kind, v) });
  };
  add('device', values.deviceId);
  add('payment', values.paymentFingerprint);
  add('network', values.ip);
  return out;
}

export const signalKey = (kind: string, hash: string) => `${kind}:${hash}`;

/** The hashed signals of values not yet stored, as `${kind}:${hash}`. */
export function signalSet(programId: string, values: SignalValues): Set<string> {
  return new Set(entries(programId, values).map((e) => signalKey(e.kind, e.hash)));
}

export async function recordSignals(
  db: Db,
  clock: Clock,
  programId: string,
  memberId: string,
  values: SignalValues,
): Promise<void> {
  const rows = entries(programId, values);
  if (rows.length === 0) return;
  const now = clock.now();
  await db
    .insertInto('referral_signals')
    .values(
      rows.map((r) => ({
        program_id: programId,
        member_id: memberId,
        kind: r.kind,
        value_hash: r.hash,
        seen_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['program_id', 'member_id', 'kind', 'value_hash']).doUpdateSet({ seen_at: now }),
    )
    .execute();
}

export async function memberSignals(db: Db, programId: string, memberId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('referral_signals')
    .select(['kind', 'value_hash'])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
  return new Set(rows.map((r) => signalKey(r.kind, r.value_hash)));
}
