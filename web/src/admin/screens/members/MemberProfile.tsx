import { useState } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { ledgerSentence } from '../../../shared/ledger.ts';
import { useProgramDetails } from '../../program-details.ts';
import { useProgram } from '../../session.tsx';
import { tierName, useTiers } from '../../tiers.ts';
import { AdjustPoints } from './AdjustPoints.tsx';
import { DeleteMember } from './DeleteMember.tsx';
import { MergeMember } from './MergeMember.tsx';
import { MemberConsents } from './MemberConsents.tsx';
import { MemberMessages } from '../deliverability/MemberMessages.tsx';
import { MemberPurchases } from './MemberPurchases.tsx';
import { displayName, type Account, type LedgerEntry, type Member } from './types.ts';

interface MemberEvent {
  id: string;
  type: string;
  name: string | null;
  occurredAt: string;
}

type Tab = 'ledger' | 'purchases' | 'events' | 'consents' | 'messages';

export function MemberProfile(props: { memberId: string }) {
  const i18n = useI18n();
  const { t, date, number, locale } = i18n;
  const details = useProgramDetails();
  const program = useProgram();
  const tiers = useTiers();
  const [tab, setTab] = useState<Tab>('ledger');
  const [version, setVersion] = useState(0);
  const base = program.api(`/members/${props.memberId}`);
  const member = useResource((signal) => api.get<Member>(base, { signal }), [base]);
  const account = useResource(
    (signal) =>
      program.can('loyalty:read')
        ? api.get<Account>(`${base}/account`, { signal })
        : Promise.resolve(undefined),
    [base, version],
  );

  if (member.error) return <ErrorState error={member.error} onRetry={member.reload} />;
  if (!member.data) return <Loading />;
  const m = member.data;
  const a = account.data;
  const tabs: { id: Tab; label: MessageKey }[] = [
    { id: 'ledger', label: 'member.ledger' },
    ...(program.can('loyalty:read')
      ? [{ id: 'purchases' as const, label: 'member.purchases' as const }]
      : []),
    { id: 'events', label: 'member.events' },
    ...(program.can('membership:read')
      ? [{ id: 'consents' as const, label: 'member.consents' as const }]
      : []),
    ...(program.can('messaging:read')
      ? [{ id: 'messages' as const, label: 'member.messages' as const }]
      : []),
  ];
  return (
    <>
      <p>
        <Link to={program.link('/members')}>
          <Icon name="arrow-back" /> {t('nav.members')}
        </Link>
      </p>
      <PageHead title={displayName(m)}>
        {program.can('members:write') && (
          <Link to={program.link(`/members/${m.id}/edit`)} className="btn">
            {t('memberEdit.open')}
          </Link>
        )}
        {program.can('members:delete') && (
          <MergeMember
            member={m}
            onMerged={() => {
              member.reload();
              setVersion((v) => v + 1);
            }}
          />
        )}
        {program.can('members:delete') && <DeleteMember member={m} />}
        {program.can('points:adjust') && (
          <AdjustPoints memberId={m.id} onDone={() => setVersion((v) => v + 1)} />
        )}
      </PageHead>
      {a && (
        <div className="kpis" aria-live="polite">
          <div className="card kpi">
            <div className="label">{t('member.available')}</div>
            <div className="value num" data-testid="available-points">
              {number(a.available)}
            </div>
          </div>
          <div className="card kpi">
            <div className="label">{t('member.pending')}</div>
            <div className="value num">{number(a.pending)}</div>
          </div>
          <div className="card kpi">
            <div className="label">{t('member.expiringSoon')}</div>
            <div className="value num">{number(a.expiringSoon.points)}</div>
            {a.expiringSoon.firstAt && <div className="muted">{date(a.expiringSoon.firstAt)}</div>}
          </div>
          <div className="card kpi">
            <div className="label">{t('member.tier')}</div>
            <div className="value" data-testid="member-tier">
              {tierName(tiers, a.tier, locale)}
            </div>
          </div>
          <div className="card kpi">
            <div className="label">{t('member.lifetime')}</div>
            <div className="value num">{number(a.lifetimeEarned)}</div>
          </div>
        </div>
      )}
      {account.error !== undefined && <ErrorState error={account.error} onRetry={account.reload} />}
      <section className="card" aria-label={t('member.details')}>
        <dl className="form-grid">
          {(
            [
              ['members.email', m.email, true],
              ['members.phone', m.phone, true],
              ['members.externalId', m.externalId, true],
              ['members.birthday', m.birthday ? date(m.birthday) : null, false],
              ['members.joined', date(m.createdAt), false],
              ['members.source', labelOf(t, 'memberSource', m.source), false],
            ] as const
          ).map(([label, value, ltr]) => (
            <div key={label}>
              <dt className="muted">{t(label)}</dt>
              <dd style={{ marginInlineStart: 0 }} className={ltr ? 'ltr' : undefined}>
                {value || '—'}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            data-tab={x.id}
            aria-selected={tab === x.id}
            onClick={() => setTab(x.id)}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      <div className="card" role="tabpanel">
        {tab === 'purchases' ? (
          <MemberPurchases base={base} />
        ) : tab === 'consents' ? (
          <MemberConsents base={base} />
        ) : tab === 'messages' ? (
          <MemberMessages memberId={props.memberId} />
        ) : tab === 'ledger' ? (
          <DataTable<LedgerEntry>
            caption={t('member.ledger')}
            resetKey={String(version)}
            rowKey={(e) => String(e.id)}
            emptyTitle={t('member.ledgerEmpty')}
            fetchPage={(cursor, signal) =>
              api.get(`${base}/ledger${query({ limit: 20, cursor })}`, { signal })
            }
            columns={[
              { key: 'when', header: t('member.when'), render: (e) => date(e.occurredAt, 'dateTime') },
              {
                key: 'kind',
                header: t('member.kind'),
                render: (e) => <span className="badge">{t(`ledger.${e.kind}`)}</span>,
              },
              {
                key: 'reason',
                header: t('member.reason'),
                render: (e) => ledgerSentence(i18n, e, details?.currency ?? 'ILS'),
              },
              {
                key: 'points',
                header: t('member.points'),
                align: 'end',
                render: (e) => <span dir="ltr">{number(e.points, { signDisplay: 'exceptZero' })}</span>,
              },
            ]}
          />
        ) : (
          <DataTable<MemberEvent>
            caption={t('member.events')}
            rowKey={(e) => e.id}
            emptyTitle={t('member.eventsEmpty')}
            fetchPage={(cursor, signal) =>
              api.get(`${base}/events${query({ limit: 20, cursor })}`, { signal })
            }
            columns={[
              { key: 'when', header: t('member.when'), render: (e) => date(e.occurredAt, 'dateTime') },
              { key: 'type', header: t('member.kind'), render: (e) => <code className="ltr">{e.type}</code> },
              {
                key: 'name',
                header: t('member.eventName'),
                render: (e) => <span className="ltr">{e.name}</span>,
              },
            ]}
          />
        )}
      </div>
    </>
  );
}
