import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outlierFences } from './outlier-fences.js';
import { applyOutlierFences, fitOutlierFences, handleOutliers, outlierFlag } from './outliers.js';
import { touchedBy } from './quality-report.js';

// Expected fences come from numpy 2.4.6: np.quantile (linear), np.median, x.mean(), x.std().
const y = [10, 12, 11, 13, 12, 11, 10, 12, 95, -40];
const rows = y.map((v, i) => ({ id: i, v }));

describe('outlierFences', () => {
  it('puts box-plot fences at Q1 − 1.5·IQR and Q3 + 1.5·IQR', () => {
    // Q1 = 10.25, Q3 = 12.
    expect(outlierFences(y, { method: 'iqr' })).toEqual({ method: 'iqr', lower: 7.625, upper: 14.625 });
    expect(outlierFences(y, { method: 'iqr', k: 3 })).toEqual({ method: 'iqr', lower: 5, upper: 17.25 });
  });

  it('puts modified z-score fences at median ± 3.5·MAD/0.6745', () => {
    // median 11.5, MAD 1.
    const f = outlierFences(y, { method: 'mad' });
    expect(f.lower).toBeCloseTo(6.310971089696071, 12);
    expect(f.upper).toBeCloseTo(16.68902891030393, 12);
  });

  it('falls back to the mean absolute deviation when the MAD is zero', () => {
    // median 1, MAD 0; mean |x − 1| = 50/8 = 6.25, so the half-width is 3.5 · 6.25 · 1.253314.
    const f = outlierFences([1, 1, 1, 1, 1, 1, 2, 50], { method: 'mad' });
    expect(f.upper).toBeCloseTo(1 + 3.5 * 6.25 * 1.253314, 9);
  });

  it('shows the masking a z-score suffers: two extremes inflate σ until neither is 3σ out', () => {
    // mean 14.6, σ 30.88106215789865.
    const f = outlierFences(y, { method: 'zscore' });
    expect(f.lower).toBeCloseTo(14.6 - 3 * 30.88106215789865, 9);
    expect(f.upper).toBeCloseTo(14.6 + 3 * 30.88106215789865, 9);
    expect(y.filter((v) => v < (f.lower as number) || v > (f.upper as number))).toEqual([]);
  });

  it('leaves fences open without data and rejects bad multipliers', () => {
    expect(outlierFences([], { method: 'iqr' })).toEqual({ method: 'iqr', lower: null, upper: null });
    expect(() => outlierFences(y, { method: 'zscore', threshold: 0 })).toThrow(RangeError);
    expect(() => outlierFences(y, { method: 'iqr', k: NaN })).toThrow(RangeError);
    expect(outlierFences([-1.7e308, 1.7e308], { method: 'iqr' })).toEqual({
      method: 'iqr',
      lower: null,
      upper: null,
    });
  });
});

describe('outlier policies', () => {
  it('caps to the fences', () => {
    const { rows: out, report } = handleOutliers(rows, { v: { method: 'iqr', policy: 'cap' } });
    expect(out.map((r) => r.v)).toEqual([10, 12, 11, 13, 12, 11, 10, 12, 14.625, 7.625]);
    expect(touchedBy(report, 'v:iqr_cap')).toBe(2);
    const shift = report.columns[0];
    expect([shift?.before.max, shift?.after.max]).toEqual([95, 14.625]);
  });

  it('drops rows and says which', () => {
    const { rows: out, dropped } = handleOutliers(rows, { v: { method: 'mad', policy: 'drop' } });
    expect(dropped).toEqual([8, 9]);
    expect(out).toHaveLength(8);
  });

  it('flags without changing values', () => {
    const { rows: out } = handleOutliers(rows, { v: { method: 'iqr', policy: 'flag' } });
    expect(out.map((r) => r[outlierFlag('v')])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(out.map((r) => r.v)).toEqual(y);
  });

  it('applies training fences to new data: NaN and text stay, Infinity is an outlier', () => {
    const { fences } = fitOutlierFences(rows, { v: { method: 'iqr', policy: 'cap' } });
    const { rows: out } = applyOutlierFences(fences, [
      { v: NaN },
      { v: 'n/a' },
      { v: Infinity },
      { v: -Infinity },
      {},
    ]);
    expect(out.map((r) => r.v)).toEqual([NaN, 'n/a', 14.625, 7.625, undefined]);
    expect(JSON.parse(JSON.stringify(fences))).toEqual(fences);
  });

  it('reports a column with nothing to fit', () => {
    const { fences, report } = fitOutlierFences([{ v: null }], { v: { method: 'zscore', policy: 'flag' } });
    expect(fences.columns.v).toEqual({ method: 'zscore', lower: null, upper: null, policy: 'flag' });
    expect(touchedBy(report, 'v:no_observed_values')).toBe(1);
  });

  it('keeps every capped value within the fences', () => {
    const value = fc.oneof(fc.double(), fc.integer({ min: -100, max: 100 }));
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 40 }),
        fc.constantFrom('iqr', 'zscore', 'mad') as fc.Arbitrary<'iqr' | 'zscore' | 'mad'>,
        (values, method) => {
          const data = values.map((v) => ({ v }));
          const { fences, rows: out } = handleOutliers(data, { v: { method, policy: 'cap' } });
          const { lower, upper } = fences.columns.v ?? { lower: null, upper: null };
          out.forEach((row, i) => {
            const v = row.v as number;
            if (Number.isNaN(v)) return expect(values[i]).toBeNaN();
            if (lower !== null) expect(v).toBeGreaterThanOrEqual(lower);
            if (upper !== null) expect(v).toBeLessThanOrEqual(upper);
          });
        },
      ),
    );
  });
});
