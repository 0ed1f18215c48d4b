// Navigation entries for segments and customer value (kept here so Shell.tsx stays small).
import type { NavItem } from '../../Shell.tsx';

export const SEGMENTS_NAV: NavItem[] = [
  { id: 'segments', path: '/segments', label: 'nav.segments', icon: 'members', permission: 'segments:read' },
  { id: 'value', path: '/value', label: 'nav.value', icon: 'dashboard', permission: 'reports:read' },
];
