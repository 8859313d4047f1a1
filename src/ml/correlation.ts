/**
 * Correlation of two equally long samples of finite numbers. NaN when there are fewer than two pairs or one side
 * is constant, as scipy.stats gives (with a warning).
 */

/** Pearson's r (scipy.stats.pearsonr's statistic), from centred sums. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`pearson needs samples of one length, got ${n} and ${y.length}`);
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks from 1, ties given the mean of the ranks they span (scipy.stats.rankdata's 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end] as number] === values[order[start] as number]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's ρ (scipy.stats.spearmanr's statistic): Pearson's r of the average ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (y.length !== x.length)
    throw new RangeError(`spearman needs samples of one length, got ${x.length} and ${y.length}`);
  return pearson(averageRanks(x), averageRanks(y));
}
