import { useI18n } from '../shared/i18n/index.tsx';

export function PortalApp() {
  const { t } = useI18n();
  return <main className="portal">{t('common.loading')}</main>;
}
