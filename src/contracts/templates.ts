// The message templates API as the admin's template screens use it: a template (per-language variants of a
// subject and a Liquid/MJML body), its preview with the problems found, and the program's sender profile. The
// server validates with these schemas; the web imports their types through `Wire`.
import { Type } from 'typebox';
import { IsoDateTime, Locale, Nullable, StringEnum, Uuid, type Wire } from './schema.ts';

export const Channel = StringEnum(['email', 'sms'] as const);
export const Purpose = StringEnum(['marketing', 'service'] as const);
const NullableText = (maxLength: number) => Nullable(Type.String({ maxLength }));

export const Variant = Type.Object(
  {
    subject: NullableText(500),
    body: Type.String({ minLength: 1, maxLength: 100_000 }),
  },
  { additionalProperties: false },
);
export const Variants = Type.Object(
  { he: Type.Optional(Variant), fa: Type.Optional(Variant), en: Type.Optional(Variant) },
  { additionalProperties: false, minProperties: 1 },
);
export const Draft = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  purpose: Purpose,
  defaultLocale: Locale,
  variants: Variants,
};
export const TemplateBody = Type.Object(
  {
    key: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
      description: "e.g. 'newsletter', 'double_opt_in'",
    }),
    channel: Channel,
    ...Draft,
  },
  { additionalProperties: false },
);
export const TemplateView = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  channel: Channel,
  purpose: Purpose,
  defaultLocale: Locale,
  variants: Variants,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const Problem = Type.Object({
  locale: Locale,
  field: StringEnum(['subject', 'body', 'sender'] as const),
  rule: Type.String(),
  message: Type.String(),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
});
export const SenderProfileBody = Type.Object(
  {
    businessName: Type.String({ minLength: 1, maxLength: 200 }),
    address: NullableText(500),
    contactEmail: NullableText(320),
    contactPhone: NullableText(40),
    israeliMode: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'null: on when the program’s region is IL',
    }),
  },
  { additionalProperties: false },
);
export const SenderProfileView = Type.Object({
  businessName: Type.String(),
  address: NullableText(500),
  contactEmail: NullableText(320),
  contactPhone: NullableText(40),
  israeliModeSetting: Type.Union([Type.Boolean(), Type.Null()]),
  israeliMode: Type.Boolean(),
});

export const TemplatePreviewView = Type.Object({
  locale: Locale,
  subject: NullableText(1_000_000),
  html: NullableText(1_000_000),
  text: NullableText(1_000_000),
  problems: Type.Array(Problem),
});

export type TemplateChannel = Wire<typeof Channel>;
export type TemplatePurpose = Wire<typeof Purpose>;
export type TemplateVariant = Wire<typeof Variant>;
/** What the editor edits: a template without its key (set once, at creation). */
export type TemplateDraft = Omit<Wire<typeof TemplateBody>, 'key'>;
export type MessageTemplate = Wire<typeof TemplateView>;
export type TemplateProblem = Wire<typeof Problem>;
export type TemplatePreview = Wire<typeof TemplatePreviewView>;
export type SenderProfile = Wire<typeof SenderProfileView>;
