// Out-of-office and vacation answers come back to the return path too; they are not bounces and must never
// suppress anyone. Pure: looks at the headers of RFC 3834 (Auto-Submitted), the de-facto ones (X-Autoreply,
// X-Autorespond, Precedence: auto_reply) and the subjects auto-responders write in English, Hebrew and Persian.

const SUBJECTS: readonly RegExp[] = [
  /^\s*(auto(matic)?[ -]?(reply|response|answer)|autoreply|auto-reply)\b/i,
  /\bout of (the )?office\b|\bvacation\b|\baway from (the )?office\b|\bon (annual )?leave\b/i,
  /מענה אוטומטי|תשובה אוטומטית|מענה אוטו'|מחוץ למשרד|אינני במשרד|בחופשה/,
  /پاسخ خودکار|پاسخ اتوماتیک|خارج از دفتر|در مرخصی|در تعطیلات/,
];

export interface HeaderLookup {
  get(name: string): unknown;
}

const headerText = (headers: HeaderLookup, name: string): string | null => {
  const value = headers.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
};

/** Why this message is an automatic answer, or null when it is not one. */
export function autoReplyReason(headers: HeaderLookup, subject: string | null | undefined): string | null {
  const auto = headerText(headers, 'auto-submitted');
  if (auto && auto.trim().toLowerCase() !== 'no') return `Auto-Submitted: ${auto.trim()}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-reply', 'x-autoresponder']) {
    const value = headerText(headers, name);
    if (value !== null) return `${name}: ${value.trim()}`;
  }
  const precedence = headerText(headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply' || precedence === 'auto-reply') return `Precedence: ${precedence}`;
  if (subject && SUBJECTS.some((re) => re.test(subject))) return `subject: ${subject}`;
  return null;
}
