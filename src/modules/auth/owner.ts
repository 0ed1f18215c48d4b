// First start: there is always an admin who can sign in — from MOADON_OWNER_EMAIL/PASSWORD, or generated and
// printed once.
import crypto from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { StartContext } from '../../platform/module.ts';
import { createAdminUser } from './service.ts';

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

/** The auth module's start-up step: ensure an owner and put its login in the banner. */
export async function startWithOwner(ctx: StartContext): Promise<void> {
  const owner = await ensureOwner(ctx.db, ctx.config);
  ctx.ownerEmail = owner.email;
  const password = owner.password
    ? `  password: ${owner.password}`
    : owner.created
      ? '  (password from MOADON_OWNER_PASSWORD)'
      : '';
  ctx.announce(`  Owner login: ${owner.email}${password}`);
}
