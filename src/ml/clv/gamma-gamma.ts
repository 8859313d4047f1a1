import { mlInputError } from '../validate.js';
import { fitLogParameters, type ClvFitOptions, type ClvFitReport } from './fit.js';
import { digamma, logGamma } from './special.js';
import {
  checkOrderValueSummaries,
  checkOrderValueSummary,
  type OrderValueSummaries,
  type OrderValueSummary,
} from './summary.js';

/**
 * Gamma-Gamma parameters (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
 * Analysis", Journal of Marketing Research 42(4); Hardie's note 025): each order's value is Gamma(shape p,
 * rate ν), ν ~ Gamma(shape q, rate γ) across customers; γ is in the currency's unit.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** A fitted Gamma-Gamma model: plain JSON. */
export interface GammaGammaModel {
  kind: 'gamma-gamma';
  params: GammaGammaParams;
  penalizer: number;
  /** Customers fitted on: those with at least one repeat purchase. */
  customers: number;
  /** Customers left out because they have no repeat purchase. */
  skipped: number;
  fit: ClvFitReport;
}

export interface WithGammaGammaParams {
  params: GammaGammaParams;
}

/**
 * The log-likelihood of the customers' mean repeat order values (the density of m_x given x, note 025 eq. 1a,
 * summed over the customers with x ≥ 1; those with x = 0 contribute nothing):
 * log Γ(px + q) − log Γ(px) − log Γ(q) + q log γ + (px − 1) log m_x + px log x − (px + q) log(γ + x m_x).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: OrderValueSummaries): number {
  checkOrderValueSummaries(data);
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0)) {
    throw mlInputError('out_of_range', 'the Gamma-Gamma parameters must all be positive', { params });
  }
  const rows = repeatCustomers(data);
  const mean = gammaGammaMeanNll(rows);
  return -rows.x.length * mean(Float64Array.from([p, q, gamma], Math.log), new Float64Array(3));
}

/**
 * Maximum-likelihood Gamma-Gamma fit over the log-parameters by L-BFGS with the analytic gradient, on the
 * customers with at least one repeat purchase (the others are skipped and counted), from p = 1, q = 2 and
 * γ = the mean of m_x (the population mean order value pγ/(q − 1) then equals it).
 */
export function fitGammaGamma(data: OrderValueSummaries, options: ClvFitOptions = {}): GammaGammaModel {
  const n = checkOrderValueSummaries(data);
  const rows = repeatCustomers(data);
  const used = rows.x.length;
  if (used === 0) {
    throw mlInputError(
      'empty_input',
      'no customer has a repeat purchase: nothing to fit the Gamma-Gamma model on',
      {
        customers: n,
      },
    );
  }
  let meanValue = 0;
  for (let i = 0; i < used; i++) meanValue += rows.m[i]! / used;
  const mean = gammaGammaMeanNll(rows);
  const { params, penalizer, report } = fitLogParameters(mean, [1, 2, meanValue], options);
  return {
    kind: 'gamma-gamma',
    params: { p: params[0]!, q: params[1]!, gamma: params[2]! },
    penalizer,
    customers: used,
    skipped: n - used,
    fit: { ...report, logLikelihood: -used * mean(params.map(Math.log), new Float64Array(3)) },
  };
}

/**
 * E[M | x, m_x], the expected value of the customer's future orders: p(γ + x m_x)/(px + q − 1), a weighted
 * mean of m_x and the population mean pγ/(q − 1); the population mean for x = 0 (m_x ignored). Infinity when
 * px + q ≤ 1 (the posterior mean of 1/ν does not exist), e.g. for a new customer when q ≤ 1.
 */
export function gammaGammaExpectedOrderValue(
  model: WithGammaGammaParams,
  customer: OrderValueSummary,
): number {
  checkOrderValueSummary(customer);
  const { p, q, gamma } = model.params;
  const x = customer.frequency;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return Infinity;
  return (p * (gamma + (x > 0 ? x * customer.monetaryValue : 0))) / denominator;
}

function repeatCustomers(data: OrderValueSummaries): { x: Float64Array; m: Float64Array } {
  const x: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < data.frequency.length; i++) {
    if (data.frequency[i]! > 0) {
      x.push(data.frequency[i]!);
      m.push(data.monetaryValue[i]!);
    }
  }
  return { x: Float64Array.from(x), m: Float64Array.from(m) };
}

/** The mean negative log-likelihood over (log p, log q, log γ) and its gradient. */
function gammaGammaMeanNll(rows: {
  x: Float64Array;
  m: Float64Array;
}): (u: Float64Array, g: Float64Array) => number {
  const { x, m } = rows;
  const n = x.length;
  const logX = x.map(Math.log);
  const logM = m.map(Math.log);
  return (u, gradient) => {
    const p = Math.exp(u[0]!);
    const q = Math.exp(u[1]!);
    const gamma = Math.exp(u[2]!);
    const logGammaQ = logGamma(q);
    const psiQ = digamma(q);
    let sum = 0;
    let gP = 0;
    let gQ = 0;
    let gGamma = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const px = p * xi;
      const total = gamma + xi * m[i]!;
      const logTotal = Math.log(total);
      const psiPQ = digamma(px + q);
      sum +=
        logGamma(px + q) -
        logGamma(px) -
        logGammaQ +
        q * u[2]! +
        (px - 1) * logM[i]! +
        px * logX[i]! -
        (px + q) * logTotal;
      gP += xi * (psiPQ - digamma(px) + logM[i]! + logX[i]! - logTotal);
      gQ += psiPQ - psiQ + u[2]! - logTotal;
      gGamma += q / gamma - (px + q) / total;
    }
    gradient[0] = (-p * gP) / n;
    gradient[1] = (-q * gQ) / n;
    gradient[2] = (-gamma * gGamma) / n;
    const value = -sum / n;
    return Number.isNaN(value) ? Infinity : value;
  };
}
