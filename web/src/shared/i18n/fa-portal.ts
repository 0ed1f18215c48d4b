// Member portal: preferences and consent.
import type { enPortal } from './en-portal.ts';

export const faPortal: Record<keyof typeof enPortal, string> = {
  'portal.consentsTitle': 'پیام‌هایی که دریافتشان را پذیرفته‌اید',
  'portal.consentGiven': 'داده‌شده در {date}',
  'portal.consentWithdrawn': 'پس‌گرفته‌شده در {date}',
  'portal.consentNever': 'داده نشده',
  'portal.consentsService': 'کدهای ورود و دیگر پیام‌های خدماتی بدون رضایت بازاریابی هم فرستاده می‌شوند.',
  'portal.chooseClub': 'باشگاه خود را انتخاب کنید',
  'portal.noClubs': 'هنوز هیچ باشگاهی در اینجا درگاه اعضا ندارد.',
};
