import { invalidOption, mlInputError } from '../validate.js';
import type { BgNbdParams } from './bgnbd.js';
import { checkCustomerSummary, checkTime, type CustomerSummary } from './summary.js';

/** A fitted model, or any object carrying BG/NBD parameters. */
export interface WithBgNbdParams {
  params: BgNbdParams;
}

/**
 * Terms of the series after which the horizon is refused. Reached only when a ≥ r + x + 1 (then the terms
 * decay no faster than zⁿ) and the horizon is many thousand times α + T (z within ~1e-5 of 1).
 */
const MAX_TERMS = 1_000_000;
const SERIES_EPS = 1e-17;

/**
 * P(alive | x, t_x, T) (Fader, Hardie & Lee 2005; Hardie's note 021):
 * 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)) for x > 0, and 1 for x = 0 (in BG/NBD a customer can
 * drop out only right after a repeat purchase).
 */
export function bgNbdProbabilityAlive(model: WithBgNbdParams, customer: CustomerSummary): number {
  checkCustomerSummary(customer);
  return probabilityAlive(model.params, customer);
}

/**
 * E[Y(t) | x, t_x, T], the expected number of purchases in (T, T + t] (eq. 10 of the paper):
 *   (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r + x) · ₂F₁(r + x, b + x; a + b + x − 1; z)]
 *   · P(alive), with z = t/(α + T + t).
 * Computed in a form without the removable singularity at a = 1: Euler's transformation turns
 * (1 − z)^(r + x) · ₂F₁(…) into (1 − z)^(a − 1) · ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z), whose terms
 * beyond the first all carry the factor (a − 1), which then cancels against the denominator.
 */
export function bgNbdExpectedPurchases(model: WithBgNbdParams, customer: CustomerSummary, t: number): number {
  checkCustomerSummary(customer);
  checkTime('the horizon t', t);
  const { params } = model;
  return expectedIfAlive(params, customer.frequency, customer.age, t) * probabilityAlive(params, customer);
}

/** E[X(t)], the expected number of repeat purchases of a new customer in (0, t] (eq. 9 of the paper). */
export function bgNbdExpectedPurchasesNewCustomer(model: WithBgNbdParams, t: number): number {
  checkTime('the horizon t', t);
  return expectedIfAlive(model.params, 0, 0, t);
}

/**
 * P(at least one purchase in (T, T + t] | x, t_x, T) = P(alive) · (1 − ((α + T)/(α + T + t))^(r + x)): a
 * customer alive at T buys at rate λ, whose posterior given alive is Gamma(r + x, α + T).
 */
export function bgNbdNextPurchaseProbability(
  model: WithBgNbdParams,
  customer: CustomerSummary,
  t: number,
): number {
  checkCustomerSummary(customer);
  checkTime('the horizon t', t);
  const { r, alpha } = model.params;
  const { frequency: x, age: T } = customer;
  return probabilityAlive(model.params, customer) * -Math.expm1(-(r + x) * Math.log1p(t / (alpha + T)));
}

export interface NextPurchaseTimeOptions {
  /** Which quantile of the time to the next purchase. Default 0.5, the median. */
  quantile?: number;
}

/**
 * The expected next-order time, measured from the end of the observation period T (add it to that date, in
 * the data's time unit): the median — or the given quantile q — of the time τ to the customer's next
 * purchase, whose distribution P(τ ≤ t) is {@link bgNbdNextPurchaseProbability}. That distribution is
 * defective: with probability 1 − P(alive) there is no next purchase, so the quantile exists only when
 * P(alive) > q, and is then (α + T) · ((1 − q/P(alive))^(−1/(r + x)) − 1). Returns null otherwise: the
 * customer more likely than not (for q = 0.5) never buys again. (The mean is no alternative: it is infinite
 * whenever P(alive) < 1.)
 */
export function bgNbdNextPurchaseTime(
  model: WithBgNbdParams,
  customer: CustomerSummary,
  options: NextPurchaseTimeOptions = {},
): number | null {
  const { quantile = 0.5 } = options;
  if (!(quantile > 0 && quantile < 1)) throw invalidOption(`quantile must lie in (0, 1), got ${quantile}`);
  checkCustomerSummary(customer);
  const { r, alpha } = model.params;
  const alive = probabilityAlive(model.params, customer);
  if (!(alive > quantile)) return null;
  return (alpha + customer.age) * Math.expm1(-Math.log1p(-quantile / alive) / (customer.frequency + r));
}

function probabilityAlive(params: BgNbdParams, customer: CustomerSummary): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, age: T } = customer;
  if (x === 0) return 1;
  // 1 / (1 + e^d), d = log of the odds of having dropped out.
  const d = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/** Above this a, eq. (10) is summed as written (`expectedDirect`); at or below it, in Euler's form. */
const DIRECT_FORM_MIN_A = 2;

function expectedIfAlive(params: BgNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  return params.a > DIRECT_FORM_MIN_A ? expectedDirect(params, x, T, t) : expectedEuler(params, x, T, t);
}

function seriesTooLong(t: number, z: number): never {
  throw mlInputError('out_of_range', `the horizon ${t} is too long for the series to converge`, {
    horizon: t,
    z,
  });
}

/**
 * c/(a − 1) · [1 − (1 − z)^(a − 1) · F] with c = a + b + x − 1, A = r + x, F = ₂F₁(c − A, a − 1; c; z) and
 * L = log(1 − z). Writing F = 1 + (a − 1) · S, this is
 *   −c · expm1((a − 1) L)/(a − 1) − e^((a − 1) L) · c · S,
 * where c · S = Σₙ₌₁ uₙ, u₁ = (c − A) z, uₙ₊₁ = uₙ · (c − A + n)(a + n − 1) / ((c + n)(n + 1)) · z.
 */
function expectedEuler(params: BgNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, a, b } = params;
  const c = a + b + x - 1;
  const cMinusA = a + b - 1 - r;
  const z = t / (alpha + T + t);
  const logOneMinusZ = -Math.log1p(t / (alpha + T));
  const e = a - 1;
  const head = e === 0 ? -c * logOneMinusZ : (-c * Math.expm1(e * logOneMinusZ)) / e;
  let term = cMinusA * z;
  let sum = term;
  for (let n = 1; ; n++) {
    if (term === 0) break;
    const ratio = ((cMinusA + n) * (a + n - 1)) / ((c + n) * (n + 1));
    // Once every later factor is positive the ratios tend to z from either side; bound the tail by a
    // geometric series of ratio z · max(1, ratio).
    const rho = z * Math.max(1, ratio);
    if (cMinusA + n > 0 && rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= SERIES_EPS * Math.abs(sum)) break;
    if (n >= MAX_TERMS) seriesTooLong(t, z);
    term *= ratio * z;
    sum += term;
  }
  return head - Math.exp(e * logOneMinusZ) * sum;
}

/**
 * Eq. (10) as written, for a well above 1 (no 0/0 to remove): c/(a − 1) · [1 − Σₙ vₙ] with
 * vₙ = (1 − z)^A · (A)ₙ (B)ₙ / ((c)ₙ n!) · zⁿ, A = r + x, B = b + x, c = a + b + x − 1, so that Σ vₙ is
 * (1 − z)^A · ₂F₁(A, B; c; z), in (0, 1). As B < c, every ratio vₙ₊₁/vₙ is below z · max(1, (A + n)/(n + 1)), so
 * the terms shrink like zⁿ however large a and b are. They are when dropout has no heterogeneity: the likelihood
 * then rises as a and b grow with a/(a + b) fixed, and a fit ends with both in the millions — where the Euler form's
 * terms first grow like (a z)ⁿ/n! past any float. v₀ = e^(A L) underflows only for horizons of many hundred times
 * (α + T)/(r + x), far beyond any that converges in Euler's form either.
 */
function expectedDirect(params: BgNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, a, b } = params;
  const A = r + x;
  const B = b + x;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  let term = Math.exp(-A * Math.log1p(t / (alpha + T)));
  let sum = term;
  for (let n = 0; ; n++) {
    const rho = z * Math.max(1, (A + n) / (n + 1));
    if (term === 0 || (rho < 1 && (term * rho) / (1 - rho) <= SERIES_EPS * sum)) break;
    if (n >= MAX_TERMS) seriesTooLong(t, z);
    term *= (((A + n) * (B + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
  }
  return (c / (a - 1)) * (1 - sum);
}
