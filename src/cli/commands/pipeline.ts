import { Command } from 'commander';
import {
  runPipeline,
  type JobStep,
  type ModelJob,
  type PipelineProgress,
  type PipelineReport,
  type StageName,
  type StageReport,
} from '../../pipeline/index.js';
import { pipelineDepsFor, pipelineJobs } from '../../server/index.js';
import { withRuntime } from '../context.js';
import { parseDayOption } from '../options.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress, type Progress } from '../progress.js';

interface RunCliOptions {
  asOf?: string;
  force?: boolean;
  seed: string;
  json?: boolean;
}

/**
 * Stage-by-stage progress on stderr: on a terminal one bar per stage (left on screen when the stage ends), else one
 * line whenever the stage, job or step changes. Silent under --json.
 */
/** The pipeline's progress on stderr: a bar per stage on a terminal, a line per step otherwise. */
export function stageDisplay(
  mode: 'bars' | 'lines' | 'off',
  jobs: readonly Pick<ModelJob, 'phase'>[],
): (p: PipelineProgress) => void {
  const enrichJobs = jobs.filter((j) => j.phase === 'enrich').length;
  const jobsOf = (stage: StageName) => (stage === 'enrich' ? enrichJobs : jobs.length - enrichJobs);
  let bar: { stage: StageName; progress: Progress; done: number } | null = null;
  let lastLine = '';
  const perJob = (stage: StageName) =>
    stage === 'enrich' || stage === 'train' || stage === 'evaluate' || stage === 'promote';
  return (p) => {
    if (mode === 'off') return;
    const what = [p.job, p.step].filter(Boolean).join(': ');
    if (mode === 'lines') {
      const line = p.finished
        ? `pipeline: ${p.stage} ${p.finished.status}${p.finished.error ? ` [${p.finished.error.code}]` : ''} ` +
          `(${p.finished.seconds.toFixed(1)} s)`
        : `pipeline: ${p.stage} ${what}…`;
      if (line !== lastLine) note(line);
      lastLine = line;
      return;
    }
    if (bar?.stage !== p.stage) {
      bar?.progress.stop();
      const total = perJob(p.stage) ? Math.max(jobsOf(p.stage), 1) : 1;
      bar = {
        stage: p.stage,
        done: 0,
        progress: createProgress(p.stage, total, {
          enabled: true,
          format: `${p.stage.padEnd(9)} [{bar}] {value}/{total} | {what}`,
          payload: { what: '' },
        }),
      };
    }
    if (p.finished) {
      const f = p.finished;
      const total = perJob(p.stage) ? Math.max(jobsOf(p.stage), 1) : 1;
      bar.progress.update(total, undefined, {
        what: `${f.status}${f.reason ? ` (${f.reason})` : ''} in ${f.seconds.toFixed(1)} s`,
      });
      bar.progress.stop();
      bar = null;
      return;
    }
    if (p.job !== undefined && p.step === 'starting' && perJob(p.stage)) bar.done++;
    const shown = p.done === undefined ? what : `${what} ${p.done}`;
    bar.progress.update(Math.max(bar.done - 1, 0), undefined, { what: shown });
  };
}

const str = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');
const metric = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : 'n/a');

function stageDetails(s: StageReport): string {
  const d = s.details;
  if (s.stage === 'prepare' && d.data && typeof d.data === 'object') {
    const data = d.data as PipelineReport['data'] & object;
    const flagged = Object.values((d.quality ?? {}) as Record<string, { flagged: object }>).reduce(
      (n, q) => n + Object.keys(q.flagged).length,
      0,
    );
    return (
      `${data.events.rows} events, ${data.customers.rows} customers, ${data.products.rows} products, ` +
      `${data.orders.rows} orders, ${data.reviews.rows} reviews, ${data.conversations.rows} conversations ` +
      `(data ${data.digest})` +
      (d.quality ? `; ${flagged} quality rules flag rows` : '')
    );
  }
  if (s.stage === 'profiles' && s.status === 'ok')
    return `${str(d.profiles)} profiles, ${str(d.merges)} merges, ${str(d.events)} events, ${str(d.orders)} orders`;
  return '';
}

function jobDetails(stage: StageName, j: JobStep): string {
  const d = j.details;
  if (j.status !== 'ok') return '';
  if (stage === 'enrich') {
    const parts = d as { evaluate?: Record<string, unknown>; promote?: Record<string, unknown> };
    const after = parts.promote?.afterRegistration as
      { conversationsLabelled?: number; by?: string } | undefined;
    return [
      parts.evaluate ? jobDetails('evaluate', { ...j, details: parts.evaluate }) : '',
      parts.promote ? jobDetails('promote', { ...j, details: parts.promote }) : '',
      after?.conversationsLabelled !== undefined
        ? `${after.conversationsLabelled} conversations read${after.by ? ` by ${after.by}` : ''}`
        : '',
    ]
      .filter(Boolean)
      .join('; ');
  }
  if (stage === 'train') {
    // The recommender reports the models it compared on its holdout instead of customers scored.
    if (d.compared !== undefined)
      return `${str(d.chosen)} served: compared ${Object.keys(d.compared as object).join(', ')} on ${str(d.holdoutCustomers)} customers' last ${str(d.holdoutDays)} days (${str(d.customers)} customers, ${str(d.items)} items)`;
    const skipped = Object.keys((d.skipped ?? {}) as Record<string, unknown>);
    // A value model without its GBDT candidate: BG/NBD is fitted on the held-out window's own history.
    if (skipped.length > 0)
      return `${str(d.chosen)}: fitted and held out on ${str(d.validationRows)} customers (${skipped.join(', ')} skipped: too little history), scored ${str(d.scored)}`;
    return `${str(d.chosen)}: trained on ${str(d.trainRows)} customers, held out ${str(d.validationRows)}, scored ${str(d.scored)}`;
  }
  if (stage === 'evaluate') {
    const p = d.primaryMetric as { name: string; value: unknown };
    const a = d.active as { version: number; value: unknown } | null;
    return `held-out ${p.name} ${metric(p.value)}${a ? ` vs ${metric(a.value)} of active v${a.version}` : ' (no active version)'}`;
  }
  const promoted = d.promoted === true ? 'promoted' : 'kept as a candidate';
  return `v${str(d.version)} ${promoted}: ${str(d.reason)}`;
}

const outcome = (x: { status: string; reason?: string; error?: { code: string; message: string } }) =>
  x.error ? `[${x.error.code}] ${x.error.message}` : (x.reason ?? '');

function printReport(report: PipelineReport): void {
  const rows: (string | number)[][] = [['stage', 'status', 'seconds', 'details']];
  for (const s of report.stages) {
    rows.push([
      s.stage,
      s.status,
      s.seconds.toFixed(2),
      [outcome(s), stageDetails(s)].filter(Boolean).join('; '),
    ]);
    for (const j of s.jobs ?? [])
      rows.push([
        `  ${j.job}`,
        j.status,
        j.seconds.toFixed(2),
        [outcome(j), jobDetails(s.stage, j)].filter(Boolean).join('; '),
      ]);
  }
  printLine(table(rows));
  const { registered, promoted, profiles } = report.changed;
  const wrote = [
    ...(profiles ? ['rebuilt the profiles'] : []),
    ...registered.map(
      (r) => `registered ${r}${promoted.includes(r) ? ' (promoted)' : ' (kept as a candidate)'}`,
    ),
  ];
  const failed = report.stages.filter((s) => s.status === 'failed').map((s) => s.stage);
  printLine(
    `\npipeline: ${failed.length === 0 ? 'every stage ok' : `failed: ${failed.join(', ')}`} in ${report.seconds.toFixed(1)} s; ` +
      (wrote.length > 0 ? wrote.join(', ') : 'nothing changed (up to date)'),
  );
}

export function pipelineCommand(): Command {
  const pipeline = new Command('pipeline').description(
    'The model pipeline: prepare → profiles → train every model → evaluate → promote if better',
  );

  pipeline
    .command('run')
    .description(
      'Run the pipeline once and report each stage (status, timing, details). Models already trained on the same ' +
        'data, settings and code are skipped, so a second run on unchanged data changes nothing. Exits 1 when a stage failed',
    )
    .option(
      '--as-of <date>',
      'profiles and scores as of this UTC day (YYYY-MM-DD); default: profiles now, models the latest event or order',
    )
    .option('--force', 'rebuild the profiles and retrain every model even when up to date')
    .option('--seed <seed>', "seed of the models' bagging and hold-outs", '0')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (opts: RunCliOptions) => {
      const json = Boolean(opts.json);
      try {
        const asOf = opts.asOf === undefined ? undefined : parseDayOption(opts.asOf);
        const report = await withRuntime((rt) => {
          const jobs = pipelineJobs(rt);
          const show = stageDisplay(json ? 'off' : process.stderr.isTTY ? 'bars' : 'lines', jobs);
          return runPipeline(pipelineDepsFor(rt), jobs, {
            ...(asOf === undefined ? {} : { asOf }),
            force: Boolean(opts.force),
            seed: opts.seed,
            onProgress: show,
          });
        });
        if (json) printJson(report);
        else printReport(report);
        if (!report.ok) process.exitCode = 1;
      } catch (error) {
        failAndExit(error, json);
      }
    });

  return pipeline;
}
