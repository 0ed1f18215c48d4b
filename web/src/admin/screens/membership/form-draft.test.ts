import { describe, expect, it } from 'vitest';
import { consentKey, draftFromForm, newDraft, plainHtmlSnippet, toDefinition } from './form-draft.ts';
import type { FormDefinition } from './types.ts';

describe('form builder draft', () => {
  it('starts with e-mail (required) and first name in the admin language', () => {
    const draft = newDraft('he', ['shoe_size']);
    const def = toDefinition(draft);
    expect(def.locales).toEqual(['he']);
    expect(def.fields).toEqual([
      { name: 'email', required: true },
      { name: 'firstName', required: false },
    ]);
    expect(draft.fields.map((f) => f.name)).toContain('attributes.shoe_size');
  });

  it('sends only the form languages and drops blank texts', () => {
    const draft = {
      ...newDraft('en', []),
      locales: ['he' as const],
      title: { he: ' הצטרפו ', en: 'Join' },
      thankYouText: { he: '' },
    };
    const def = toDefinition(draft);
    expect(def.title).toEqual({ he: 'הצטרפו' });
    expect(def.thankYou).toBeUndefined();
  });

  it('previews half-finished drafts that saving would refuse', () => {
    const draft = {
      ...newDraft('fa', []),
      fields: newDraft('fa', []).fields.map((f) => ({ ...f, on: false })),
      consents: [
        { key: 'email_marketing', channel: 'email' as const, purpose: 'marketing' as const, text: {} },
      ],
      thankYouMode: 'redirect' as const,
      redirectUrl: 'https://shop.exa',
    };
    expect(toDefinition(draft).fields).toEqual([]);
    const preview = toDefinition(draft, { preview: true });
    expect(preview.fields).toEqual([{ name: 'email', required: true }]);
    expect(preview.consents[0]!.text).toEqual({ fa: '…' });
  });

  it('keeps what the builder does not edit when a stored form is saved again', () => {
    const stored: FormDefinition = {
      locales: ['en', 'he'],
      intro: { en: 'Hi', he: 'שלום' },
      fields: [{ name: 'email', required: true, label: { en: 'Your e-mail', he: 'הדוא״ל שלך' } }],
      consents: [],
      listIds: ['l1'],
      doubleOptIn: true,
      thankYou: { redirectUrl: 'https://shop.example/thanks' },
      spam: { minFillSeconds: 5 },
    };
    const draft = draftFromForm({ name: 'Shop', definition: stored }, []);
    expect(draft.thankYouMode).toBe('redirect');
    expect(toDefinition(draft)).toEqual(stored);
  });

  it('numbers consent keys for a repeated channel and purpose', () => {
    const c = { channel: 'sms' as const, purpose: 'marketing' as const, text: {} };
    expect(consentKey([], 'sms', 'marketing')).toBe('sms_marketing');
    expect(consentKey([{ ...c, key: 'sms_marketing' }], 'sms', 'marketing')).toBe('sms_marketing_2');
  });

  it('writes a plain HTML form with the submit names the endpoint reads', () => {
    const html = plainHtmlSnippet(
      {
        locales: ['he'],
        fields: [{ name: 'email', required: true }],
        consents: [
          { key: 'email_marketing', channel: 'email', purpose: 'marketing', text: { he: 'מאשר "דיוור"' } },
        ],
        listIds: [],
        doubleOptIn: false,
      },
      'https://club.example/f/1/submit',
      (name) => (name === 'email' ? 'דוא״ל' : 'הצטרפות'),
    );
    expect(html).toContain(
      '<form method="post" action="https://club.example/f/1/submit" lang="he" dir="rtl">',
    );
    expect(html).toContain('<input type="email" name="email" required>');
    expect(html).toContain('name="consent.email_marketing" value="yes"> מאשר &quot;דיוור&quot;');
  });
});
