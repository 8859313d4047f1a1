import { Command } from 'commander';
import { demandCandidate, trainDemandModel, type DemandKind } from '../../demand/index.js';
import { customerIdScheme } from '../../profiles/index.js';
import { AppError } from '../../shared/index.js';
import { withRuntime } from '../context.js';
import { parseDayOption } from '../options.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';

interface TrainCliOptions {
  asOf?: string;
  horizon?: string;
  seed: string;
  json?: boolean;
}

function parseHorizon(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 365)
    throw new AppError(
      'invalid_request',
      `--horizon must be a whole number of days from 1 to 365, not ${JSON.stringify(text)}`,
    );
  return n;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function demandCommand(kind: DemandKind, description: string): Command {
  return new Command(kind)
    .description(description)
    .option('--as-of <date>', 'score as of this UTC day (YYYY-MM-DD); default: the latest event or order')
    .option('--horizon <days>', `label window in days (default ${kind === 'propensity' ? 30 : 60})`)
    .option('--seed <seed>', 'seed of bagging and hold-outs', '0')
    .option('--json', 'print JSON on stdout')
    .action(async (o: TrainCliOptions) => {
      const json = Boolean(o.json);
      try {
        const asOf = o.asOf === undefined ? undefined : parseDayOption(o.asOf);
        const horizonDays = parseHorizon(o.horizon);
        const result = await withRuntime(async (rt) => {
          const trained = await trainDemandModel(
            {
              source: rt.stores.profileSource,
              settle: () => rt.stores.events.settle(),
              features: rt.profiles.features,
              computedTraits: rt.profiles.computedTraits,
              scheme: customerIdScheme,
              clock: rt.clock,
            },
            {
              kind,
              ...(asOf !== undefined ? { asOf } : {}),
              ...(horizonDays !== undefined ? { horizonDays } : {}),
              seed: o.seed,
              onStage: (stage) => (json ? undefined : note(`${kind}: ${stage}…`)),
            },
          );
          const registration = await rt.models.register(demandCandidate(trained, o.seed), { actor: 'cli' });
          return { trained, registration };
        });
        const { trained, registration } = result;
        const summary = {
          name: trained.name,
          kind: trained.kind,
          horizonDays: trained.horizonDays,
          window: {
            trainCutoff: day(trained.window.trainCutoff),
            validationCutoff: day(trained.window.validationCutoff),
            asOf: new Date(trained.window.asOf).toISOString(),
          },
          chosen: trained.chosen,
          selection: trained.selection,
          heldOut: trained.metrics,
          trainRows: trained.trainRows,
          validationRows: trained.validationRows,
          scored: trained.scores.size,
          seconds: trained.seconds,
          registration: {
            id: registration.model.id,
            version: registration.model.version,
            status: registration.model.status,
            promoted: registration.promoted,
            reason: registration.reason,
          },
        };
        if (json) return printJson(summary);
        printLine(
          `${trained.name}: ${trained.chosen}, chosen over ${Object.keys(trained.selection).length} candidates; ` +
            `trained on ${trained.trainRows} customers as of ${summary.window.trainCutoff}, held out ` +
            `${trained.validationRows} as of ${summary.window.validationCutoff}`,
        );
        const m = trained.metrics;
        printLine(
          table([
            ['held-out metric', 'value'],
            ['ROC-AUC', m.rocAuc.toFixed(4)],
            ['PR-AUC', m.prAuc.toFixed(4)],
            ['log-loss', m.logLoss.toFixed(4)],
            ['Brier', m.brier.toFixed(4)],
            ['base rate', m.baseRate.toFixed(4)],
          ]),
        );
        const r = summary.registration;
        printLine(
          `\n${trained.name} v${r.version} (${r.id}): ${r.promoted ? 'promoted' : 'kept as a candidate'}: ${r.reason}`,
        );
      } catch (error) {
        failAndExit(error, json);
      }
    });
}

export function trainCommand(): Command {
  const train = new Command('train').description(
    'Train a demand model on the profiles history (point in time, evaluated out of time) and register it',
  );
  train.addCommand(
    demandCommand(
      'propensity',
      'Probability of an order within the horizon (default 30 days), per known customer',
    ),
  );
  train.addCommand(
    demandCommand(
      'churn',
      'Probability that an active customer places no order within the horizon (default 60 days)',
    ),
  );
  return train;
}
