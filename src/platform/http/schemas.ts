// Shared TypeBox schemas for routes. TypeBox is the one validation system (docs/adr/0002-validation-typebox.md).
import { Type } from 'typebox';
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

export {
  IsoDate,
  IsoDateTime,
  Locale,
  LOCALES,
  MinorUnits,
  Nullable,
  Page,
  Points,
  StringEnum,
  Uuid,
} from '../../contracts/schema.ts';
import { Uuid } from '../../contracts/schema.ts';

export const ProgramParams = Type.Object({ programId: Uuid }, { additionalProperties: false });

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

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
