// The module list is the one registry: a module folder, or a migrations folder, that the list does not name
// would silently not be served or migrated. This fails instead.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modules } from './modules.ts';

const MODULES_DIR = fileURLToPath(new URL('../modules', import.meta.url));
const folders = fs
  .readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('the module list', () => {
  it('names every module folder once, by its folder name', () => {
    const names = modules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(folders);
  });

  it('names every migrations folder, and only existing ones', () => {
    const named = modules.flatMap((m) => (m.migrations ? [m.migrations] : []));
    for (const dir of named) expect(fs.existsSync(dir), dir).toBe(true);
    const present = folders
      .map((name) => path.join(MODULES_DIR, name, 'migrations'))
      .filter((dir) => fs.existsSync(dir));
    expect([...named].sort()).toEqual(present.sort());
  });

  it('keeps demo last and auth before it: start-up steps run in list order', () => {
    const names = modules.map((m) => m.name);
    expect(names.at(-1)).toBe('demo');
    expect(names.indexOf('auth')).toBeLessThan(names.indexOf('demo'));
    // Erasure runs memberData in list order: membership reads the member's address before members empties it.
    expect(names.indexOf('membership')).toBeLessThan(names.indexOf('members'));
  });
});
