import { sql, type Kysely } from 'kysely';

// Idempotency keys belong to a program as well as to a caller: the same key sent by the same admin user in
// two clubs is two keys, and a key row is found (and sharded, Citus) by its program. Requests outside any
// program (sign-in, creating a program) keep program_id null; null equals null for this uniqueness.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table idempotency_keys add column program_id uuid;
    alter table idempotency_keys drop constraint idempotency_keys_pkey;
    alter table idempotency_keys
      add constraint idempotency_keys_program_scope_key unique nulls not distinct (program_id, scope, key);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from idempotency_keys a using idempotency_keys b
      where a.scope = b.scope and a.key = b.key and a.ctid < b.ctid;
    alter table idempotency_keys drop constraint idempotency_keys_program_scope_key;
    alter table idempotency_keys drop column program_id;
    alter table idempotency_keys add primary key (scope, key);
  `.execute(db);
}
