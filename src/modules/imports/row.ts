// Turns one CSV record into a member's fields and consent flags, using the column mapping. Text is kept as
// written (Hebrew/Persian untouched); the members module normalises and validates it with the API's rules.
import { AppError } from '../../platform/http/errors.ts';
import {
  isPhoneRegion,
  normaliseImportRow,
  normalisePhone,
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
import type { ImportOptions } from './options.ts';

/** Why a row, or one of its fields, was not imported: the stable code and details (the screen words them). */
export interface RowProblem {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export function rowProblem(e: AppError): RowProblem {
  return { code: e.code, message: e.message, details: e.details ?? {} };
}

export interface ImportRow {
  columns: MemberColumns;
  /** From the row's consent columns (the import's `consent` option is added by the runner). */
  consent: ConsentFlag[];
  /** Ids of the lists named in the row's lists column. */
  listIds: string[];
  /** With `invalidPhone: 'keep_row'`: the row was imported without its phone, for this reason. */
  phoneDropped?: RowProblem;
}

/** The row's `phone_country` cell as an ISO region ("ir" → IR), or a 400 naming the column. */
function phoneCountry(raw: string): string {
  const region = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(region) || !isPhoneRegion(region)) {
    throw new AppError(
      'invalid_region',
      400,
      `phone_country "${raw.trim()}" should be a country's two-letter code like IL or IR`,
      { field: 'phone_country', value: raw.trim() },
    );
  }
  return region;
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
  options: Pick<ImportOptions, 'invalidPhone'> = {},
): ImportRow {
  const input: MemberInput = {};
  const attributes: Record<string, unknown> = {};
  const consent: ConsentFlag[] = [];
  let listIds: string[] = [];
  // A phone without a country code is read in the row's own country when the file says it, else the import's.
  let region = rules.region;
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
      case 'phone_country':
        region = phoneCountry(raw);
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
  let phoneDropped: RowProblem | undefined;
  if (typeof input.phone === 'string' && options.invalidPhone === 'keep_row') {
    try {
      normalisePhone(input.phone, region);
    } catch (e) {
      // Without the phone the row must still say who it is: a phone-only row is rejected for its phone.
      if (!(e instanceof AppError) || !(input.externalId || input.email)) throw e;
      phoneDropped = rowProblem(e);
      delete input.phone;
    }
  }
  const columns = normaliseImportRow(input, region === rules.region ? rules : { ...rules, region });
  return { columns, consent, listIds, ...(phoneDropped ? { phoneDropped } : {}) };
}
