// Inline SVG icons. Icons that point along the reading direction are drawn for left-to-right and mirrored
// in right-to-left layouts (class "flip"); symmetric icons are never mirrored.
import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../router.ts';

const PATHS: Record<string, { d: string; directional?: boolean }> = {
  'chevron-start': { d: 'M15 6l-6 6 6 6', directional: true },
  'chevron-end': { d: 'M9 6l6 6-6 6', directional: true },
  'arrow-back': { d: 'M19 12H5m6-6l-6 6 6 6', directional: true },
  dashboard: { d: 'M4 13h6V4H4zm0 7h6v-5H4zm10 0h6v-9h-6zm0-16v5h6V4z' },
  members: {
    d: 'M16 11a3 3 0 100-6 3 3 0 000 6zM8 11a3 3 0 100-6 3 3 0 000 6zm0 2c-3 0-6 1.5-6 4v2h12v-2c0-2.5-3-4-6-4zm8 0c-.4 0-.8 0-1.2.1 1.3.9 2.2 2.2 2.2 3.9v2h5v-2c0-2.5-3-4-6-4z',
  },
  loyalty: { d: 'M12 2l3 6.5 7 .8-5.2 4.8 1.5 7L12 17.6 5.7 21l1.5-7L2 9.3l7-.8z' },
  lists: { d: 'M4 6h16M4 12h16M4 18h10' },
  imports: { d: 'M12 3v12m-5-5l5 5 5-5M4 21h16' },
  settings: {
    d: 'M12 15a3 3 0 100-6 3 3 0 000 6zm7.4-3a7.4 7.4 0 00-.1-1.2l2-1.6-2-3.4-2.4 1a7 7 0 00-2-1.2L14.5 3h-4l-.4 2.6a7 7 0 00-2 1.2l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 000 2.4l-2 1.6 2 3.4 2.4-1a7 7 0 002 1.2l.4 2.6h4l.4-2.6a7 7 0 002-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2z',
  },
  menu: { d: 'M4 6h16M4 12h16M4 18h16' },
  logout: { d: 'M15 12H4m4-4l-4 4 4 4M14 4h6v16h-6', directional: true },
  search: { d: 'M11 18a7 7 0 100-14 7 7 0 000 14zm5-2l5 5' },
  plus: { d: 'M12 5v14M5 12h14' },
};

export function Icon(props: { name: keyof typeof PATHS | string; size?: number; label?: string }) {
  const icon = PATHS[props.name];
  if (!icon) return null;
  const size = props.size ?? 18;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={icon.directional ? 'flip' : undefined}
      role={props.label ? 'img' : undefined}
      aria-label={props.label}
      aria-hidden={props.label ? undefined : true}
      focusable="false"
    >
      <path d={icon.d} />
    </svg>
  );
}

/** An in-app link: a real <a href> (open in new tab works), navigated without a page load. */
export function Link(props: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(props.to);
  };
  return (
    <a
      href={props.to}
      onClick={onClick}
      className={props.className}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.children}
    </a>
  );
}
