// The members of one list, a page at a time from the server.
import { useState } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { SelectField } from '../../../shared/components/forms.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { useProgram } from '../../session.tsx';
import type { ListSubscriber, MailingList } from './types.ts';

export function ListMembers(props: { listId: string }) {
  const { t, date } = useI18n();
  const program = useProgram();
  const [status, setStatus] = useState<'subscribed' | 'unsubscribed' | ''>('subscribed');
  const list = useResource(
    (signal) => api.get<MailingList>(program.api(`/lists/${props.listId}`), { signal }),
    [props.listId],
  );
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const name = (s: ListSubscriber) =>
    [s.member?.firstName, s.member?.lastName].filter(Boolean).join(' ') ||
    s.member?.email ||
    s.member?.phone ||
    t('lists.deletedMember');
  return (
    <>
      <p>
        <Link to={program.link('/lists')}>
          <Icon name="arrow-back" /> {t('nav.lists')}
        </Link>
      </p>
      <PageHead title={list.data.name} />
      <p className="muted">{t('lists.subscribedCount', { count: list.data.subscribedCount })}</p>
      <div className="card" style={{ maxInlineSize: '20rem' }}>
        <SelectField
          label={t('lists.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as typeof status)}
          options={[
            { value: 'subscribed', label: t('lists.status.subscribed') },
            { value: 'unsubscribed', label: t('lists.status.unsubscribed') },
            { value: '', label: t('lists.status.all') },
          ]}
        />
      </div>
      <div className="card">
        <DataTable<ListSubscriber>
          caption={t('lists.membersOf', { name: list.data.name })}
          resetKey={status}
          rowKey={(s) => s.memberId}
          emptyTitle={t('lists.noMembers')}
          fetchPage={(cursor, signal) =>
            api.get(program.api(`/lists/${props.listId}/members${query({ limit: 25, cursor, status })}`), {
              signal,
            })
          }
          columns={[
            {
              key: 'name',
              header: t('members.name'),
              render: (s) =>
                s.member ? <Link to={program.link(`/members/${s.memberId}`)}>{name(s)}</Link> : name(s),
            },
            {
              key: 'email',
              header: t('members.email'),
              render: (s) => <span className="ltr">{s.member?.email}</span>,
            },
            {
              key: 'phone',
              header: t('members.phone'),
              render: (s) => <span className="ltr">{s.member?.phone}</span>,
            },
            {
              key: 'status',
              header: t('lists.status'),
              render: (s) => (
                <span className={`badge ${s.status === 'subscribed' ? 'badge-success' : 'badge-warning'}`}>
                  {t(`lists.status.${s.status}`)}
                </span>
              ),
            },
            {
              key: 'source',
              header: t('members.source'),
              render: (s) => labelOf(t, 'consent.sourceName', s.source),
            },
            { key: 'since', header: t('lists.since'), render: (s) => date(s.subscribedAt, 'shortDate') },
          ]}
        />
      </div>
    </>
  );
}
