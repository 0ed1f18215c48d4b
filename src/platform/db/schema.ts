// The database as Kysely sees it. The kernel declares its own tables here; each module adds its tables from its
// own tables.ts by declaration merging (`declare module '…/platform/db/schema.ts' { interface DB extends … }`),
// so the kernel never imports a module.
import type { KernelTables } from './platform-tables.ts';

export interface DB extends KernelTables {}
