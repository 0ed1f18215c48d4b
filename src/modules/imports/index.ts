// The imports module's public surface: CSV import and export of members.
export { runImport, type RunHooks } from './runner.ts';
export { createImport, getImport, importView, type ImportView } from './service.ts';
export { memberCsvChunks, parseExportFields } from './export.ts';
export { importJobs } from './jobs.ts';
