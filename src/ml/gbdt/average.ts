import type { GbdtModel } from './model.js';

/**
 * One model whose raw score is the mean of the raw scores of `models` (a bag, e.g. one model per cross-validation
 * fold): all their trees in order, each leaf value divided by the number of models, and the mean of their init
 * scores. The binning and options are the first model's (`numIterations` becomes the number of trees), the
 * validation score the mean of theirs (null unless all have one). The result is a plain model like any other:
 * scoring, TreeSHAP and `parseGbdtModel` work on it unchanged.
 */
export function averageGbdtModels(models: readonly GbdtModel[], trainRows: number): GbdtModel {
  const first = models[0];
  if (first === undefined) throw new RangeError('averageGbdtModels needs at least one model');
  for (const m of models) {
    if (m.objective !== first.objective || m.numFeatures !== first.numFeatures)
      throw new RangeError('averaged models must share their objective and number of features');
  }
  const k = models.length;
  const trees = models.flatMap((m) =>
    m.trees.map((t) => ({ ...t, leafValue: t.leafValue.map((v) => v / k) })),
  );
  const scores = models.map((m) => m.bestScore);
  return {
    ...first,
    initScore: models.reduce((s, m) => s + m.initScore, 0) / k,
    trees,
    options: { ...first.options, numIterations: trees.length },
    trainRows,
    bestScore: scores.every((s) => s !== null) ? scores.reduce((a, b) => a + b, 0) / k : null,
  };
}
