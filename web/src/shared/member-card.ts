// The member card's QR code (portal) carries the member's id; a till scanner types it into the search field.
// Any text holding one id (the bare id, or a link that contains it) finds the member.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const memberCardText = (memberId: string) => `MOADON:${memberId}`;

export function memberIdFromCard(text: string): string | undefined {
  return UUID.exec(text.trim())?.[0]?.toLowerCase();
}
