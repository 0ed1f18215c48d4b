// The frame around every admin screen: navigation by role, program switcher, language and the user menu.
import { useState, type ReactNode } from 'react';
import { Icon, Link } from '../shared/components/Icon.tsx';
import { LanguageSwitch } from '../shared/components/LanguageSwitch.tsx';
import { useI18n, type MessageKey } from '../shared/i18n/index.tsx';
import { ProgramSwitcher } from './ProgramSwitcher.tsx';
import { CAMPAIGNS_NAV } from './screens/campaigns/nav.ts';
import { MEMBERSHIP_NAV } from './screens/membership/nav.ts';
import { SEGMENTS_NAV } from './screens/segments/nav.ts';
import { TEMPLATES_NAV } from './screens/templates/nav.ts';
import { useProgram, useSession, type Permission } from './session.tsx';

export interface NavItem {
  id: string;
  path: string;
  label: MessageKey;
  icon: string;
  permission: Permission;
}

const MAIN_NAV: NavItem[] = [
  {
    id: 'dashboard',
    path: '/dashboard',
    label: 'nav.dashboard',
    icon: 'dashboard',
    permission: 'program:read',
  },
  { id: 'sale', path: '/sale', label: 'nav.sale', icon: 'plus', permission: 'purchases:write' },
  { id: 'members', path: '/members', label: 'nav.members', icon: 'members', permission: 'members:read' },
  { id: 'loyalty', path: '/loyalty', label: 'nav.loyalty', icon: 'loyalty', permission: 'loyalty:read' },
  { id: 'rewards', path: '/rewards', label: 'nav.rewards', icon: 'loyalty', permission: 'rewards:read' },
  {
    id: 'autoRewards',
    path: '/reward-rules',
    label: 'nav.autoRewards',
    icon: 'loyalty',
    permission: 'rewards:read',
  },
  {
    id: 'rewardsPolicy',
    path: '/rewards-policy',
    label: 'nav.rewardsPolicy',
    icon: 'settings',
    permission: 'rewards:read',
  },
  { id: 'coupons', path: '/coupons', label: 'nav.couponLookup', icon: 'lists', permission: 'rewards:read' },
  {
    id: 'couponBatches',
    path: '/coupon-batches',
    label: 'nav.couponBatches',
    icon: 'lists',
    permission: 'rewards:read',
  },
  {
    id: 'referrals',
    path: '/referrals',
    label: 'nav.referrals',
    icon: 'members',
    permission: 'rewards:read',
  },
  { id: 'pos', path: '/pos', label: 'pos.title', icon: 'dashboard', permission: 'coupons:redeem' },
  ...MEMBERSHIP_NAV,
  ...SEGMENTS_NAV,
  ...TEMPLATES_NAV,
  ...CAMPAIGNS_NAV,
  { id: 'messages', path: '/messages', label: 'nav.messages', icon: 'lists', permission: 'messaging:read' },
  {
    id: 'deliverability',
    path: '/deliverability',
    label: 'nav.deliverability',
    icon: 'lists',
    permission: 'messaging:read',
  },
];

const SETTINGS_NAV: NavItem[] = [
  {
    id: 'settings-program',
    path: '/settings/program',
    label: 'nav.program',
    icon: 'settings',
    permission: 'program:read',
  },
  {
    id: 'settings-users',
    path: '/settings/users',
    label: 'nav.users',
    icon: 'members',
    permission: 'users:manage',
  },
  {
    id: 'settings-api-keys',
    path: '/settings/api-keys',
    label: 'nav.apiKeys',
    icon: 'settings',
    permission: 'apikeys:manage',
  },
  {
    id: 'settings-sending',
    path: '/settings/sending',
    label: 'nav.sending',
    icon: 'settings',
    permission: 'messaging:read',
  },
  {
    id: 'settings-contact-policy',
    path: '/settings/contact-policy',
    label: 'nav.contactPolicy',
    icon: 'settings',
    permission: 'messaging:read',
  },
  {
    id: 'settings-audit',
    path: '/settings/audit',
    label: 'nav.audit',
    icon: 'lists',
    permission: 'audit:read',
  },
  {
    id: 'settings-preferences',
    path: '/settings/preferences',
    label: 'nav.preferences',
    icon: 'settings',
    permission: 'program:read',
  },
];

export function Shell(props: { current: string; children: ReactNode }) {
  const { t } = useI18n();
  const { session, logout } = useSession();
  const program = useProgram();
  const [menuOpen, setMenuOpen] = useState(false);
  const renderNav = (items: NavItem[]) => (
    <ul>
      {items
        .filter((item) => program.can(item.permission))
        .map((item) => (
          <li key={item.id}>
            <Link to={program.link(item.path)} current={props.current === item.id}>
              <Icon name={item.icon} /> {t(item.label)}
            </Link>
          </li>
        ))}
    </ul>
  );
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <button
          type="button"
          className="btn btn-link"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name="menu" label={t('nav.menu')} />
        </button>
      </header>
      <aside
        id="sidebar"
        className={`sidebar${menuOpen ? ' open' : ''}`}
        onClick={(e) => (e.target as HTMLElement).closest('a') && setMenuOpen(false)}
      >
        <div className="brand">
          <img src="/icon.svg" alt="" width="28" height="28" /> {t('app.name')}
        </div>
        <ProgramSwitcher key={program.programId} programs={session.programs} currentId={program.programId} />
        <nav aria-label={t('nav.main')}>
          {renderNav(MAIN_NAV)}
          <div className="section">{t('nav.settings')}</div>
          {renderNav(SETTINGS_NAV)}
        </nav>
        <div style={{ marginBlockStart: 'auto' }}>
          <LanguageSwitch />
          <p className="user-line">
            <span className="ltr">{session.user.email}</span> · {t(`role.${program.role}`)}
          </p>
          <button type="button" className="btn" onClick={() => void logout()}>
            <Icon name="logout" /> {t('nav.logout')}
          </button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
