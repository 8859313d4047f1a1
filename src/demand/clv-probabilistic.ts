import {
  bgNbdExpectedPurchases,
  bgNbdNextPurchaseTime,
  bgNbdProbabilityAlive,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedOrderValue,
  type BgNbdModel,
  type GammaGammaModel,
} from '../ml/index.js';
import { AppError, isAppError } from '../shared/index.js';
import type { ClvSummary } from './clv-summary.js';

/**
 * BG/NBD (repeat purchase days) and Gamma-Gamma (value of a purchase day) fitted by maximum likelihood on the
 * customers' summaries at one cutoff, in days. Plain JSON.
 */
export interface ProbabilisticClv {
  bgnbd: BgNbdModel;
  gammaGamma: GammaGammaModel;
  /**
   * Mean value of the repeat purchase days the Gamma-Gamma model was fitted on: the order value of a customer whose
   * Gamma-Gamma expectation does not exist (population mean infinite when q ≤ 1 and the customer has no repeats).
   */
  fallbackOrderValue: number;
}

/** Customers with a repeat purchase the models need at the least, beyond which a fit is not worth reporting. */
const MIN_REPEAT_CUSTOMERS = 5;

/**
 * Fits BG/NBD on every summary and Gamma-Gamma on the customers with a repeat purchase of positive value (the model
 * describes repeat order values; a first order is excluded, as usual). Throws `invalid_training_data` when too few
 * customers came back to fit them.
 */
export function fitProbabilisticClv(summaries: readonly ClvSummary[], what: string): ProbabilisticClv {
  const repeaters = summaries.filter((s) => s.valueFrequency > 0);
  if (repeaters.length < MIN_REPEAT_CUSTOMERS)
    throw new AppError(
      'invalid_training_data',
      `the ${what} window has ${repeaters.length} customers with a repeat purchase: too few to fit BG/NBD and Gamma-Gamma`,
      { window: what, customers: summaries.length, repeatCustomers: repeaters.length },
    );
  try {
    const bgnbd = fitBgNbd({
      frequency: Float64Array.from(summaries, (s) => s.frequency),
      recency: Float64Array.from(summaries, (s) => s.recency),
      age: Float64Array.from(summaries, (s) => s.age),
    });
    const gammaGamma = fitGammaGamma({
      frequency: Float64Array.from(repeaters, (s) => s.valueFrequency),
      monetaryValue: Float64Array.from(repeaters, (s) => s.monetaryValue),
    });
    const fallbackOrderValue = repeaters.reduce((sum, s) => sum + s.monetaryValue, 0) / repeaters.length;
    return { bgnbd, gammaGamma, fallbackOrderValue };
  } catch (error) {
    // The kernels say what is wrong with their input as `invalid_request`; for a training job it is the data.
    if (isAppError(error) && error.code === 'invalid_request')
      throw new AppError('invalid_training_data', `${what} window: ${error.message}`, { window: what });
    throw error;
  }
}

/** Expected purchase days in the `horizonDays` after the cutoff (BG/NBD, given the customer's history). */
export function expectedPurchaseDays(model: ProbabilisticClv, s: ClvSummary, horizonDays: number): number {
  return bgNbdExpectedPurchases(model.bgnbd, s, horizonDays);
}

/**
 * Expected value of one of the customer's future purchase days: Gamma-Gamma's conditional expectation given the
 * repeat purchases, or the fitted repeat value's mean where that expectation does not exist.
 */
export function expectedOrderValue(model: ProbabilisticClv, s: ClvSummary): number {
  const value = gammaGammaExpectedOrderValue(model.gammaGamma, {
    frequency: s.valueFrequency,
    monetaryValue: s.monetaryValue,
  });
  return Number.isFinite(value) ? value : model.fallbackOrderValue;
}

/** Expected spend in the `horizonDays` after the cutoff: E[purchase days] (BG/NBD) × E[value of one] (Gamma-Gamma). */
export function probabilisticSpend(model: ProbabilisticClv, s: ClvSummary, horizonDays: number): number {
  const purchases = expectedPurchaseDays(model, s, horizonDays);
  return purchases === 0 ? 0 : purchases * expectedOrderValue(model, s);
}

export function probabilityAlive(model: ProbabilisticClv, s: ClvSummary): number {
  return bgNbdProbabilityAlive(model.bgnbd, s);
}

/**
 * When the next order is expected: the cutoff plus the median time to the customer's next purchase (epoch ms), or
 * null when the customer has more likely than not stopped buying (P(alive) ≤ ½). BG/NBD lets a customer drop out
 * only after a repeat purchase, so one who bought once is always alive and gets a date, however far off.
 */
export function nextOrderAt(model: ProbabilisticClv, s: ClvSummary, cutoff: number): number | null {
  const days = bgNbdNextPurchaseTime(model.bgnbd, s);
  return days === null ? null : cutoff + Math.round(days * 86_400_000);
}
