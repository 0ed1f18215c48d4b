// Pure normalisation and validation of a member's contact fields: e-mail, phone, calendar dates, time zone,
// names. No I/O, so the HTTP routes, CSV import and Segment `identify` all clean input the same way.
import { domainToASCII } from 'node:url';
import { parsePhoneNumberWithError, isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { AppError } from '../../platform/http/errors.ts';

/** Direction marks and embeddings that sneak in when RTL text is copy-pasted; invisible and meaningless here. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function invalid(
  code: string,
  field: string,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError(code, 400, message, { field, ...details });
}

// RFC 5322 atext plus any non-ASCII character (RFC 6531 internationalised local parts).
const LOCAL_PART =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Trims and lower-cases the whole address and stores an internationalised domain in its ASCII (punycode) form.
 * The local part is case-sensitive in theory only; no mainstream provider treats it so, and one spelling per
 * person is what makes "one member per e-mail" work.
 */
export function normaliseEmail(raw: string): string {
  const email = raw.replace(BIDI_CONTROLS, '').trim().normalize('NFC').toLowerCase();
  const at = email.lastIndexOf('@');
  const bad = (why: string) =>
    invalid('invalid_email', 'email', `"${raw.trim()}" is not a valid e-mail: ${why}`);
  if (at < 1 || at === email.length - 1) throw bad('expected name@domain');
  const local = email.slice(0, at);
  const domain = domainToASCII(email.slice(at + 1));
  if (!LOCAL_PART.test(local) || local.length > 64) throw bad('the part before @ is not allowed');
  const labels = domain.split('.');
  if (!domain || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) {
    throw bad('the domain is not valid');
  }
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels.at(-1)!)) throw bad('the domain is not valid');
  const normalised = `${local}@${domain}`;
  if (normalised.length > 254) throw bad('too long');
  return normalised;
}

/**
 * Parses a phone number to E.164. A number written internationally (+…, or 00… from the region) keeps its
 * own country; otherwise it is read as a local number of `region` (the program's default region), so
 * "050-123-4567" in IL becomes +972501234567 and "۰۹۱۲ ۳۴۵ ۶۷۸۹" in IR becomes +989123456789.
 * Validation uses the compact metadata (length and leading digits per country), not per-range allocation
 * tables, which lag behind operators opening new ranges and would turn away real customers.
 */
export function normalisePhone(raw: string, region: string): string {
  const text = raw.replace(BIDI_CONTROLS, '').trim();
  // reason and region let clients say what is wrong in the user's language.
  const bad = (why: string, reason: string, country = region) =>
    invalid('invalid_phone', 'phone', `"${text}" is not a valid phone number: ${why}`, {
      value: text,
      reason,
      region: country,
    });
  if (text.length === 0 || text.length > 40) throw bad('expected up to 40 characters', 'too_long');
  const country = isSupportedCountry(region) ? (region as CountryCode) : undefined;
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, country ? { defaultCountry: country } : {});
  } catch (e) {
    const reason = (e as Error).message;
    if (reason === 'INVALID_COUNTRY') throw bad('start with + and the country code', 'no_country');
    if (reason === 'TOO_SHORT') throw bad('too short', 'too_short');
    throw bad('not a number', 'not_a_number');
  }
  if (parsed.ext) throw bad('extensions are not supported', 'extension');
  if (!parsed.isValid()) {
    throw bad(
      `not a valid number for ${parsed.country ?? region}`,
      'invalid_for_region',
      parsed.country ?? region,
    );
  }
  return parsed.number;
}

/** Whether `region` is a country whose phone numbers can be read ("IL", "IR"…). */
export const isPhoneRegion = (region: string): boolean => isSupportedCountry(region);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date 'YYYY-MM-DD' that exists (2024-02-29 yes, 2023-02-29 no), not after `today`. */
export function parseCalendarDate(raw: string, field: string, today: string): string {
  const m = ISO_DATE.exec(raw.trim());
  const bad = (why: string) => invalid('invalid_date', field, `${field} "${raw}" ${why}`);
  if (!m) throw bad('is not a date in YYYY-MM-DD form');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw bad('does not exist in the calendar');
  }
  if (year < 1900) throw bad('is before 1900');
  const value = `${m[1]}-${m[2]}-${m[3]}`;
  if (value > today) throw bad('is in the future');
  return value;
}

const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/** An IANA time zone name, returned in its canonical spelling (Asia/Tel_Aviv → Asia/Jerusalem). */
export function normaliseTimeZone(raw: string): string {
  const name = raw.trim();
  const bad = () =>
    invalid(
      'invalid_time_zone',
      'timeZone',
      `Unknown time zone "${name}" (use an IANA name like Asia/Jerusalem)`,
    );
  // Offsets such as "+02:00" are not zones: they ignore daylight saving time.
  if (!ZONE_SHAPE.test(name)) throw bad();
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw bad();
  }
}

/** A personal name: invisible direction marks removed, spaces collapsed; empty becomes null. */
export function cleanName(raw: string, field: string): string | null {
  if (CONTROL_CHARS.test(raw)) {
    throw invalid('invalid_name', field, `${field} contains control characters`);
  }
  const name = raw.replace(BIDI_CONTROLS, '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return name.length > 0 ? name : null;
}

/** An external id from the shop/POS/CRM: kept verbatim except surrounding spaces. */
export function cleanExternalId(raw: string): string {
  const id = raw.trim();
  if (id.length === 0 || CONTROL_CHARS.test(id)) {
    throw invalid('invalid_external_id', 'externalId', 'externalId must be non-empty printable text');
  }
  return id;
}
