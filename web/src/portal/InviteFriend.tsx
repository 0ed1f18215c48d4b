// "Invite a friend": the member's referral link and code, a QR code of the link, share buttons (WhatsApp,
// Telegram, SMS, e-mail, copy), the offer in words and their progress.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { ErrorState, Loading, ProgressBar } from '../shared/components/states.tsx';
import { useResource } from '../shared/hooks.ts';
import { useI18n } from '../shared/i18n/index.tsx';

interface MemberReferral {
  code: string;
  link: string;
  visits: number;
  joined: number;
  pending: number;
  qualified: number;
  pointsEarned: number;
  ambassador: { after: number; reached: boolean } | null;
  offer: {
    enabled: boolean;
    referrerPoints: number;
    refereePoints: number;
    minPurchase: number;
    qualifyWithinDays: number;
  };
}

const DEVICE_KEY = 'moadon.device';
/** A random id for this browser, so a "friend" joining from the member's own device is recognised. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export function InviteFriend(props: { programName: string; currency: string }) {
  const { t, number, money } = useI18n();
  const referral = useResource(
    (signal) => api.get<MemberReferral>(`/api/portal/referral?device=${deviceId()}`, { signal }),
    [],
  );
  const [qr, setQr] = useState<string>();
  const [copied, setCopied] = useState(false);
  const link = referral.data?.link;
  useEffect(() => {
    if (!link) return;
    let live = true;
    void QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 1, width: 220 }).then(
      (url) => live && setQr(url),
    );
    return () => {
      live = false;
    };
  }, [link]);

  if (referral.error) return <ErrorState error={referral.error} onRetry={referral.reload} />;
  if (!referral.data) return <Loading />;
  const r = referral.data;
  if (!r.offer.enabled) return null;
  const message = t('referrals.shareText', { club: props.programName, link: r.link });
  const encoded = encodeURIComponent(message);
  const shares = [
    { id: 'whatsapp', href: `https://wa.me/?text=${encoded}` },
    {
      id: 'telegram',
      href: `https://t.me/share/url?url=${encodeURIComponent(r.link)}&text=${encodeURIComponent(t('referrals.shareShort', { club: props.programName }))}`,
    },
    { id: 'sms', href: `sms:?&body=${encoded}` },
    {
      id: 'email',
      href: `mailto:?subject=${encodeURIComponent(t('referrals.shareSubject', { club: props.programName }))}&body=${encoded}`,
    },
  ] as const;

  return (
    <section className="card invite" aria-labelledby="invite-title" data-testid="portal-invite">
      <h2 id="invite-title">{t('referrals.inviteTitle')}</h2>
      <p>
        {t('referrals.offer', {
          you: number(r.offer.referrerPoints),
          friend: number(r.offer.refereePoints),
          min: money(r.offer.minPurchase, props.currency),
          days: r.offer.qualifyWithinDays,
        })}
      </p>
      <div className="invite-link">
        {qr && <img src={qr} alt={t('referrals.qrAlt')} width={160} height={160} data-testid="invite-qr" />}
        <div>
          <p>
            {t('referrals.yourCode')}{' '}
            <strong className="num" dir="ltr" data-testid="invite-code">
              {r.code}
            </strong>
          </p>
          <input
            className="input num"
            dir="ltr"
            readOnly
            value={r.link}
            aria-label={t('referrals.yourLink')}
            data-testid="invite-link"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      </div>
      <div className="share-buttons">
        {shares.map((s) => (
          <a
            key={s.id}
            className="btn"
            href={s.href}
            target="_blank"
            rel="noopener noreferrer"
            data-share={s.id}
          >
            {t(`referrals.share.${s.id}`)}
          </a>
        ))}
        <button
          type="button"
          className="btn"
          data-share="copy"
          onClick={() => {
            void navigator.clipboard?.writeText(r.link).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t('referrals.copied') : t('referrals.share.copy')}
        </button>
      </div>
      <dl className="invite-progress" data-testid="invite-progress">
        <div>
          <dt>{t('referrals.visits')}</dt>
          <dd className="num">{number(r.visits)}</dd>
        </div>
        <div>
          <dt>{t('referrals.joined')}</dt>
          <dd className="num" data-testid="invite-joined">
            {number(r.joined)}
          </dd>
        </div>
        <div>
          <dt>{t('referrals.qualified')}</dt>
          <dd className="num" data-testid="invite-qualified">
            {number(r.qualified)}
          </dd>
        </div>
        <div>
          <dt>{t('referrals.pointsEarned')}</dt>
          <dd className="num" data-testid="invite-points">
            {number(r.pointsEarned)}
          </dd>
        </div>
      </dl>
      {r.ambassador &&
        (r.ambassador.reached ? (
          <p className="notice notice-success">{t('referrals.ambassadorReached')}</p>
        ) : (
          <ProgressBar
            value={r.qualified}
            max={r.ambassador.after}
            label={t('referrals.ambassadorProgress', { count: r.qualified, after: r.ambassador.after })}
          />
        ))}
    </section>
  );
}
