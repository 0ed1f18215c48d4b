import { sql, type Kysely } from 'kysely';

// Failed sign-ins are counted per e-mail + IP pair, per IP, and per known device (a signed cookie from an
// earlier successful sign-in), so that strangers' failures cannot lock an admin out of their own browser.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table login_attempts add column device text;
    create index login_attempts_device_idx on login_attempts (device, at) where device is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_attempts drop column device`.execute(db);
}
