// The contact-policy module's public surface: the program's one contact-pressure policy and the decision every
// sender of marketing messages asks before sending (docs/contact-policy.md).
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { contactPolicyRoutes } from './routes.ts';

export const contactPolicyModule = defineModule({
  name: 'contact-policy',
  routes: [contactPolicyRoutes],
  permissions: ['messaging:read', 'messaging:write'],
  migrations: migrationsBeside(import.meta.url),
});

export {
  decideContacts,
  getContactPolicy,
  saveContactPolicy,
  type ContactRequest,
  type DecideOptions,
} from './service.ts';
export type { ContactDecision } from './decide.ts';
export {
  HOLD_REASONS,
  NO_POLICY,
  type ContactChannel,
  type ContactPressurePolicy,
  type ContactPurpose,
  type HoldReason,
  type OnExceed,
  type RestDay,
} from './policy.ts';
export { CONTACT_SOURCES, type ContactSource } from './contact-sources.ts';
