// Member portal: preferences and consent.
import type { enPortal } from './en-portal.ts';

export const hePortal: Record<keyof typeof enPortal, string> = {
  'portal.consentsTitle': 'הודעות שהסכמת לקבל',
  'portal.consentGiven': 'ניתנה ב־{date}',
  'portal.consentWithdrawn': 'בוטלה ב־{date}',
  'portal.consentNever': 'לא ניתנה',
  'portal.consentsService': 'קודי כניסה והודעות שירות אחרות נשלחים גם בלי הסכמה לדיוור שיווקי.',
  'portal.chooseClub': 'בחרו את המועדון שלכם',
  'portal.noClubs': 'אין כאן עדיין מועדון עם אזור חברים.',
};
