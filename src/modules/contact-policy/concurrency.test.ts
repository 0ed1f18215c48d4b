// Two senders deciding for the same member at once must not both slip past a cap of 1: decideContacts locks the
// member until the deciding transaction (which queues the message) commits. On PostgreSQL the transactions run
// truly concurrently over a pool; on PGlite they serialise and must give the same result.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { makeProgram, setupTest, type TestContext } from '../../../test/harness.ts';
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { decideContacts, saveContactPolicy, type DecideOptions } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const onPostgres = inject('testDatabase').kind === 'postgres';

async function cappedMember() {
  const program = await makeProgram(t.db, { timeZone: 'Asia/Jerusalem' });
  await saveContactPolicy(t.db, t.clock, program.id, {
    caps: { day: 1, week: null, month: null },
    quietHours: null,
    restDays: [],
    onExceed: 'defer',
  });
  const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
    email: `m-${crypto.randomBytes(5).toString('hex')}@example.com`,
  });
  return { programId: program.id, memberId: member.id, email: member.email! };
}

type Target = Awaited<ReturnType<typeof cappedMember>>;

/** One campaign's step for one member: decide, and queue the message in the same transaction if allowed. */
async function decideAndQueue(trx: Db, target: Target, campaign: string, options: DecideOptions = {}) {
  const decisions = await decideContacts(
    trx,
    t.clock,
    target.programId,
    [{ memberId: target.memberId, channel: 'email', purpose: 'marketing', timeZone: null }],
    options,
  );
  const decision = decisions.get(target.memberId)!;
  if (decision.kind === 'send') {
    await queueMessage(trx, t.clock, {
      programId: target.programId,
      memberId: target.memberId,
      channel: 'email',
      kind: 'campaign',
      purpose: 'marketing',
      to: target.email,
      subject: campaign,
      text: campaign,
      unsubscribeUrl: 'http://moadon.test/u/token',
    });
  }
  return decision.kind;
}

const marketingMessages = (target: Target) =>
  t.db
    .selectFrom('messages')
    .select('id')
    .where('program_id', '=', target.programId)
    .where('member_id', '=', target.memberId)
    .execute();

/** A promise with its resolver, to order two transactions without sleeping. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('contact policy under concurrency', () => {
  it('eight campaigns deciding for one member at once: one message goes, seven wait', async () => {
    const target = await cappedMember();
    const kinds = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.db.transaction().execute((trx) => decideAndQueue(trx, target, `campaign ${i}`)),
      ),
    );
    expect(kinds.filter((k) => k === 'send')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'defer')).toHaveLength(7);
    expect(await marketingMessages(target)).toHaveLength(1);
  });

  it.runIf(onPostgres)(
    'the second campaign waits for the first one’s transaction and then counts its message',
    async () => {
      const target = await cappedMember();
      const decided = gate();
      const release = gate();
      const first = t.db.transaction().execute(async (trx) => {
        const decisions = await decideContacts(trx, t.clock, target.programId, [
          { memberId: target.memberId, channel: 'email', purpose: 'marketing', timeZone: null },
        ]);
        decided.open();
        await release.opened;
        expect(decisions.get(target.memberId)).toEqual({ kind: 'send' });
        await queueCampaignMail(trx, target);
      });
      await decided.opened;
      // The first holds the member's lock and has not queued yet: the second blocks until it commits.
      const second = t.db.transaction().execute((trx) => decideAndQueue(trx, target, 'second'));
      release.open();
      await first;
      expect(await second).toBe('defer');
      expect(await marketingMessages(target)).toHaveLength(1);
    },
  );

  it.runIf(onPostgres)('without the lock both would slip past the cap (what the lock prevents)', async () => {
    const target = await cappedMember();
    const decided = gate();
    const release = gate();
    const first = t.db.transaction().execute(async (trx) => {
      const decisions = await decideContacts(
        trx,
        t.clock,
        target.programId,
        [{ memberId: target.memberId, channel: 'email', purpose: 'marketing', timeZone: null }],
        { lock: false },
      );
      decided.open();
      await release.opened;
      expect(decisions.get(target.memberId)).toEqual({ kind: 'send' });
      await queueCampaignMail(trx, target);
    });
    await decided.opened;
    const second = await t.db
      .transaction()
      .execute((trx) => decideAndQueue(trx, target, 'second', { lock: false }));
    release.open();
    await first;
    expect(second).toBe('send');
    expect(await marketingMessages(target)).toHaveLength(2);
  });
});

function queueCampaignMail(trx: Db, target: Target) {
  return queueMessage(trx, t.clock, {
    programId: target.programId,
    memberId: target.memberId,
    channel: 'email',
    kind: 'campaign',
    purpose: 'marketing',
    to: target.email,
    subject: 'first',
    text: 'first',
    unsubscribeUrl: 'http://moadon.test/u/token',
  });
}
