// Turns one CSV record into a member's fields and consent flags, using the column mapping. Text is kept as
// written (Hebrew/Persian untouched); the members module normalises and validates it with the API's rules.
import { AppError } from '../../platform/http/errors.ts';
import {
  normaliseImportRow,
  type MemberColumns,
  type MemberInput,
  type ProgramRules,
} from '../members/index.ts';
import { parseSpreadsheetDate } from './dates.ts';
import type { ColumnMapping, ImportTarget } from './mapping.ts';

export interface ConsentFlags {
  email?: boolean;
  sms?: boolean;
}

export interface ImportRow {
  columns: MemberColumns;
  consent: ConsentFlags;
}

const YES = new Set([
  '1',
  'y',
  'yes',
  'true',
  't',
  'v',
  '✓',
  'x',
  'on',
  'כן',
  'בלה',
  'بله',
  'آری',
  'اره',
  'آره',
]);
const NO = new Set(['0', 'n', 'no', 'false', 'f', 'off', 'לא', 'خیر', 'نه']);

function yesNo(raw: string, field: string): boolean {
  const v = raw.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw new AppError('invalid_value', 400, `${field} "${raw}" should be yes or no`, { field });
}

function attributeValue(raw: string, name: string, rules: ProgramRules): unknown {
  const def = rules.attributeSchema[name];
  switch (def?.type) {
    case 'integer':
    case 'number': {
      const n = Number(
        raw.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10)),
      );
      if (raw.trim() === '' || !Number.isFinite(n)) {
        throw new AppError('invalid_attributes', 400, `Attribute "${name}" "${raw}" is not a number`, {
          field: `attributes.${name}`,
        });
      }
      return n;
    }
    case 'boolean':
      return yesNo(raw, `attributes.${name}`);
    case 'date':
      return parseSpreadsheetDate(raw, `attributes.${name}`);
    default:
      return raw.trim();
  }
}

/** Validates a record. Throws AppError with a stable code and a message that goes into the error file. */
export function readImportRow(values: string[], mapping: ColumnMapping, rules: ProgramRules): ImportRow {
  const input: MemberInput = {};
  const attributes: Record<string, unknown> = {};
  const consent: ConsentFlags = {};
  for (const [target, index] of Object.entries(mapping.columns) as [ImportTarget, number][]) {
    const raw = values[index];
    // An empty cell leaves the stored value alone: imports add and correct, they do not erase.
    if (raw === undefined || raw.trim() === '') continue;
    switch (target) {
      case 'external_id':
        input.externalId = raw;
        break;
      case 'email':
        input.email = raw;
        break;
      case 'phone':
        input.phone = raw;
        break;
      case 'first_name':
        input.firstName = raw;
        break;
      case 'last_name':
        input.lastName = raw;
        break;
      case 'full_name': {
        const [first, ...rest] = raw.trim().split(/\s+/);
        input.firstName = first ?? null;
        if (rest.length) input.lastName = rest.join(' ');
        break;
      }
      case 'birthday':
        input.birthday = parseSpreadsheetDate(raw, 'birthday');
        break;
      case 'anniversary':
        input.anniversary = parseSpreadsheetDate(raw, 'anniversary');
        break;
      case 'locale':
        input.locale = raw.trim().toLowerCase();
        break;
      case 'time_zone':
        input.timeZone = raw;
        break;
      case 'consent_email':
        consent.email = yesNo(raw, 'consent_email');
        break;
      case 'consent_sms':
        consent.sms = yesNo(raw, 'consent_sms');
        break;
      default: {
        const name = target.slice('attributes.'.length);
        attributes[name] = attributeValue(raw, name, rules);
      }
    }
  }
  if (Object.keys(attributes).length) input.attributes = attributes;
  return { columns: normaliseImportRow(input, rules), consent };
}
