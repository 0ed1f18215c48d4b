// What each role may do. Routes name one permission; roles and API keys hold sets of them.
import type { Role } from './tables.ts';

export const PERMISSIONS = [
  'program:read',
  'program:write',
  'members:read',
  'members:write',
  'members:delete',
  'members:import',
  'members:export',
  'loyalty:read',
  'loyalty:write',
  'points:adjust',
  'purchases:write',
  /** The rewards catalog and its settings. */
  'rewards:read',
  'rewards:write',
  /** Validate, redeem and undo coupons at a till or shop; top up gift cards; redeem a reward for a member. */
  'coupons:redeem',
  'ingest:write',
  'membership:read',
  'membership:write',
  'messaging:read',
  'messaging:write',
  /** For SMS providers' inbound webhooks (STOP replies); give it to an API key, not a person. */
  'messaging:inbound',
  'users:manage',
  'apikeys:manage',
  'audit:read',
  /** Dashboard figures and reports (aggregates only, no personal data). */
  'reports:read',
  /** Saved segments and their counts; listing or exporting their members also needs members:read/export. */
  'segments:read',
  'segments:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = [
  'program:read',
  'members:read',
  'loyalty:read',
  'rewards:read',
  'membership:read',
  'messaging:read',
  'reports:read',
  'segments:read',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(PERMISSIONS),
  marketer: new Set<Permission>([
    ...READ,
    'members:write',
    'members:import',
    'members:export',
    'loyalty:write',
    'points:adjust',
    'purchases:write',
    'rewards:write',
    'coupons:redeem',
    'membership:write',
    'messaging:write',
    'segments:write',
    'audit:read',
  ]),
  agent: new Set<Permission>([
    ...READ,
    'members:write',
    'points:adjust',
    'purchases:write',
    'coupons:redeem',
  ]),
  // At the till: find a member (and see their points), record a sale, refund it, take a coupon. Nothing else.
  cashier: new Set<Permission>([
    'program:read',
    'members:read',
    'loyalty:read',
    'purchases:write',
    'coupons:redeem',
  ]),
  // A partner is also bound to one partner id and reaches only partner-scoped routes (plugin.ts); no member
  // list or contact data.
  partner: new Set<Permission>(['program:read', 'loyalty:read', 'purchases:write', 'coupons:redeem']),
  viewer: new Set<Permission>(READ),
};

export const ROLES = [
  'owner',
  'marketer',
  'agent',
  'cashier',
  'partner',
  'viewer',
] as const satisfies readonly Role[];
