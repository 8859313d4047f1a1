export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin also holds its right edge. */
  edges: number[];
  counts: number[];
}

/**
 * numpy.linspace(lo, hi, n + 1): lo + i·step, with the last edge exactly hi. No edge passes hi: over a range of a few
 * subnormal steps, the rounded step times i can overshoot it.
 */
function linspace(lo: number, hi: number, bins: number): number[] {
  const step = (hi - lo) / bins;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    edges.push(Math.min(hi, Number.isFinite(step) ? lo + i * step : lo * (1 - i / bins) + hi * (i / bins)));
  }
  edges[bins] = hi;
  return edges;
}

/**
 * Equal-width histogram of finite numbers (plain or typed array), as `numpy.histogram(values, bins)`: the range is [min, max]
 * (widened by ±0.5 when all values are equal) and values are binned with numpy's index correction, so a value on
 * an edge lands in the same bin as numpy puts it. Empty input gives null.
 */
export function histogram(values: ArrayLike<number>, bins = 10): Histogram | null {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  if (values.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < values.length; j++) {
    const x = values[j] as number;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = linspace(lo, hi, bins);
  const counts = new Array<number>(bins).fill(0);
  // Halving both operands keeps (x − lo)·norm exact relative to numpy while never overflowing.
  const norm = bins / (hi / 2 - lo / 2);
  for (let j = 0; j < values.length; j++) {
    const x = values[j] as number;
    let i = Math.floor((x / 2 - lo / 2) * norm);
    if (Number.isNaN(i)) {
      // Values so large that ±0.5 cannot widen the range: numpy's bins turn NaN; the middle bin is the sane answer.
      i = Math.floor(bins / 2);
    } else {
      i = Math.min(Math.max(i, 0), bins - 1);
      if (x < (edges[i] as number)) i--;
      else if (i !== bins - 1 && x >= (edges[i + 1] as number)) i++;
    }
    counts[i] = (counts[i] as number) + 1;
  }
  return { edges, counts };
}
