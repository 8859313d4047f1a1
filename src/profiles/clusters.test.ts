import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../ml/index.js';
import { describeClusters, featurePhrase, humanizeFeatureName } from './clusters.js';

const FEATURES = ['order_count', 'recency_days', 'avg_order_value', 'discount_share', 'tenure_days'];

/** Three groups of 5, 3 and 2 customers (labels 0, 1, 2), constant within each group. */
function shop() {
  const groups: [label: number, size: number, row: number[]][] = [
    [0, 5, [10, 20, 120, 0.1, 365]],
    [1, 3, [2, 200, 50, 0.1, 365]],
    [2, 2, [10, 60, 50, 0.7, 365]],
  ];
  const rows: number[][] = [];
  const labels: number[] = [];
  for (const [label, size, row] of groups) {
    for (let i = 0; i < size; i++) {
      rows.push(row);
      labels.push(label);
    }
  }
  return { data: matrixFromRows(rows), labels };
}

describe('describeClusters', () => {
  it('marks the features that set each cluster apart, with direction and size in sds', () => {
    // A feature that separates a group with share p from the rest scores √((1 − p)/p) inside, −√(p/(1 − p)) outside.
    //   avg_order_value, group 0 vs rest (p = 0.5):        0: +1,       1, 2: −1
    //   order_count, groups 0+2 vs 1 (p = 0.7):            0, 2: +0.6547 (√(3/7)),  1: −1.5275 (√(7/3))
    //   discount_share, group 2 vs rest (p = 0.2):         2: +2,       0, 1: −0.5
    //   recency_days 20 / 200 / 60: mean (5·20 + 3·200 + 2·60) / 10 = 82,
    //     variance (5·62² + 3·118² + 2·22²) / 10 = 6196, sd 78.715:  0: −0.7877,  1: +1.4991,  2: −0.2795
    //   tenure_days is constant and never listed.
    const { data, labels } = shop();
    const out = describeClusters(data, FEATURES, labels);
    const summary = out.map((c) => c.features.map((f) => [f.feature, f.direction, f.effect]));
    const expected = [
      [
        ['avg_order_value', 'high', 1],
        ['recency_days', 'low', -62 / Math.sqrt(6196)],
        ['order_count', 'high', Math.sqrt(3 / 7)],
      ],
      [
        ['order_count', 'low', -Math.sqrt(7 / 3)],
        ['recency_days', 'high', 118 / Math.sqrt(6196)],
        ['avg_order_value', 'low', -1],
      ],
      [
        ['discount_share', 'high', 2],
        ['avg_order_value', 'low', -1],
        ['order_count', 'high', Math.sqrt(3 / 7)],
      ],
    ];
    summary.forEach((features, c) =>
      features.forEach(([name, direction, effect], i) => {
        const [eName, eDirection, eEffect] = expected[c]![i]!;
        expect([name, direction]).toEqual([eName, eDirection]);
        expect(effect).toBeCloseTo(eEffect as number, 10);
      }),
    );
    expect(out.map((c) => c.name)).toEqual([
      'High order value, recently active',
      'Infrequent buyers, lapsed',
      'Discount seekers, low order value',
    ]);
    expect(out.map((c) => [c.cluster, c.size, c.share])).toEqual([
      [0, 5, 0.5],
      [1, 3, 0.3],
      [2, 2, 0.2],
    ]);
    expect(out[0]!.features[0]).toMatchObject({ column: 2, clusterMean: 120, populationMean: 85 });
  });

  it('tells apart clusters whose top features agree, by a third feature and then by a number', () => {
    // Clusters 0 and 1 are both high on x and y (+1 sd each); z (sd √5) puts 0 at +0.447 and 1 at −0.447.
    const data = matrixFromRows([
      [10, 10, 1],
      [10, 10, 1],
      [10, 10, -1],
      [10, 10, -1],
      [0, 0, 3],
      [0, 0, -3],
      [0, 0, 3],
      [0, 0, -3],
    ]);
    const out = describeClusters(data, ['x', 'y', 'z'], [0, 0, 1, 1, 2, 2, 2, 2]);
    expect(out.map((c) => c.name)).toEqual([
      'High x, high y, high z',
      'High x, high y, low z',
      'Low x, low y',
    ]);

    // Three clusters with the same mean: nothing distinguishes them.
    const same = describeClusters(
      matrixFromRows([[0], [10], [0], [10], [5], [5]]),
      ['spend'],
      [0, 0, 1, 1, 2, 2],
    );
    expect(same.map((c) => c.name)).toEqual([
      'Typical customers',
      'Typical customers (2)',
      'Typical customers (3)',
    ]);
    expect(same.every((c) => c.features.length === 0)).toBe(true);
  });

  it('names a feature only when it is at least minEffect sds off, and skips empty labels', () => {
    const data = matrixFromRows([[0], [1], [2], [3], [100], [101]]);
    const out = describeClusters(data, ['monetary'], [0, 0, 2, 2, 4, 4], { minEffect: 0.8 });
    expect(out.map((c) => c.cluster)).toEqual([0, 2, 4]);
    // Means 0.5, 2.5, 100.5 against 34.5 (sd ≈ 46.7): −0.73, −0.68, +1.41 sds.
    expect(out.map((c) => c.name)).toEqual(['Typical customers', 'Typical customers (2)', 'High spenders']);
    expect(out[0]!.features[0]!.direction).toBe('low');
  });

  it('rejects mismatched names, labels and non-finite values', () => {
    const data = matrixFromRows([[1], [2]]);
    expect(() => describeClusters(data, ['a', 'b'], [0, 1])).toThrow(/feature names/);
    expect(() => describeClusters(data, ['a'], [0])).toThrow(/labels/);
    expect(() => describeClusters(data, ['a'], [0, 0.5])).toThrow(/non-negative integer/);
    expect(() => describeClusters(matrixFromRows([[1], [Infinity]]), ['a'], [0, 1])).toThrow(/non-finite/);
  });
});

describe('featurePhrase', () => {
  it('uses friendly phrases for common features, RFM names included', () => {
    expect(featurePhrase('recency_days', 'low')).toBe('recently active');
    expect(featurePhrase('recency', 'high')).toBe('lapsed');
    expect(featurePhrase('frequency', 'high')).toBe('frequent buyers');
    expect(featurePhrase('monetary', 'low')).toBe('low spenders');
    expect(featurePhrase('avgOrderValue', 'high')).toBe('high order value');
    expect(featurePhrase('Tenure_Days', 'low')).toBe('newcomers');
  });

  it('falls back to the humanized name', () => {
    expect(humanizeFeatureName('avgBasketSize')).toBe('avg basket size');
    expect(humanizeFeatureName('support_tickets-90d')).toBe('support tickets 90d');
    expect(featurePhrase('support_tickets_90d', 'low')).toBe('low support tickets 90d');
    // Names of a plain object's own properties are features like any other (computed traits are named in config).
    expect(featurePhrase('constructor', 'high')).toBe('high constructor');
    expect(featurePhrase('toString', 'low')).toBe('low to string');
  });
});
