import { topK } from './top-k.js';

/**
 * NDCG at k with graded gains (one per item, e.g. a true preference): DCG = Σ gain(item at rank r) / log2(r + 1),
 * over the ideal DCG of the k largest gains among the candidates (items in `exclude` are not candidates and add no
 * gain). 0 when no candidate has a positive gain.
 */
export function gradedNdcgAtK(
  recommended: ArrayLike<number>,
  gains: Float64Array | Float32Array,
  k: number,
  exclude?: Int32Array | ReadonlySet<number>,
): number {
  const ideal = topK(gains, k, exclude);
  let idcg = 0;
  for (let r = 0; r < ideal.length; r++)
    idcg += Math.max(0, gains[ideal[r] as number] as number) / Math.log2(r + 2);
  if (!(idcg > 0)) return 0;
  const skip = exclude === undefined ? null : exclude instanceof Int32Array ? new Set(exclude) : exclude;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, recommended.length); r++) {
    const item = recommended[r] as number;
    if (skip?.has(item)) continue;
    dcg += Math.max(0, gains[item] ?? 0) / Math.log2(r + 2);
  }
  return dcg / idcg;
}
