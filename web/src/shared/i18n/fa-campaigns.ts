// Campaigns and the contact-pressure policy: the policy editor with its preview.
import type { enCampaigns } from './en-campaigns.ts';

export const faCampaigns: Record<keyof typeof enCampaigns, string> = {
  'nav.contactPolicy': 'سیاست تماس',
  'policy.intro':
    'زیاده‌روی خوب نیست: مشتریان خسته می‌شوند و لغو اشتراک می‌کنند. این قواعد پیام‌های بازاریابی همهٔ کمپین‌ها و مسیرها را، در ایمیل و پیامک با هم، نگه می‌دارند. پیام‌های خدماتی (کد ورود، رسید) مستثنا هستند.',
  'policy.rulesTitle': 'قواعد',
  'policy.notSaved':
    'هنوز سیاستی ذخیره نشده است، پس چیزی نگه داشته نمی‌شود. فرم سیاست پیشنهادی منطقهٔ شما را نشان می‌دهد؛ برای اعمال، آن را ذخیره کنید.',
  'policy.saved': 'سیاست ذخیره شد.',
  'policy.capsTitle': 'حداکثر، برای هر عضو',
  'policy.capsHint':
    'پنجره‌های غلتان به وقت محلی عضو: هر پیام تا یک روز، هفت روز یا یک ماه تقویمی پس از ارسال شمرده می‌شود. برای بی‌سقف، خالی بگذارید.',
  'policy.cap.day': 'پیام در روز',
  'policy.cap.week': 'پیام در هفته',
  'policy.cap.month': 'پیام در ماه',
  'policy.noCap': 'بدون سقف',
  'policy.quietTitle': 'ساعات سکوت',
  'policy.quietOn': 'در ساعات سکوت پیام بازاریابی ارسال نشود',
  'policy.quietStart': 'از',
  'policy.quietEnd': 'تا',
  'policy.quietHint': 'به منطقهٔ زمانی هر عضو؛ {zone} برای عضوی که منطقهٔ زمانی ندارد.',
  'policy.restTitle': 'روزهای استراحت',
  'policy.rest.shabbat': 'شبات (از روشن کردن شمع تا هاودالا، به وقت اورشلیم)',
  'policy.rest.jewish_holidays': 'اعیاد یهودی (از روشن کردن شمع تا هاودالا)',
  'policy.rest.friday': 'جمعه (روز محلی عضو)',
  'policy.exceedTitle': 'آنچه از قواعد فراتر رود',
  'policy.onExceed': 'به‌طور پیش‌فرض، کمپین',
  'policy.exceed.defer': 'آن را تا نخستین زمان مجاز به تعویق می‌اندازد',
  'policy.exceed.drop': 'آن را کنار می‌گذارد',
  'policy.exceedHint': 'هر کمپین می‌تواند انتخاب دیگری داشته باشد.',
  'policy.save': 'ذخیرهٔ سیاست',
  'policy.previewTitle': 'پیش‌نمایش',
  'policy.previewIntro':
    'قواعد بالا، ذخیره‌شده یا نه، با پیامی که همین حالا به یک فهرست ارسال شود چه می‌کنند. چیزی ارسال یا تغییر داده نمی‌شود.',
  'policy.previewNoLists': 'برای پیش‌نمایش سیاست، یک فهرست بسازید.',
  'policy.previewList': 'فهرست',
  'policy.previewChannel': 'کانال',
  'policy.channel.email': 'ایمیل',
  'policy.channel.sms': 'پیامک',
  'policy.previewRun': 'پیش‌نمایش',
  'policy.previewAudience':
    '{count, plural, =0 {هیچ عضو فعالی در این فهرست نیست.} one {# عضو فعال در این فهرست.} other {# عضو فعال در این فهرست.}}',
  'policy.previewSend': 'اکنون ارسال می‌شود',
  'policy.previewDeferred': 'به تعویق افتاده',
  'policy.previewDropped': 'کنار گذاشته',
  'policy.previewWhy': 'چرا نه اکنون',
  'policy.previewReason': 'دلیل',
  'policy.reason.frequency_cap': 'سقف دفعات پر شده',
  'policy.reason.quiet_hours': 'ساعات سکوت',
  'policy.reason.rest_day': 'روز استراحت',
  'policy.previewUntil': 'پیام‌های به تعویق افتاده بین {earliest} و {latest} ارسال می‌شوند.',
};
