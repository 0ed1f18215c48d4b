// Segment identify traits (https://segment.com/docs/connections/spec/identify/#traits) → member fields.
// Pure: the caller passes the program's custom attribute names.
import { AppError } from '../../platform/http/errors.ts';
import { LOCALES } from '../../platform/http/schemas.ts';
import type { MemberInput } from '../members/index.ts';

type Traits = Record<string, unknown>;

/** Member field ← the trait names Segment sources use for it (first present wins). */
type StandardField = 'email' | 'phone' | 'firstName' | 'lastName' | 'birthday' | 'anniversary' | 'timeZone';
const STANDARD: [StandardField, string[]][] = [
  ['email', ['email']],
  ['phone', ['phone']],
  ['firstName', ['firstName', 'first_name']],
  ['lastName', ['lastName', 'last_name']],
  ['birthday', ['birthday']],
  ['anniversary', ['anniversary']],
  ['timeZone', ['timeZone', 'timezone', 'time_zone']],
];
const LOCALE_TRAITS = ['locale', 'language'];

function stringTrait(traits: Traits, name: string): string | undefined {
  const value = traits[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && name === 'phone') return String(value);
  if (typeof value !== 'string') {
    throw new AppError('invalid_traits', 400, `traits.${name} must be text`, { field: `traits.${name}` });
  }
  return value;
}

/** '1990-05-17T00:00:00.000Z' → '1990-05-17' as written: the sender's calendar date, not shifted by zones. */
const calendarDate = (value: string) => (/^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value);

/**
 * The member input for `identify(userId, traits)`. Standard traits map to member fields; a locale is kept when
 * its language is one we support ('he-IL' → 'he'); other traits become custom attributes only when the program
 * defines an attribute of that name. Null traits leave the field as it is. Everything stays in the event too.
 */
export function memberInputFromTraits(
  userId: string,
  traits: Traits,
  attributeNames: ReadonlySet<string>,
): MemberInput {
  const input: MemberInput = { externalId: userId };
  const used = new Set<string>();
  for (const [field, names] of STANDARD) {
    for (const name of names) {
      used.add(name);
      const value = stringTrait(traits, name);
      if (value === undefined || input[field] !== undefined) continue;
      (input as Record<string, unknown>)[field] =
        field === 'birthday' || field === 'anniversary' ? calendarDate(value) : value;
    }
  }
  for (const name of LOCALE_TRAITS) {
    used.add(name);
    const value = traits[name];
    if (typeof value !== 'string' || input.locale !== undefined) continue;
    const language = value.split(/[-_]/)[0]!.toLowerCase();
    if ((LOCALES as readonly string[]).includes(language)) input.locale = language;
  }
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(traits)) {
    if (!used.has(name) && attributeNames.has(name) && value !== null && value !== undefined)
      attributes[name] = value;
  }
  if (Object.keys(attributes).length > 0) input.attributes = attributes;
  return input;
}
