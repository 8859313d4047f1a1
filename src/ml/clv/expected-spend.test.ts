import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases } from './bgnbd-predict.js';
import { expectedSpend } from './expected-spend.js';
import { gammaGammaExpectedOrderValue } from './gamma-gamma.js';
import { errorReason, relativeError } from './test-kit.js';

// Expected values: scripts/ml-reference/clv_gamma_gamma.py (scipy 1.10.1): E[Y(90) | x, t_x, T] by eq. (10)
// of Fader, Hardie & Lee (2005) with scipy.special.hyp2f1, times E[M | x, m_x] by eq. (5) of Hardie's
// note 025.
const BGNBD = { params: { r: 0.6, alpha: 40, a: 0.8, b: 3 } };
const GAMMA_GAMMA = { params: { p: 6, q: 4, gamma: 15 } };
const CASES = [
  { customer: { frequency: 0, recency: 0, age: 200, monetaryValue: 0 }, spend: 6.368522368309733 },
  { customer: { frequency: 4, recency: 190, age: 200, monetaryValue: 55 }, spend: 70.33998088310965 },
  { customer: { frequency: 25, recency: 300, age: 310, monetaryValue: 18.4 }, spend: 105.81656550014407 },
];

describe('expectedSpend', () => {
  it.each(CASES)('matches scipy for $customer', ({ customer, spend }) => {
    expect(relativeError(expectedSpend(BGNBD, GAMMA_GAMMA, customer, 90), spend)).toBeLessThan(1e-10);
    expect(expectedSpend(BGNBD, GAMMA_GAMMA, customer, 90)).toBe(
      bgNbdExpectedPurchases(BGNBD, customer, 90) * gammaGammaExpectedOrderValue(GAMMA_GAMMA, customer),
    );
  });

  it('is 0 over a zero horizon, even when the expected order value is infinite', () => {
    const heavyTailed = { params: { p: 6, q: 0.5, gamma: 15 } };
    expect(expectedSpend(BGNBD, heavyTailed, CASES[0]!.customer, 0)).toBe(0);
    expect(expectedSpend(BGNBD, heavyTailed, CASES[0]!.customer, 90)).toBe(Infinity);
  });

  it('refuses an invalid customer or horizon', () => {
    const customer = { frequency: 2, recency: 50, age: 40, monetaryValue: 10 };
    expect(errorReason(() => expectedSpend(BGNBD, GAMMA_GAMMA, customer, 90))).toBe('out_of_range');
    expect(errorReason(() => expectedSpend(BGNBD, GAMMA_GAMMA, CASES[1]!.customer, -5))).toBe('out_of_range');
  });
});
