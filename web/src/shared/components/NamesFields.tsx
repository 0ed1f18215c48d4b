// A name in each language (tiers, earning rules): one field per language, typed in its own direction.
import { LOCALES, directionOf, type Locale } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Names } from '../labels.ts';
import { TextField } from './forms.tsx';

export function NamesFields(props: {
  names: Names;
  onChange(names: Names): void;
  /** Field errors by language (`names.he` …). */
  errors?: Partial<Record<Locale, string | undefined>>;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      {LOCALES.map((l) => (
        <TextField
          key={l}
          label={t(`names.${l}`)}
          lang={l}
          dir={directionOf(l)}
          value={props.names[l] ?? ''}
          error={props.errors?.[l]}
          disabled={props.disabled}
          maxLength={200}
          data-names={l}
          onChange={(e) => props.onChange({ ...props.names, [l]: e.target.value })}
        />
      ))}
    </>
  );
}

/** The names to send: empty ones left out. */
export function namesToSend(names: Names): Names {
  return Object.fromEntries(Object.entries(names).filter(([, v]) => v && v.trim() !== '')) as Names;
}
