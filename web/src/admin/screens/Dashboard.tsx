import { Link } from '../../shared/components/Icon.tsx';
import { PageHead } from '../../shared/components/PageHead.tsx';
import { useI18n } from '../../shared/i18n/index.tsx';
import { useProgram } from '../session.tsx';

export function Dashboard() {
  const { t } = useI18n();
  const program = useProgram();
  return (
    <>
      <PageHead title={t('nav.dashboard')} />
      <div className="card">
        <h2>{program.name}</h2>
        <p className="muted">{t('dashboard.welcome')}</p>
        <div className="btn-row">
          <Link className="btn" to={program.link('/settings/program')}>
            {t('nav.program')}
          </Link>
          <Link className="btn" to={program.link('/settings/preferences')}>
            {t('nav.preferences')}
          </Link>
        </div>
      </div>
    </>
  );
}
