// `moadon <command>`: one entry for the server, the worker and admin commands.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { modules, openClubDatabase, runClubWorker, serveClub } from './app/index.ts';
import type { Command } from './platform/module.ts';

const kernelCommands: Record<string, Command> = {
  serve: {
    summary: 'API, workers and admin UI in one process (what `npm start` runs)',
    run: async (_args, { config }) => {
      await serveClub(config);
      return new Promise<never>(() => {});
    },
  },
  worker: {
    summary: 'Background workers only (needs DATABASE_URL: PGlite allows one process)',
    run: async (_args, { config }) => {
      await runClubWorker(config);
      return new Promise<never>(() => {});
    },
  },
  migrate: {
    summary: 'Apply database migrations and exit',
    run: async (_args, { config }) => {
      const { database, applied } = await openClubDatabase(config);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      await database.close();
    },
  },
};

/** The kernel's commands, then each module's (from its manifest). */
export const commands: Record<string, Command> = { ...kernelCommands };
for (const module of modules) {
  for (const [name, command] of Object.entries(module.commands ?? {})) {
    if (commands[name]) throw new Error(`Two commands are named ${name}`);
    commands[name] = command;
  }
}

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
  const openDatabase = async () => (await openClubDatabase(config)).database;
  return (await command.run(args, { config, modules, openDatabase })) ?? 0;
}
