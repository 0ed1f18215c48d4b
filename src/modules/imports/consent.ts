// What an import does besides writing members: consent (source "import", the import id as reference, the
// consent text configured on the import as the text shown) and list memberships. Both go through the
// membership module, which records only changes: re-running the same import adds nothing.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  addMembersToLists,
  listDirectory,
  listNameKey,
  recordConsentChanges,
  type ConsentChannel,
  type ConsentPurpose,
} from '../membership/index.ts';

export type { ConsentChannel, ConsentPurpose };

/** `email`, `sms`, `phone` (marketing) or `<channel>:service`, as given in the import's `consent` option. */
export type ConsentOption = ConsentChannel | `${ConsentChannel}:${ConsentPurpose}`;

export const CONSENT_OPTION_PATTERN = '^(email|sms|phone)(:(marketing|service))?$';

export interface ConsentFlag {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  granted: boolean;
}

/** The consent a mapped column carries: `consent_sms` is SMS marketing, `consent_sms_service` SMS service. */
export const CONSENT_COLUMNS = {
  consent_email: { channel: 'email', purpose: 'marketing' },
  consent_sms: { channel: 'sms', purpose: 'marketing' },
  consent_phone: { channel: 'phone', purpose: 'marketing' },
  consent_email_service: { channel: 'email', purpose: 'service' },
  consent_sms_service: { channel: 'sms', purpose: 'service' },
  consent_phone_service: { channel: 'phone', purpose: 'service' },
} as const satisfies Record<string, { channel: ConsentChannel; purpose: ConsentPurpose }>;

export type ConsentColumn = keyof typeof CONSENT_COLUMNS;

export function isConsentColumn(target: string): target is ConsentColumn {
  return target in CONSENT_COLUMNS;
}

export function parseConsentOptions(options: readonly string[] | undefined): ConsentFlag[] {
  return (options ?? []).map((option) => {
    const m = new RegExp(CONSENT_OPTION_PATTERN).exec(option.trim());
    if (!m) {
      throw new AppError(
        'invalid_consent_option',
        400,
        `Consent "${option}" should be email, sms or phone, optionally with :marketing or :service`,
      );
    }
    return {
      channel: m[1] as ConsentChannel,
      purpose: (m[3] ?? 'marketing') as ConsentPurpose,
      granted: true,
    };
  });
}

/** Resolves list names (as written in a cell or option) and ids to the program's list ids. */
export class ListNames {
  private constructor(private readonly byKey: Map<string, string>) {}

  static async load(db: Db, programId: string): Promise<ListNames> {
    return new ListNames(await listDirectory(db, programId));
  }

  /** The id of each named list; throws unknown_list naming the first one the program does not have. */
  resolve(names: readonly string[], field: string): string[] {
    return names.map((name) => {
      const id = this.byKey.get(name) ?? this.byKey.get(listNameKey(name));
      if (!id) throw new AppError('unknown_list', 400, `There is no list "${name}"`, { field, list: name });
      return id;
    });
  }
}

/** A cell naming lists: "VIP; הרשמות מהאתר" (separated by ; or |). */
export function splitListCell(raw: string): string[] {
  return raw
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface MemberEffects {
  memberId: string;
  consent: ConsentFlag[];
  listIds: string[];
}

export interface EffectCounts {
  consentRecorded: number;
  consentUnchanged: number;
  consentWithdrawalsKept: number;
  listsAdded: number;
  listsExisting: number;
  /** Rows imported without their phone, which was not valid (option invalidPhone: keep_row). */
  phonesDropped: number;
}

export const NO_EFFECTS: EffectCounts = {
  consentRecorded: 0,
  consentUnchanged: 0,
  consentWithdrawalsKept: 0,
  listsAdded: 0,
  listsExisting: 0,
  phonesDropped: 0,
};

/** Records the batch's consent and list memberships (or, in a dry run, counts what would be recorded). */
export async function applyMemberEffects(
  trx: Db,
  clock: Clock,
  programId: string,
  entries: readonly MemberEffects[],
  details: { text: string | undefined; importId: string; dryRun: boolean },
): Promise<EffectCounts> {
  const consent = await recordConsentChanges(
    trx,
    clock,
    programId,
    entries.flatMap((e) =>
      e.consent.map((c) => ({
        programId,
        memberId: e.memberId,
        channel: c.channel,
        purpose: c.purpose,
        status: c.granted ? ('granted' as const) : ('withdrawn' as const),
        source: 'import' as const,
        sourceRef: details.importId,
        textShown: details.text ?? null,
        recordedBy: `import:${details.importId}`,
      })),
    ),
    { dryRun: details.dryRun },
  );
  const lists = await addMembersToLists(trx, clock, {
    programId,
    entries,
    source: 'import',
    sourceRef: details.importId,
    dryRun: details.dryRun,
  });
  return {
    consentRecorded: consent.recorded,
    consentUnchanged: consent.unchanged,
    consentWithdrawalsKept: consent.withdrawalsKept,
    listsAdded: lists.added,
    listsExisting: lists.existing,
    phonesDropped: 0,
  };
}

export function addEffects(a: EffectCounts, b: EffectCounts): EffectCounts {
  return {
    consentRecorded: a.consentRecorded + b.consentRecorded,
    consentUnchanged: a.consentUnchanged + b.consentUnchanged,
    consentWithdrawalsKept: a.consentWithdrawalsKept + b.consentWithdrawalsKept,
    listsAdded: a.listsAdded + b.listsAdded,
    listsExisting: a.listsExisting + b.listsExisting,
    phonesDropped: a.phonesDropped + b.phonesDropped,
  };
}
