// `moadon <command>`: one entry for the server, the worker and admin commands.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { serve, runWorker } from './platform/runtime.ts';
import { openMigratedDatabase } from './platform/runtime.ts';
import { seedDemoClub } from './modules/demo/seed.ts';
import { checkLedger } from './modules/loyalty/index.ts';
import { systemClock } from './platform/clock.ts';
import { EXPORT_USAGE, IMPORT_USAGE, runExportCommand, runImportCommand } from './modules/imports/cli.ts';

export interface Command {
  summary: string;
  usage?: string;
  run(args: string[], config: Config): Promise<number | void>;
}

export const commands: Record<string, Command> = {
  serve: {
    summary: 'API, workers and admin UI in one process (what `npm start` runs)',
    run: async (_args, config) => {
      await serve(config);
      return new Promise<never>(() => {});
    },
  },
  worker: {
    summary: 'Background workers only (needs DATABASE_URL: PGlite allows one process)',
    run: async (_args, config) => {
      await runWorker(config);
      return new Promise<never>(() => {});
    },
  },
  migrate: {
    summary: 'Apply database migrations and exit',
    run: async (_args, config) => {
      const { database, applied } = await openMigratedDatabase(config);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      await database.close();
    },
  },
  seed: {
    summary: 'Create the demo club (skipped when it exists)',
    run: async (_args, config) => {
      const { database } = await openMigratedDatabase(config);
      const result = await seedDemoClub(database.db, systemClock);
      console.log(
        result
          ? `Demo club created: ${result.members} members, ${result.purchases} purchases`
          : 'Demo club exists',
      );
      await database.close();
    },
  },
  import: {
    summary: 'Import members from a CSV file (progress on stderr; --dry-run to check first)',
    usage: IMPORT_USAGE,
    run: (args, config) => runImportCommand(args, config),
  },
  export: {
    summary: 'Export members as CSV (UTF-8 with BOM)',
    usage: EXPORT_USAGE,
    run: (args, config) => runExportCommand(args, config),
  },
  'check-ledger': {
    summary: 'Verify every points account equals the sum of its ledger and lots (exit 1 on problems)',
    usage: 'moadon check-ledger [programId]',
    run: async (args, config) => {
      const { database } = await openMigratedDatabase(config);
      const result = await checkLedger(database.db, args[0]);
      await database.close();
      for (const p of result.problems) {
        console.log(`${p.programId} ${p.memberId}: ${p.problem} (expected ${p.expected}, found ${p.actual})`);
      }
      console.log(`${result.accounts} accounts checked, ${result.problems.length} problems`);
      return result.problems.length === 0 ? 0 : 1;
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: moadon <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nConfiguration comes from environment variables; see README.md.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 78;
    }
    throw error;
  }
  return (await command.run(args, config)) ?? 0;
}
