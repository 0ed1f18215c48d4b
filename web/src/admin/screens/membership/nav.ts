// Navigation entries for lists, signup forms and imports (kept here so Shell.tsx stays small).
import type { NavItem } from '../../Shell.tsx';

export const MEMBERSHIP_NAV: NavItem[] = [
  { id: 'lists', path: '/lists', label: 'nav.lists', icon: 'lists', permission: 'membership:read' },
  { id: 'forms', path: '/forms', label: 'nav.forms', icon: 'lists', permission: 'membership:read' },
  { id: 'imports', path: '/imports', label: 'nav.imports', icon: 'imports', permission: 'members:import' },
];
