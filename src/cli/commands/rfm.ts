import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { computeRfm, defaultAsOf, formatUtcDay, parseAsOfDate, type RfmRow } from '../../profiles/rfm.js';
import { rfmSegments, type RfmSegment } from '../../profiles/rfm-segments.js';
import { AppError } from '../../shared/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, printJson, printLine, table } from '../output.js';

interface RfmExportCliOptions {
  out: string;
  asOf?: string;
  json?: boolean;
}

export interface RfmExportSummary {
  file: string;
  customers: number;
  /** The as-of day, `YYYY-MM-DD`; null when there are no orders and no `--as-of`. */
  asOf: string | null;
  /** ISO time of the last order counted, or null. */
  lastOrderAt: string | null;
  segments: Record<RfmSegment, number>;
}

export const RFM_CSV_HEADER = 'customer_id,recency,frequency,monetary,r,f,m,segment';

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes the rows next to `file` and renames, so a reader never sees half a file. */
function writeCsv(file: string, rows: readonly RfmRow[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const fd = fs.openSync(partial, 'w');
  let written = false;
  try {
    let chunk = `${RFM_CSV_HEADER}\n`;
    for (const row of rows) {
      chunk += `${csvCell(row.customerId)},${row.recency},${row.frequency},${row.monetary},${row.r},${row.f},${row.m},${csvCell(row.segment)}\n`;
      if (chunk.length >= 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.fsyncSync(fd);
    written = true;
  } finally {
    fs.closeSync(fd);
    if (!written) fs.rmSync(partial, { force: true });
  }
  fs.renameSync(partial, file);
}

function printSummary(summary: RfmExportSummary): void {
  const asOf = summary.asOf ?? 'none (no orders)';
  printLine(`Wrote the RFM of ${summary.customers} customers to ${summary.file}`);
  printLine(`as of ${asOf}; last order counted ${summary.lastOrderAt ?? 'none'}\n`);
  printLine(table([['segment', 'customers'], ...Object.entries(summary.segments)]));
}

export function rfmCommand(): Command {
  const rfm = new Command('rfm').description(
    'Recency, frequency and monetary scores and segments of the customers with orders (docs/rfm.md)',
  );

  rfm
    .command('export')
    .description(
      'Write customer_id,recency,frequency,monetary,r,f,m,segment for every customer with at least one order',
    )
    .addOption(
      new Option('--out <file>', 'the CSV file to write (replaced if it exists)').makeOptionMandatory(),
    )
    .option(
      '--as-of <date>',
      'the as-of day, YYYY-MM-DD (UTC); orders from that day on are left out (default: the day after the last order)',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (opts: RfmExportCliOptions) => {
      try {
        const asOfGiven = opts.asOf === undefined ? null : parseAsOfDate(opts.asOf);
        if (opts.asOf !== undefined && asOfGiven === null)
          throw new AppError(
            'invalid_query',
            `--as-of must be a calendar date, YYYY-MM-DD: "${opts.asOf}".`,
            {
              asOf: opts.asOf,
            },
          );
        const inputs = await withRuntime((rt) =>
          rt.stores.orders.rfmInputs(asOfGiven === null ? {} : { placedBefore: asOfGiven }),
        );
        const asOf = asOfGiven ?? (inputs.lastOrderAt === null ? null : defaultAsOf(inputs.lastOrderAt));
        const rows =
          asOf === null
            ? []
            : computeRfm(
                inputs.customers.map((c) => ({
                  // The shop's id; a customer known only to Rapport is exported under its Rapport id.
                  customerId: c.externalId ?? c.customerId,
                  lastOrderAt: c.lastOrderAt,
                  frequency: c.frequency,
                  monetary: c.monetary,
                })),
                { asOf },
              );
        const file = path.resolve(opts.out);
        writeCsv(file, rows);
        const segments = Object.fromEntries(rfmSegments.map((s) => [s, 0])) as Record<RfmSegment, number>;
        for (const row of rows) segments[row.segment]++;
        const summary: RfmExportSummary = {
          file,
          customers: rows.length,
          asOf: asOf === null ? null : formatUtcDay(asOf),
          lastOrderAt: inputs.lastOrderAt === null ? null : new Date(inputs.lastOrderAt).toISOString(),
          segments,
        };
        if (opts.json) printJson(summary);
        else printSummary(summary);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
  return rfm;
}
