// The fields a program's segments may use: the built-in ones, the ones other modules contribute, and the
// families that depend on the program (custom attributes).
import { AppError } from '../../../platform/http/errors.ts';
import type { CompileContext } from '../rules/types.ts';
import type { FieldFamily, SegmentField } from './field.ts';

export class SegmentFieldRegistry {
  readonly #fields = new Map<string, SegmentField>();
  readonly #families: FieldFamily[] = [];

  constructor(fields: SegmentField[] = [], families: FieldFamily[] = []) {
    for (const f of fields) this.add(f);
    this.#families.push(...families);
  }

  /** Adds a field; a key can be taken once, so two modules cannot silently shadow each other. */
  add(field: SegmentField): this {
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(field.key))
      throw new Error(`Segment field key "${field.key}" must look like group.name`);
    if (this.#fields.has(field.key)) throw new Error(`Segment field "${field.key}" is registered twice`);
    this.#fields.set(field.key, field);
    return this;
  }

  addFamily(family: FieldFamily): this {
    this.#families.push(family);
    return this;
  }

  /** A new registry with these fields added (the app's built-ins plus a module's contributions). */
  with(fields: SegmentField[]): SegmentFieldRegistry {
    return new SegmentFieldRegistry([...this.#fields.values(), ...fields], this.#families);
  }

  list(ctx: Pick<CompileContext, 'attributeSchema'>): SegmentField[] {
    return [...this.#fields.values(), ...this.#families.flatMap((family) => family(ctx))];
  }

  find(key: string, ctx: Pick<CompileContext, 'attributeSchema'>): SegmentField | undefined {
    return (
      this.#fields.get(key) ?? this.#families.flatMap((family) => family(ctx)).find((f) => f.key === key)
    );
  }

  get(key: string, ctx: Pick<CompileContext, 'attributeSchema'>): SegmentField {
    const field = this.find(key, ctx);
    if (!field) throw new AppError('unknown_field', 400, `Unknown segment field "${key}"`, { field: key });
    return field;
  }
}
