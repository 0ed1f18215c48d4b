import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { describeError, isolate } from './errors.ts';
import { catalogues } from './i18n/catalogues.ts';
import { missingMessages, translate, type MessageKey, type Vars } from './i18n/index.tsx';

/** Every stable error code the server source can send: AppError, its helpers, and notFound('thing'). */
function serverErrorCodes(): string[] {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.endsWith('.test.ts')) {
        const source = fs.readFileSync(file, 'utf8');
        for (const m of source.matchAll(/(?:AppError|\bbad|\binvalid|\bfail)\(\s*'([a-z][a-z_]+)'/g))
          codes.add(m[1]!);
        for (const m of source.matchAll(/notFound\(\s*'([a-z_]+)'/g)) codes.add(`${m[1]}_not_found`);
      }
    }
  };
  walk(path.resolve('src'));
  return [...codes].sort();
}

const t = (locale: 'en' | 'he' | 'fa') => (key: MessageKey, vars?: Vars) => translate(locale, key, vars);

describe('API errors in the user language', () => {
  it('has a sentence in every language for every code the server sends', () => {
    const codes = serverErrorCodes();
    expect(codes.length).toBeGreaterThan(80);
    expect(codes).toContain('insufficient_points');
    for (const locale of ['en', 'he', 'fa'] as const) {
      const missing = codes.filter((c) => !(`error.code.${c}` in catalogues[locale]));
      expect([locale, missing]).toEqual([locale, []]);
    }
  });

  it('fills the sentence from details with isolated values and puts it on the named field', () => {
    const error = new ApiError(
      'invalid_phone',
      400,
      '"12" is not a valid phone number: not a valid number for IL',
      {
        field: 'phone',
        value: '12',
        reason: 'invalid_for_region',
        region: 'IL',
      },
    );
    const he = describeError(error, t('he'));
    expect(he.message).toBe(`${isolate('12')} אינו מספר טלפון תקין: אינו מספר תקין עבור ${isolate('IL')}.`);
    expect(he.fields).toEqual({ phone: he.message });
    const points = new ApiError('insufficient_points', 409, 'Member has 170 points available; 5000 needed', {
      available: 170,
      needed: 5000,
    });
    expect(describeError(points, t('en')).message).toBe(
      'The member has 170 points available; 5,000 are needed.',
    );
    expect(describeError(points, t('fa')).message).toBe(
      'عضو ۱۷۰ امتیاز در دسترس دارد؛ ۵٬۰۰۰ امتیاز لازم است.',
    );
  });

  it('words validation issues per field and links a duplicate to the existing record', () => {
    const invalid = new ApiError('validation_failed', 400, 'Invalid request', {
      issues: [
        { path: 'body.threshold', problem: 'must be >= 0', keyword: 'minimum', limit: 0 },
        {
          path: 'body.name',
          problem: 'must NOT have fewer than 1 characters',
          keyword: 'minLength',
          limit: 1,
        },
      ],
    });
    expect(describeError(invalid, t('he')).fields).toEqual({ threshold: 'לפחות 0.', name: 'לפחות תו אחד.' });
    const duplicate = new ApiError('member_exists', 409, 'A member with email "a@b.c" already exists', {
      existingId: 'm-1',
      field: 'email',
    });
    expect(describeError(duplicate, t('en'))).toMatchObject({
      message: 'A member with this e-mail address already exists.',
      fields: { email: 'A member with this e-mail address already exists.' },
      existingId: 'm-1',
    });
  });

  it('reports a code without a sentence instead of showing the server English', () => {
    const before = missingMessages.length;
    const message = describeError(new ApiError('brand_new_code', 400, 'Some English text'), t('he')).message;
    expect(message).toBe('הבקשה נדחתה.');
    expect(missingMessages.slice(before)).toEqual(['error:brand_new_code']);
  });
});

describe('labels for internal keys', () => {
  it('words every consent source the server records, and reports one it does not know', async () => {
    const { labelOf } = await import('./labels.ts');
    const source = fs.readFileSync(path.resolve('src/modules/membership/consent.ts'), 'utf8');
    const list = /CONSENT_SOURCES = \[([^\]]*)\]/.exec(source)![1]!;
    const sources = [...list.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
    expect(sources).toContain('portal');
    const before = missingMessages.length;
    for (const s of sources) expect(labelOf(t('he'), 'consent.sourceName', s)).not.toBe(s);
    expect(missingMessages.length).toBe(before);
    expect(labelOf(t('fa'), 'consent.sourceName', 'carrier_pigeon')).toBe('carrier_pigeon');
    expect(missingMessages.slice(before)).toEqual(['consent.sourceName.carrier_pigeon']);
  });
});
