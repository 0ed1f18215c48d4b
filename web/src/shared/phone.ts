// Phone numbers as people in the club's country write them: national format for the program's own region
// ("050-123-4567" in an Israeli club), international for everyone else ("+98 912 345 6789"). Stored E.164.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export function formatPhone(e164: string | null | undefined, region: string | undefined): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return region && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}
