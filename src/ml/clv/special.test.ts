import { describe, expect, it } from 'vitest';
import { digamma, logGamma } from './special.js';

// Expected values: scipy.special.gammaln and scipy.special.digamma (scipy 1.10.1), printed by
// scripts/ml-reference/clv_special.py.
const X = [1e-8, 1e-3, 0.07, 0.5, 1, 1.5, 2, 2.5, 3.7, 9.99, 14.9, 15, 15.2, 42.5, 1000, 1234560, 1e12];
const GAMMALN = [
  18.42068073818021, 6.907178885383853, 2.6227537606032154, 0.5723649429247, 0.0, -0.12078223763524526, 0.0,
  0.2846828704729192, 1.428072326665388, 12.779315214350195, 24.924132002217277, 25.191221182738683,
  25.727462988765577, 115.90007047041453, 5905.220423209181, 16081650.47547815, 26631021115915.65,
];
const DIGAMMA = [
  -100000000.57721564, -1000.5755719318103, -14.753326705581838, -1.9635100260214235, -0.5772156649015329,
  0.03648997397857652, 0.42278433509846713, 0.7031566406452432, 1.1671535393615113, 2.250700372831201,
  2.667428976216042, 2.6743466616607936, 2.6880401589007583, 3.737693236500094, 6.907255195648812,
  14.0262247842568, 27.631021115928046,
];

describe('logGamma and digamma', () => {
  it.each(X.map((x, i) => [x, i]))('match scipy at %s', (x, i) => {
    // Absolute error near the zeros of log Γ (x = 1, 2), relative elsewhere.
    expect(Math.abs(logGamma(x) - GAMMALN[i]!)).toBeLessThanOrEqual(
      1e-14 * Math.max(1, Math.abs(GAMMALN[i]!)),
    );
    expect(Math.abs(digamma(x) - DIGAMMA[i]!)).toBeLessThanOrEqual(
      1e-14 * Math.max(1, Math.abs(DIGAMMA[i]!)),
    );
  });

  it('satisfies the recurrences across the shift threshold', () => {
    for (const x of [0.3, 7.25, 14.5, 14.999, 15, 30.1]) {
      expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 13);
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 13);
    }
  });

  it('returns the limits at 0 and NaN for negative arguments', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(digamma(0)).toBe(-Infinity);
    expect(logGamma(-1.5)).toBeNaN();
    expect(digamma(Number.NaN)).toBeNaN();
  });
});
