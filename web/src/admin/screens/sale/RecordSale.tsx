// Record a sale at the till (admin, any role with purchases:write and members:read — the cashier role has
// little else): find the member, enter the amount and optional items, see the points earned and the new
// balance; the member's recent purchases below can be refunded from their row.
import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, Loading, Notice } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { formatPhone } from '../../../shared/phone.ts';
import { useProgramDetails } from '../../program-details.ts';
import { useProgram } from '../../session.tsx';
import { tierName, useTiers } from '../../tiers.ts';
import { MemberPurchases } from '../members/MemberPurchases.tsx';
import { displayName, type Account, type Member } from '../members/types.ts';
import { MemberFinder } from './MemberFinder.tsx';
import { SaleForm, type RecordedSale } from './SaleForm.tsx';
import './sale.css';

export function RecordSale() {
  const { t } = useI18n();
  const program = useProgram();
  const [member, setMember] = useState<Member>();
  const [sale, setSale] = useState(0);
  if (!program.can('members:read')) return <EmptyState title={t('sale.noAccess')} />;
  return (
    <div className="sale">
      <PageHead title={t('sale.title')} />
      {member ? (
        <SaleForMember
          key={`${member.id}-${sale}`}
          member={member}
          onNext={() => {
            setMember(undefined);
            setSale((n) => n + 1);
          }}
        />
      ) : (
        <MemberFinder onFound={setMember} />
      )}
    </div>
  );
}

function SaleForMember(props: { member: Member; onNext(): void }) {
  const { t, money, locale } = useI18n();
  const program = useProgram();
  const details = useProgramDetails();
  const tiers = useTiers();
  const { member } = props;
  const base = program.api(`/members/${member.id}`);
  const [recorded, setRecorded] = useState<RecordedSale>();
  const [version, setVersion] = useState(0);
  const account = useResource((signal) => api.get<Account>(`${base}/account`, { signal }), [base, version]);
  if (!details) return <Loading />;
  const a = account.data;
  const done = (s: RecordedSale) => {
    setRecorded(s);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <section className="card sale-member" aria-labelledby="sale-member-name" data-testid="sale-member">
        <div>
          <div className="muted">{t('sale.member')}</div>
          <h2 id="sale-member-name">
            <Link to={program.link(`/members/${member.id}`)}>{displayName(member)}</Link>
          </h2>
          <span className="ltr muted">{formatPhone(member.phone, details.defaultRegion)}</span>
        </div>
        {a && (
          <div className="sale-balance" data-testid="sale-balance">
            <div className="value num">{t('sale.balance', { points: a.available })}</div>
            {a.pending > 0 && <div className="muted">{t('sale.pending', { points: a.pending })}</div>}
            {a.tier && <span className="badge">{tierName(tiers, a.tier, locale)}</span>}
          </div>
        )}
        <button type="button" className="btn" onClick={props.onNext}>
          {recorded ? t('sale.next') : t('sale.change')}
        </button>
      </section>
      {recorded ? (
        <div aria-live="polite" data-testid="sale-result">
          <Notice kind="success">
            {t('sale.recorded', {
              amount: money(recorded.total, recorded.currency),
              name: displayName(member),
              points: recorded.points,
            })}{' '}
            {a && t('sale.newBalance', { points: a.available })}
            {a && a.pending > 0 && <> {t('sale.pendingNote')}</>}
          </Notice>
          <button
            type="button"
            className="btn btn-primary"
            style={{ marginBlockEnd: 'var(--space-3)' }}
            onClick={props.onNext}
            autoFocus
          >
            {t('sale.next')}
          </button>
        </div>
      ) : (
        <SaleForm memberId={member.id} currency={details.currency} onRecorded={done} />
      )}
      <section className="card" aria-labelledby="sale-recent">
        <h2 id="sale-recent">{t('sale.recent')}</h2>
        <MemberPurchases base={base} limit={5} version={version} onChange={() => setVersion((v) => v + 1)} />
      </section>
    </>
  );
}
