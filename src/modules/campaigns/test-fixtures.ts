// A club for campaign tests: an owner, a sender profile, a marketing e-mail template in he/en, a list, and
// members with e-mail addresses (consented unless asked otherwise) subscribed to it.
import crypto from 'node:crypto';
import { expect } from 'vitest';
import { makeProgram, makeUser, type Actor, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import { recordConsent, subscribeToLists } from '../membership/index.ts';

const mjml = (inner: string) =>
  `<mjml>\n<mj-body>\n<mj-section><mj-column>\n${inner}\n</mj-column></mj-section>\n</mj-body>\n</mjml>`;

export const newsletterTemplate = (key = 'newsletter') => ({
  key,
  name: 'ניוזלטר',
  channel: 'email',
  purpose: 'marketing',
  defaultLocale: 'he',
  variants: {
    he: {
      subject:
        'פרסומת: {{ member.first_name | default: "חבר/ה" }}, יש לך {{ points.balance | number }} נקודות',
      body: mjml(
        '<mj-text>שלום {{ member.first_name | default: "חבר/ה" }}</mj-text>\n' +
          '<mj-button href="https://shop.example/sale">למבצע</mj-button>',
      ),
    },
    en: {
      subject: 'פרסומת: Hello {{ member.first_name | default: "friend" }}',
      body: mjml('<mj-text>Hello {{ member.first_name | default: "friend" }}</mj-text>'),
    },
  },
});

export interface CampaignClub {
  programId: string;
  owner: Actor;
  listId: string;
  templateId: string;
  url(path: string): string;
  /** Adds a member with an e-mail (consent granted unless `consent: false`) to the list. */
  member(input?: {
    consent?: boolean;
    email?: string | null;
    firstName?: string;
    locale?: string;
    timeZone?: string;
  }): Promise<string>;
  template(key: string): Promise<string>;
}

export async function makeCampaignClub(t: TestContext): Promise<CampaignClub> {
  const program = await makeProgram(t.db, { defaultRegion: 'IL', defaultLocale: 'he', currency: 'ILS' });
  const owner = await makeUser(t, program.id);
  const url = (path: string) => `/api/programs/${program.id}${path}`;
  const profile = await owner.request({
    method: 'PUT',
    url: url('/sender-profile'),
    payload: {
      businessName: 'קפה לנדוור',
      address: 'דיזנגוף 100, תל אביב',
      contactEmail: 'club@example.com',
      contactPhone: null,
      israeliMode: null,
    },
  });
  expect(profile.statusCode, profile.body).toBe(200);
  const template = async (key: string) => {
    const res = await owner.request({
      method: 'POST',
      url: url('/templates'),
      payload: newsletterTemplate(key),
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const list = await owner.request({ method: 'POST', url: url('/lists'), payload: { name: 'Newsletter' } });
  expect(list.statusCode, list.body).toBe(201);
  const listId = (list.json() as { id: string }).id;
  return {
    programId: program.id,
    owner,
    listId,
    templateId: await template('newsletter'),
    url,
    template,
    async member(input = {}) {
      const id = crypto.randomUUID().slice(0, 8);
      const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
        externalId: `c-${id}`,
        firstName: input.firstName ?? `Dana ${id}`,
        email: input.email === undefined ? `dana-${id}@example.com` : input.email,
        locale: input.locale ?? 'he',
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      });
      if (input.consent !== false) {
        await recordConsent(t.db, t.clock, {
          programId: program.id,
          memberId: member.id,
          channel: 'email',
          purpose: 'marketing',
          status: 'granted',
          source: 'admin',
        });
      }
      await subscribeToLists(t.db, t.clock, {
        programId: program.id,
        memberId: member.id,
        listIds: [listId],
        source: 'admin',
      });
      return member.id;
    },
  };
}
