// The fields of a member's profile, shared by the new-member and edit-member forms: each shows the API's
// error for its field (describeError's `fields`, in the user's language) under itself.
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { LANGUAGE_NAMES } from '../../../shared/components/LanguageSwitch.tsx';
import { LOCALES } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import type { Member } from './types.ts';

/** The profile fields these forms send, by form field name (the API's body property). */
export const MEMBER_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'externalId',
  'birthday',
  'locale',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export function MemberFields(props: {
  member?: Member | undefined;
  errors: Partial<Record<string, string>>;
}) {
  const { t, locale } = useI18n();
  const m = props.member;
  const err = (name: MemberField) => props.errors[name];
  return (
    <div className="form-grid">
      <TextField
        label={t('members.firstName')}
        name="firstName"
        defaultValue={m?.firstName ?? ''}
        error={err('firstName')}
        maxLength={100}
        autoComplete="off"
      />
      <TextField
        label={t('members.lastName')}
        name="lastName"
        defaultValue={m?.lastName ?? ''}
        error={err('lastName')}
        maxLength={100}
        autoComplete="off"
      />
      <TextField
        label={t('members.email')}
        name="email"
        defaultValue={m?.email ?? ''}
        error={err('email')}
        type="email"
        maxLength={254}
        dir="ltr"
      />
      <TextField
        label={t('members.phone')}
        name="phone"
        defaultValue={m?.phone ?? ''}
        error={err('phone')}
        type="tel"
        maxLength={40}
        dir="ltr"
      />
      <TextField
        label={t('members.externalId')}
        name="externalId"
        defaultValue={m?.externalId ?? ''}
        error={err('externalId')}
        maxLength={200}
        dir="ltr"
      />
      <TextField
        label={t('members.birthday')}
        name="birthday"
        defaultValue={m?.birthday ?? ''}
        error={err('birthday')}
        type="date"
      />
      <SelectField
        label={t('members.language')}
        name="locale"
        defaultValue={m ? (m.locale ?? '') : locale}
        error={err('locale')}
        options={[
          // A member whose language was never recorded keeps none until one is chosen.
          ...(m && !m.locale ? [{ value: '', label: '—' }] : []),
          ...LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
        ]}
      />
    </div>
  );
}
