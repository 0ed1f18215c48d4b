import { sql, type Kysely } from 'kysely';

// The cashier role: at the till only (find a member, record a sale or a refund, take a coupon).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table program_roles drop constraint if exists program_roles_role_check`.execute(db);
  await sql`alter table program_roles add constraint program_roles_role_check
    check (role in ('owner','marketer','agent','cashier','partner','viewer'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table program_roles drop constraint if exists program_roles_role_check`.execute(db);
  await sql`alter table program_roles add constraint program_roles_role_check
    check (role in ('owner','marketer','agent','partner','viewer'))`.execute(db);
}
