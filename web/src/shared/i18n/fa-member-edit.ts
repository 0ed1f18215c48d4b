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
};
