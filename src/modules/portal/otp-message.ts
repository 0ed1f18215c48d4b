// The sign-in code message in the member's language. Codes are service mail: no consent needed.
const TEXT = {
  en: {
    subject: 'Your sign-in code for {club}',
    body: 'Your code for {club} is {code}. It is valid for {minutes} minutes. If you did not ask for it, ignore this message.',
  },
  he: {
    subject: 'קוד הכניסה שלך ל{club}',
    body: 'הקוד שלך ל{club} הוא {code}. הוא בתוקף {minutes} דקות. אם לא ביקשת אותו, אפשר להתעלם מההודעה.',
  },
  fa: {
    subject: 'کد ورود شما به {club}',
    body: 'کد شما برای {club}: {code}. این کد {minutes} دقیقه معتبر است. اگر آن را درخواست نکرده‌اید، این پیام را نادیده بگیرید.',
  },
} as const;

export function otpMessage(
  locale: string | null | undefined,
  vars: { club: string; code: string; minutes: number },
) {
  const text = TEXT[(locale ?? 'en') as keyof typeof TEXT] ?? TEXT.en;
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name as keyof typeof vars]));
  return { subject: fill(text.subject), text: fill(text.body) };
}
