/**
 * A dense row-major matrix over a Float64Array, and the helpers the kernels share.
 *
 * @example
 * const m = matrixFromRows([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * rowView(m, 1); // Float64Array [3, 4], a view into m.data
 * matrixToRows(selectRows(m, [1, 0])); // [[3, 4], [1, 2]]
 */
export {
  createMatrix,
  matrixFromRows,
  matrixToRows,
  rowView,
  selectRows,
  columnMeans,
  assertFinite,
  squaredDistance,
  type Matrix,
} from './matrix.js';

/**
 * k-means with k-means++ seeding, Lloyd iterations to a fixed point, `nInit` restarts keeping the lowest inertia,
 * empty clusters re-seeded from the farthest row. Deterministic for a given rng state.
 *
 * @example
 * const { labels, centroids, inertia } = kmeans(standardize(features).data, { k: 5 }, createRng('segments'));
 * const newLabels = assignToNearest(moreRows, centroids);
 */
export { kmeans, kmeansPlusPlus, assignToNearest, type KMeansOptions } from './kmeans.js';

/**
 * Lloyd's algorithm from given centroids (Hamerly's bounds skip rows whose nearest centroid cannot have changed).
 *
 * @example
 * const refined = lloyd(data, kmeansPlusPlus(data, 4, rng), { maxIter: 100 });
 * refined.inertiaHistory; // [1523.2, 988.1, …] never increasing
 */
export { lloyd, type LloydOptions, type KMeansResult } from './lloyd.js';

/**
 * Silhouette coefficients: per row (exact), their mean (exact up to 2,000 rows, then on a seeded sample), and the
 * choice of k by the best mean silhouette.
 *
 * @example
 * silhouetteScore(data, labels, createRng(1)); // in [-1, 1]; higher is better separated
 * const { k, clustering } = chooseK(data, { kMin: 2, kMax: 8 }, createRng('choose-k'));
 */
export {
  silhouetteSamples,
  silhouetteScore,
  chooseK,
  DEFAULT_SILHOUETTE_SAMPLE,
  type SilhouetteOptions,
  type ChooseKOptions,
  type ChooseKResult,
} from './silhouette.js';

/**
 * Principal component analysis (sample covariance, Jacobi eigen decomposition), e.g. for a 2-D map of clusters.
 *
 * @example
 * const model = pca(data, { components: 2 });
 * model.explainedVarianceRatio; // Float64Array [0.61, 0.22]
 * const xy = pcaTransform(model, data); // rows × 2
 */
export { pca, pcaTransform, type PcaModel, type PcaOptions } from './pca.js';

/**
 * Eigenvalues (descending) and unit eigenvectors (rows, largest-magnitude entry positive) of a symmetric matrix.
 *
 * @example
 * symmetricEigen(matrixFromRows([[2, 1], [1, 2]])).values; // Float64Array [3, 1]
 */
export { symmetricEigen, type SymmetricEigen } from './eigen.js';

/**
 * Z-scores per column (population sd; a constant column becomes 0), and the stats to apply to new rows.
 *
 * @example
 * const { data: z, mean, sd } = standardize(features);
 * const zNew = applyStandardize(newFeatures, { mean, sd });
 */
export { standardize, applyStandardize, columnStats, type ColumnStats } from './standardize.js';

/**
 * Descriptive statistics over numeric arrays; quantiles use linear interpolation (numpy's default method).
 *
 * @example
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 */
export {
  mean,
  meanAbsoluteDeviation,
  meanVariance,
  median,
  medianAbsoluteDeviation,
  minMax,
  quantile,
  quantileSorted,
  sortedCopy,
  std,
} from './descriptive.js';

/**
 * Equal-width histogram with numpy's binning (the last bin includes its right edge).
 *
 * @example
 * histogram([1, 2, 2, 3], 2); // { edges: [1, 2, 3], counts: [1, 3] }
 */
export { histogram, type Histogram } from './histogram.js';
