import type { enTiers } from './en-tiers.ts';

export const heTiers: Record<keyof typeof enTiers, string> = {
  'tiers.key': 'מזהה',
  'tiers.keyHint': 'אותיות לטיניות קטנות, ספרות ו-_ (משמש בכללים וב-API)',
  'tiers.earnMultiplier': 'מכפיל צבירה',
  'tiers.earlyAccess': 'גישה מוקדמת',
  'tiers.add': 'הוספת דרגה',
  'tiers.remove': 'הסרת {name}',
  'tiers.moveUp': 'העברת {name} למעלה',
  'tiers.moveDown': 'העברת {name} למטה',
  'tiers.ladder': 'סולם הדרגות, מהנמוכה לגבוהה',
  'tiers.rules': 'איך חברים עוברים בין דרגות',
  'tiers.metric': 'הדרגה נקבעת לפי',
  'tiers.metric.points': 'נקודות שנצברו',
  'tiers.metric.spend': 'סכום קניות (ביחידות קטנות: אגורות)',
  'tiers.metric.purchases': 'מספר רכישות',
  'tiers.windowDays': 'במהלך הימים האחרונים',
  'tiers.graceDays': 'תקופת חסד לפני ירידה (ימים)',
  'tiers.thresholdHint': 'הדרגה הראשונה מתחילה ב-0; כל דרגה הבאה גבוהה יותר',
  'tiers.notNumber': 'יש להזין מספר שלם',
  'tiers.newName': 'דרגה חדשה',
};
