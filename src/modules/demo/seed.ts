// The demo club that `npm start` creates on an empty database, so a new user has something to explore.
import { DAY_MS, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ModuleManifest } from '../../platform/module.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { grantRole } from '../auth/index.ts';
import {
  awardEventBonus,
  createEarningRule,
  expirePoints,
  recordPurchase,
  reevaluateTiers,
  type EarningRuleInput,
} from '../loyalty/index.ts';
import { createMember } from '../members/index.ts';
import { createProgram } from '../programs/index.ts';
import { demoPeople, seededRandom } from './people.ts';
import { demoPurchases } from './purchases.ts';
import { seedDemoRewards } from './rewards.ts';
import { seedDemoSegments } from './segments.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_MEMBERS = 200;

const DEMO_RULES: EarningRuleInput[] = [
  {
    name: '1 point per ₪1',
    names: { he: 'נקודה לכל שקל', fa: 'یک امتیاز برای هر شِکِل', en: '1 point per ₪1' },
    trigger: 'purchase',
    effect: { type: 'per_spend', points: 1, per: 100 },
  },
  {
    name: 'Double points on pastries on Fridays',
    names: {
      he: 'נקודות כפולות על מאפים בימי שישי',
      fa: 'امتیاز دوبرابر برای شیرینی‌ها در روزهای جمعه',
      en: 'Double points on pastries on Fridays',
    },
    trigger: 'purchase',
    conditions: { categories: ['pastry'], daysOfWeek: [5] },
    effect: { type: 'multiplier', factor: 2 },
  },
  {
    name: 'Birthday month bonus',
    names: { he: 'בונוס בחודש יום ההולדת', fa: 'جایزهٔ ماه تولد', en: 'Birthday month bonus' },
    trigger: 'purchase',
    conditions: { birthdayMonth: true },
    effect: { type: 'bonus', points: 100 },
    caps: { perMemberPerMonth: 100 },
  },
  {
    name: 'Welcome bonus',
    names: { he: 'בונוס הצטרפות', fa: 'جایزهٔ خوش‌آمد', en: 'Welcome bonus' },
    trigger: 'event',
    event: 'signup',
    effect: { type: 'bonus', points: 50 },
  },
];

export interface DemoResult {
  programId: string;
  programName: string;
  members: number;
  purchases: number;
}

export interface DemoSeedDeps {
  db: Db;
  clock: Clock;
  /** Every module whose manifest has a demoSeed step adds its part once the club, members and purchases exist. */
  modules: readonly ModuleManifest[];
}

/** Creates the demo club unless a program with the demo slug exists. The owner (by e-mail) gets the owner role. */
export async function seedDemoClub(
  { db, clock, modules }: DemoSeedDeps,
  ownerEmail?: string,
): Promise<DemoResult | undefined> {
  const exists = await db
    .selectFrom('programs')
    .select('id')
    .where('slug', '=', DEMO_SLUG)
    .executeTakeFirst();
  if (exists) return undefined;
  const program = await createProgram(db, {
    slug: DEMO_SLUG,
    name: 'קפה השכונה · Neighbourhood Café',
    defaultLocale: 'he',
    defaultRegion: 'IL',
    currency: 'ILS',
    timeZone: 'Asia/Jerusalem',
    memberAttributeSchema: {
      favourite_drink: {
        type: 'string',
        label: 'Favourite drink',
        enum: ['espresso', 'cappuccino', 'tea', 'lemonade'],
      },
      newsletter_topics: { type: 'string', maxLength: 200 },
    },
  });
  const owners = await db.selectFrom('admin_users').select(['id', 'email']).execute();
  for (const owner of owners) {
    if (!ownerEmail || owner.email === ownerEmail.toLowerCase())
      await grantRole(db, program.id, owner.id, 'owner');
  }
  const drinks = ['espresso', 'cappuccino', 'tea', 'lemonade'];
  for (const rule of DEMO_RULES) await createEarningRule(db, clock, SYSTEM_ACTOR, program.id, rule);
  const people = demoPeople(DEMO_MEMBERS);
  const memberIds = new Map<string, string>();
  for (const [i, person] of people.entries()) {
    // Members joined over the last 18 months: each is created on a clock set to their joining day.
    const joinedAt = new Date(clock.now().getTime() - person.joinedDaysAgo * DAY_MS);
    const member = await createMember(db, { now: () => joinedAt }, SYSTEM_ACTOR, program.id, {
      externalId: person.externalId,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phone: person.phone,
      locale: person.locale,
      birthday: person.birthday,
      attributes: { favourite_drink: drinks[i % drinks.length]! },
      source: 'import',
    });
    memberIds.set(person.externalId, member.id);
    await awardEventBonus(db, { now: () => joinedAt }, SYSTEM_ACTOR, program.id, {
      memberId: member.id,
      event: 'signup',
      occurredAt: joinedAt,
      idempotencyKey: `signup:${member.id}`,
    });
  }
  // Each purchase is recorded on a clock set to when it happened, so lots, tiers and charts have a history.
  const purchases = demoPurchases(people, clock.now(), seededRandom(7));
  for (const purchase of purchases) {
    await recordPurchase(db, { now: () => purchase.occurredAt }, SYSTEM_ACTOR, program.id, {
      orderId: purchase.orderId,
      memberId: memberIds.get(purchase.externalId)!,
      total: purchase.total,
      currency: 'ILS',
      items: purchase.items,
      channel: purchase.channel,
      occurredAt: purchase.occurredAt,
    });
  }
  // Bring the club up to today: pending points mature, old lots expire, tiers settle.
  await expirePoints(db, clock, program.id);
  await reevaluateTiers(db, clock, program.id);
  await seedDemoRewards(db, clock, program.id, [...memberIds.values()]);
  await seedDemoSegments(db, clock, program.id, [...memberIds.values()]);
  for (const module of modules) await module.demoSeed?.({ db, clock, programId: program.id });
  return {
    programId: program.id,
    programName: program.name,
    members: memberIds.size,
    purchases: purchases.length,
  };
}
