// Custom member attributes checked against the program's member_attribute_schema (see AttributeDefinition in
// programs/routes.ts). Pure: the caller passes the schema.
import { AppError } from '../../platform/http/errors.ts';
import { parseCalendarDate } from './contact.ts';

export interface AttributeDefinition {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  label?: string;
  required?: boolean;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export type AttributeSchema = Record<string, AttributeDefinition>;
export type Attributes = Record<string, unknown>;

/** Strings without an explicit maxLength are still bounded, so attributes cannot grow without limit. */
export const DEFAULT_ATTRIBUTE_MAX_LENGTH = 1000;

interface Issue {
  attribute: string;
  problem: string;
}

function checkValue(name: string, def: AttributeDefinition, value: unknown): string | undefined {
  switch (def.type) {
    case 'string': {
      if (typeof value !== 'string') return 'must be text';
      const max = def.maxLength ?? DEFAULT_ATTRIBUTE_MAX_LENGTH;
      if ([...value].length > max) return `must be at most ${max} characters`;
      if (def.enum && !def.enum.includes(value)) return `must be one of: ${def.enum.join(', ')}`;
      return undefined;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (def.type === 'integer' && !Number.isSafeInteger(value)) return 'must be a whole number';
      if (def.minimum !== undefined && value < def.minimum) return `must be at least ${def.minimum}`;
      if (def.maximum !== undefined && value > def.maximum) return `must be at most ${def.maximum}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      if (typeof value !== 'string') return 'must be a date (YYYY-MM-DD)';
      try {
        // Attribute dates may lie in the future (e.g. a contract end), so no upper bound.
        parseCalendarDate(value, name, '9999-12-31');
        return undefined;
      } catch (e) {
        return (e as Error).message.replace(`${name} "${value}" `, '');
      }
    default:
      return `has an unsupported type in the program's attribute schema`;
  }
}

function fail(issues: Issue[]): never {
  const first = issues[0]!;
  throw new AppError('invalid_attributes', 400, `Attribute "${first.attribute}" ${first.problem}`, {
    field: 'attributes',
    issues,
  });
}

/**
 * Validates `changes` (a whole attribute object on create, or a patch on update, where null removes a key)
 * and returns the resulting attributes. Unknown names are rejected. Required attributes must be present on
 * create and may not be removed later; a member created before an attribute became required can still be
 * updated without it.
 */
export function applyAttributes(
  schema: AttributeSchema,
  current: Attributes | undefined,
  changes: Attributes,
): Attributes {
  const issues: Issue[] = [];
  const known = Object.keys(schema);
  const result: Attributes = { ...(current ?? {}) };
  for (const [name, value] of Object.entries(changes)) {
    const def = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (!def) {
      issues.push({
        attribute: name,
        problem: `is not defined for this program (${known.length ? `known: ${known.join(', ')}` : 'it defines no attributes'})`,
      });
      continue;
    }
    if (value === null) {
      if (def.required) issues.push({ attribute: name, problem: 'is required and cannot be removed' });
      delete result[name];
      continue;
    }
    const problem = checkValue(name, def, value);
    if (problem) issues.push({ attribute: name, problem });
    else result[name] = value;
  }
  if (current === undefined) {
    for (const [name, def] of Object.entries(schema)) {
      const reported = issues.some((i) => i.attribute === name);
      if (def.required && !reported && (result[name] === undefined || result[name] === null)) {
        issues.push({ attribute: name, problem: 'is required' });
      }
    }
  }
  if (issues.length) fail(issues);
  return result;
}

/** Reads the program's stored schema defensively: entries that are not definitions are ignored. */
export function attributeSchemaOf(stored: Record<string, unknown>): AttributeSchema {
  const schema: AttributeSchema = {};
  for (const [name, def] of Object.entries(stored ?? {})) {
    if (def && typeof def === 'object' && typeof (def as { type?: unknown }).type === 'string') {
      schema[name] = def as AttributeDefinition;
    }
  }
  return schema;
}
