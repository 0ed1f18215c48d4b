import { describe, expect, it } from 'vitest';
import { isStopRequest } from './sms-keywords.ts';

describe('SMS opt-out keywords', () => {
  it.each([
    'STOP',
    ' stop ',
    'Stop.',
    'STOP ALL',
    'unsubscribe',
    'הסר',
    'הסר!',
    'הסרה בבקשה',
    '\u200fהסר',
    'لغو',
    'لغو عضویت',
    'لـغو',
    'توقف',
    'انصراف',
  ])('%s opts out', (text) => expect(isStopRequest(text)).toBe(true));
  it.each(['', 'thanks', 'מה זה?', 'לא הבנתי הסר', 'stopwatch', 'سلام', 'toStop'])('%s does not', (text) =>
    expect(isStopRequest(text)).toBe(false),
  );
});
