// Words for the members list: columns, filters, sorting, the total and export.
export const heMemberList = {
  'memberList.filters': 'סינון',
  'memberList.any': 'הכול',
  'memberList.tier': 'דרגה',
  'memberList.points': 'נקודות',
  'memberList.lastPurchase': 'קנייה אחרונה',
  'memberList.never': 'אף פעם',
  'memberList.list': 'רשימה',
  'memberList.tag': 'תגית',
  'memberList.boughtWithin':
    '{days, plural, one {קנו ביום האחרון} two {קנו ביומיים האחרונים} other {קנו ב־# הימים האחרונים}}',
  'memberList.notSince': '{days, plural, one {לא קנו יום אחד} two {לא קנו יומיים} other {לא קנו # ימים}}',
  'memberList.neverBought': 'עוד לא קנו',
  'memberList.joinedFrom': 'הצטרפו מתאריך',
  'memberList.joinedTo': 'הצטרפו עד תאריך',
  'memberList.birthMonth': 'חודש יום ההולדת',
  'memberList.sort': 'מיון לפי',
  'memberList.apply': 'הצגה',
  'memberList.clear': 'ניקוי הסינון',
  'memberList.export': 'ייצוא CSV',
  'memberList.total': '{count, plural, one {חבר אחד} two {# חברים} other {# חברים}}',
};
