// One input per language of the form, each marked with its language and direction, so Hebrew and Persian
// wording is typed right to left next to English typed left to right.
import { TextAreaField, TextField } from '../../../shared/components/forms.tsx';
import { directionOf, type Locale } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import type { LocalizedText } from './types.ts';

export function LocalizedInputs(props: {
  label: string;
  locales: Locale[];
  value: LocalizedText;
  onChange(value: LocalizedText): void;
  name: string;
  multiline?: boolean;
  required?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="localized">
      {props.locales.map((locale) => {
        const common = {
          label: `${props.label} · ${t(`forms.language.${locale}`)}`,
          name: `${props.name}.${locale}`,
          lang: locale,
          dir: directionOf(locale),
          value: props.value[locale] ?? '',
          required: props.required,
        };
        return props.multiline ? (
          <TextAreaField
            key={locale}
            {...common}
            rows={2}
            onChange={(e) => props.onChange({ ...props.value, [locale]: e.target.value })}
          />
        ) : (
          <TextField
            key={locale}
            {...common}
            onChange={(e) => props.onChange({ ...props.value, [locale]: e.target.value })}
          />
        );
      })}
    </div>
  );
}
