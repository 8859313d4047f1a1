/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., algorithms 7.4 and 7.5) for smooth
 * unconstrained minimisation. Deterministic: no randomness, fixed operation order.
 */

/** Writes the gradient at `x` into `gradient` and returns the objective value. */
export type LbfgsObjective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Iterations (direction updates). Default 500. */
  maxIter?: number;
  /** Stop when the largest absolute gradient component is at most this. Default 1e-8. */
  tol?: number;
  /** Correction pairs kept. Default 10. */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Objective evaluations, line searches included. */
  evaluations: number;
  /** Largest absolute gradient component at `x`. */
  gradientNorm: number;
  converged: boolean;
}

const MAX_LINE_SEARCH = 40;
const ARMIJO = 1e-4;
// Hager & Zhang's approximate Wolfe conditions: near the minimum the objective's rounding error exceeds the
// decrease Armijo asks for, so a step is also accepted when the directional derivative has shrunk enough.
const WOLFE_DELTA = 0.1;
const WOLFE_SIGMA = 0.9;
const APPROX_EPS = 1e-10;

export function minimizeLbfgs(
  objective: LbfgsObjective,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LbfgsResult {
  const { maxIter = 500, tol = 1e-8, memory = 10 } = options;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  let gradientNorm = maxAbs(g);

  const s: Float64Array[] = Array.from({ length: memory }, () => new Float64Array(n));
  const y: Float64Array[] = Array.from({ length: memory }, () => new Float64Array(n));
  const rho = new Float64Array(memory);
  const alpha = new Float64Array(memory);
  let stored = 0;
  let newest = -1;

  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;

  while (gradientNorm > tol && iterations < maxIter) {
    // Two-loop recursion: d = −H·g.
    d.set(g);
    for (let k = 0; k < stored; k++) {
      const i = (newest - k + memory) % memory;
      const a = rho[i]! * dot(s[i]!, d);
      alpha[i] = a;
      axpy(-a, y[i]!, d);
    }
    if (stored > 0) {
      const yy = dot(y[newest]!, y[newest]!);
      scale(d, 1 / (rho[newest]! * yy));
    }
    for (let k = stored - 1; k >= 0; k--) {
      const i = (newest - k + memory) % memory;
      const b = rho[i]! * dot(y[i]!, d);
      axpy(alpha[i]! - b, s[i]!, d);
    }
    scale(d, -1);

    let slope = dot(d, g);
    if (!(slope < 0)) {
      // Not a descent direction (rounding in a stale memory): restart from steepest descent.
      stored = 0;
      for (let j = 0; j < n; j++) d[j] = -g[j]!;
      slope = dot(d, g);
    }
    const firstStep = stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const search = lineSearch(objective, x, f, d, slope, firstStep, xNew, gNew);
    evaluations += search.evaluations;
    if (search.step === 0) {
      if (stored === 0) break; // not even steepest descent makes progress
      stored = 0;
      continue;
    }

    const next = (newest + 1) % memory;
    const sNext = s[next]!;
    const yNext = y[next]!;
    for (let j = 0; j < n; j++) {
      sNext[j] = xNew[j]! - x[j]!;
      yNext[j] = gNew[j]! - g[j]!;
    }
    const sy = dot(sNext, yNext);
    if (sy > 1e-12 * dot(yNext, yNext)) {
      rho[next] = 1 / sy;
      newest = next;
      stored = Math.min(stored + 1, memory);
    }
    x.set(xNew);
    g.set(gNew);
    f = search.value;
    gradientNorm = maxAbs(g);
    iterations++;
  }
  return { x, value: f, iterations, evaluations, gradientNorm, converged: gradientNorm <= tol };
}

/** Backtracking from `step` with safeguarded quadratic interpolation; step 0 when no acceptable point is found. */
function lineSearch(
  objective: LbfgsObjective,
  x: Float64Array,
  f: number,
  d: Float64Array,
  slope: number,
  step: number,
  xNew: Float64Array,
  gNew: Float64Array,
): { step: number; value: number; evaluations: number } {
  const n = x.length;
  let t = step;
  for (let k = 1; k <= MAX_LINE_SEARCH; k++) {
    for (let j = 0; j < n; j++) xNew[j] = x[j]! + t * d[j]!;
    const value = objective(xNew, gNew);
    if (Number.isFinite(value)) {
      if (value <= f + ARMIJO * t * slope) return { step: t, value, evaluations: k };
      const newSlope = dot(gNew, d);
      const approxWolfe =
        value <= f + APPROX_EPS * Math.abs(f) &&
        newSlope >= WOLFE_SIGMA * slope &&
        newSlope <= (2 * WOLFE_DELTA - 1) * slope;
      if (approxWolfe) return { step: t, value, evaluations: k };
      // Minimiser of the quadratic through f, slope and value, kept within [0.1, 0.5] of the current step.
      const q = (-slope * t * t) / (2 * (value - f - slope * t));
      t = Math.min(0.5 * t, Math.max(0.1 * t, q));
    } else {
      t *= 0.1;
    }
  }
  return { step: 0, value: f, evaluations: MAX_LINE_SEARCH };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
