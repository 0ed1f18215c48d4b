import type { ConsentOption } from './consent.ts';

/** What the user chose for an import; stored with it so a resumed run behaves the same. */
export interface ImportOptions {
  /** target field → CSV header, on top of the automatic mapping. */
  map?: Record<string, string>;
  /** ISO region for phones written without a country code; default the program's region. */
  region?: string;
  /**
   * A phone that is not valid (for the row's `phone_country`, or else `region`): 'reject' the whole row (the
   * default), or 'keep_row' — import the row's other fields without the phone, and list the row in the error
   * file with the reason so the phone can be fixed and imported again.
   */
  invalidPhone?: 'reject' | 'keep_row';
  /** 'auto' | 'utf8' | 'windows-1255' | … as requested (the resolved one is the import's `encoding`). */
  encoding?: string;
  /** Every imported member consents to these (`email`, `sms:service`…; source "import"). */
  consent?: ConsentOption[];
  /** The consent text the members agreed to, kept as proof. */
  consentText?: string;
  /** Add every imported member to these lists (names or ids). */
  lists?: string[];
}
