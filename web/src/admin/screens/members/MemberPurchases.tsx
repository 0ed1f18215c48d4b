// A member's purchases with their refund state (GET …/members/:id/purchases, server-paged); a purchase not yet
// refunded in full can be refunded from its row (purchases:write).
import { useState } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { Notice } from '../../../shared/components/states.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { useProgram } from '../../session.tsx';
import { RefundPurchase } from './RefundPurchase.tsx';

interface ListedPurchase {
  id: string;
  orderId: string;
  total: number;
  currency: string;
  channel: string | null;
  occurredAt: string;
  points: number;
  refundedTotal: number;
  pointsReversed: number;
  refundState: 'none' | 'partial' | 'full';
}

const BADGE = { none: 'badge', partial: 'badge badge-warning', full: 'badge badge-danger' } as const;

export function MemberPurchases(props: {
  base: string;
  limit?: number;
  /** Changing it reloads the first page (a sale just recorded). */
  version?: number;
  onChange?(): void;
}) {
  const { t, date, number, money } = useI18n();
  const program = useProgram();
  const [refunded, setRefunded] = useState<{ message: string; version: number }>();
  const canRefund = program.can('purchases:write');
  return (
    <>
      {refunded && <Notice kind="success">{refunded.message}</Notice>}
      <DataTable<ListedPurchase>
        caption={t('member.purchases')}
        rowKey={(p) => p.id}
        resetKey={`${props.version ?? 0}-${refunded?.version ?? 0}`}
        emptyTitle={t('member.purchasesEmpty')}
        fetchPage={(cursor, signal) =>
          api.get(`${props.base}/purchases${query({ limit: props.limit ?? 20, cursor })}`, { signal })
        }
        columns={[
          { key: 'when', header: t('member.when'), render: (p) => date(p.occurredAt, 'dateTime') },
          {
            key: 'order',
            header: t('member.order'),
            render: (p) => <code className="ltr">{p.orderId}</code>,
          },
          {
            key: 'total',
            header: t('member.total'),
            align: 'end',
            render: (p) => money(p.total, p.currency),
          },
          {
            key: 'points',
            header: t('member.points'),
            align: 'end',
            render: (p) => (
              <span dir="ltr">{number(p.points - p.pointsReversed, { signDisplay: 'exceptZero' })}</span>
            ),
          },
          {
            key: 'refunds',
            header: t('member.refunds'),
            render: (p) => (
              <span className={BADGE[p.refundState]} data-refund-state={p.refundState}>
                {p.refundState === 'partial'
                  ? t('refund.partial', { amount: money(p.refundedTotal, p.currency) })
                  : t(`refund.${p.refundState}`)}
              </span>
            ),
          },
          {
            key: 'channel',
            header: t('member.channel'),
            render: (p) => (p.channel ? labelOf(t, 'channel', p.channel) : '—'),
          },
          ...(canRefund
            ? [
                {
                  key: 'actions',
                  header: t('refund.open'),
                  render: (p: ListedPurchase) =>
                    p.refundState === 'full' ? null : (
                      <RefundPurchase
                        purchase={p}
                        onDone={(message) => {
                          setRefunded((r) => ({ message, version: (r?.version ?? 0) + 1 }));
                          props.onChange?.();
                        }}
                      />
                    ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
