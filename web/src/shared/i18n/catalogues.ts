import type { Locale } from '../format.ts';
import { en, type MessageKey } from './en.ts';
import { fa } from './fa.ts';
import { he } from './he.ts';

export type { MessageKey };
export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, he, fa };
