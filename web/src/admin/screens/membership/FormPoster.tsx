// A printable QR poster for a signup form: one panel per language of the form (its title and "scan to join" in
// that language, in its direction), the QR code to the hosted form and its address; printed on A4.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import { Link } from '../../../shared/components/Icon.tsx';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { translate, useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { SignupForm } from './types.ts';
import './membership.css';

export function FormPoster(props: { formId: string }) {
  const { t } = useI18n();
  const program = useProgram();
  const form = useResource(
    (signal) => api.get<SignupForm>(program.api(`/forms/${props.formId}`), { signal }),
    [props.formId],
  );
  const [qr, setQr] = useState<string>();
  const hosted = form.data?.urls.hosted;
  useEffect(() => {
    if (!hosted) return;
    let live = true;
    void QRCode.toDataURL(hosted, { errorCorrectionLevel: 'M', margin: 1, width: 600 }).then(
      (url) => live && setQr(url),
    );
    return () => {
      live = false;
    };
  }, [hosted]);
  if (form.error) return <ErrorState error={form.error} onRetry={form.reload} />;
  if (!form.data) return <Loading />;
  const { definition, name } = form.data;
  return (
    <>
      <div className="btn-row no-print">
        <Link className="btn" to={program.link(`/forms/${props.formId}`)}>
          {t('poster.back')}
        </Link>
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t('poster.print')}
        </button>
      </div>
      <article className="poster" aria-label={t('poster.title')}>
        <p className="poster-club">{program.name}</p>
        {definition.locales.map((locale) => (
          <section key={locale} lang={locale} dir={locale === 'en' ? 'ltr' : 'rtl'} className="poster-lang">
            <h1>{definition.title?.[locale] || name}</h1>
            <p>{translate(locale, 'poster.scan')}</p>
          </section>
        ))}
        {qr && <img src={qr} alt={t('poster.qrAlt')} className="poster-qr" data-testid="poster-qr" />}
        <p className="poster-url ltr">{hosted}</p>
      </article>
    </>
  );
}
