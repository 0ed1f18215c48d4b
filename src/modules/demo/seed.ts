// The demo club that `npm start` creates on an empty database, so a new user has something to explore.
import { DAY_MS, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { grantRole } from '../auth/service.ts';
import { createMember } from '../members/index.ts';
import { createProgram } from '../programs/index.ts';
import { demoPeople } from './people.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_MEMBERS = 200;

export interface DemoResult {
  programId: string;
  programName: string;
  members: number;
  purchases: number;
}

/** Creates the demo club unless a program with the demo slug exists. The owner (by e-mail) gets the owner role. */
export async function seedDemoClub(
  db: Db,
  clock: Clock,
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
  let members = 0;
  for (const [i, person] of demoPeople(DEMO_MEMBERS).entries()) {
    // Members joined over the last 18 months: each is created on a clock set to their joining day.
    const joinedAt = new Date(clock.now().getTime() - person.joinedDaysAgo * DAY_MS);
    await createMember(db, { now: () => joinedAt }, SYSTEM_ACTOR, program.id, {
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
    members++;
  }
  return { programId: program.id, programName: program.name, members, purchases: 0 };
}
