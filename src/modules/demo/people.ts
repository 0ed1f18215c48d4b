// Realistic demo people for an Israeli club with Hebrew, English and Persian speakers. Deterministic
// (seeded random) so every fresh demo looks the same.

const HEBREW = {
  first: [
    'נועה',
    'תמר',
    'מאיה',
    'יעל',
    'שירה',
    'אביגיל',
    'רוני',
    'מיכל',
    'דניאל',
    'איתי',
    'יונתן',
    'עומר',
    'אורי',
    'נועם',
    'אריאל',
    'דוד',
    'משה',
    'שרה',
    'רחל',
    'אסף',
  ],
  last: [
    'כהן',
    'לוי',
    'מזרחי',
    'פרץ',
    'ביטון',
    'דהן',
    'אברהם',
    'פרידמן',
    'אזולאי',
    'מלכה',
    'שפירא',
    'גבאי',
    'חדד',
    'אוחיון',
    'רוזנברג',
  ],
  translit: [
    'noa',
    'tamar',
    'maya',
    'yael',
    'shira',
    'avigail',
    'roni',
    'michal',
    'daniel',
    'itay',
    'yonatan',
    'omer',
    'uri',
    'noam',
    'ariel',
    'david',
    'moshe',
    'sarah',
    'rachel',
    'asaf',
  ],
};
const ENGLISH = {
  first: [
    'Emma',
    'Olivia',
    'James',
    'Liam',
    'Sophie',
    'Noah',
    'Grace',
    'Ethan',
    'Chloe',
    'Lucas',
    'Hannah',
    'Jacob',
  ],
  last: ['Smith', 'Brown', 'Taylor', 'Wilson', 'Green', 'Walker', 'Hall', 'Young', 'King', 'Wright'],
};
const PERSIAN = {
  first: ['مریم', 'زهرا', 'سارا', 'نازنین', 'پریسا', 'علی', 'رضا', 'محمد', 'امیر', 'حسین', 'نیلوفر', 'کوروش'],
  last: ['محمدی', 'حسینی', 'رضایی', 'احمدی', 'کریمی', 'موسوی', 'جعفری', 'صادقی', 'تهرانی', 'شیرازی'],
  translit: [
    'maryam',
    'zahra',
    'sara',
    'nazanin',
    'parisa',
    'ali',
    'reza',
    'mohammad',
    'amir',
    'hossein',
    'niloufar',
    'kourosh',
  ],
};

export interface DemoPerson {
  externalId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  locale: 'he' | 'en' | 'fa';
  birthday: string | null;
  joinedDaysAgo: number;
}

/** Mulberry32: a small seeded PRNG so the demo is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoPeople(count: number, random = seededRandom(42)): DemoPerson[] {
  const pick = <T>(list: readonly T[]): [T, number] => {
    const i = Math.floor(random() * list.length);
    return [list[i]!, i];
  };
  const people: DemoPerson[] = [];
  for (let n = 1; n <= count; n++) {
    const roll = random();
    const locale: DemoPerson['locale'] = roll < 0.65 ? 'he' : roll < 0.85 ? 'en' : 'fa';
    let firstName: string;
    let lastName: string;
    let handle: string;
    if (locale === 'he') {
      const [f, i] = pick(HEBREW.first);
      firstName = f;
      lastName = pick(HEBREW.last)[0];
      handle = HEBREW.translit[i]!;
    } else if (locale === 'fa') {
      const [f, i] = pick(PERSIAN.first);
      firstName = f;
      lastName = pick(PERSIAN.last)[0];
      handle = PERSIAN.translit[i]!;
    } else {
      firstName = pick(ENGLISH.first)[0];
      lastName = pick(ENGLISH.last)[0];
      handle = firstName.toLowerCase();
    }
    const year = 1955 + Math.floor(random() * 50);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const mobile = `+9725${Math.floor(random() * 10)}${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`;
    people.push({
      externalId: `demo-${String(n).padStart(4, '0')}`,
      firstName,
      lastName,
      email: random() < 0.9 ? `${handle}.${n}@example.com` : null,
      phone: random() < 0.8 ? mobile : null,
      locale,
      birthday:
        random() < 0.7 ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null,
      joinedDaysAgo: Math.floor(random() * 540),
    });
  }
  return people;
}
