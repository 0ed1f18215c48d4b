// The one place where an import records consent (source "import"). Consent records belong to the
// membership module; until it offers them, imports that carry consent are refused up front rather than
// silently dropping the consent.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';

export type ConsentChannel = 'email' | 'sms';

export interface ImportConsent {
  memberId: string;
  channel: ConsentChannel;
  granted: boolean;
}

export const consentRecordingAvailable = false;

export function assertConsentRecordable(): void {
  if (!consentRecordingAvailable) {
    throw new AppError(
      'consent_not_supported',
      422,
      'Consent cannot be imported yet: remove the consent columns/options, or import them after upgrading',
    );
  }
}

export async function recordImportConsent(
  _trx: Db,
  _clock: Clock,
  _programId: string,
  entries: ImportConsent[],
  _details: { text: string | undefined; importId: string },
): Promise<void> {
  if (entries.length) assertConsentRecordable();
}
