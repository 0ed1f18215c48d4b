// Navigation entry for message templates (kept here so Shell.tsx stays small).
import type { NavItem } from '../../Shell.tsx';

export const TEMPLATES_NAV: NavItem[] = [
  {
    id: 'templates',
    path: '/templates',
    label: 'nav.templates',
    icon: 'lists',
    permission: 'messaging:read',
  },
];
