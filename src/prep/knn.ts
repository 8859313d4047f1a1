import { finiteColumn, finiteOrNull, isMissing, readCell, type DataRow } from './cells.js';
import { modeOf, type Category } from './mode.js';
import { meanVariance } from '../ml/index.js';

/** A fitted k-nearest-neighbour imputer for one feature: the training rows that have it, standardized. */
export interface KnnModel {
  k: number;
  using: string[];
  center: number[];
  scale: number[];
  /** Standardized `using` values (null where missing) and the target of every training row that has one. */
  donors: { x: (number | null)[]; y: Category }[];
}

function coordinates(row: DataRow, model: Pick<KnnModel, 'using' | 'center' | 'scale'>): (number | null)[] {
  return model.using.map((column, j) => {
    const v = finiteOrNull(readCell(row, column));
    return v === null ? null : (v - (model.center[j] as number)) / (model.scale[j] as number);
  });
}

export function fitKnn(
  rows: readonly DataRow[],
  target: string,
  using: readonly string[],
  k: number,
  standardize: boolean,
): KnnModel {
  const center: number[] = [];
  const scale: number[] = [];
  for (const column of using) {
    const { mean, variance } = meanVariance(finiteColumn(rows, column));
    const sd = Math.sqrt(variance);
    center.push(standardize && Number.isFinite(mean) ? mean : 0);
    scale.push(standardize && sd > 1e-12 && Number.isFinite(sd) ? sd : 1);
  }
  const shape = { using: [...using], center, scale };
  const donors: KnnModel['donors'] = [];
  for (const row of rows) {
    const y = readCell(row, target);
    if (isMissing(y) || (typeof y !== 'number' && typeof y !== 'string')) continue;
    donors.push({ x: coordinates(row, shape), y });
  }
  return { k, ...shape, donors };
}

/**
 * scikit-learn's `nan_euclidean` distance: over the coordinates both points have, scaled up by
 * (all coordinates / shared coordinates); null when they share none.
 */
export function nanEuclidean(a: readonly (number | null)[], b: readonly (number | null)[]): number | null {
  let sum = 0;
  let shared = 0;
  for (let j = 0; j < a.length; j++) {
    const x = a[j];
    const y = b[j];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    sum += (x - y) ** 2;
    shared++;
  }
  return shared === 0 ? null : Math.sqrt((a.length / shared) * sum);
}

/**
 * The imputed value for one row: the mean of the k nearest donors' targets when they are all numbers, otherwise
 * their mode. Ties in distance go to the earlier training row. Undefined when no donor shares a coordinate.
 */
export function knnImpute(model: KnnModel, row: DataRow): Category | undefined {
  const x = coordinates(row, model);
  const best: { d: number; y: Category }[] = [];
  for (const donor of model.donors) {
    const d = nanEuclidean(x, donor.x);
    if (d === null || (best.length === model.k && d >= (best[best.length - 1] as { d: number }).d)) continue;
    let i = best.length;
    while (i > 0 && (best[i - 1] as { d: number }).d > d) i--;
    best.splice(i, 0, { d, y: donor.y });
    if (best.length > model.k) best.pop();
  }
  if (best.length === 0) return undefined;
  const ys = best.map((b) => b.y);
  if (ys.every((y) => typeof y === 'number')) return meanVariance(ys as number[]).mean;
  return modeOf(ys);
}
