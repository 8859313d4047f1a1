import { columnCounts, transpose } from './matrix.js';
import { topK } from './top-k.js';
import type { FittedRecommender, InteractionMatrix, TrainInput } from './types.js';
import { checkCount, checkNonNegative, checkScoresLength, checkUser, invalidOption } from './validate.js';

export interface ItemKnnOptions {
  /** Neighbours kept per target item (the most similar; ties to the lower index). Default 100. */
  readonly neighbours?: number;
  /**
   * `cosine`: co / (√(nᵢ·nⱼ) + shrinkage); `jaccard`: co / (nᵢ + nⱼ − co + shrinkage), where co counts the users of
   * both items and nᵢ the users of item i. Default `cosine`.
   */
  readonly similarity?: 'cosine' | 'jaccard';
  /** λ ≥ 0 added to the denominator, damping similarities resting on few users. Default 0. */
  readonly shrinkage?: number;
}

/**
 * The similarity graph of item-kNN on the binary matrix (every stored entry counts as 1): row i lists the kept
 * neighbours j ≠ i of target item i with sim(i, j) > 0, by ascending j. Co-occurrences come from sparse products:
 * for each target item, walk its users' rows into a dense counter (O(Σ_u |row u|²) in all).
 */
export function itemNeighbours(matrix: InteractionMatrix, options: ItemKnnOptions = {}): InteractionMatrix {
  const k = options.neighbours ?? 100;
  const similarity = options.similarity ?? 'cosine';
  const shrinkage = options.shrinkage ?? 0;
  checkCount('neighbours', k);
  checkNonNegative('shrinkage', shrinkage);
  if (similarity !== 'cosine' && similarity !== 'jaccard') {
    throw invalidOption(`similarity must be cosine or jaccard, got ${String(similarity)}`, {
      option: 'similarity',
    });
  }
  const { items, indptr, indices } = matrix;
  const byItem = transpose(matrix);
  const counts = columnCounts(matrix);
  const co = new Int32Array(items);
  const sims = new Float64Array(items).fill(-Infinity);
  const touched = new Int32Array(items);
  const best = new Int32Array(Math.min(k, items));
  const outIndptr = new Int32Array(items + 1);
  const outIndices = new Int32Array(items * Math.min(k, Math.max(items - 1, 0)));
  const outWeights = new Float32Array(outIndices.length);
  let nnz = 0;
  for (let i = 0; i < items; i++) {
    let t = 0;
    for (let p = byItem.indptr[i]!; p < byItem.indptr[i + 1]!; p++) {
      const u = byItem.indices[p]!;
      for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
        const j = indices[e]!;
        if (co[j]!++ === 0) touched[t++] = j;
      }
    }
    const ni = counts[i]!;
    for (let q = 0; q < t; q++) {
      const j = touched[q]!;
      if (j === i) continue;
      const c = co[j]!;
      const nj = counts[j]!;
      sims[j] =
        similarity === 'cosine' ? c / (Math.sqrt(ni * nj) + shrinkage) : c / (ni + nj - c + shrinkage);
    }
    const kept = topK(sims, k, undefined, best).sort();
    for (let q = 0; q < kept.length; q++) {
      outIndices[nnz] = kept[q]!;
      outWeights[nnz++] = sims[kept[q]!]!;
    }
    outIndptr[i + 1] = nnz;
    for (let q = 0; q < t; q++) {
      co[touched[q]!] = 0;
      sims[touched[q]!] = -Infinity;
    }
  }
  return {
    users: items,
    items,
    indptr: outIndptr,
    indices: outIndices.slice(0, nnz),
    weights: outWeights.slice(0, nnz),
  };
}

/** Item-kNN: score(u, i) = Σ sim(i, j) over the user's items j among i's kept neighbours (RESULTS.md P5). */
export function fitItemKnn(input: TrainInput, options: ItemKnnOptions = {}): FittedRecommender {
  const { matrix } = input;
  const { users, items, indptr, indices } = matrix;
  // Row j of the transpose: the targets i that keep j as a neighbour, with sim(i, j).
  const bySource = transpose(itemNeighbours(matrix, options));
  return {
    scoreUser(user, out) {
      checkUser(user, users);
      checkScoresLength(out, items);
      out.fill(0);
      for (let e = indptr[user]!; e < indptr[user + 1]!; e++) {
        const j = indices[e]!;
        for (let p = bySource.indptr[j]!; p < bySource.indptr[j + 1]!; p++) {
          out[bySource.indices[p]!]! += bySource.weights[p]!;
        }
      }
    },
  };
}
