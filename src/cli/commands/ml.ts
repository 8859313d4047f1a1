import path from 'node:path';
import { Command, Option } from 'commander';
import { evaluateBinary, loadTable, parseSplit, type EvalModel, type EvalReport } from '../../ml/index.js';
import { AppError } from '../../shared/index.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';

interface EvalCliOptions {
  data: string;
  sep: string;
  target: string;
  positive: string;
  drop?: string;
  categorical?: string;
  split: string;
  model: EvalModel;
  params?: string;
  seed: string;
  json?: boolean;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function parseParams(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', '--params is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new AppError('invalid_request', '--params must be a JSON object');
  return value as Record<string, unknown>;
}

const fixed = (x: number, digits = 4) => x.toFixed(digits);

function printReport(report: EvalReport, model: string): void {
  const rows = report.folds.map((f) => [
    String(f.fold),
    f.model,
    f.trainRows,
    f.testRows,
    fixed(f.metrics.rocAuc),
    fixed(f.metrics.prAuc),
    fixed(f.metrics.logLoss),
    fixed(f.metrics.brier),
    fixed(f.trainSeconds, 2),
  ]);
  printLine(
    table([
      ['fold', 'model', 'train rows', 'test rows', 'ROC-AUC', 'PR-AUC', 'log-loss', 'Brier', 'train s'],
      ...rows,
    ]),
  );
  const drifting = [...new Set(report.folds.flatMap((f) => f.drifting ?? []))];
  if (drifting.length > 0) {
    printLine();
    printLine(`Drifting columns (no tree split on them): ${drifting.join(', ')}`);
  }
  const s = report.summary;
  const pm = (m: { mean: number; sd: number }, digits = 4) =>
    report.folds.length > 1 ? `${fixed(m.mean, digits)} ± ${fixed(m.sd, digits)}` : fixed(m.mean, digits);
  printLine();
  printLine(
    `${model}: ROC-AUC ${pm(s.rocAuc)}, PR-AUC ${pm(s.prAuc)}, log-loss ${pm(s.logLoss)}, Brier ${pm(s.brier)}, ` +
      `training ${pm(s.trainSeconds, 2)} s`,
  );
}

export function mlCommand(): Command {
  const ml = new Command('ml').description(
    'The ML engine on any tabular data (evaluation protocols of docs)',
  );

  ml.command('eval')
    .description(
      'Fit and score a binary classifier on a CSV file under a split (protocol P2): ROC-AUC, PR-AUC, log-loss, Brier, threshold metrics and training time',
    )
    .addOption(
      new Option('--data <file>', 'delimited text with a header row (.gz allowed)').makeOptionMandatory(),
    )
    .option('--sep <char>', 'field separator', ',')
    .addOption(new Option('--target <column>', 'the column to predict').makeOptionMandatory())
    .addOption(
      new Option('--positive <value>', 'the target value of the positive class').makeOptionMandatory(),
    )
    .option('--drop <columns>', 'comma-separated columns to leave out (e.g. leaking ones)')
    .option('--categorical <columns>', 'comma-separated columns to read as categories even if numeric')
    .option(
      '--split <spec>',
      'temporal:FRACTION | random:FRACTION:SEED | cv:K:SEED | file:PATH (0 train, 1 test per row) | folds:PATH (fold per row)',
      'temporal:0.8',
    )
    .addOption(
      new Option(
        '--model <kind>',
        'the model (hybrid: GBDT boosted from a logistic regression), or auto: chosen on a hold-out inside each training part',
      )
        .choices(['logreg', 'gbdt', 'hybrid', 'auto'])
        .default('auto'),
    )
    .option(
      '--params <json>',
      'hyper-parameters: the chosen model\'s options, or {"logreg": {...}, "gbdt": {...}} (auto, hybrid)',
    )
    .option('--seed <seed>', 'seed of bagging, hold-outs and random splits', '0')
    .option('--json', 'print the full report as JSON')
    .action((o: EvalCliOptions) => {
      const json = Boolean(o.json);
      try {
        const split = parseSplit(o.split);
        const params = parseParams(o.params);
        const started = Date.now();
        const { table: data, y } = loadTable(o.data, {
          sep: o.sep,
          target: o.target,
          positive: o.positive,
          drop: list(o.drop),
          categorical: list(o.categorical),
        });
        const positives = y.reduce((s, v) => s + v, 0);
        if (!json)
          note(
            `${path.basename(o.data)}: ${data.rows} rows, ${data.columns.length} features ` +
              `(${data.columns.filter((c) => c.kind === 'categorical').length} categorical), ${positives} positive`,
          );
        const progress = createProgress('folds', 1, { enabled: !json && Boolean(process.stderr.isTTY) });
        let report: EvalReport;
        try {
          report = evaluateBinary(data, y, {
            model: o.model,
            split,
            ...(params ? { params } : {}),
            seed: o.seed,
            onFold: (done, total) => progress.update(done, total),
          });
        } catch (error) {
          // Hyper-parameters out of range surface as RangeError from the trainers.
          if (error instanceof RangeError) throw new AppError('invalid_request', error.message);
          throw error;
        } finally {
          progress.stop();
        }
        if (json)
          printJson({
            data: {
              file: o.data,
              rows: data.rows,
              positives,
              features: data.columns.map((c) => ({ name: c.name, kind: c.kind })),
            },
            split: o.split,
            model: o.model,
            seed: o.seed,
            seconds: (Date.now() - started) / 1000,
            ...report,
          });
        else printReport(report, o.model);
      } catch (error) {
        failAndExit(error, json);
      }
    });
  return ml;
}
