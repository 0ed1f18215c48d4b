// Shared TypeBox schemas for routes. TypeBox is the one validation system (docs/adr/0002-validation-typebox.md).
import { Type, type TSchema } from 'typebox';
import { unstorableText } from './input-guard.ts';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable snake_case error code' }),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error the API returns has this shape' },
);

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** Serialised as an ISO 8601 string; handlers may return a Date. */
export const IsoDateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** A string enum whose TypeScript type keeps the literals. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
export const LOCALES = ['he', 'fa', 'en'] as const;
export const Locale = StringEnum(LOCALES);
/** Points and money in minor units: integers only. */
export const Points = Type.Integer({ minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 });
export const MinorUnits = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

export const ProgramParams = Type.Object({ programId: Uuid }, { additionalProperties: false });

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as ?cursor= for the next page',
    }),
  });
}

/** Cursor pagination over (created_at desc, id desc). Opaque to clients. */
export function encodeCursor(createdAt: Date, id: string | number): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      unstorableText(String(parsed[1])) === undefined
    ) {
      return { createdAt: parsed[0], id: String(parsed[1]) };
    }
  } catch {
    // falls through: an unreadable cursor is the client's error
  }
  return undefined;
}
