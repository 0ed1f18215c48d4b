// The boundary rule (eslint/module-boundaries.js) as `npm run check` runs it: the repository's own ESLint
// config linting deliberate violations placed at paths inside each zone, and the imports it must allow.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function crossings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'moadon/module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    [
      'src/modules/loyalty/x.ts',
      "import { createMember } from '../members/service.ts';",
      'members/service.ts',
    ],
    ['src/modules/loyalty/rules/x.ts', "export * from '../../members/queries.ts';", 'members/queries.ts'],
    ['src/modules/loyalty/x.ts', "await import('../auth/principal.ts');", 'auth/principal.ts'],
    ['src/modules/loyalty/x.test.ts', "import type { X } from '../rewards/test-fixtures.ts';", 'rewards/'],
    ['src/modules/loyalty/x.ts', "import { modules } from '../../app/modules.ts';", 'src/app/'],
    ['src/app/x.ts', "import { loyaltyRoutes } from '../modules/loyalty/routes.ts';", 'loyalty/routes.ts'],
    ['src/platform/x.ts', "import { loyaltyModule } from '../modules/loyalty/index.ts';", 'kernel'],
    ['src/platform/http/x.test.ts', "import { grantRole } from '../../modules/auth/index.ts';", 'kernel'],
    ['src/platform/x.ts', "import { modules } from '../app/index.ts';", 'src/app/'],
    ['src/contracts/x.ts', "import type { Db } from '../platform/db/database.ts';", 'src/contracts/'],
    ['web/src/admin/x.ts', "import { ROLES } from '../../../src/modules/auth/index.ts';", 'src/contracts/'],
    ['web/src/x.ts', "import type { Clock } from '../../src/platform/clock.ts';", 'src/contracts/'],
    ['web/src/x.ts', "import { CAP_PERIODS } from '../../src/contracts/referrals.ts';", 'import type'],
    ['web/src/x.ts', "export { Uuid } from '../../src/contracts/schema.ts';", 'import type'],
  ])('refuses %s: %s', async (file, code, named) => {
    const found = await crossings(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(named);
  });

  it.each([
    ['src/modules/loyalty/x.ts', "import { createMember } from '../members/index.ts';"],
    ['src/modules/loyalty/rules/x.ts', "import { planEarning } from '../earning.ts';"],
    ['src/modules/loyalty/x.ts', "import { clock } from '../../platform/clock.ts';"],
    ['src/modules/loyalty/x.test.ts', "import { clubJobs } from '../../app/index.ts';"],
    ['src/modules/loyalty/x.test.ts', "import { setupTest } from '../../../test/harness.ts';"],
    ['src/app/x.ts', "import { loyaltyModule } from '../modules/loyalty/index.ts';"],
    ['src/platform/x.ts', "import fastify from 'fastify';"],
    ['test/x.test.ts', "import { planEarning } from '../src/modules/loyalty/earning.ts';"],
    ['web/src/admin/x.ts', "import { ROLES } from '../../../src/contracts/permissions.ts';"],
    ['web/src/admin/x.ts', "import { api } from '../shared/api.ts';"],
    ['web/src/x.ts', "import type { ReferralSettings } from '../../src/contracts/referrals.ts';"],
    ['web/src/x.ts', "import { type Referral } from '../../src/contracts/referrals.ts';"],
    ['web/src/x.ts', "import { MAX_BUCKETS } from '../../src/contracts/buckets.ts';"],
  ])('allows %s: %s', async (file, code) => {
    expect(await crossings(file, code)).toEqual([]);
  });
});
