// The API's errors in the user's language: the stable `code` picks the sentence, `details` fill it in (names,
// numbers and typed values wrapped in Unicode bidi isolates so mixed Hebrew/Latin text keeps its order), and
// the field named in `details` (or each `validation_failed` issue) gets its own message. The server's English
// `message` is never shown; a code without a sentence is reported to the i18n layer's missing-message list.
import { ApiError } from './api.ts';
import { hasMessage, reportMissing, type I18n, type MessageKey, type Vars } from './i18n/index.tsx';

import { isolate } from './format.ts';

export { isolate };

export interface DescribedError {
  code: string;
  message: string;
  /** Form field → message: 'phone', 'threshold', 'items.1.threshold' … */
  fields: Record<string, string>;
  /** For a duplicate: the existing record, to link to. */
  existingId?: string;
}

const FIELD_KEYWORDS = new Set(['required', 'minimum', 'maximum', 'minLength', 'maxLength', 'type', 'enum']);

function fieldProblem(t: I18n['t'], issue: { keyword?: string; limit?: unknown }): string {
  const keyword = issue.keyword ?? 'other';
  if (keyword === 'pattern' || keyword === 'format') return t('error.field.format');
  if (!FIELD_KEYWORDS.has(keyword)) return t('error.field.other');
  return t(`error.field.${keyword}` as MessageKey, {
    limit: typeof issue.limit === 'number' ? issue.limit : 0,
  });
}

function varsOf(details: Record<string, unknown>): Vars {
  const vars: Vars = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'number') vars[key] = value;
    // snake_case identifiers choose a `select` branch; anything else is shown, so it is isolated.
    else if (typeof value === 'string') vars[key] = /^[a-z][a-z_]*$/.test(value) ? value : isolate(value);
  }
  if (typeof details.retryAfterSeconds === 'number') {
    vars.minutes = Math.max(1, Math.ceil(details.retryAfterSeconds / 60));
  }
  return vars;
}

const fieldName = (path: string) => path.replace(/^(body|querystring|params)\.?/, '');

export function describeError(error: unknown, t: I18n['t']): DescribedError {
  if (!(error instanceof ApiError)) return { code: 'unknown', message: t('error.server'), fields: {} };
  if (error.status >= 500) return { code: error.code, message: t('error.server'), fields: {} };
  const key = `error.code.${error.code}`;
  let message: string;
  if (hasMessage(key)) {
    message = t(key, varsOf(error.details));
  } else {
    reportMissing(`error:${error.code}`);
    message = t('error.unknown');
  }
  const fields: Record<string, string> = {};
  const issues = (error.details.issues ?? []) as { path?: string; keyword?: string; limit?: unknown }[];
  if (error.code === 'validation_failed') {
    for (const issue of issues) if (issue.path) fields[fieldName(issue.path)] ??= fieldProblem(t, issue);
  } else if (typeof error.details.field === 'string') {
    fields[fieldName(error.details.field)] = message;
  }
  const existingId = typeof error.details.existingId === 'string' ? error.details.existingId : undefined;
  return { code: error.code, message, fields, ...(existingId ? { existingId } : {}) };
}
