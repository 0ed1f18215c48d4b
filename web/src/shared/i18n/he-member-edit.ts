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
};
