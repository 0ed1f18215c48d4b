import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { EarningRules } from './EarningRules.tsx';
import { LoyaltySettingsForm } from './LoyaltySettingsForm.tsx';
import { Tiers } from './Tiers.tsx';

const TABS: { id: string; label: MessageKey }[] = [
  { id: 'rules', label: 'loyalty.rules' },
  { id: 'tiers', label: 'loyalty.tiers' },
  { id: 'settings', label: 'loyalty.settings' },
];

export function Loyalty(props: { tab: string }) {
  const { t } = useI18n();
  const program = useProgram();
  return (
    <>
      <PageHead title={t('nav.loyalty')} />
      <nav className="tabs" aria-label={t('nav.loyalty')}>
        {TABS.map((tab) => (
          <Link key={tab.id} to={program.link(`/loyalty/${tab.id}`)} current={props.tab === tab.id}>
            {t(tab.label)}
          </Link>
        ))}
      </nav>
      {props.tab === 'tiers' ? (
        <Tiers />
      ) : props.tab === 'settings' ? (
        <LoyaltySettingsForm />
      ) : (
        <EarningRules />
      )}
    </>
  );
}
