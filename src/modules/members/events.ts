// The members module's events (platform/events), published in the transaction that changes the member.
// Payloads name what changed, never the values: the outbox is kept after an erasure.
declare module '../../platform/events/types.ts' {
  interface EventPayloads {
    /**
     * `source`: how the member joined (admin, api, form, segment, import). `referredBy`: the referring member's
     * id given at creation (absent on events recorded before it was added).
     */
    'member.created': { source: string; referredBy?: string | null };
    /** `changed`: the names of the fields that changed (externalId, email, firstName, attributes, …). */
    'member.updated': { changed: string[] };
    'member.deleted': Record<string, never>;
  }
}

export const MEMBER_EVENT_TYPES = ['member.created', 'member.updated', 'member.deleted'] as const;
