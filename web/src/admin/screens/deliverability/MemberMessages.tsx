// The member's messages with their status and, when one was not sent, why (on the member profile).
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { useProgram } from '../../session.tsx';
import { statusBadge, type MessageRow } from './types.tsx';

export function MemberMessages(props: { memberId: string }) {
  const { t, date } = useI18n();
  const program = useProgram();
  const why = (m: MessageRow): string => {
    if (m.status === 'outbox') return t('msg.why.outbox');
    if (m.status === 'suppressed') {
      const reason = /\((\w+)\)/.exec(m.lastError ?? m.why ?? '')?.[1] ?? 'manual';
      return t('msg.why.suppressed', { reason: labelOf(t, 'deliv.reason', reason) });
    }
    if (['failed', 'bounced', 'complained'].includes(m.status)) return m.lastError ?? m.why ?? '';
    return '';
  };
  return (
    <div data-testid="member-messages">
      <DataTable<MessageRow>
        caption={t('member.messages')}
        rowKey={(m) => m.id}
        emptyTitle={t('member.messagesEmpty')}
        fetchPage={async (cursor, signal) => {
          const page = await api.get<{ items: MessageRow[]; nextCursor: string | null }>(
            program.api(`/messages${query({ memberId: props.memberId, limit: 20, cursor })}`),
            { signal },
          );
          // "Not sent" is explained by the status history's last word (e.g. "address suppressed (bounce)").
          const items = await Promise.all(
            page.items.map(async (m) => {
              if (m.status !== 'suppressed') return m;
              const full = await api.get<{ history: { detail: string | null }[] }>(
                program.api(`/messages/${m.id}`),
                { signal },
              );
              return { ...m, why: full.history.at(-1)?.detail ?? null };
            }),
          );
          return { items, nextCursor: page.nextCursor };
        }}
        columns={[
          { key: 'when', header: t('msg.when'), render: (m) => date(m.createdAt, 'dateTime') },
          { key: 'channel', header: t('msg.channel'), render: (m) => labelOf(t, 'msg.channel', m.channel) },
          { key: 'subject', header: t('msg.subject'), render: (m) => m.subject ?? m.text.slice(0, 80) },
          { key: 'status', header: t('msg.status'), render: (m) => statusBadge(t, m.status) },
          { key: 'why', header: t('msg.why'), render: (m) => <span data-testid="why">{why(m)}</span> },
        ]}
      />
    </div>
  );
}
