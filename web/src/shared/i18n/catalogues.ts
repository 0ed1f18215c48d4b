import type { Locale } from '../format.ts';
import { en } from './en.ts';
import { enDashboard } from './en-dashboard.ts';
import { fa } from './fa.ts';
import { faDashboard } from './fa-dashboard.ts';
import { he } from './he.ts';
import { heDashboard } from './he-dashboard.ts';

// Screen catalogues in their own files are merged here, so parallel work on screens does not collide.
const english = { ...en, ...enDashboard };
export type MessageKey = keyof typeof english;
export const catalogues: Record<Locale, Record<MessageKey, string>> = {
  en: english,
  he: { ...he, ...heDashboard },
  fa: { ...fa, ...faDashboard },
};
