// The preference centre: which marketing channels a member allows and which topics (lists shown in the
// preference centre) they follow. Rendering is here too; the routes stay thin.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Member } from '../members/index.ts';
import { currentConsents } from './consent.ts';
import { escape, page } from './html.ts';
import { ui } from './i18n.ts';
import { memberLists, subscribeToLists, unsubscribeFromLists } from './lists.ts';
import type { ConsentChannel } from './tables.ts';
import { grantMarketing, withdrawMarketing, type ChangeProof } from './unsubscribe.ts';

export interface PreferencesState {
  channels: { channel: ConsentChannel; granted: boolean }[];
  topics: { listId: string; name: string; subscribed: boolean }[];
}

/** The hidden field the page's form always sends: its presence proves the body was read as this form. */
export const PREFERENCES_FORM = 'preferences';

export async function preferencesState(db: Db, member: Member): Promise<PreferencesState> {
  const consents = await currentConsents(db, member.programId, member.id);
  const granted = (c: ConsentChannel) =>
    consents.some((x) => x.channel === c && x.purpose === 'marketing' && x.status === 'granted');
  const channels: ConsentChannel[] = [
    ...(member.email ? (['email'] as const) : []),
    ...(member.phone ? (['sms', 'phone'] as const) : []),
  ];
  const subscribed = new Map(
    (await memberLists(db, member.programId, member.id)).map((l) => [l.listId, l.status === 'subscribed']),
  );
  const topics = await db
    .selectFrom('lists')
    .select(['id', 'name'])
    .where('program_id', '=', member.programId)
    .where('show_in_preferences', '=', true)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .execute();
  return {
    channels: channels.map((channel) => ({ channel, granted: granted(channel) })),
    topics: topics.map((t) => ({ listId: t.id, name: t.name, subscribed: subscribed.get(t.id) ?? false })),
  };
}

const channelLabel = (t: ReturnType<typeof ui>, c: ConsentChannel) =>
  c === 'email' ? t.channelEmail : c === 'sms' ? t.channelSms : t.channelPhone;

/** Applies the submitted choices; records consent only for channels whose state changes. */
export async function savePreferences(
  db: Db,
  clock: Clock,
  member: Member,
  choice: { channels: ReadonlySet<string>; topics: ReadonlySet<string>; all: boolean },
  proof: Omit<ChangeProof, 'source' | 'textShown'> & { programName: string; locale: string },
): Promise<void> {
  const before = await preferencesState(db, member);
  const t = ui(proof.locale);
  const base = {
    source: 'preference_centre' as const,
    locale: proof.locale,
    ip: proof.ip,
    userAgent: proof.userAgent,
  };
  const withdraw: ConsentChannel[] = [];
  for (const { channel, granted } of before.channels) {
    const wanted = !choice.all && choice.channels.has(channel);
    if (wanted && !granted) {
      await grantMarketing(db, clock, member, channel, {
        ...base,
        textShown: t.consentTextFor(channelLabel(t, channel), proof.programName),
      });
    } else if (!wanted && granted) withdraw.push(channel);
  }
  if (withdraw.length) {
    await withdrawMarketing(db, clock, member, withdraw, { ...base, textShown: null });
  }
  const join = before.topics.filter((x) => !choice.all && choice.topics.has(x.listId) && !x.subscribed);
  const leave = before.topics.filter((x) => (choice.all || !choice.topics.has(x.listId)) && x.subscribed);
  await subscribeToLists(db, clock, {
    programId: member.programId,
    memberId: member.id,
    listIds: join.map((x) => x.listId),
    source: 'preference_centre',
  });
  await unsubscribeFromLists(db, clock, {
    programId: member.programId,
    memberId: member.id,
    listIds: leave.map((x) => x.listId),
  });
}

export function renderPreferencesPage(input: {
  locale: string;
  programName: string;
  action: string;
  state: PreferencesState;
  saved?: boolean;
}): string {
  const t = ui(input.locale);
  const box = (name: string, id: string, label: string, checked: boolean) =>
    `<div class="consent"><input type="checkbox" id="${id}" name="${escape(name)}" value="yes"${checked ? ' checked' : ''}>` +
    `<label for="${id}">${escape(label)}</label></div>`;
  const channels = input.state.channels
    .map((c) => box(`channel.${c.channel}`, `pref-${c.channel}`, channelLabel(t, c.channel), c.granted))
    .join('\n');
  const topics = input.state.topics
    .map((x, i) => box(`topic.${x.listId}`, `pref-topic-${i}`, x.name, x.subscribed))
    .join('\n');
  return page({
    locale: input.locale,
    title: t.preferencesTitle,
    body: `<h1>${escape(t.preferencesTitle)}</h1>
<p>${escape(t.preferencesIntro(input.programName))}</p>
${input.saved ? `<p role="status">${escape(t.saved)}</p>` : ''}
<form class="mdn-form" method="post" action="${escape(input.action)}">
<input type="hidden" name="form" value="${PREFERENCES_FORM}">
<fieldset><legend>${escape(t.channelsHeading)}</legend>
${channels}
</fieldset>
${topics ? `<fieldset><legend>${escape(t.topicsHeading)}</legend>\n${topics}\n</fieldset>` : ''}
<p><button type="submit">${escape(t.save)}</button></p>
<p><button type="submit" name="all" value="unsubscribe">${escape(t.unsubscribeAll)}</button></p>
</form>`,
  });
}
