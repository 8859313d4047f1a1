import { Command } from 'commander';
import {
  clvCandidate,
  clvScores,
  demandCandidate,
  demandScores,
  trainClvModel,
  trainDemandModel,
  type DemandKind,
  type SpendMetrics,
} from '../../demand/index.js';
import type { Registration } from '../../models/index.js';
import { refreshScoreSegments, scoresFirst, type ModelScore } from '../../scores/index.js';
import { trainingDepsFor, type Runtime } from '../../server/index.js';
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

/**
 * Registers a trained model with its scores stored first (so it never goes live without them), prunes old versions'
 * scores, and refreshes the segments on the score when the version went live.
 */
async function registerScored(rt: Runtime, candidate: unknown, scores: readonly ModelScore[]) {
  const scoring = scoresFirst(rt.stores.scores, scores);
  const registration = await rt.models.register(candidate, { actor: 'cli', ...scoring.options });
  const published = await scoring.prune(registration.model.name);
  if (registration.promoted) await refreshScoreSegments(rt.segments, registration.model.name);
  return { registration, published };
}

/** What the training commands report of the registry's decision. */
function registrationSummary(r: Registration) {
  return {
    id: r.model.id,
    version: r.model.version,
    status: r.model.status,
    promoted: r.promoted,
    reason: r.reason,
  };
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
          const trained = await trainDemandModel(trainingDepsFor(rt), {
            kind,
            ...(asOf !== undefined ? { asOf } : {}),
            ...(horizonDays !== undefined ? { horizonDays } : {}),
            seed: o.seed,
            onStage: (stage) => (json ? undefined : note(`${kind}: ${stage}…`)),
          });
          if (!json) note(`${kind}: explaining and storing ${trained.scores.size} scores…`);
          return {
            trained,
            ...(await registerScored(rt, demandCandidate(trained, o.seed), demandScores(trained))),
          };
        });
        const { trained, registration, published } = result;
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
          scored: published.written,
          seconds: trained.seconds,
          registration: registrationSummary(registration),
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

const money = (v: number) => v.toFixed(2);

function clvCommand(): Command {
  return new Command('clv')
    .description(
      'Expected spend over the horizon (default 90 days) per customer with an order: BG/NBD + Gamma-Gamma or GBDT, ' +
        'against the historical spend rate; P(alive) and the expected next-order date',
    )
    .option('--as-of <date>', 'score as of this UTC day (YYYY-MM-DD); default: the latest event or order')
    .option('--horizon <days>', 'spend window in days (default 90)')
    .option('--seed <seed>', 'seed of bagging and hold-outs', '0')
    .option('--json', 'print JSON on stdout')
    .action(async (o: TrainCliOptions) => {
      const json = Boolean(o.json);
      try {
        const asOf = o.asOf === undefined ? undefined : parseDayOption(o.asOf);
        const horizonDays = parseHorizon(o.horizon);
        const { trained, registration, published } = await withRuntime(async (rt) => {
          const trained = await trainClvModel(trainingDepsFor(rt), {
            ...(asOf !== undefined ? { asOf } : {}),
            ...(horizonDays !== undefined ? { horizonDays } : {}),
            seed: o.seed,
            onStage: (stage) => (json ? undefined : note(`clv: ${stage}…`)),
          });
          if (!json) note(`clv: explaining and storing ${trained.scores.size} scores…`);
          return {
            trained,
            ...(await registerScored(rt, clvCandidate(trained, o.seed), clvScores(trained))),
          };
        });
        let expected = 0;
        for (const v of trained.scores.values()) expected += v;
        const dated = [...trained.nextOrderAt.values()].filter((t) => t !== null).length;
        const summary = {
          name: trained.name,
          horizonDays: trained.horizonDays,
          window: {
            trainCutoff: day(trained.window.trainCutoff),
            validationCutoff: day(trained.window.validationCutoff),
            asOf: new Date(trained.window.asOf).toISOString(),
          },
          chosen: trained.chosen,
          heldOut: trained.heldOut,
          skipped: trained.skipped,
          beatsBaseline: trained.beatsBaseline,
          rmseImprovement: trained.rmseImprovement,
          valueCap: trained.valueCap,
          cappedHeldOutOrders: trained.cappedHeldOutOrders,
          bgnbd: trained.probabilistic.bgnbd.params,
          gammaGamma: trained.probabilistic.gammaGamma.params,
          trainRows: trained.trainRows,
          validationRows: trained.validationRows,
          scored: published.written,
          expectedSpend: expected,
          withNextOrderDate: dated,
          seconds: trained.seconds,
          registration: registrationSummary(registration),
        };
        if (json) return printJson(summary);
        const compared = `compared on the spend of ${trained.validationRows} customers in the ${trained.horizonDays} days after ${summary.window.validationCutoff}`;
        const gbdtSkipped = trained.skipped.gbdt_regression;
        printLine(
          gbdtSkipped === undefined
            ? `${trained.name}: ${trained.chosen} chosen by held-out RMSE; GBDT trained on ${trained.trainRows} ` +
                `customers as of ${summary.window.trainCutoff}, all ${compared}`
            : `${trained.name}: ${trained.chosen}, ${compared}; GBDT skipped: ${gbdtSkipped}`,
        );
        const row = (label: string, m: SpendMetrics | null) =>
          m === null
            ? [label, 'skipped', '', '', '', '']
            : [
                label,
                money(m.mae),
                money(m.rmse),
                m.r2.toFixed(4),
                money(m.predictedTotal),
                money(m.actualTotal),
              ];
        printLine(
          table([
            ['held-out', 'MAE', 'RMSE', 'R²', 'predicted total', 'actual total'],
            row('BG/NBD + Gamma-Gamma', trained.heldOut.bgnbd_gamma_gamma),
            row('GBDT regression', trained.heldOut.gbdt_regression),
            row('baseline (spend rate)', trained.heldOut.baseline),
          ]),
        );
        if (trained.valueCap !== null)
          printLine(
            `\nOrder values are capped at ${money(trained.valueCap)} (an outlier fence, at least 10× the median order); ` +
              `the cap cut ${trained.cappedHeldOutOrders} orders in the held-out window.`,
          );
        const share = `${(Math.abs(trained.rmseImprovement) * 100).toFixed(1)}%`;
        printLine(
          trained.beatsBaseline
            ? `The chosen model beats the baseline: RMSE ${share} lower.`
            : `The chosen model does NOT beat the baseline: RMSE ${share} higher.`,
        );
        printLine(
          `Scored ${published.written} customers: ${money(expected)} expected in ${trained.horizonDays} days; ` +
            `${dated} with an expected next-order date (P(alive) > ½).`,
        );
        const r = summary.registration;
        printLine(
          `${trained.name} v${r.version} (${r.id}): ${r.promoted ? 'promoted' : 'kept as a candidate'}: ${r.reason}`,
        );
      } catch (error) {
        failAndExit(error, json);
      }
    });
}

export function trainCommand(): Command {
  const train = new Command('train').description(
    'Train a demand or customer-value model on the profiles history (point in time, evaluated out of time) and register it',
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
  train.addCommand(clvCommand());
  return train;
}
