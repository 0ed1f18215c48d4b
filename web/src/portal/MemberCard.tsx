// The member card: a QR code the till scans (it finds the member by the id it carries, shared/member-card.ts).
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useI18n } from '../shared/i18n/index.tsx';
import { memberCardText } from '../shared/member-card.ts';

export function MemberCard(props: { memberId: string; name: string }) {
  const { t } = useI18n();
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(memberCardText(props.memberId), {
      errorCorrectionLevel: 'M',
      margin: 1,
      width: 220,
    }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [props.memberId]);
  return (
    <section className="card member-card" aria-labelledby="member-card-title">
      <h2 id="member-card-title">{t('portal.card.title')}</h2>
      <p className="muted">{t('portal.card.hint')}</p>
      {qr && (
        <img
          src={qr}
          width={180}
          height={180}
          alt={t('portal.card.alt', { name: props.name })}
          data-testid="member-card-qr"
        />
      )}
    </section>
  );
}
