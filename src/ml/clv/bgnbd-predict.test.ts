import { describe, expect, it } from 'vitest';
import {
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdNextPurchaseProbability,
  bgNbdNextPurchaseTime,
  bgNbdProbabilityAlive,
} from './bgnbd-predict.js';
import type { CustomerSummary } from './summary.js';
import { errorReason, relativeError } from './test-kit.js';

// Expected values: scripts/ml-reference/clv_bgnbd.py (scipy 1.10.1), an independent implementation of Fader,
// Hardie & Lee (2005): E[Y(t) | x, t_x, T] by eq. (10) and E[X(t)] by eq. (9) with scipy.special.hyp2f1;
// P(alive) by Hardie's note 021; P(next purchase within 90) by scipy.integrate.quad over the posterior
// Gamma(r + x, α + T) of the purchase rate, and its median by scipy.optimize.brentq on that integral (null
// where P(alive) ≤ 1/2).
const CUSTOMERS: CustomerSummary[] = [
  [0, 0, 200],
  [1, 30.5, 200],
  [4, 190, 200],
  [4, 40, 200],
  [25, 300, 310],
  [2, 5, 400],
].map(([frequency, recency, age]) => ({ frequency: frequency!, recency: recency!, age: age! }));
const HORIZONS = [30, 90, 365];
const REF = [
  {
    params: { r: 0.6, alpha: 40, a: 0.8, b: 3 },
    pAlive: [
      1.0, 0.3456340711471732, 0.8604615564127486, 0.04570725236532112, 0.9414146747039565,
      0.013140172054500666,
    ],
    conditional: [
      [0.07348192260642296, 0.21228407894365778, 0.7504286273935318],
      [0.06733695179942929, 0.19253603408602424, 0.6577352826267202],
      [0.47794058302643927, 1.3469358041446529, 4.401562551278079],
      [0.025387945203608066, 0.07154850122135478, 0.23380862147025389],
      [2.0032700293421897, 5.680678779481419, 18.84831881736314],
      [0.0022910176155767443, 0.006660044653139747, 0.023907679210871467],
    ],
    unconditional: [0.40372436250581073, 1.0366720231115896, 2.852072096343528],
    nextPurchaseProbability: [
      0.1739270884136399, 0.13798393042281498, 0.6616053911750883, 0.03514412044945686, 0.9387260240212151,
      0.005040624684481197,
    ],
    medianNextPurchase: [521.952504944736, null, 49.97291961688119, null, 10.509768000164234, null],
  },
  {
    params: { r: 1.7, alpha: 95, a: 2.5, b: 0.9 },
    pAlive: [
      1.0, 0.03458095473648519, 0.5617123897632621, 0.01779281625635378, 0.8363123737720909,
      0.002041206607406952,
    ],
    conditional: [
      [0.15701295814470873, 0.397775632825428, 0.937946088732726],
      [0.008575241944091707, 0.021517060294337094, 0.04934091128900268],
      [0.29181278413828543, 0.7229687256290017, 1.6022917034767574],
      [0.009243469334218926, 0.02290077614209037, 0.050754233640916295],
      [1.5163146189241474, 3.890940158106134, 9.339432228083746],
      [0.0004293340675249291, 0.001144831902721947, 0.003051628963431788],
    ],
    unconditional: [0.40838231271378045, 0.8262394352695991, 1.3297368598981851],
    nextPurchaseProbability: [
      0.36406286350203654, 0.01773046789730753, 0.4385797086025071, 0.013892462247839086, 0.8323727129758036,
      0.0009410627024129796,
    ],
    medianNextPurchase: [148.50496288753615, null, 139.60275889325996, null, 14.056386976589726, null],
  },
];

describe.each(REF)('BG/NBD predictions at $params', (ref) => {
  const model = { params: ref.params };

  it('P(alive) matches note 021', () => {
    CUSTOMERS.forEach((c, i) => {
      expect(relativeError(bgNbdProbabilityAlive(model, c), ref.pAlive[i]!)).toBeLessThan(1e-12);
    });
  });

  it('E[Y(t) | x, t_x, T] matches eq. (10) with scipy hyp2f1', () => {
    CUSTOMERS.forEach((c, i) => {
      HORIZONS.forEach((t, j) => {
        expect(relativeError(bgNbdExpectedPurchases(model, c, t), ref.conditional[i]![j]!)).toBeLessThan(
          1e-10,
        );
      });
    });
  });

  it('E[X(t)] for a new customer matches eq. (9)', () => {
    HORIZONS.forEach((t, j) => {
      expect(relativeError(bgNbdExpectedPurchasesNewCustomer(model, t), ref.unconditional[j]!)).toBeLessThan(
        1e-10,
      );
    });
  });

  it('P(next purchase within 90) and its median match numerical integration', () => {
    CUSTOMERS.forEach((c, i) => {
      const p = bgNbdNextPurchaseProbability(model, c, 90);
      expect(relativeError(p, ref.nextPurchaseProbability[i]!)).toBeLessThan(1e-8);
      const median = bgNbdNextPurchaseTime(model, c);
      const expected = ref.medianNextPurchase[i]!;
      if (expected === null) expect(median).toBeNull();
      else expect(relativeError(median!, expected)).toBeLessThan(1e-8);
    });
  });
});

describe('BG/NBD predictions: properties', () => {
  const model = { params: { r: 0.6, alpha: 40, a: 0.8, b: 3 } };
  const customer = { frequency: 4, recency: 190, age: 200 };

  it('expects nothing over a zero horizon and more over longer ones', () => {
    expect(bgNbdExpectedPurchases(model, customer, 0)).toBe(0);
    expect(bgNbdExpectedPurchasesNewCustomer(model, 0)).toBe(0);
    let previous = 0;
    for (const t of [1, 7, 30, 90, 365, 3650, 36500]) {
      const e = bgNbdExpectedPurchases(model, customer, t);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
  });

  it('for a short horizon, expects the posterior mean rate times t times P(alive)', () => {
    const t = 1e-4;
    const { r, alpha } = model.params;
    const expected = ((r + 4) / (alpha + 200)) * t * bgNbdProbabilityAlive(model, customer);
    expect(relativeError(bgNbdExpectedPurchases(model, customer, t), expected)).toBeLessThan(1e-4);
  });

  it('is continuous through a = 1, where eq. (10) is 0/0', () => {
    const at = (a: number) => bgNbdExpectedPurchases({ params: { ...model.params, a } }, customer, 90);
    const exact = at(1);
    expect(Number.isFinite(exact)).toBe(true);
    expect(relativeError(at(1 - 1e-9), exact)).toBeLessThan(1e-8);
    expect(relativeError(at(1 + 1e-9), exact)).toBeLessThan(1e-8);
    // A larger a means a larger mean dropout probability a/(a + b): fewer purchases.
    expect(at(1 - 1e-3)).toBeGreaterThan(exact);
    expect(at(1 + 1e-3)).toBeLessThan(exact);
  });

  it('puts the median (and other quantiles) where P(next purchase) reaches that level', () => {
    const median = bgNbdNextPurchaseTime(model, customer)!;
    expect(bgNbdNextPurchaseProbability(model, customer, median)).toBeCloseTo(0.5, 12);
    const q80 = bgNbdNextPurchaseTime(model, customer, { quantile: 0.8 })!;
    expect(q80).toBeGreaterThan(median);
    expect(bgNbdNextPurchaseProbability(model, customer, q80)).toBeCloseTo(0.8, 12);
    // P(alive) is 0.86: a 90% quantile does not exist.
    expect(bgNbdNextPurchaseTime(model, customer, { quantile: 0.9 })).toBeNull();
  });

  it('treats a customer without repeat purchases as alive', () => {
    expect(bgNbdProbabilityAlive(model, { frequency: 0, recency: 0, age: 500 })).toBe(1);
  });

  it('refuses bad customers, horizons and options', () => {
    expect(errorReason(() => bgNbdExpectedPurchases(model, customer, -1))).toBe('out_of_range');
    expect(errorReason(() => bgNbdExpectedPurchases(model, customer, Infinity))).toBe('out_of_range');
    expect(errorReason(() => bgNbdExpectedPurchasesNewCustomer(model, Number.NaN))).toBe('out_of_range');
    expect(errorReason(() => bgNbdProbabilityAlive(model, { frequency: 2, recency: 20, age: 10 }))).toBe(
      'out_of_range',
    );
    expect(errorReason(() => bgNbdNextPurchaseTime(model, customer, { quantile: 1 }))).toBe('invalid_option');
    // Horizons of 10⁶ and 10⁸ times α + T, where the series converge slowly ('longHorizon' of clv_bgnbd.py: eq. (10)
    // with scipy hyp2f1 at t = 10⁶; 'veryLongHorizon': with mpmath at t = 10⁸).
    const slow = { params: { r: 0.5, alpha: 40, a: 5, b: 3 } };
    const newcomer = { frequency: 0, recency: 0, age: 200 };
    expect(relativeError(bgNbdExpectedPurchases(slow, newcomer, 1e6), 1.7124537073455024)).toBeLessThan(
      1e-10,
    );
    expect(relativeError(bgNbdExpectedPurchases(slow, newcomer, 1e8), 1.7462443897002797)).toBeLessThan(
      1e-10,
    );
    // With a ≥ r + x + 1 the terms decay no faster than zⁿ: over 10⁶ terms for z = 1 − 2.4e-6.
    const slower = { params: { r: 0.2, alpha: 40, a: 1.5, b: 3 } };
    expect(errorReason(() => bgNbdExpectedPurchases(slower, newcomer, 1e8))).toBe('out_of_range');
    expect(errorReason(() => bgNbdExpectedPurchases(slow, newcomer, 1e14))).toBe('out_of_range');
  });

  it('is continuous at a = 2, where the sum switches from Euler’s form to eq. (10) as written', () => {
    for (const c of [
      customer,
      { frequency: 0, recency: 0, age: 30 },
      { frequency: 25, recency: 300, age: 310 },
    ])
      for (const t of [1, 90, 365]) {
        const at = (a: number) => bgNbdExpectedPurchases({ params: { ...model.params, a } }, c, t);
        expect(relativeError(at(2 + 1e-12), at(2))).toBeLessThan(1e-10);
      }
  });
});

describe('BG/NBD predictions when a and b run into the millions', () => {
  // 'hugeAB' of clv_bgnbd.py: eq. (10) with mpmath at 60 digits, at the parameters a fit reached on a shop of 158
  // customers whose dropout barely varies (the likelihood keeps rising with a and b, a/(a + b) ≈ 0.17).
  const model = {
    params: { r: 0.9412807978181427, alpha: 49.75188690658484, a: 1336940.7034209385, b: 6338134.356218294 },
  };
  const conditional = [
    [0.11081574618420172, 0.3197286909439697, 1.1035522462964296],
    [0.07770059461299991, 0.2198123678812946, 0.7022951631614106],
    [0.4438042039791855, 1.1854214007019637, 3.075127612623905],
    [0.01635421117107331, 0.04368284874268261, 0.11331863444269791],
    [1.245730070544474, 2.671453055403636, 3.9328732866376797],
    [0.0018385004620720114, 0.0052758388085895665, 0.01773193391692225],
  ];

  it('E[Y(t) | x, t_x, T] stays finite and exact', () => {
    CUSTOMERS.forEach((c, i) => {
      HORIZONS.forEach((t, j) => {
        expect(relativeError(bgNbdExpectedPurchases(model, c, t), conditional[i]![j]!)).toBeLessThan(1e-10);
      });
    });
  });
});
