// The demo module: the example club `npm start` creates on an empty database, and `moadon seed`.
import { systemClock } from '../../platform/clock.ts';
import { defineModule, type StartContext } from '../../platform/module.ts';
import { anyProgramExists } from '../programs/index.ts';
import { DEMO_SLUG, seedDemoClub } from './seed.ts';

async function seedOnFirstStart(ctx: StartContext): Promise<void> {
  if (!ctx.config.demo || (await anyProgramExists(ctx.db))) return;
  ctx.log.info('empty database: creating the demo club (a moment)…');
  const demo = await seedDemoClub(ctx, ctx.ownerEmail);
  if (!demo) return;
  ctx.announce(`  Demo club "${demo.programName}": ${demo.members} members, ${demo.purchases} purchases`);
  ctx.announce(
    `  Demo club's member portal: {url}/portal/${DEMO_SLUG} (without SMTP_URL, sign-in codes wait in the outbox)`,
  );
}

export const demoModule = defineModule({
  name: 'demo',
  start: seedOnFirstStart,
  commands: {
    seed: {
      summary: 'Create the demo club (skipped when it exists)',
      run: async (_args, ctx) => {
        const database = await ctx.openDatabase();
        const result = await seedDemoClub({
          db: database.db,
          clock: systemClock,
          modules: ctx.modules,
        }).finally(() => database.close());
        console.log(
          result
            ? `Demo club created: ${result.members} members, ${result.purchases} purchases`
            : 'Demo club exists',
        );
      },
    },
  },
});

export { seedDemoClub, DEMO_SLUG, type DemoResult } from './seed.ts';

export {
  customerEvents,
  customerOrders,
  retailCustomer,
  retailOrderLines,
  retailOrders,
  retailProducts,
  seededRandom,
  type RetailLine,
  type RetailShape,
} from './retail-data.ts';
