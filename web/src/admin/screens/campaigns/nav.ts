// Navigation entry for campaigns (kept here so Shell.tsx stays small).
import type { NavItem } from '../../Shell.tsx';

export const CAMPAIGNS_NAV: NavItem[] = [
  {
    id: 'campaigns',
    path: '/campaigns',
    label: 'nav.campaigns',
    icon: 'lists',
    permission: 'messaging:read',
  },
];
