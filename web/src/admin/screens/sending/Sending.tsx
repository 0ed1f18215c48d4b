// E-mail sending: the program's sending domains with the DKIM record to publish and the deliverability panel,
// the SMTP servers for marketing and transactional mail, and the tracking switches.
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { Domains } from './Domains.tsx';
import { TrackingSettings } from './TrackingSettings.tsx';
import { Transports } from './Transports.tsx';

export function Sending() {
  const { t } = useI18n();
  return (
    <>
      <PageHead title={t('nav.sending')} />
      <Domains />
      <Transports />
      <TrackingSettings />
    </>
  );
}
