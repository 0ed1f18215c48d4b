// The "Name: value" field groups of RFC 3464 delivery-status and RFC 5965 feedback-report parts, and the
// headers of a returned original message. Pure.

export type FieldGroup = Map<string, string[]>;

/** Splits a report body into groups (separated by blank lines), unfolding continuation lines. */
export function parseFieldGroups(text: string): FieldGroup[] {
  const groups: FieldGroup[] = [];
  let current: FieldGroup | null = null;
  let last: { name: string; index: number } | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      current = null;
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && current && last) {
      const values = current.get(last.name)!;
      values[last.index] = `${values[last.index]} ${line.trim()}`;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    if (!current) {
      current = new Map();
      groups.push(current);
    }
    const name = m[1]!.toLowerCase();
    const values = current.get(name) ?? [];
    values.push(m[2]!.trim());
    current.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return groups;
}

export const field = (group: FieldGroup | undefined, name: string): string | null =>
  group?.get(name)?.[0] ?? null;

/** "rfc822; someone@example.com" → "someone@example.com"; "dns; mx.example.com" → "mx.example.com". */
export function typedValue(value: string | null): string | null {
  if (!value) return null;
  const i = value.indexOf(';');
  const bare = (i >= 0 ? value.slice(i + 1) : value).trim();
  return bare.replace(/^<(.*)>$/, '$1').trim() || null;
}

/** "<a@b>" or "a@b" → "a@b", lower-case; null if it is not an address. */
export function bareAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /<?([^<>\s"]+@[^<>\s"]+?)>?[\s,;]*$/.exec(value.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** The value of a header line in a block of header text (first occurrence, unfolded). */
export function headerIn(text: string, name: string): string | null {
  const re = new RegExp(`^${name.replace(/-/g, '\\-')}[ \\t]*:[ \\t]*(.*(?:\\r?\\n[ \\t]+.*)*)`, 'im');
  const m = re.exec(text);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() || null : null;
}

/** "<id@host>" → "id@host". */
export const messageIdValue = (value: string | null): string | null =>
  value
    ? value
        .trim()
        .replace(/^<(.*)>$/, '$1')
        .trim() || null
    : null;
