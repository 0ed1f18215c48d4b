// The API's validation errors ({ code: 'validation_failed', details: { issues: [{ path, problem }] } }) as
// messages per form field: 'body.expiryMonths' → { expiryMonths }, 'body.items.1.threshold' → { 'items.1.threshold' }.
import { ApiError } from './api.ts';

export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const issues = (error.details.issues ?? []) as { path?: string; problem?: string }[];
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    if (!issue.path) continue;
    const field = issue.path.replace(/^body\.?/, '');
    errors[field] ??= issue.problem ?? error.message;
  }
  return errors;
}
