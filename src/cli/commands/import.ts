import fs from 'node:fs';
import { Command, Option } from 'commander';
import {
  importFile,
  importTypes,
  type ImportOptions,
  type ImportReport,
  type ImportType,
} from '../../import/index.js';
import { loadConfig } from '../../config/index.js';
import { AppError } from '../../shared/index.js';
import { setOwn } from '../../import/safe-json.js';
import { withRuntime } from '../context.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';

interface ImportCliOptions {
  type?: ImportType;
  format?: 'csv' | 'tsv' | 'jsonl';
  map?: string[];
  preset?: string;
  sep?: string;
  rejects?: string;
  batchSize?: string;
  json?: boolean;
}

/** `--map srcCol=field` pairs as a column → field map; any column name, `__proto__` too, is an own key. */
export function parseMap(pairs: readonly string[] = []): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq === pair.length - 1)
      throw new AppError('invalid_import_options', `--map expects srcCol=field, got "${pair}".`);
    setOwn(map, pair.slice(0, eq), pair.slice(eq + 1));
  }
  return map;
}

export function printImportReport(report: ImportReport): void {
  const rows: (string | number)[][] = [
    ['rows', report.rows],
    ['accepted', report.accepted],
    ['rejected', report.rejected],
    ['inserted', report.inserted],
    ['updated', report.updated],
    ['unchanged', report.unchanged],
  ];
  for (const [key, value] of Object.entries(report.details ?? {})) rows.push([key, value]);
  rows.push(['seconds', Number(report.seconds.toFixed(2))]);
  printLine(`Imported ${report.file} as ${report.type}${report.preset ? ` (preset ${report.preset})` : ''}`);
  printLine(table(rows));
  const reasons = Object.entries(report.rejectsByReason);
  if (reasons.length === 0) printLine('\nRejected rows by reason: none');
  else {
    printLine('\nRejected rows by reason:');
    printLine(table(reasons.sort((a, b) => b[1] - a[1])));
    if (report.rejectsFile) printLine(`Rejected rows with line numbers: ${report.rejectsFile}`);
  }
}

export function importCommand(): Command {
  return new Command('import')
    .description('Bulk-import a CSV, TSV or JSONL file (gzip accepted), streaming with constant memory')
    .argument('<file>', 'the file to import (.csv, .tsv, .jsonl, optionally .gz)')
    .addOption(new Option('--type <type>', 'what the rows are').choices([...importTypes]))
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices([
        'csv',
        'tsv',
        'jsonl',
      ]),
    )
    .option('--map <pairs...>', 'map source columns to fields, e.g. --map "Customer ID=user_id" Email=email')
    .option('--preset <name>', 'a known layout, e.g. online-retail (UCI Online Retail II)')
    .option('--sep <char>', 'CSV delimiter (default , for csv, tab for tsv)')
    .option(
      '--rejects <file>',
      'where to write rejected rows (default: <file>.rejects.jsonl in the data directory)',
    )
    .option('--batch-size <n>', 'rows per write transaction', '1000')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (file: string, opts: ImportCliOptions) => {
      try {
        if (!fs.existsSync(file))
          throw new AppError('import_file_not_found', `No such file: ${file}`, { file });
        if (!opts.type && !opts.preset)
          throw new AppError('invalid_import_options', 'Give --type or --preset.');
        // Live profile updates are for the server's trickle of events; an import rebuilds once at the end instead.
        const keepProfilesCurrent = loadConfig(process.env).profiles.live;
        const noLiveUpdates = { RAPPORT_PROFILES_LIVE: 'false' };
        const report = await withRuntime(async (runtime) => {
          const total = fs.statSync(file).size;
          const bar = createProgress('importing', total, {
            format:
              'importing    [{bar}] {percentage}% | {rows} rows, {rejected} rejected | ETA {eta_formatted}',
          });
          const options: ImportOptions = {
            file,
            ...(opts.type ? { type: opts.type } : {}),
            ...(opts.format ? { format: opts.format } : {}),
            ...(opts.preset ? { preset: opts.preset } : {}),
            ...(opts.sep ? { delimiter: opts.sep } : {}),
            ...(opts.rejects ? { rejectsFile: opts.rejects } : { rejectsDir: runtime.config.dataDir }),
            map: parseMap(opts.map),
            batchSize: Number(opts.batchSize ?? 1000),
          };
          let imported: ImportReport;
          try {
            imported = await importFile(
              options,
              {
                stores: runtime.stores,
                ingestor: runtime.ingestor,
                cipher: runtime.cipher,
                clock: runtime.clock,
              },
              (p) => bar.update(p.bytesRead, p.totalBytes, { rows: p.rows, rejected: p.rejected }),
            );
          } finally {
            bar.stop();
          }
          // A bulk load is faster replayed once than applied event by event: profiles are rebuilt after it.
          if (keepProfilesCurrent && imported.type === 'events' && imported.inserted > 0) {
            if (!opts.json) note('Rebuilding profiles from all events…');
            const built = await runtime.profiles.build();
            imported.details.profilesRebuilt = built.profiles;
          }
          return imported;
        }, noLiveUpdates);
        if (opts.json) printJson(report);
        else printImportReport(report);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
}
