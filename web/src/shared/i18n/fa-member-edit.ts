// فارسی: ویرایش، حذف و ادغام عضو باشگاه.
import type { enMemberEdit } from './en-member-edit.ts';

export const faMemberEdit: Record<keyof typeof enMemberEdit, string> = {
  'memberEdit.open': 'ویرایش',
  'memberEdit.title': 'ویرایش {name}',
  'memberEdit.save': 'ذخیرهٔ تغییرات',
  'memberDelete.open': 'حذف',
  'memberDelete.title': '{name} حذف شود؟',
  'memberDelete.explain':
    'نام، ایمیل، تلفن و همهٔ اطلاعات شخصی دیگر برای همیشه از همه جا پاک می‌شوند. مجموع امتیازها در حساب‌ها می‌ماند؛ این کار برگشت‌پذیر نیست.',
  'memberDelete.type': 'برای تأیید، {word} را بنویسید',
  'memberDelete.word': 'حذف',
  'memberDelete.submit': 'حذف برای همیشه',
  'memberMerge.open': 'ادغام نمایهٔ تکراری',
  'memberMerge.title': 'ادغام نمایهٔ تکراری در {name}',
  'memberMerge.intro':
    'دو نمایه برای یک نفر؟ نمایهٔ دیگر را پیدا کنید. {name} همین نمایه را نگه می‌دارد (و هر اطلاعاتی را که ندارد می‌گیرد)؛ امتیازها، خریدها، کوپن‌ها، رضایت‌ها، فهرست‌ها و رویدادهای نمایهٔ دیگر به اینجا منتقل می‌شوند و آن نمایه حذف می‌شود.',
  'memberMerge.search': 'یافتن نمایهٔ دیگر (نام، ایمیل، تلفن یا شناسهٔ شما)',
  'memberMerge.find': 'جستجو',
  'memberMerge.none': 'عضو دیگری پیدا نشد.',
  'memberMerge.choose': 'نمایهٔ تکراری',
  'memberMerge.summary': 'همهٔ اطلاعات {duplicate} به {name} منتقل می‌شود و {duplicate} حذف می‌شود.',
  'memberMerge.submit': 'ادغام',
};
