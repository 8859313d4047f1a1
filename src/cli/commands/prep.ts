import { Command } from 'commander';
import { createQualityReportSource } from '../../adapters/index.js';
import {
  buildQualityReport,
  DEFAULT_EXAMPLES,
  DEFAULT_RECENT_EVENTS,
  MAX_EXAMPLES,
  MAX_RECENT_EVENTS,
  parseTimestamp,
  type DataQualityReport,
} from '../../prep/index.js';
import { AppError } from '../../shared/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';

interface ReportCliOptions {
  json?: boolean;
  examples: string;
  shopStart?: string;
  recentEvents: string;
}

function intOption(text: string, name: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n > max)
    throw new AppError(
      'invalid_query',
      `--${name} must be an integer from 0 to ${max}, not ${JSON.stringify(text)}.`,
    );
  return n;
}

function printReport(report: DataQualityReport): void {
  for (const section of Object.values(report.sources)) {
    printLine(`${section.source} (${section.rows} rows)`);
    const rows = section.rules.map((r) => {
      const first = r.examples[0];
      const example = first
        ? [first.id, first.before, first.after && `→ ${first.after}`, first.note].filter(Boolean)
        : [];
      return [`  ${r.rule}`, r.touched, example.join(' ')];
    });
    printLine(table([['  rule', 'rows', 'first example'], ...rows]));
    for (const text of section.notes) printLine(`  note: ${text}`);
    printLine();
  }
  printLine(`shop start: ${report.shopStart.at ?? 'unknown'} (${report.shopStart.from})`);
  note('Rule definitions, fences, all examples and distributions: --json');
}

export function prepCommand(): Command {
  const prep = new Command('prep').description(
    'The prepare stage: data-quality checks over what Rapport has stored',
  );

  prep
    .command('report')
    .description(
      'Report data-quality problems per source (customers, products, order lines, events): rule, rows touched, masked examples, before/after distributions',
    )
    .option('--json', 'print the report as JSON on stdout')
    .option('--examples <n>', `examples per rule (0–${MAX_EXAMPLES})`, String(DEFAULT_EXAMPLES))
    .option(
      '--shop-start <date>',
      'when the shop opened, YYYY-MM-DD (UTC) or an ISO-8601 time; events before it are flagged (default: the earliest product, customer or order stored)',
    )
    .option(
      '--recent-events <n>',
      `how many of the newest events the near-duplicate scan covers (0–${MAX_RECENT_EVENTS})`,
      String(DEFAULT_RECENT_EVENTS),
    )
    .action(async (opts: ReportCliOptions) => {
      const json = Boolean(opts.json);
      try {
        const examples = intOption(opts.examples, 'examples', MAX_EXAMPLES);
        const recentEvents = intOption(opts.recentEvents, 'recent-events', MAX_RECENT_EVENTS);
        const parsed = opts.shopStart === undefined ? undefined : parseTimestamp(opts.shopStart);
        if (parsed !== undefined && !parsed.ok)
          throw new AppError('invalid_query', `--shop-start: ${parsed.message}`);
        const shopStart = parsed?.value;
        const report = await withRuntime(async (rt) => {
          const { stores } = rt;
          const counts = await Promise.all([
            stores.customers.count(),
            stores.products.count(),
            stores.orders.countLines(),
            stores.events.count(),
          ]);
          const bar = createProgress(
            'quality',
            counts.reduce((a, b) => a + b, 0),
            { enabled: Boolean(process.stderr.isTTY) && !json },
          );
          try {
            return await buildQualityReport(createQualityReportSource(stores, rt.cipher), {
              now: rt.clock.now(),
              examples,
              recentEvents,
              ...(shopStart === undefined ? {} : { shopStart }),
              onProgress: (rows) => bar.update(rows),
            });
          } finally {
            bar.stop();
          }
        });
        if (json) printJson(report);
        else printReport(report);
      } catch (error) {
        failAndExit(error, json);
      }
    });

  return prep;
}
