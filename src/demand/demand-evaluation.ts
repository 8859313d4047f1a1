import {
  binaryEvaluationReport,
  encodeLinear,
  gbdtFeatureImportance,
  linearColumnNames,
  meanVariance,
  permutationImportance,
  predictBinary,
  rocAuc,
  type BinaryEvaluationReport,
  type Tabular,
} from '../ml/index.js';
import { createRng } from '../shared/index.js';
import type { TrainedDemandModel } from './train-demand.js';

/** Shuffles per column for permutation importance: a few, each costs one prediction of the rows per column. */
const PERMUTATION_REPEATS = 3;
/**
 * Held-out rows permutation importance scores at most: about 6 s for 46 inputs and a GBDT of 50 trees (100,000
 * rows took 57 s on this machine); beyond it, a seeded sample stratified by label.
 */
export const PERMUTATION_MAX_ROWS = 10_000;

/** An importance value per model input, in the model's column order. */
export interface NamedImportance {
  feature: string;
  value: number;
}

/** What the Models page draws of a version: the held-out report and the feature importances. */
export interface DemandEvaluation {
  report: BinaryEvaluationReport;
  importance: {
    /** Drop in held-out ROC-AUC when one input is shuffled (the model fitted on the training window). */
    permutation: {
      metric: 'roc_auc';
      repeats: number;
      /** Held-out rows scored (all of them up to PERMUTATION_MAX_ROWS). */
      rows: number;
      /** ROC-AUC on those rows, unshuffled. */
      baseline: number;
      features: { feature: string; mean: number; std: number }[];
    };
    /** GBDT: total split gain per input of the registered model. */
    gain?: NamedImportance[];
    /**
     * Logistic regression: coefficients of the registered model per encoded column (`name=category` for
     * indicators), `value` the standardized coefficient (coefficient × the column's sd on its training rows).
     */
    coefficients?: (NamedImportance & { coef: number })[];
  };
}

/** Up to `max` row indices, ascending: all of them, or the same share of each label drawn with the seed. */
function sampleRows(y: ArrayLike<number>, max: number, seed: string | number): number[] {
  const n = y.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const rng = createRng(`permutation-rows:${seed}`);
  const out: number[] = [];
  for (const label of [0, 1]) {
    const group: number[] = [];
    for (let i = 0; i < n; i++) if (y[i] === label) group.push(i);
    const take = Math.min(group.length, Math.max(1, Math.round((group.length * max) / n)));
    // A partial Fisher–Yates shuffle: the first `take` entries are a uniform sample.
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(rng.next() * (group.length - i));
      [group[i], group[j]] = [group[j] as number, group[i] as number];
    }
    out.push(...group.slice(0, take));
  }
  return out.sort((a, b) => a - b);
}

function selectRows(table: Tabular, rows: readonly number[]): Tabular {
  return {
    rows: rows.length,
    columns: table.columns.map((c) =>
      c.kind === 'numeric'
        ? { name: c.name, kind: 'numeric', values: Float64Array.from(rows, (i) => c.values[i] as number) }
        : { name: c.name, kind: 'categorical', values: rows.map((i) => c.values[i] ?? null) },
    ),
  };
}

/**
 * The evaluation stored with a demand model version: its out-of-time report (the held-out labels and the
 * probabilities of the model fitted on the training window), permutation importance of that model on the held-out
 * window, and the registered model's own importances (gain for GBDT, standardized coefficients for logistic
 * regression; it was refitted on the held-out window's rows).
 */
export function demandEvaluation(
  trained: TrainedDemandModel,
  seed: string | number,
  options: { permutationMaxRows?: number } = {},
): DemandEvaluation {
  const { heldOut, model } = trained;
  const rows = sampleRows(heldOut.y, options.permutationMaxRows ?? PERMUTATION_MAX_ROWS, seed);
  const sampled = rows.length === heldOut.table.rows;
  const table = sampled ? heldOut.table : selectRows(heldOut.table, rows);
  const y = sampled ? heldOut.y : Uint8Array.from(rows, (i) => heldOut.y[i] as number);
  const permutation = permutationImportance(table, (t) => rocAuc(y, predictBinary(heldOut.model, t)), {
    repeats: PERMUTATION_REPEATS,
    seed,
  });
  const importance: DemandEvaluation['importance'] = {
    permutation: {
      metric: 'roc_auc',
      repeats: permutation.repeats,
      rows: rows.length,
      baseline: permutation.baseline,
      features: permutation.features.map(({ feature, mean, std }) => ({ feature, mean, std })),
    },
  };
  const names = model.encoding.columns.map((c) => c.name);
  if (model.kind === 'gbdt') {
    const gain = gbdtFeatureImportance(model.model, 'gain');
    importance.gain = names.map((feature, j) => ({ feature, value: gain[j] ?? 0 }));
  } else if (model.kind === 'logreg') {
    // The registered model was fitted on every row of the held-out window's table.
    const x = encodeLinear(model.encoding, heldOut.table);
    const columns = linearColumnNames(model.encoding);
    importance.coefficients = columns.map((feature, j) => {
      const values = Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]!);
      const coef = model.model.coef[j] ?? 0;
      const sd = Math.sqrt(meanVariance(values).variance);
      return { feature, value: sd === 0 ? 0 : coef * sd, coef };
    });
  }
  return { report: binaryEvaluationReport(heldOut.y, heldOut.p), importance };
}
