import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { touchedBy } from './quality-report.js';
import { fitScaler, fitScaleParams, scaleRows, unscaleRows, type ScaleMethod } from './scaling.js';

// Expected parameters come from numpy 2.4.6 on [1, 2, 3, 4, 100]: mean 22, std 39.01281840626232 (ddof 0),
// median 3, quartiles 2 and 4 (linear) — the same statistics scikit-learn's scalers use.
const x = [1, 2, 3, 4, 100];
const rows = x.map((v) => ({ v, w: v * 2 }));

describe('fitScaleParams', () => {
  it('fits min-max, z-score and robust parameters', () => {
    expect(fitScaleParams(x, 'minmax')).toEqual({ method: 'minmax', center: 1, scale: 99 });
    const z = fitScaleParams(x, 'zscore');
    expect(z.center).toBeCloseTo(22, 12);
    expect(z.scale).toBeCloseTo(39.01281840626232, 12);
    expect(fitScaleParams(x, 'robust')).toEqual({ method: 'robust', center: 3, scale: 2 });
  });

  it('gives constant and empty columns a harmless scale', () => {
    expect(fitScaleParams([5, 5, 5], 'zscore')).toEqual({ method: 'zscore', center: 5, scale: 1 });
    expect(fitScaleParams([], 'minmax')).toEqual({ method: 'minmax', center: 0, scale: 1 });
    expect(fitScaleParams([-1.7e308, 1.7e308], 'minmax').scale).toBe(Number.MAX_VALUE);
  });
});

describe('scaleRows / unscaleRows', () => {
  it('scales each column by its own method', () => {
    const { scaler } = fitScaler(rows, { v: 'minmax', w: 'robust' });
    const { rows: out, report } = scaleRows(scaler, rows);
    expect(out.map((r) => r.v)).toEqual([0, 1 / 99, 2 / 99, 3 / 99, 1]);
    // w = [2, 4, 6, 8, 200]: median 6, quartiles 4 and 8, so IQR 4.
    expect(out.map((r) => r.w)).toEqual([-1, -0.5, 0, 0.5, 48.5]);
    const shift = report.columns.find((c) => c.column === 'v');
    expect([shift?.after.min, shift?.after.max]).toEqual([0, 1]);
  });

  it('passes missing and non-numeric cells through and counts them', () => {
    const { scaler } = fitScaler(rows, { v: 'zscore' });
    const { rows: out, report } = scaleRows(scaler, [{ v: null }, { v: NaN }, { v: '3' }, {}]);
    expect(out.map((r) => r.v)).toEqual([null, NaN, '3', undefined]);
    expect(touchedBy(report, 'v:not_finite')).toBe(4);
  });

  it('reports columns with nothing to fit and constant columns', () => {
    const { report } = fitScaler([{ a: 1, b: null }, { a: 1 }], { a: 'zscore', b: 'minmax' });
    expect(touchedBy(report, 'a:constant')).toBe(1);
    expect(touchedBy(report, 'b:no_observed_values')).toBe(1);
  });

  it('stores a plain JSON scaler that scales identically after a round trip', () => {
    const { scaler } = fitScaler(rows, { v: 'zscore', w: 'minmax' });
    const restored = JSON.parse(JSON.stringify(scaler)) as typeof scaler;
    expect(restored).toEqual(scaler);
    expect(scaleRows(restored, rows).rows).toEqual(scaleRows(scaler, rows).rows);
  });

  it('inverse-scales back to the input within 1e-9', () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 30 }),
        fc.array(value, { maxLength: 30 }),
        fc.constantFrom<ScaleMethod>('minmax', 'zscore', 'robust'),
        (train, data, method) => {
          const { scaler } = fitScaler(
            train.map((v) => ({ v })),
            { v: method },
          );
          const input = data.map((v) => ({ v }));
          const back = unscaleRows(scaler, scaleRows(scaler, input).rows).rows;
          back.forEach((row, i) =>
            expect(Math.abs((row.v as number) - (data[i] as number))).toBeLessThanOrEqual(1e-9),
          );
        },
      ),
    );
  });
});
