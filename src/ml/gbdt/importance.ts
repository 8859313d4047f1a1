import type { GbdtModel } from './model.js';

/** 'split': how many splits use each feature; 'gain': the total gain of those splits (LightGBM's two kinds). */
export type ImportanceType = 'split' | 'gain';

/** One value per feature, over the model's trees. */
export function featureImportance(model: GbdtModel, type: ImportanceType = 'split'): Float64Array {
  const out = new Float64Array(model.numFeatures);
  for (const tree of model.trees) {
    tree.splitFeature.forEach((f, k) => {
      out[f]! += type === 'gain' ? tree.splitGain[k]! : 1;
    });
  }
  return out;
}
