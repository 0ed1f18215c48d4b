// Campaigns and the contact-pressure policy: the policy editor with its preview.
import type { enCampaigns } from './en-campaigns.ts';

export const heCampaigns: Record<keyof typeof enCampaigns, string> = {
  'nav.contactPolicy': 'מדיניות פנייה',
  'policy.intro':
    'יותר מדי זה לא טוב: לקוחות מתעייפים ומסירים את עצמם. הכללים האלה מעכבים הודעות שיווקיות מכל קמפיין ומסע, בדוא״ל וב-SMS יחד. הודעות שירות (קודי כניסה, קבלות) פטורות.',
  'policy.rulesTitle': 'כללים',
  'policy.notSaved':
    'עדיין לא נשמרה מדיניות, ולכן שום דבר לא מעוכב. הטופס מציג את המדיניות המוצעת לאזור שלך; שמרו אותה כדי להחיל אותה.',
  'policy.saved': 'המדיניות נשמרה.',
  'policy.capsTitle': 'לכל היותר, לכל חבר/ה',
  'policy.capsHint':
    'חלונות מתגלגלים בשעון המקומי של החבר/ה: הודעה נספרת יום, שבעה ימים או חודש קלנדרי אחרי שליחתה. השאירו ריק ללא הגבלה.',
  'policy.cap.day': 'הודעות ביום',
  'policy.cap.week': 'הודעות בשבוע',
  'policy.cap.month': 'הודעות בחודש',
  'policy.noCap': 'ללא הגבלה',
  'policy.quietTitle': 'שעות שקט',
  'policy.quietOn': 'אין שיווק בשעות השקט',
  'policy.quietStart': 'משעה',
  'policy.quietEnd': 'עד שעה',
  'policy.quietHint': 'לפי אזור הזמן של כל חבר/ה; {zone} למי שאין לו אזור זמן.',
  'policy.restTitle': 'ימי מנוחה',
  'policy.rest.shabbat': 'שבת (מהדלקת נרות עד הבדלה, זמני ירושלים)',
  'policy.rest.jewish_holidays': 'חגי ישראל (מהדלקת נרות עד הבדלה)',
  'policy.rest.friday': 'יום שישי (היום המקומי של החבר/ה)',
  'policy.exceedTitle': 'מה שחורג מהכללים',
  'policy.onExceed': 'כברירת מחדל, קמפיין',
  'policy.exceed.defer': 'דוחה אותו למועד המותר הראשון',
  'policy.exceed.drop': 'מוותר עליו',
  'policy.exceedHint': 'כל קמפיין יכול לבחור אחרת.',
  'policy.save': 'שמירת המדיניות',
  'policy.previewTitle': 'תצוגה מקדימה',
  'policy.previewIntro':
    'מה הכללים שלמעלה, שמורים או לא, היו עושים להודעה שנשלחת עכשיו לרשימה. שום דבר לא נשלח ולא משתנה.',
  'policy.previewNoLists': 'צרו רשימה כדי לבדוק עליה את המדיניות.',
  'policy.previewList': 'רשימה',
  'policy.previewChannel': 'ערוץ',
  'policy.channel.email': 'דוא״ל',
  'policy.channel.sms': 'SMS',
  'policy.previewRun': 'תצוגה מקדימה',
  'policy.previewAudience':
    '{count, plural, =0 {אין חברים פעילים ברשימה.} one {חבר/ה פעיל/ה אחד/ת ברשימה.} other {# חברים פעילים ברשימה.}}',
  'policy.previewSend': 'נשלחות עכשיו',
  'policy.previewDeferred': 'נדחות',
  'policy.previewDropped': 'מבוטלות',
  'policy.previewWhy': 'למה לא עכשיו',
  'policy.previewReason': 'סיבה',
  'policy.reason.frequency_cap': 'הגיע לתקרת התדירות',
  'policy.reason.quiet_hours': 'שעות שקט',
  'policy.reason.rest_day': 'יום מנוחה',
  'policy.previewUntil': 'ההודעות שנדחו יישלחו בין {earliest} ל-{latest}.',
};
