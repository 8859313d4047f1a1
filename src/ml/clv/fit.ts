import { minimizeLbfgs } from '../lbfgs.js';
import { invalidOption } from '../validate.js';

export interface ClvFitOptions {
  /**
   * L2 penalty on the log-parameters: the fit minimises −(log-likelihood)/n + penalizer · Σ log(θ)², the same
   * scaling as the `lifetimes` library's `penalizer_coef` (which penalises Σ θ² instead). Default 0.
   */
  penalizer?: number;
  /** L-BFGS iterations. Default 1000. */
  maxIter?: number;
  /** Stop when the objective's largest gradient component (over log-parameters) is ≤ this. Default 1e-9. */
  tol?: number;
}

export interface ClvFitReport {
  iterations: number;
  /** Objective evaluations (line searches included). */
  evaluations: number;
  /** Largest absolute gradient component of the objective over the log-parameters at the solution. */
  gradientNorm: number;
  converged: boolean;
  /** −(log-likelihood)/n + penalizer · Σ log(θ)² at the solution. */
  objective: number;
  /** The (unpenalised) log-likelihood of the data, summed over the customers. */
  logLikelihood: number;
}

/**
 * Writes the gradient of the mean negative log-likelihood over the log-parameters into `gradient` and returns
 * that mean (Infinity where it is undefined, e.g. a parameter overflowed).
 */
export type MeanNegativeLogLikelihood = (logParams: Float64Array, gradient: Float64Array) => number;

export interface LogParameterFit {
  params: Float64Array;
  penalizer: number;
  report: Omit<ClvFitReport, 'logLikelihood'>;
}

/** Maximum (penalised) likelihood over log-parameters by L-BFGS from `start` (parameters, not their logs). */
export function fitLogParameters(
  meanNll: MeanNegativeLogLikelihood,
  start: readonly number[],
  options: ClvFitOptions,
): LogParameterFit {
  const { penalizer = 0, maxIter = 1000, tol = 1e-9 } = options;
  if (!(penalizer >= 0 && penalizer < Infinity)) {
    throw invalidOption(`penalizer must be a finite non-negative number, got ${penalizer}`);
  }
  if (!(Number.isInteger(maxIter) && maxIter > 0)) {
    throw invalidOption(`maxIter must be a positive integer, got ${maxIter}`);
  }
  if (!(tol > 0 && tol < Infinity)) throw invalidOption(`tol must be a positive finite number, got ${tol}`);
  const objective = (u: Float64Array, gradient: Float64Array): number => {
    let value = meanNll(u, gradient);
    if (!Number.isFinite(value)) return Infinity;
    for (let k = 0; k < u.length; k++) {
      value += penalizer * u[k]! * u[k]!;
      gradient[k]! += 2 * penalizer * u[k]!;
    }
    return value;
  };
  const result = minimizeLbfgs(
    objective,
    start.map((v) => Math.log(v)),
    { maxIter, tol },
  );
  return {
    params: result.x.map((u) => Math.exp(u)),
    penalizer,
    report: {
      iterations: result.iterations,
      evaluations: result.evaluations,
      gradientNorm: result.gradientNorm,
      converged: result.converged,
      objective: result.value,
    },
  };
}
