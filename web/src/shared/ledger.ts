// A points movement as a sentence for people ("Purchase #0021 · ₪42.00", "Welcome bonus: on joining the club")
// instead of the ledger's internal reason ("purchase demo-0021-1", "event signup"). Reasons staff typed
// (adjustments, redemptions) are shown as they were written.
import type { I18n, MessageKey } from './i18n/index.tsx';
import { hasMessage } from './i18n/index.tsx';
import { isolate } from './format.ts';

export interface LedgerLine {
  kind: string;
  reason: string;
  details?: Record<string, unknown> | undefined;
}

export function ledgerSentence(i18n: Pick<I18n, 't' | 'money'>, line: LedgerLine, currency: string): string {
  const { t, money } = i18n;
  const d = line.details ?? {};
  const orderId = typeof d.orderId === 'string' ? d.orderId : undefined;
  const amount = typeof d.total === 'number' ? d.total : typeof d.amount === 'number' ? d.amount : undefined;
  if (orderId && line.kind === 'earn')
    return amount === undefined
      ? t('ledger.purchase', { order: isolate(orderId) })
      : t('ledger.purchaseAmount', { order: isolate(orderId), amount: money(amount, currency) });
  if (orderId && line.kind === 'reverse') return t('ledger.refund', { order: isolate(orderId) });
  if (typeof d.event === 'string') {
    const key = `rule.event.${d.event}`;
    return t('ledger.eventBonus', {
      event: hasMessage(key) ? t(key as MessageKey) : t('rule.event.custom', { event: isolate(d.event) }),
    });
  }
  if (line.kind === 'expire') return t('ledger.expired');
  if (line.reason === 'transfer sent') return t('ledger.transferSent');
  if (line.reason === 'transfer received') return t('ledger.transferReceived');
  return line.reason || t(`ledger.${line.kind}` as MessageKey);
}
