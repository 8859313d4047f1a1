import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareCustomerIds,
  computeRfm,
  defaultAsOf,
  formatUtcDay,
  parseAsOfDate,
  scoreBin,
  type RfmInput,
} from './rfm.js';
import { fmScore, rfmSegment, rfmSegments } from './rfm-segments.js';

const asOf = Date.UTC(2010, 11, 10);

describe('as-of day', () => {
  it('is the UTC day after the last order, whatever its time of day', () => {
    expect(formatUtcDay(defaultAsOf(Date.UTC(2010, 11, 9, 20, 1)))).toBe('2010-12-10');
    expect(defaultAsOf(Date.UTC(2010, 11, 9))).toBe(asOf);
    expect(defaultAsOf(Date.UTC(2010, 11, 9, 23, 59, 59, 999))).toBe(asOf);
    expect(formatUtcDay(defaultAsOf(Date.UTC(2012, 1, 28, 5)))).toBe('2012-02-29');
  });

  it('parses real YYYY-MM-DD dates only', () => {
    expect(parseAsOfDate('2010-12-10')).toBe(asOf);
    expect(parseAsOfDate('2012-02-29')).toBe(Date.UTC(2012, 1, 29));
    for (const bad of ['2011-02-29', '2010-13-01', '2010-12-1', '10-12-2010', '2010-12-10T00:00', ''])
      expect(parseAsOfDate(bad), bad).toBeNull();
  });
});

describe('customer id order', () => {
  it('compares numbers as numbers, others by code point, numbers first', () => {
    const ids = ['a', '10', 'B', '9', '1.5', '100', '7.0', '7', '-3', '1a', '\u{1F600}', '\uFFFF'];
    expect([...ids].sort(compareCustomerIds)).toEqual([
      '-3',
      '1.5',
      '7',
      '7.0',
      '9',
      '10',
      '100',
      '1a',
      'B',
      'a',
      '\uFFFF',
      '\u{1F600}',
    ]);
  });

  it('is a total order (antisymmetric and transitive), so sorting is well defined', () => {
    const id = fc.oneof(
      fc.integer({ min: -50, max: 150 }).map(String),
      fc.string({ unit: fc.constantFrom('1', '0', '9', '.', 'a', 'B', 'e', '-', '\u{1F600}'), maxLength: 4 }),
    );
    fc.assert(
      fc.property(id, id, id, (a, b, c) => {
        expect(Math.sign(compareCustomerIds(a, b))).toBe(-Math.sign(compareCustomerIds(b, a)) + 0);
        if (compareCustomerIds(a, b) <= 0 && compareCustomerIds(b, c) <= 0)
          expect(compareCustomerIds(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('score bins (pandas qcut on ranks 1..n)', () => {
  // Expected bins by hand from e(j) = 1 + (j/5)(n − 1); each row also equals
  // pandas 3.0.6 `pd.qcut(pd.Series(range(1, n + 1), dtype=float), 5, labels=[1, 2, 3, 4, 5])`.
  const cases: [number, number[]][] = [
    [1, [1]],
    [2, [1, 5]],
    [3, [1, 3, 5]],
    [4, [1, 2, 4, 5]],
    [5, [1, 2, 3, 4, 5]],
    // n = 6: the edges 2, 3, 4, 5, 6 fall on ranks, which belong to the lower bin.
    [6, [1, 1, 2, 3, 4, 5]],
    // n = 7: edges 2.2, 3.4, 4.6, 5.8, 7.
    [7, [1, 1, 2, 3, 4, 5, 5]],
    [11, [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]],
  ];
  it.each(cases)('n = %i', (n, bins) => {
    expect(Array.from({ length: n }, (_, i) => scoreBin(i + 1, n))).toEqual(bins);
  });

  it('is non-decreasing in the rank, from 1 at rank 1 to 5 at rank n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100_000 }), fc.integer({ min: 1, max: 99_999 }), (n, r) => {
        fc.pre(r < n);
        expect(scoreBin(r, n)).toBeLessThanOrEqual(scoreBin(r + 1, n));
        expect(scoreBin(1, n)).toBe(1);
        expect(scoreBin(n, n)).toBe(5);
      }),
    );
  });
});

describe('segments', () => {
  it('reads the R×FM map with FM = (F + M) / 2 rounded half up', () => {
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(3, 3)).toBe(3);
    expect(rfmSegment(5, 5, 4)).toBe('Champions');
    expect(rfmSegment(5, 1, 1)).toBe('New');
    expect(rfmSegment(4, 1, 1)).toBe('Promising');
    expect(rfmSegment(4, 2, 3)).toBe('Potential Loyalist');
    expect(rfmSegment(3, 3, 3)).toBe('Need Attention');
    expect(rfmSegment(3, 4, 4)).toBe('Loyal');
    expect(rfmSegment(3, 1, 2)).toBe('About to Sleep');
    expect(rfmSegment(2, 5, 5)).toBe("Can't Lose");
    expect(rfmSegment(1, 3, 4)).toBe('At Risk');
    expect(rfmSegment(2, 2, 1)).toBe('Hibernating');
    expect(rfmSegment(1, 1, 2)).toBe('Lost');
    expect(() => rfmSegment(0, 1, 1)).toThrow(RangeError);
  });

  it('reaches every named segment', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmSegment(r, f, m));
    expect([...seen].sort()).toEqual([...rfmSegments].sort());
  });
});

const day = (y: number, mo: number, d: number, h = 12) => Date.UTC(y, mo - 1, d, h);

describe('computeRfm', () => {
  it('n = 1: recency 1 the day before the as-of day, and the lowest bin for everything else', () => {
    expect(
      computeRfm([{ customerId: '42', lastOrderAt: day(2010, 12, 9, 23), frequency: 4, monetary: 99.5 }], {
        asOf,
      }),
    ).toEqual([
      { customerId: '42', recency: 1, frequency: 4, monetary: 99.5, r: 5, f: 1, m: 1, segment: 'New' },
    ]);
  });

  it('n = 7 with ties: ranks break ties by customer id, bins follow the qcut edges', () => {
    // Sorted ids: 1.5, 2, 9, 10, 100 (numbers), then B, a (code points). Computed by hand, and identical to
    // pandas 3.0.6: `6 - qcut(recency.rank(method="first"), 5)`, `qcut(frequency.rank(...))`, likewise monetary.
    const inputs: RfmInput[] = [
      { customerId: 'a', lastOrderAt: day(2010, 11, 30), frequency: 2, monetary: 30 },
      { customerId: '100', lastOrderAt: day(2010, 12, 9, 0), frequency: 2, monetary: 200 },
      { customerId: '9', lastOrderAt: day(2010, 12, 9, 23), frequency: 1, monetary: 50.5 },
      { customerId: 'B', lastOrderAt: day(2009, 12, 1), frequency: 1, monetary: 10 },
      { customerId: '10', lastOrderAt: day(2010, 6, 1), frequency: 5, monetary: 0 },
      { customerId: '2', lastOrderAt: day(2010, 12, 1), frequency: 3, monetary: 10 },
      { customerId: '1.5', lastOrderAt: day(2010, 12, 9), frequency: 1, monetary: 10 },
    ];
    const rows = computeRfm(inputs, { asOf });
    expect(rows.map((x) => [x.customerId, x.recency, x.r, x.f, x.m, x.segment])).toEqual([
      ['1.5', 1, 5, 1, 1, 'New'],
      ['2', 9, 3, 5, 2, 'Loyal'],
      ['9', 1, 5, 1, 5, 'Potential Loyalist'],
      ['10', 192, 1, 5, 1, 'At Risk'],
      ['100', 1, 4, 3, 5, 'Loyal'],
      ['B', 374, 1, 2, 3, 'At Risk'],
      ['a', 10, 2, 4, 4, 'At Risk'],
    ]);
  });

  it('n = 5: each customer gets its own bin', () => {
    const inputs = [5, 4, 3, 2, 1].map((k) => ({
      customerId: `c${k}`,
      lastOrderAt: asOf - k * 86_400_000,
      frequency: k,
      monetary: k * 10,
    }));
    expect(computeRfm(inputs, { asOf }).map((x) => [x.customerId, x.r, x.f, x.m])).toEqual([
      ['c1', 5, 1, 1],
      ['c2', 4, 2, 2],
      ['c3', 3, 3, 3],
      ['c4', 2, 4, 4],
      ['c5', 1, 5, 5],
    ]);
  });

  it('n = 3 (< 5): bins 1, 3, 5; full ties are ranked by customer id', () => {
    const same = { lastOrderAt: day(2010, 12, 1), frequency: 2, monetary: 20 };
    const rows = computeRfm(
      ['30', '4', '200'].map((customerId) => ({ customerId, ...same })),
      { asOf },
    );
    expect(rows.map((x) => [x.customerId, x.r, x.f, x.m])).toEqual([
      ['4', 5, 1, 1],
      ['30', 3, 3, 3],
      ['200', 1, 5, 5],
    ]);
  });

  it('removes floating-point noise from monetary before ranking', () => {
    const rows = computeRfm(
      [
        { customerId: '1', lastOrderAt: day(2010, 12, 1), frequency: 1, monetary: 0.1 + 0.2 },
        { customerId: '2', lastOrderAt: day(2010, 12, 1), frequency: 1, monetary: 0.3 },
      ],
      { asOf },
    );
    expect(rows.map((x) => [x.monetary, x.m])).toEqual([
      [0.3, 1],
      [0.3, 5],
    ]);
  });

  it('returns nothing for no customers', () => {
    expect(computeRfm([], { asOf })).toEqual([]);
  });
});

describe('computeRfm properties', () => {
  const input = fc.record({
    customerId: fc.oneof(fc.integer({ min: 0, max: 60 }).map(String), fc.string({ maxLength: 3 })),
    lastOrderAt: fc.integer({ min: Date.UTC(2009, 0, 1), max: asOf - 1 }),
    frequency: fc.integer({ min: 1, max: 8 }),
    monetary: fc.oneof(fc.constantFrom(0, 10, 25.5), fc.double({ min: 0, max: 5000, noNaN: true })),
  });
  const inputs = fc.array(input, { maxLength: 40 });

  it('scores are integers 1..5 and the segment is a named one', () => {
    fc.assert(
      fc.property(inputs, (xs) => {
        for (const row of computeRfm(xs, { asOf })) {
          for (const score of [row.r, row.f, row.m]) {
            expect(Number.isInteger(score)).toBe(true);
            expect(score).toBeGreaterThanOrEqual(1);
            expect(score).toBeLessThanOrEqual(5);
          }
          expect(rfmSegments).toContain(row.segment);
          expect(row.recency).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });

  it('bins are monotone in the measure: more is never a lower score (for recency: never a higher one)', () => {
    fc.assert(
      fc.property(inputs, (xs) => {
        const rows = computeRfm(xs, { asOf });
        for (const a of rows)
          for (const b of rows) {
            if (a.frequency < b.frequency) expect(a.f).toBeLessThanOrEqual(b.f);
            if (a.monetary < b.monetary) expect(a.m).toBeLessThanOrEqual(b.m);
            if (a.recency < b.recency) expect(a.r).toBeGreaterThanOrEqual(b.r);
          }
      }),
    );
  });

  it('the order of the input does not change the output', () => {
    fc.assert(
      fc.property(
        inputs.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
        ([xs, shuffled]) => {
          expect(computeRfm(shuffled, { asOf })).toEqual(computeRfm(xs, { asOf }));
        },
      ),
    );
  });
});
