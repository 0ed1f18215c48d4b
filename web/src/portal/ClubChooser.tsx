// `/portal` without a club's address: goes straight to the only club's portal, or lists the clubs.
import { useEffect } from 'react';
import { api } from '../shared/api.ts';
import { EmptyState, ErrorState, Loading } from '../shared/components/states.tsx';
import { useResource } from '../shared/hooks.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { navigate } from '../shared/router.ts';

interface Clubs {
  programs: { slug: string; name: string }[];
}

export function ClubChooser() {
  const { t } = useI18n();
  const clubs = useResource((signal) => api.get<Clubs>('/api/portal/programs', { signal }), []);
  const only = clubs.data?.programs.length === 1 ? clubs.data.programs[0] : undefined;
  useEffect(() => {
    if (only) navigate(`/portal/${only.slug}`, { replace: true });
  }, [only]);

  if (clubs.error) return <ErrorState error={clubs.error} onRetry={clubs.reload} />;
  if (!clubs.data || only) return <Loading />;
  if (!clubs.data.programs.length) return <EmptyState title={t('portal.noClubs')} />;
  return (
    <section className="card">
      <h1>{t('portal.chooseClub')}</h1>
      <ul className="club-list">
        {clubs.data.programs.map((club) => (
          <li key={club.slug}>
            <a href={`/portal/${club.slug}`}>
              <bdi>{club.name}</bdi>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
