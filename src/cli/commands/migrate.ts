import { Command } from 'commander';
import { withRuntime } from '../context.js';
import { failAndExit, printJson, printLine } from '../output.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Create or upgrade the database schema (every command also does this on start)')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      try {
        const info = await withRuntime(async (rt) => ({
          dialect: rt.stores.dialect,
          database: rt.config.database.kind === 'sqlite' ? rt.config.database.file : 'postgres',
        }));
        if (opts.json) printJson({ ok: true, ...info });
        else printLine(`schema up to date (${info.dialect}: ${info.database})`);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
}
