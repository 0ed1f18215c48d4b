// First-start chores: the first owner account, and the demo club when the database is empty.
import crypto from 'node:crypto';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db/database.ts';
import { createAdminUser } from '../modules/auth/service.ts';

export interface OwnerAccount {
  email: string;
  /** Only when generated now; an owner given by environment or created earlier is not printed. */
  password: string | undefined;
  created: boolean;
}

/** Ensures there is at least one admin user; returns the owner to announce. */
export async function ensureOwner(
  db: Db,
  config: Pick<Config, 'ownerEmail' | 'ownerPassword'>,
): Promise<OwnerAccount> {
  const existing = await db
    .selectFrom('admin_users')
    .select(['email'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (existing) return { email: existing.email, password: undefined, created: false };
  const email = config.ownerEmail ?? 'owner@moadon.local';
  const generated = config.ownerPassword === undefined;
  const password = config.ownerPassword ?? crypto.randomBytes(12).toString('base64url');
  await createAdminUser(db, { email, name: 'Owner', password, mayCreatePrograms: true });
  return { email, password: generated ? password : undefined, created: true };
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('programs').select('id').limit(1).executeTakeFirst();
  return !row;
}

export type { Clock };
