import type { enLabels } from './en-labels.ts';

export const heLabels: Record<keyof typeof enLabels, string> = {
  'channel.pos': 'בקופה',
  'channel.web': 'חנות אונליין',
  'channel.app': 'אפליקציה',
  'channel.phone': 'בטלפון',
  'channel.segment': 'חנות מחוברת',
  'channel.api': 'מערכת מחוברת',
  'memberSource.admin': 'נוסף בממשק הניהול',
  'memberSource.api': 'מערכת מחוברת',
  'memberSource.form': 'טופס הצטרפות',
  'memberSource.ingest': 'חנות מחוברת',
  'memberSource.import': 'ייבוא',
  'memberSource.portal': 'אזור החברים',
  'memberSource.demo': 'נתוני הדגמה',
  'memberSource.merge': 'פרופיל מאוחד',
};
