import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { generateShop, type DemoShop } from '../../demo/index.js';
import { importFile, type ImportReport, type ImportType } from '../../import/index.js';
import { runPipeline, type PipelineReport } from '../../pipeline/index.js';
import { pipelineDepsFor, pipelineJobs, type Runtime } from '../../server/index.js';
import { loadConfig } from '../../config/index.js';
import { AppError } from '../../shared/index.js';
import { openRuntime } from '../context.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';
import { replayDeliveries } from '../replay-deliveries.js';
import { stageDisplay } from './pipeline.js';
import { serve } from './serve.js';

/** The demo's default last day: fixed, so that the same seed always gives the same shop. */
export const DEMO_END_DATE = '2026-10-31';

interface DemoCliOptions {
  customers: string;
  days: string;
  seed: string;
  end: string;
  dir?: string;
  serve: boolean;
  models: boolean;
  host?: string;
  port?: string;
  json?: boolean;
}

function positiveInt(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new AppError('invalid_import_options', `--${name} must be an integer from 1 to ${max}.`);
  return n;
}

/**
 * The generated data can be regenerated at will, so the load commits with synchronous=NORMAL (safe against process
 * crashes, not power loss); serving afterwards uses the configured durability.
 */
// Loading a whole history event by event through live profile updates would cost more than one full build after it.
const LOAD_OVERRIDES = { RAPPORT_SQLITE_SYNCHRONOUS: 'normal', RAPPORT_PROFILES_LIVE: 'false' };

function writeJsonl(file: string, rows: readonly unknown[]): void {
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''));
}

/** Feeds the shop through the bulk importer, like a user with files would. */
async function importShop(
  runtime: Runtime,
  shop: DemoShop,
  dir: string,
  showProgress: boolean,
): Promise<Record<string, ImportReport>> {
  const files: [ImportType, string, readonly unknown[]][] = [
    ['products', 'products.jsonl', shop.products],
    ['customers', 'customers.jsonl', shop.customers],
    ['orders', 'orders.jsonl', shop.orderLines],
    ['reviews', 'reviews.jsonl', shop.reviews],
    ['conversations', 'conversations.jsonl', shop.conversations],
    ['kb', 'kb.jsonl', shop.kb],
  ];
  const reports: Record<string, ImportReport> = {};
  for (const [type, name, rows] of files) {
    const file = path.join(dir, name);
    writeJsonl(file, rows);
    const bar = createProgress(type, rows.length, { enabled: showProgress });
    try {
      reports[type] = await importFile(
        { file, type, format: 'jsonl', rejectsDir: dir, source: 'demo' },
        { stores: runtime.stores, ingestor: runtime.ingestor, cipher: runtime.cipher, clock: runtime.clock },
        (p) => bar.update(p.rows),
      );
    } finally {
      bar.stop();
    }
  }
  return reports;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Generate a deterministic synthetic shop, load it through the importer and the collect API, then serve the dashboard',
    )
    .option('--customers <n>', 'number of customers', '2000')
    .option('--days <d>', 'days of history', '180')
    .option('--seed <s>', 'random seed: the same seed (and end date) gives the same shop', '42')
    .option('--end <date>', 'last day of the history (YYYY-MM-DD)', DEMO_END_DATE)
    .option(
      '--dir <dir>',
      'data directory (database, secret key, demo files); default RAPPORT_DATA_DIR or ./.rapport',
    )
    .option('--no-serve', 'load the data and exit instead of serving')
    .option(
      '--no-models',
      'only build the profiles; by default the model pipeline also trains and scores propensity, churn and customer value',
    )
    .option('--host <host>', 'interface to serve on')
    .option('--port <port>', 'port to serve on')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (opts: DemoCliOptions) => {
      const json = Boolean(opts.json);
      try {
        const started = performance.now();
        const customers = positiveInt(opts.customers, 'customers', 1_000_000);
        const days = positiveInt(opts.days, 'days', 3_660);
        const seed = positiveInt(opts.seed, 'seed', 2 ** 31 - 1);
        const endDate = Date.parse(`${opts.end}T23:59:59.999Z`);
        if (!Number.isFinite(endDate))
          throw new AppError('invalid_import_options', '--end must be a date, YYYY-MM-DD.');
        const dirOverride = opts.dir ? { RAPPORT_DATA_DIR: opts.dir } : {};
        const runtime = await openRuntime({ ...dirOverride, ...LOAD_OVERRIDES });
        const showProgress = Boolean(process.stderr.isTTY) && !json;
        const demoDir = path.join(runtime.config.dataDir, 'demo');
        fs.mkdirSync(demoDir, { recursive: true });

        if (!json) note(`Generating a shop: ${customers} customers, ${days} days, seed ${seed}…`);
        const shop = generateShop({ customers, days, seed, endDate });
        const truthFile = path.join(demoDir, 'truth.json');
        // The hidden truth is for evaluating later stages; the engine never reads it.
        fs.writeFileSync(truthFile, JSON.stringify(shop.truth));

        const imports = await importShop(runtime, shop, demoDir, showProgress);
        const total = shop.events.reduce((n, b) => n + b.batch.length, 0);
        const bar = createProgress('events', total, { enabled: showProgress });
        const events = await replayDeliveries(runtime, shop.events, shop.truth.receivedAt, (sent) =>
          bar.update(sent),
        ).finally(() => bar.stop());
        // The model pipeline (rapport pipeline run) builds the profiles, then trains, evaluates and promotes the
        // models and stores their scores; a model the shop is too small for is reported, not fatal.
        let built: { profiles: number; merges: number };
        let models: DemoModels | null = null;
        if (opts.models) {
          if (!json) note('Building profiles and training the models (rapport pipeline run)…');
          const jobs = pipelineJobs(runtime);
          const report = await runPipeline(pipelineDepsFor(runtime), jobs, {
            onProgress: stageDisplay(json ? 'off' : process.stderr.isTTY ? 'bars' : 'lines', jobs),
          });
          const details = report.stages.find((st) => st.stage === 'profiles')?.details ?? {};
          built = { profiles: Number(details.profiles ?? 0), merges: Number(details.merges ?? 0) };
          models = demoModels(report);
        } else built = await runtime.profiles.build();
        const stored = {
          events: await runtime.stores.events.count(),
          deadLetters: await runtime.stores.deadLetters.count(),
          customers: await runtime.stores.customers.count(),
          products: await runtime.stores.products.count(),
          orders: await runtime.stores.orders.count(),
          orderLines: await runtime.stores.orders.countLines(),
          reviews: await runtime.stores.reviews.count(),
          conversations: await runtime.stores.conversations.count(),
          kbDocs: await runtime.stores.knowledgeBase.count(),
          profiles: built.profiles,
          profileMerges: built.merges,
        };
        const summary = {
          dataDir: runtime.config.dataDir,
          database: runtime.config.database.kind,
          options: { customers, days, seed, end: opts.end },
          generated: shop.summary,
          imported: Object.fromEntries(
            Object.entries(imports).map(([type, r]) => [
              type,
              {
                rows: r.rows,
                accepted: r.accepted,
                rejected: r.rejected,
                inserted: r.inserted,
                updated: r.updated,
              },
            ]),
          ),
          events,
          stored,
          models,
          truthFile,
          seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
        };
        if (!opts.serve) {
          await runtime.close();
          if (json) printJson(summary);
          else printDemoSummary(summary);
          return;
        }
        if (!json) printDemoSummary(summary);
        // While it serves, profiles follow new events as they arrive (unless RAPPORT_PROFILES_LIVE=false).
        if (loadConfig(process.env).profiles.live) runtime.startLiveProfiles();
        await serve(
          runtime,
          { json, ...(opts.host ? { host: opts.host } : {}), ...(opts.port ? { port: opts.port } : {}) },
          json ? { summary } : {},
        );
      } catch (error) {
        failAndExit(error, json);
      }
    });
}

interface DemoModels {
  ok: boolean;
  seconds: number;
  /** Per model: the version registered and whether it went live, or why it was not trained. */
  jobs: { model: string; status: string; detail: string }[];
}

function demoModels(report: PipelineReport): DemoModels {
  const promote = report.stages.find((st) => st.stage === 'promote');
  const train = report.stages.find((st) => st.stage === 'train');
  const evaluate = report.stages.find((st) => st.stage === 'evaluate');
  // An enrichment job's step holds its train, evaluate and promote details; a failure is its training's.
  const enrich = (report.stages.find((st) => st.stage === 'enrich')?.jobs ?? []).map((j) => {
    const parts = j.details as { evaluate?: Record<string, unknown>; promote?: Record<string, unknown> };
    // Registered (its hook may have failed after): shown as the version it is, not as "not trained".
    const registered = parts.promote?.version !== undefined;
    return {
      train: registered ? { ...j, status: 'ok' as const } : j,
      evaluate: parts.evaluate,
      promote: registered ? { status: 'ok', details: parts.promote as Record<string, unknown> } : undefined,
    };
  });
  const models = (train?.jobs ?? []).map((j) => ({
    train: j,
    evaluate: evaluate?.jobs?.find((x) => x.job === j.job)?.details,
    promote: promote?.jobs?.find((x) => x.job === j.job),
  }));
  return {
    ok: report.ok,
    seconds: report.seconds,
    jobs: [...enrich, ...models].map(({ train: j, evaluate: e, promote: p }) => {
      if (j.status === 'failed')
        return { model: j.job, status: 'not trained', detail: `${j.error?.code}: ${j.error?.message}` };
      const metric = e?.primaryMetric as { name: string; value: number | null } | undefined;
      const held =
        metric && metric.value !== null ? `held-out ${metric.name} ${metric.value.toFixed(4)}` : '';
      return {
        model: j.job,
        status:
          p?.status === 'ok'
            ? `v${String(p.details.version)} ${p.details.promoted ? 'live' : 'candidate'}`
            : j.status,
        detail: held || (j.reason ?? ''),
      };
    }),
  };
}

function printDemoSummary(s: {
  dataDir: string;
  events: { batches: number; sent: number; accepted: number; rejected: number };
  stored: Record<string, number>;
  models: DemoModels | null;
  seconds: number;
}): void {
  printLine(`Demo shop loaded into ${s.dataDir} in ${s.seconds} s`);
  printLine(table([['stored', 'count'], ...Object.entries(s.stored)]));
  printLine(
    `events sent ${s.events.sent} in ${s.events.batches} batches: ${s.events.accepted} accepted, ${s.events.rejected} rejected (dead-lettered)`,
  );
  if (s.models)
    printLine(
      `\n${table([['model', 'status', 'detail'], ...s.models.jobs.map((j) => [j.model, j.status, j.detail])])}`,
    );
}
