// Which CSV column fills which member field. Common header names in English, Hebrew and Persian map
// themselves; `--map email=E-mail,first_name=שם` (or the API's `map`) overrides or adds.
import { AppError } from '../../platform/http/errors.ts';

export const IMPORT_FIELDS = [
  'external_id',
  'email',
  'phone',
  'phone_country',
  'first_name',
  'last_name',
  'full_name',
  'birthday',
  'anniversary',
  'locale',
  'time_zone',
  'consent_email',
  'consent_sms',
  'consent_phone',
  'consent_email_service',
  'consent_sms_service',
  'consent_phone_service',
  'lists',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** A member field, or a custom attribute as `attributes.<name>`. */
export type ImportTarget = ImportField | `attributes.${string}`;

const ALIASES: Record<ImportField, string[]> = {
  external_id: [
    'external id',
    'externalid',
    'id',
    'customer id',
    'client id',
    'member id',
    'customer number',
    'מזהה',
    'מספר לקוח',
    'קוד לקוח',
    'מספר חבר',
    'شناسه',
    'کد مشتری',
    'شماره مشتری',
    'کد عضویت',
  ],
  email: [
    'email',
    'e-mail',
    'mail',
    'email address',
    'e-mail address',
    'אימייל',
    'מייל',
    'דואל',
    'דוא"ל',
    'דואר אלקטרוני',
    'ایمیل',
    'پست الکترونیک',
    'رایانامه',
    'آدرس ایمیل',
  ],
  // The country of that row's phone when it is written without a country code (ISO region: IR, US…).
  phone_country: [
    'phone country',
    'phone region',
    'country of phone',
    'מדינת טלפון',
    'מדינת הטלפון',
    'کشور تلفن',
  ],
  phone: [
    'phone',
    'mobile',
    'cell',
    'cellphone',
    'mobile phone',
    'phone number',
    'tel',
    'telephone',
    'טלפון',
    'נייד',
    'טלפון נייד',
    'פלאפון',
    'סלולרי',
    'מספר טלפון',
    'تلفن',
    'موبایل',
    'تلفن همراه',
    'شماره تلفن',
    'شماره موبایل',
    'شماره همراه',
    'همراه',
  ],
  first_name: ['first name', 'firstname', 'given name', 'fname', 'שם פרטי', 'نام', 'نام کوچک'],
  last_name: ['last name', 'lastname', 'surname', 'family name', 'lname', 'שם משפחה', 'نام خانوادگی'],
  full_name: ['name', 'full name', 'fullname', 'שם', 'שם מלא', 'نام کامل', 'نام و نام خانوادگی'],
  birthday: [
    'birthday',
    'birth date',
    'birthdate',
    'date of birth',
    'dob',
    'יום הולדת',
    'תאריך לידה',
    'تاریخ تولد',
    'روز تولد',
  ],
  anniversary: ['anniversary', 'wedding anniversary', 'יום נישואין', 'תאריך נישואין', 'سالگرد ازدواج'],
  locale: ['locale', 'language', 'lang', 'שפה', 'زبان'],
  time_zone: ['time zone', 'timezone', 'tz', 'אזור זמן', 'منطقه زمانی'],
  consent_email: [
    'email consent',
    'accepts email',
    'email opt in',
    'consent_email_marketing',
    'newsletter',
    'אישור דיוור',
    'הסכמה לדיוור',
    'מאשר דיוור',
    'رضایت ایمیل',
    'عضویت خبرنامه',
  ],
  consent_sms: [
    'sms consent',
    'accepts sms',
    'sms opt in',
    'consent_sms_marketing',
    'אישור sms',
    'הסכמה לsms',
    'מאשר sms',
    'رضایت پیامک',
  ],
  consent_phone: [
    'phone consent',
    'call consent',
    'accepts calls',
    'consent_phone_marketing',
    'הסכמה לשיחות',
    'מאשר שיחות',
    'رضایت تماس',
  ],
  consent_email_service: ['email service consent', 'service email'],
  consent_sms_service: ['sms service consent', 'service sms'],
  consent_phone_service: ['phone service consent', 'service calls'],
  lists: ['list', 'mailing list', 'רשימה', 'רשימות', 'רשימת תפוצה', 'فهرست', 'لیست'],
};

/** Header text folded for comparison: case, spaces, '-', '_', '.', ':' and invisible direction marks ignored. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g, '')
    .toLowerCase()
    .replace(/[\s_\-.:*]+/g, '')
    .replace(/[״"']/g, '"');
}

const BY_ALIAS = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  BY_ALIAS.set(foldHeader(field), field);
  for (const alias of ALIASES[field]) BY_ALIAS.set(foldHeader(alias), field);
}

const ATTRIBUTE_TARGET = /^attributes\.[a-z][a-z0-9_]{0,63}$/;

function isTarget(name: string): name is ImportTarget {
  return (IMPORT_FIELDS as readonly string[]).includes(name) || ATTRIBUTE_TARGET.test(name);
}

/** Parses "email=E-mail,first_name=שם" into target → header. Commas inside a header: pass an object instead. */
export function parseMapSpec(spec: string | Record<string, string> | undefined): Record<string, string> {
  if (spec === undefined) return {};
  if (typeof spec !== 'string') return spec;
  const map: Record<string, string> = {};
  for (const part of spec.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 1) {
      throw new AppError('invalid_mapping', 400, `Mapping "${part}" should look like field=Header`, { part });
    }
    map[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return map;
}

export interface ColumnMapping {
  /** target → column index */
  columns: Partial<Record<ImportTarget, number>>;
  /** Headers nobody maps: reported so a missed column is noticed in the dry run. */
  ignored: string[];
}

export function mapColumns(header: string[], explicit: Record<string, string> = {}): ColumnMapping {
  const mapping = suggestColumns(header, explicit);
  const identity = ['external_id', 'email', 'phone'] as const;
  if (!identity.some((f) => mapping.columns[f] !== undefined)) {
    throw new AppError(
      'no_identity_column',
      400,
      'No column identifies members: map at least one of external_id, email or phone (e.g. --map email=E-mail)',
      { header },
    );
  }
  return mapping;
}

/** The explicit mapping plus what the headers suggest by themselves; may lack an identity column. */
export function suggestColumns(header: string[], explicit: Record<string, string> = {}): ColumnMapping {
  const columns: Partial<Record<ImportTarget, number>> = {};
  const taken = new Set<number>();
  for (const [target, headerName] of Object.entries(explicit)) {
    if (!isTarget(target)) {
      throw new AppError(
        'invalid_mapping',
        400,
        `Unknown field "${target}" (use one of ${IMPORT_FIELDS.join(', ')} or attributes.<name>)`,
        { field: target },
      );
    }
    const index = header.findIndex((h) => h === headerName || foldHeader(h) === foldHeader(headerName));
    if (index < 0) {
      throw new AppError(
        'mapped_column_missing',
        400,
        `The file has no column "${headerName}" for ${target}`,
        {
          field: target,
          column: headerName,
          header,
        },
      );
    }
    columns[target] = index;
    taken.add(index);
  }
  // Headers spelled as field names first (an exported file has both "id" and "external_id"), then aliases.
  for (const exact of [true, false]) {
    header.forEach((h, index) => {
      if (taken.has(index)) return;
      const field = BY_ALIAS.get(foldHeader(h));
      if (!field || columns[field] !== undefined) return;
      if (exact && foldHeader(h) !== foldHeader(field)) return;
      columns[field] = index;
      taken.add(index);
    });
  }
  if (
    columns.full_name !== undefined &&
    (columns.first_name !== undefined || columns.last_name !== undefined)
  ) {
    // "שם" next to "שם פרטי"/"שם משפחה" is redundant; the split columns are more precise.
    taken.delete(columns.full_name);
    delete columns.full_name;
  }
  const ignored = header.filter((h, i) => !taken.has(i) && !h.startsWith('_'));
  return { columns, ignored };
}
