import type { enTiers } from './en-tiers.ts';

export const faTiers: Record<keyof typeof enTiers, string> = {
  'tiers.key': 'شناسه',
  'tiers.keyHint': 'حروف کوچک لاتین، ارقام و _ (در قواعد و API به کار می‌رود)',
  'tiers.earnMultiplier': 'ضریب کسب امتیاز',
  'tiers.earlyAccess': 'دسترسی زودهنگام',
  'tiers.add': 'افزودن سطح',
  'tiers.remove': 'حذف {name}',
  'tiers.moveUp': 'بردن {name} به بالا',
  'tiers.moveDown': 'بردن {name} به پایین',
  'tiers.ladder': 'نردبان سطح‌ها، از پایین‌ترین',
  'tiers.rules': 'اعضا چگونه بین سطح‌ها جابه‌جا می‌شوند',
  'tiers.metric': 'معیار سطح',
  'tiers.metric.points': 'امتیازهای کسب‌شده',
  'tiers.metric.spend': 'مبلغ خرید (به کوچک‌ترین واحد پول)',
  'tiers.metric.purchases': 'تعداد خریدها',
  'tiers.windowDays': 'در چند روز گذشته',
  'tiers.graceDays': 'مهلت پیش از پایین آمدن (روز)',
  'tiers.thresholdHint': 'سطح نخست از ۰ شروع می‌شود و هر سطح بعدی بالاتر است',
  'tiers.notNumber': 'یک عدد صحیح وارد کنید',
  'tiers.newName': 'سطح جدید',
};
