// The imports module's public surface: CSV import and export of members.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { EXPORT_USAGE, IMPORT_USAGE, processIo, runExportCommand, runImportCommand } from './cli.ts';
import { importInspectRoutes } from './inspect-routes.ts';
import { importJobs } from './jobs.ts';
import { importRoutes } from './routes.ts';
import { importsPermissions } from './permissions.ts';

export const importsModule = defineModule({
  name: 'imports',
  routes: [importRoutes, importInspectRoutes],
  permissions: ['members:export', 'members:import'],
  definesPermissions: importsPermissions,
  jobs: importJobs,
  migrations: migrationsBeside(import.meta.url),
  commands: {
    import: {
      summary: 'Import members from a CSV file (progress on stderr; --dry-run to check first)',
      usage: IMPORT_USAGE,
      run: (args, ctx) => runImportCommand(args, ctx.config, processIo(ctx.openDatabase)),
    },
    export: {
      summary: 'Export members as CSV (UTF-8 with BOM)',
      usage: EXPORT_USAGE,
      run: (args, ctx) => runExportCommand(args, ctx.config, processIo(ctx.openDatabase)),
    },
  },
});

export { runImport, type RunHooks } from './runner.ts';
export { createImport, getImport, IMPORT_JOB, importView, type ImportView } from './service.ts';
export { memberCsvChunks, parseExportFields } from './export.ts';
export { importJobs } from './jobs.ts';
