import { Command, InvalidArgumentError } from 'commander';
import {
  formatMetric,
  presentModel,
  presentModelEvent,
  presentModelSummary,
  type ModelEvent,
  type ModelVersion,
} from '../../models/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, printJson, printLine, table } from '../output.js';
import { refreshScoreSegments } from '../../scores/index.js';

function versionNumber(value: string): number {
  const n = Number(value);
  if (!/^[1-9][0-9]{0,9}$/.test(value) || n > 2_147_483_647)
    throw new InvalidArgumentError('a version number (1, 2, …)');
  return n;
}

const day = (iso: string) => iso.slice(0, 10);
const sized = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function historyTable(events: readonly ReturnType<typeof presentModelEvent>[]): string {
  return table([
    ['at', 'version', 'from', 'to', 'actor', 'reason'],
    ...events.map((e) => [e.at, `v${e.version}`, e.from ?? 'new', e.to, e.actor, e.reason]),
  ]);
}

function printModel(view: ReturnType<typeof presentModel>): void {
  const features =
    view.features.length <= 8 ? view.features.join(', ') : `${view.features.slice(0, 8).join(', ')}, …`;
  printLine(`${view.name} v${view.version}  ${view.status}  (${view.id})`);
  printLine(
    table([
      ['reason', view.statusReason],
      ['type', view.modelType],
      ['data', `${day(view.dataWindow.from)} to ${day(view.dataWindow.to)}, as of ${view.dataWindow.asOf}`],
      ['features', `${view.features.length}: ${features}`],
      ['seed', String(view.seed)],
      ['params', JSON.stringify(view.params)],
      ['training', `${formatMetric(view.trainingSeconds)} s`],
      ['code', view.codeVersion],
      ['artifact', sized(view.artifactBytes)],
      ['created', view.createdAt],
    ]),
  );
  printLine('\nheld-out metrics');
  const { name, higherIsBetter } = view.primaryMetric;
  printLine(
    table(
      Object.entries(view.metrics).map(([metric, value]) => [
        metric,
        formatMetric(value),
        metric === name ? `primary, ${higherIsBetter ? 'higher' : 'lower'} is better` : '',
      ]),
    ),
  );
  printLine('\nhistory');
  printLine(historyTable(view.history));
}

const describe = (model: ModelVersion, history: readonly ModelEvent[]) => presentModel(model, history);

export function modelsCommand(): Command {
  const models = new Command('models').description(
    'The model registry: versions with their metadata and held-out metrics, promotion and rollback',
  );

  models
    .command('list')
    .description('List models: active and latest version of each, and every version with its primary metric')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      try {
        const all = (await withRuntime((rt) => rt.models.list())).map(presentModelSummary);
        if (opts.json) printJson({ models: all });
        else if (all.length === 0) printLine('no models');
        else
          printLine(
            table([
              ['name', 'version', 'status', 'metric', 'value', 'created', 'reason'],
              ...all.flatMap((m) =>
                m.versions.map((v) => [
                  m.name,
                  `v${v.version}`,
                  v.status,
                  v.primaryMetric.name,
                  v.primaryMetric.value === null ? '-' : formatMetric(v.primaryMetric.value),
                  v.createdAt,
                  v.statusReason,
                ]),
              ),
            ]),
          );
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  models
    .command('show')
    .description('Show one version: metadata, held-out metrics and promotion history')
    .argument('<ref>', 'a version id (mdl_…), name@version, or a name (its active version, else its latest)')
    .option('--json', 'print JSON on stdout')
    .action(async (ref: string, opts: { json?: boolean }) => {
      try {
        const view = await withRuntime(async (rt) => {
          const model = await rt.models.resolve(ref);
          return describe(model, await rt.models.history(model.name, model.version));
        });
        if (opts.json) printJson({ model: view });
        else printModel(view);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  models
    .command('promote')
    .description('Put a version live whatever its metrics (recorded as manual); the active one is retired')
    .argument('<name>', 'the model name, e.g. churn_60d')
    .argument('<version>', 'the version to put live', versionNumber)
    .option('--json', 'print JSON on stdout')
    .action(async (name: string, version: number, opts: { json?: boolean }) => {
      try {
        const { model, events } = await withRuntime(async (rt) => {
          const done = await rt.models.promote(name, version, 'cli');
          await refreshScoreSegments(rt.segments, name);
          return { model: describe(done.model, await rt.models.history(name, version)), events: done.events };
        });
        if (opts.json) printJson({ model, events: events.map(presentModelEvent) });
        else {
          const replaced = events.find((e) => e.to === 'retired');
          printLine(`promoted ${name} v${version}${replaced ? ` (v${replaced.version} retired)` : ''}`);
        }
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  models
    .command('rollback')
    .description('Retire the active version and put an earlier one live (by default the one live before it)')
    .argument('<name>', 'the model name, e.g. churn_60d')
    .option('--to <version>', 'the earlier version to put live', versionNumber)
    .option('--json', 'print JSON on stdout')
    .action(async (name: string, opts: { to?: number; json?: boolean }) => {
      try {
        const result = await withRuntime(async (rt) => {
          const done = await rt.models.rollback(name, opts.to, 'cli');
          await refreshScoreSegments(rt.segments, name);
          return done;
        });
        if (opts.json)
          printJson({
            from: { id: result.from.id, version: result.from.version, status: result.from.status },
            to: { id: result.to.id, version: result.to.version, status: result.to.status },
            events: result.events.map(presentModelEvent),
          });
        else printLine(`rolled back ${name} from v${result.from.version} to v${result.to.version}`);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
  return models;
}
