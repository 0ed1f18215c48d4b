import type { enLabels } from './en-labels.ts';

export const faLabels: Record<keyof typeof enLabels, string> = {
  'channel.pos': 'در صندوق',
  'channel.web': 'فروشگاه اینترنتی',
  'channel.app': 'اپلیکیشن',
  'channel.phone': 'تلفنی',
  'channel.segment': 'فروشگاه متصل',
  'channel.api': 'سامانهٔ متصل',
  'memberSource.admin': 'افزوده در پنل مدیریت',
  'memberSource.api': 'سامانهٔ متصل',
  'memberSource.form': 'فرم عضویت',
  'memberSource.ingest': 'فروشگاه متصل',
  'memberSource.import': 'وارد شده از فایل',
  'memberSource.portal': 'پرتال اعضا',
  'memberSource.demo': 'داده‌های نمایشی',
  'memberSource.merge': 'پروفایل ادغام‌شده',
};
