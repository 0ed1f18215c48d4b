// The fields every program has. Other modules add theirs to the registry (see ../index.ts).
import { SegmentFieldRegistry } from './registry.ts';
import { campaignFields } from './campaign-fields.ts';
import { eventFields } from './event-fields.ts';
import { loyaltyFields } from './loyalty-fields.ts';
import { attributeFields, memberFields } from './member-fields.ts';
import { membershipFields } from './membership-fields.ts';
import { purchaseFields } from './purchase-fields.ts';

export function builtInFieldRegistry(): SegmentFieldRegistry {
  return new SegmentFieldRegistry(
    [
      ...memberFields,
      ...membershipFields,
      ...loyaltyFields,
      ...purchaseFields,
      ...eventFields,
      ...campaignFields,
    ],
    [attributeFields],
  );
}
