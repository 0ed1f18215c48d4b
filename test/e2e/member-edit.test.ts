// Changing and deleting a member from the admin profile, in a real browser in English and Hebrew: the API's
// errors appear on the field they name (in the user's language, with a link to the member who already has the
// e-mail), a saved change shows on the profile and is audited, and deleting needs the member's name typed and
// then erases the member through the privacy path; merging a duplicate moves it into the open profile.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, isolated, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();

async function seed(server: E2eServer) {
  const make = (firstName: string, lastName: string, email: string) =>
    createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, { firstName, lastName, email });
  return {
    noa: await make('Noa', 'Levi', 'noa@example.com'),
    omer: await make('Omer', 'Katz', 'omer@example.com'),
    tamar: await make('Tamar', 'Cohen', 'tamar@example.com'),
    yael: await make('Yael', 'Mizrahi', 'yael@example.com'),
    yaelToo: await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      firstName: 'Yael',
      phone: '+972521112233',
    }),
  };
}

describe.skipIf(!run)('member edit and delete', () => {
  const e2e = useE2e(seed);
  const profile = (id: string) => `${e2e.server.url}/p/${e2e.server.program.id}/members/${id}`;
  const fieldError = (page: Page, label: string) =>
    page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.error');

  it('in English: a bad phone is shown on the phone field; the saved change is on the profile and audited', async () => {
    const { noa } = e2e.prepared;
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(profile(noa.id));
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Noa Levi' }).waitFor();
    await page.getByLabel('Phone', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await fieldError(page, 'Phone').filter({ hasText: 'is not a valid phone number' }).waitFor();
    await screenshot(page, 'member-edit-error-en');

    await page.getByLabel('Phone', { exact: true }).fill('050-123-4567');
    await page.getByLabel('Last name', { exact: true }).fill('Levi-Shani');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Noa Levi-Shani' }).waitFor();
    const stored = await e2e.server.db
      .selectFrom('members')
      .select(['last_name', 'phone', 'email'])
      .where('id', '=', noa.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ last_name: 'Levi-Shani', phone: '+972501234567', email: 'noa@example.com' });
    const audit = await e2e.server.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type'])
      .where('entity_id', '=', noa.id)
      .where('action', '=', 'member.updated')
      .execute();
    expect(audit).toEqual([{ action: 'member.updated', actor_type: 'user' }]);
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });

  it('in English: delete asks for the name typed, then erases the member', async () => {
    const { tamar } = e2e.prepared;
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(profile(tamar.id));
    await page.getByTestId('member-delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete Tamar Cohen?' });
    await dialog.waitFor();
    await dialog.getByLabel('Type Tamar Cohen to confirm').fill('Tamar');
    expect(await page.getByTestId('member-delete-confirm').isDisabled()).toBe(true);
    await dialog.getByLabel('Type Tamar Cohen to confirm').fill('tamar cohen');
    await screenshot(page, 'member-delete-en');
    await page.getByTestId('member-delete-confirm').click();
    await page.waitForURL(/\/members$/);
    const row = await e2e.server.db
      .selectFrom('members')
      .select(['status', 'email', 'first_name'])
      .where('id', '=', tamar.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'anonymized', email: null, first_name: null });
    await page.getByRole('link', { name: 'Omer Katz' }).waitFor();
    expect(await page.getByRole('link', { name: 'Tamar Cohen' }).count()).toBe(0);
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });

  it('in Hebrew: an e-mail another member has is refused on the e-mail field, with a link to that member', async () => {
    const { omer, noa } = e2e.prepared;
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(profile(omer.id));
    await page.getByRole('link', { name: 'עריכה' }).click();
    await page.getByRole('heading', { name: isolated`עריכת ${'Omer Katz'}` }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByLabel('דוא״ל', { exact: true }).fill('noa@example.com');
    await page.getByRole('button', { name: 'שמירת השינויים' }).click();
    await fieldError(page, 'דוא״ל')
      .filter({ hasText: 'כבר קיים/ת חבר/ת מועדון עם כתובת הדוא״ל הזו' })
      .waitFor();
    const link = page.getByRole('link', { name: 'פתיחת חבר/ת המועדון הקיים/ת' });
    expect(await link.getAttribute('href')).toContain(noa.id);
    await screenshot(page, 'member-edit-error-he');
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });

  it('in Hebrew: merging a duplicate moves it into this member and deletes it', async () => {
    const { yael, yaelToo } = e2e.prepared;
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(profile(yael.id));
    await page.getByTestId('member-merge').click();
    const dialog = page.getByRole('dialog', { name: isolated`מיזוג כפילות לתוך ${'Yael Mizrahi'}` });
    await dialog.getByLabel('חיפוש הפרופיל השני (שם, דוא״ל, טלפון או המזהה שלך)').fill('0521112233');
    await dialog.getByRole('button', { name: 'חיפוש', exact: true }).click();
    await dialog.getByRole('radio', { name: /Yael/ }).check();
    await dialog.getByText(isolated`כל הנתונים של ${'Yael'} עוברים אל ${'Yael Mizrahi'}`).waitFor();
    await screenshot(page, 'member-merge-he');
    await page.getByTestId('member-merge-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    // The survivor took the phone it lacked; the duplicate is gone.
    await page.locator('dd', { hasText: '+972521112233' }).waitFor();
    const rows = await e2e.server.db
      .selectFrom('members')
      .select(['id', 'status', 'merged_into'])
      .where('id', 'in', [yael.id, yaelToo.id])
      .orderBy('first_name')
      .execute();
    expect(rows.find((r) => r.id === yaelToo.id)).toMatchObject({ status: 'deleted', merged_into: yael.id });
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });
});
