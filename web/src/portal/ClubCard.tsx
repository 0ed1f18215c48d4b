import { useState } from 'react';
import { api, setCsrfToken } from '../shared/api.ts';
import { CheckboxField } from '../shared/components/forms.tsx';
import { EmptyState, Notice, ProgressBar, errorMessage } from '../shared/components/states.tsx';
import { useI18n } from '../shared/i18n/index.tsx';
import { localName } from '../shared/labels.ts';
import { ledgerSentence } from '../shared/ledger.ts';
import { InviteFriend } from './InviteFriend.tsx';
import { PortalRewards } from './Rewards.tsx';
import type { PortalConsent, PortalMe } from './types.ts';
import { MemberCard } from './MemberCard.tsx';

export function ClubCard(props: { me: PortalMe; onChange(me: PortalMe): void; onSignedOut(): void }) {
  const i18n = useI18n();
  const { t, number, date, money, locale } = i18n;
  const { me } = props;
  const { loyalty } = me;
  const [notice, setNotice] = useState<{ ok?: boolean; error?: unknown }>();
  const name = me.member.firstName;
  const metricValue = (v: number) =>
    loyalty.nextTier?.metric === 'spend' ? money(v, me.program.currency) : number(v);

  async function setConsent(channel: PortalConsent['channel'], granted: boolean) {
    try {
      const res = await api.patch<{ preferences: PortalMe['preferences'] }>('/api/portal/me', {
        consents: [{ channel, granted }],
        shownLocale: locale,
      });
      props.onChange({ ...me, preferences: res.preferences });
      setNotice({ ok: true });
    } catch (error) {
      setNotice({ error });
    }
  }

  async function refreshMe() {
    const fresh = await api.get<PortalMe>('/api/portal/me').catch(() => undefined);
    if (fresh) props.onChange(fresh);
  }

  async function logout() {
    await api.post('/api/portal/logout').catch(() => undefined);
    setCsrfToken(undefined);
    props.onSignedOut();
  }

  return (
    <>
      <section className="card balance-card" aria-labelledby="balance-title">
        <p className="muted">{me.program.name}</p>
        <h1>{name ? t('portal.hello', { name }) : t('portal.helloAnonymous')}</h1>
        <h2 id="balance-title" className="muted" style={{ fontSize: '1rem' }}>
          {t('portal.balance')}
        </h2>
        <p className="balance num" data-testid="portal-balance">
          {number(loyalty.available)}
        </p>
        {loyalty.pending > 0 && <p>{t('portal.pending', { points: loyalty.pending })}</p>}
        {loyalty.expiringSoon.points > 0 && loyalty.expiringSoon.firstAt && (
          <p className="badge badge-warning">
            {t('portal.expiring', {
              points: loyalty.expiringSoon.points,
              date: date(loyalty.expiringSoon.firstAt),
            })}
          </p>
        )}
      </section>
      <MemberCard memberId={me.member.id} name={name ?? me.program.name} />
      <section className="card" aria-labelledby="tier-title">
        <h2 id="tier-title">
          {t('portal.tier')}: {loyalty.tier ? localName(loyalty.tier, locale) : '—'}
        </h2>
        {loyalty.nextTier ? (
          <ProgressBar
            value={Math.min(loyalty.nextTier.current, loyalty.nextTier.threshold)}
            max={loyalty.nextTier.threshold}
            label={t('portal.nextTier', {
              remaining: metricValue(Math.max(0, loyalty.nextTier.threshold - loyalty.nextTier.current)),
              tier: localName(loyalty.nextTier, locale),
            })}
          />
        ) : (
          <p>{t('portal.topTier')}</p>
        )}
      </section>
      <PortalRewards currency={me.program.currency} onRedeemed={() => void refreshMe()} />
      <InviteFriend programName={me.program.name} currency={me.program.currency} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('portal.history')}</h2>
        {loyalty.history.length === 0 ? (
          <EmptyState title={t('portal.historyEmpty')} />
        ) : (
          <ul className="history">
            {loyalty.history.map((e) => (
              <li key={e.id}>
                <div>
                  <div>{ledgerSentence(i18n, e, me.program.currency)}</div>
                  <div className="muted">{date(e.occurredAt)}</div>
                </div>
                <span className={`num ${e.points < 0 ? 'minus' : 'plus'}`} dir="ltr">
                  {number(e.points, { signDisplay: 'exceptZero' })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="prefs-title">
        <h2 id="prefs-title">{t('portal.preferences')}</h2>
        {notice?.ok && <Notice kind="success">{t('portal.saved')}</Notice>}
        {notice?.error !== undefined && <Notice kind="error">{errorMessage(notice.error, t)}</Notice>}
        <fieldset className="consents" data-testid="portal-consents">
          <legend>{t('portal.consentsTitle')}</legend>
          {me.preferences.consents.map((c) => (
            <div key={c.channel} data-channel={c.channel} data-status={c.status ?? 'none'}>
              <CheckboxField
                label={c.text[locale]}
                checked={c.status === 'granted'}
                onChange={(e) => void setConsent(c.channel, e.target.checked)}
              />
              <p className="muted hint">
                {c.status === null || !c.recordedAt
                  ? t('portal.consentNever')
                  : t(c.status === 'granted' ? 'portal.consentGiven' : 'portal.consentWithdrawn', {
                      date: date(c.recordedAt),
                    })}
              </p>
            </div>
          ))}
          <p className="muted">{t('portal.consentsService')}</p>
        </fieldset>
        <p className="muted">{t('portal.memberSince', { date: date(me.member.memberSince) })}</p>
        <button type="button" className="btn" onClick={() => void logout()}>
          {t('portal.logout')}
        </button>
      </section>
    </>
  );
}
