// Built-in wording for signup forms, confirmation mail, unsubscribe and preference pages in he/fa/en.
// A form's own texts (labels, consent wording, thank-you) override these.
export type UiLocale = 'he' | 'fa' | 'en';

const he = {
  email: 'דוא״ל',
  phone: 'טלפון נייד',
  firstName: 'שם פרטי',
  lastName: 'שם משפחה',
  birthday: 'תאריך לידה',
  required: 'שדה חובה',
  submit: 'הרשמה',
  honeypot: 'נא להשאיר ריק',
  language: 'שפה',
  errorSummary: 'יש לתקן את השדות המסומנים.',
  errRequired: 'יש למלא את השדה הזה.',
  errEmail: 'כתובת הדוא״ל אינה תקינה.',
  errPhone: 'מספר הטלפון אינו תקין.',
  errDate: 'התאריך אינו תקין.',
  errNumber: 'יש להזין מספר.',
  errChoice: 'יש לבחור אחת מהאפשרויות.',
  errConsent: 'יש לסמן את התיבה כדי להמשיך.',
  errRateLimited: 'נשלחו יותר מדי טפסים מהכתובת הזו. נסו שוב בעוד כמה דקות.',
  errExpiredForm: 'פג תוקף הטופס. נא לרענן את הדף ולנסות שוב.',
  thanks: 'תודה! נרשמת בהצלחה.',
  thanksPending: 'כמעט סיימנו: שלחנו אליך הודעת דוא״ל. יש ללחוץ על הקישור שבה כדי לאשר את ההרשמה.',
  thanksTitle: 'ברוכים הבאים למועדון!',
  thanksPendingTitle: 'נשאר עוד צעד אחד',
  pointsSoFar: (points: string, one: boolean) =>
    one ? 'כבר יש לך נקודה אחת במועדון.' : `כבר יש לך ${points} נקודות במועדון.`,
  portalLink: 'לאזור האישי: הנקודות וההטבות שלך',
  confirmTitle: 'אישור הרשמה',
  confirmPrompt: (club: string) => `ללחוץ על הכפתור כדי לאשר את ההרשמה למועדון ${club}.`,
  confirmButton: 'אישור',
  confirmed: 'ההרשמה אושרה. תודה!',
  linkInvalid: 'הקישור אינו תקין או שפג תוקפו. אפשר להירשם שוב דרך הטופס.',
  linkExpiredTitle: 'פג תוקף קישור האישור',
  linkExpired: (hours: number) =>
    `קישור האישור היה בתוקף ${hours} שעות וכבר פג תוקפו, ולכן ההרשמה לא הושלמה. אפשר להירשם שוב ולקבל קישור חדש.`,
  signUpAgain: 'הרשמה מחדש',
  unsubscribeTitle: 'הסרה מדיוור',
  unsubscribePrompt: (club: string, address: string) =>
    `להסיר את ${address} מדיוור שיווקי בדוא״ל של ${club}?`,
  unsubscribeButton: 'הסרה',
  unsubscribed: (club: string) => `הוסרת. לא נשלח אליך עוד דיוור שיווקי בדוא״ל מטעם ${club}.`,
  managePreferences: 'ניהול העדפות דיוור',
  preferencesTitle: 'העדפות דיוור',
  preferencesIntro: (club: string) => `בחירת הדרכים שבהן ${club} רשאי לפנות אליך בהצעות ועדכונים.`,
  channelEmail: 'דוא״ל',
  channelSms: 'הודעות SMS',
  channelPhone: 'שיחות טלפון',
  channelsHeading: 'ערוצים',
  topicsHeading: 'נושאים',
  consentTextFor: (channel: string, club: string) =>
    `אני מסכים/ה לקבל ב${channel} דיוור שיווקי מטעם ${club}.`,
  save: 'שמירה',
  saved: 'ההעדפות נשמרו.',
  unsubscribeAll: 'הסרה מכל הדיוור השיווקי',
};

type Texts = typeof he;

const fa: Texts = {
  email: 'ایمیل',
  phone: 'تلفن همراه',
  firstName: 'نام',
  lastName: 'نام خانوادگی',
  birthday: 'تاریخ تولد',
  required: 'الزامی',
  submit: 'عضویت',
  honeypot: 'این فیلد را خالی بگذارید',
  language: 'زبان',
  errorSummary: 'لطفاً فیلدهای مشخص‌شده را اصلاح کنید.',
  errRequired: 'این فیلد را پر کنید.',
  errEmail: 'نشانی ایمیل معتبر نیست.',
  errPhone: 'شماره تلفن معتبر نیست.',
  errDate: 'تاریخ معتبر نیست.',
  errNumber: 'یک عدد وارد کنید.',
  errChoice: 'یکی از گزینه‌ها را انتخاب کنید.',
  errConsent: 'برای ادامه این گزینه را علامت بزنید.',
  errRateLimited: 'از این نشانی فرم‌های زیادی ارسال شده است. چند دقیقهٔ دیگر دوباره تلاش کنید.',
  errExpiredForm: 'اعتبار فرم تمام شده است. صفحه را دوباره بارگذاری کنید و دوباره تلاش کنید.',
  thanks: 'متشکریم! عضویت شما ثبت شد.',
  thanksPending: 'تقریباً تمام است: ایمیلی برایتان فرستادیم. برای تأیید عضویت روی پیوند داخل آن بزنید.',
  thanksTitle: 'به باشگاه خوش آمدید!',
  thanksPendingTitle: 'فقط یک قدم دیگر',
  pointsSoFar: (points: string) => `هم‌اکنون ${points} امتیاز در باشگاه دارید.`,
  portalLink: 'صفحهٔ اعضا: امتیازها و جایزه‌های شما',
  confirmTitle: 'تأیید عضویت',
  confirmPrompt: (club: string) => `برای تأیید عضویت در ${club} روی دکمه بزنید.`,
  confirmButton: 'تأیید',
  confirmed: 'عضویت شما تأیید شد. متشکریم!',
  linkInvalid: 'این پیوند معتبر نیست یا منقضی شده است. می‌توانید دوباره از طریق فرم ثبت‌نام کنید.',
  linkExpiredTitle: 'پیوند تأیید منقضی شده است',
  linkExpired: (hours: number) =>
    `پیوند تأیید ${hours} ساعت اعتبار داشت و منقضی شده است، بنابراین عضویت کامل نشد. می‌توانید دوباره ثبت‌نام کنید و پیوند تازه‌ای دریافت کنید.`,
  signUpAgain: 'ثبت‌نام دوباره',
  unsubscribeTitle: 'لغو اشتراک',
  unsubscribePrompt: (club: string, address: string) =>
    `نشانی ${address} از فهرست ایمیل‌های تبلیغاتی ${club} حذف شود؟`,
  unsubscribeButton: 'لغو اشتراک',
  unsubscribed: (club: string) => `اشتراک شما لغو شد. دیگر ایمیل تبلیغاتی از ${club} دریافت نمی‌کنید.`,
  managePreferences: 'مدیریت تنظیمات دریافت پیام',
  preferencesTitle: 'تنظیمات دریافت پیام',
  preferencesIntro: (club: string) =>
    `انتخاب کنید ${club} از چه راه‌هایی پیشنهادها و خبرها را برایتان بفرستد.`,
  channelEmail: 'ایمیل',
  channelSms: 'پیامک',
  channelPhone: 'تماس تلفنی',
  channelsHeading: 'راه‌های ارتباط',
  topicsHeading: 'موضوع‌ها',
  consentTextFor: (channel: string, club: string) =>
    `موافقم پیام‌های تبلیغاتی ${club} را از طریق ${channel} دریافت کنم.`,
  save: 'ذخیره',
  saved: 'تنظیمات ذخیره شد.',
  unsubscribeAll: 'لغو همهٔ پیام‌های تبلیغاتی',
};

const en: Texts = {
  email: 'Email',
  phone: 'Mobile phone',
  firstName: 'First name',
  lastName: 'Last name',
  birthday: 'Birthday',
  required: 'required',
  submit: 'Sign up',
  honeypot: 'Leave this empty',
  language: 'Language',
  errorSummary: 'Please correct the marked fields.',
  errRequired: 'Please fill in this field.',
  errEmail: 'This e-mail address is not valid.',
  errPhone: 'This phone number is not valid.',
  errDate: 'This date is not valid.',
  errNumber: 'Please enter a number.',
  errChoice: 'Please choose one of the options.',
  errConsent: 'Please tick this box to continue.',
  errRateLimited: 'Too many sign-ups came from this address. Please try again in a few minutes.',
  errExpiredForm: 'This form has expired. Please reload the page and try again.',
  thanks: 'Thank you! You are signed up.',
  thanksPending: 'Almost done: we have sent you an e-mail. Click the link in it to confirm your sign-up.',
  thanksTitle: 'Welcome to the club!',
  thanksPendingTitle: 'One more step',
  pointsSoFar: (points: string, one: boolean) =>
    one ? 'You already have 1 point in the club.' : `You already have ${points} points in the club.`,
  portalLink: 'Your member area: your points and rewards',
  confirmTitle: 'Confirm sign-up',
  confirmPrompt: (club: string) => `Press the button to confirm your sign-up to ${club}.`,
  confirmButton: 'Confirm',
  confirmed: 'Your sign-up is confirmed. Thank you!',
  linkInvalid: 'This link is not valid or has expired. You can sign up again through the form.',
  linkExpiredTitle: 'This confirmation link has expired',
  linkExpired: (hours: number) =>
    `The confirmation link was valid for ${hours} hours and has expired, so your sign-up was not completed. You can sign up again to get a new link.`,
  signUpAgain: 'Sign up again',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribePrompt: (club: string, address: string) => `Stop marketing e-mail from ${club} to ${address}?`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribed: (club: string) => `You are unsubscribed. ${club} will send you no more marketing e-mail.`,
  managePreferences: 'Manage your preferences',
  preferencesTitle: 'Your preferences',
  preferencesIntro: (club: string) => `Choose how ${club} may send you offers and news.`,
  channelEmail: 'E-mail',
  channelSms: 'SMS',
  channelPhone: 'Phone calls',
  channelsHeading: 'Channels',
  topicsHeading: 'Topics',
  consentTextFor: (channel: string, club: string) =>
    `I agree to receive marketing from ${club} by ${channel}.`,
  save: 'Save',
  saved: 'Your preferences are saved.',
  unsubscribeAll: 'Unsubscribe from all marketing',
};

const TEXTS: Record<UiLocale, Texts> = { he, fa, en };

export function ui(locale: string | null | undefined): Texts {
  return TEXTS[(locale ?? '') as UiLocale] ?? TEXTS.he;
}

/** The best of he/fa/en for an Accept-Language header (for pages that know nothing else). */
export function localeFromAcceptLanguage(header: string | undefined, fallback: UiLocale = 'he'): UiLocale {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { lang: (tag ?? '').split('-')[0]!.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.lang === 'he' || x.lang === 'fa' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as UiLocale | undefined) ?? fallback;
}

export function uiLocale(locale: string | null | undefined, fallback: UiLocale = 'he'): UiLocale {
  return locale === 'he' || locale === 'fa' || locale === 'en' ? locale : fallback;
}
