import { sql, type Kysely } from 'kysely';

// Tier and earning-rule names per language ({ "he": …, "fa": …, "en": … }); `name` stays the fallback shown
// where a language has none. The default tiers of existing clubs get their names in the three languages.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table loyalty_tiers add column names jsonb not null default '{}'`.execute(db);
  await sql`alter table loyalty_earning_rules add column names jsonb not null default '{}'`.execute(db);
  for (const [key, name, names] of [
    ['regular', 'Regular', { en: 'Regular', he: 'רגיל', fa: 'عادی' }],
    ['loyal', 'Loyal', { en: 'Loyal', he: 'נאמן', fa: 'وفادار' }],
    ['ambassador', 'Ambassador', { en: 'Ambassador', he: 'שגריר', fa: 'سفیر' }],
  ] as const) {
    await sql`
      update loyalty_tiers set names = ${JSON.stringify(names)}::jsonb
      where key = ${key} and name = ${name} and names = '{}'::jsonb
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table loyalty_tiers drop column names`.execute(db);
  await sql`alter table loyalty_earning_rules drop column names`.execute(db);
}
