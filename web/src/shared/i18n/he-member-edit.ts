// עברית: עריכה, מחיקה ומיזוג של חבר מועדון.
import type { enMemberEdit } from './en-member-edit.ts';

export const heMemberEdit: Record<keyof typeof enMemberEdit, string> = {
  'memberEdit.open': 'עריכה',
  'memberEdit.title': 'עריכת {name}',
  'memberEdit.save': 'שמירת השינויים',
  'memberDelete.open': 'מחיקה',
  'memberDelete.title': 'למחוק את {name}?',
  'memberDelete.explain':
    'השם, הדוא״ל, הטלפון וכל פרט אישי אחר יימחקו בכל מקום, לצמיתות. סיכומי הנקודות נשארים בחשבונות; אי אפשר לבטל את הפעולה.',
  'memberDelete.type': 'כדי לאשר, יש להקליד {word}',
  'memberDelete.word': 'מחיקה',
  'memberDelete.submit': 'מחיקה לצמיתות',
  'memberMerge.open': 'מיזוג כפילות',
  'memberMerge.title': 'מיזוג כפילות לתוך {name}',
  'memberMerge.intro':
    'שני פרופילים של אותו אדם? חפשו את השני. {name} שומר/ת על הפרופיל הזה (ומקבל/ת כל פרט שחסר בו); הנקודות, הרכישות, הקופונים, ההסכמות, הרשימות והאירועים של השני עוברים לכאן, והפרופיל השני נמחק.',
  'memberMerge.search': 'חיפוש הפרופיל השני (שם, דוא״ל, טלפון או המזהה שלך)',
  'memberMerge.find': 'חיפוש',
  'memberMerge.none': 'אין חבר/ת מועדון אחר/ת שמתאימים.',
  'memberMerge.choose': 'הכפילות',
  'memberMerge.summary': 'כל הנתונים של {duplicate} עוברים אל {name}, והפרופיל של {duplicate} נמחק.',
  'memberMerge.submit': 'מיזוג',
};
