// Turns one CSV record into a member's fields and consent flags, using the column mapping. Text is kept as
// written (Hebrew/Persian untouched); the members module normalises and validates it with the API's rules.
import { AppError } from '../../platform/http/errors.ts';
import {
  normaliseImportRow,
  type MemberColumns,
  type MemberInput,
  type ProgramRules,
} from '../members/index.ts';
import {
  CONSENT_COLUMNS,
  isConsentColumn,
  splitListCell,
  type ConsentFlag,
  type ListNames,
} from './consent.ts';
import { parseSpreadsheetDate } from './dates.ts';
import { asciiDigits, yesOrNo } from './text.ts';
import type { ColumnMapping, ImportTarget } from './mapping.ts';

export interface ImportRow {
  columns: MemberColumns;
  /** From the row's consent columns (the import's `consent` option is added by the runner). */
  consent: ConsentFlag[];
  /** Ids of the lists named in the row's lists column. */
  listIds: string[];
}

function yesNo(raw: string, field: string): boolean {
  const value = yesOrNo(raw);
  if (value === undefined) {
    throw new AppError('invalid_value', 400, `${field} "${raw}" should be yes or no`, { field });
  }
  return value;
}

function attributeValue(raw: string, name: string, rules: ProgramRules): unknown {
  const def = rules.attributeSchema[name];
  switch (def?.type) {
    case 'integer':
    case 'number': {
      const n = Number(asciiDigits(raw));
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
export function readImportRow(
  values: string[],
  mapping: ColumnMapping,
  rules: ProgramRules,
  lists?: ListNames,
): ImportRow {
  const input: MemberInput = {};
  const attributes: Record<string, unknown> = {};
  const consent: ConsentFlag[] = [];
  let listIds: string[] = [];
  for (const [target, index] of Object.entries(mapping.columns) as [ImportTarget, number][]) {
    const raw = values[index];
    // An empty cell leaves the stored value alone: imports add and correct, they do not erase.
    if (raw === undefined || raw.trim() === '') continue;
    if (isConsentColumn(target)) {
      consent.push({ ...CONSENT_COLUMNS[target], granted: yesNo(raw, target) });
      continue;
    }
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
      case 'lists':
        if (!lists) throw new Error('lists column mapped without the program lists');
        listIds = lists.resolve(splitListCell(raw), 'lists');
        break;
      default: {
        const name = target.slice('attributes.'.length);
        attributes[name] = attributeValue(raw, name, rules);
      }
    }
  }
  if (Object.keys(attributes).length) input.attributes = attributes;
  return { columns: normaliseImportRow(input, rules), consent, listIds };
}
