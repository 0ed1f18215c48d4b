// Turns create/update input into column values. Pure: the program's region and attribute schema, and today's
// date, come from the caller.
import { AppError } from '../../platform/http/errors.ts';
import { LOCALES } from '../../platform/http/schemas.ts';
import { applyAttributes, type AttributeSchema, type Attributes } from './attributes.ts';
import {
  cleanExternalId,
  cleanName,
  normaliseEmail,
  normalisePhone,
  normaliseTimeZone,
  parseCalendarDate,
} from './contact.ts';

/** Fields a caller may set. Absent = leave as is (update) / empty (create); null = clear. */
export interface MemberInput {
  externalId?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  birthday?: string | null | undefined;
  anniversary?: string | null | undefined;
  locale?: string | null | undefined;
  timeZone?: string | null | undefined;
  /** On update, merged into the current attributes; a null value removes that attribute. */
  attributes?: Attributes | undefined;
  referredBy?: string | null | undefined;
}

export interface MemberColumns {
  external_id?: string | null;
  email?: string | null;
  phone?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  birthday?: string | null;
  anniversary?: string | null;
  locale?: string | null;
  time_zone?: string | null;
  attributes?: Attributes;
  referred_by?: string | null;
}

export interface ProgramRules {
  region: string;
  attributeSchema: AttributeSchema;
  /** 'YYYY-MM-DD' in the program's zone: birthdays cannot be later. */
  today: string;
}

const MAX_NAME = 100;

function limit(value: string, field: string, max: number): string {
  if ([...value].length > max) {
    throw new AppError('validation_failed', 400, `${field} must be at most ${max} characters`, { field });
  }
  return value;
}

function optional<T>(value: string | null | undefined, map: (v: string) => T): T | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return map(value);
}

/**
 * Normalises every field present in `input`. `current` is the member's stored attributes on update
 * (undefined on create, which also enforces required attributes).
 */
export function normaliseMemberInput(
  input: MemberInput,
  rules: ProgramRules,
  current?: Attributes,
): MemberColumns {
  const columns: MemberColumns = {};
  const set = <K extends keyof MemberColumns>(key: K, value: MemberColumns[K] | undefined) => {
    if (value !== undefined) columns[key] = value;
  };
  set(
    'external_id',
    optional(input.externalId, (v) => limit(cleanExternalId(v), 'externalId', 200)),
  );
  set(
    'email',
    optional(input.email, (v) => (v.trim() === '' ? null : normaliseEmail(v))),
  );
  set(
    'phone',
    optional(input.phone, (v) => (v.trim() === '' ? null : normalisePhone(v, rules.region))),
  );
  set(
    'first_name',
    optional(input.firstName, (v) => cleanName(limit(v, 'firstName', MAX_NAME), 'firstName')),
  );
  set(
    'last_name',
    optional(input.lastName, (v) => cleanName(limit(v, 'lastName', MAX_NAME), 'lastName')),
  );
  set(
    'birthday',
    optional(input.birthday, (v) => parseCalendarDate(v, 'birthday', rules.today)),
  );
  set(
    'anniversary',
    optional(input.anniversary, (v) => parseCalendarDate(v, 'anniversary', rules.today)),
  );
  set(
    'locale',
    optional(input.locale, (v) => {
      if (!(LOCALES as readonly string[]).includes(v)) {
        throw new AppError('invalid_locale', 400, `locale must be one of ${LOCALES.join(', ')}`, {
          field: 'locale',
        });
      }
      return v;
    }),
  );
  set('time_zone', optional(input.timeZone, normaliseTimeZone));
  set('referred_by', input.referredBy);
  if (input.attributes !== undefined || current === undefined) {
    columns.attributes = applyAttributes(rules.attributeSchema, current, input.attributes ?? {});
  }
  return columns;
}

/** A member needs at least one way to be recognised again. */
export function requireIdentity(m: {
  external_id: string | null;
  email: string | null;
  phone: string | null;
}): void {
  if (m.external_id === null && m.email === null && m.phone === null) {
    throw new AppError(
      'member_identity_required',
      400,
      'A member needs at least one of externalId, email or phone',
    );
  }
}
