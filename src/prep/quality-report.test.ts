import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeNumeric } from './distribution.js';
import { createReportBuilder, displayValue, touchedBy } from './quality-report.js';

describe('displayValue', () => {
  it('quotes strings so stray whitespace shows, and renders other values plainly', () => {
    expect(displayValue(' a\n')).toBe('" a\\n"');
    expect(displayValue(NaN)).toBe('NaN');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(undefined)).toBe('undefined');
    expect(displayValue({ a: [1] })).toBe('{"a":[1]}');
    expect(displayValue(10n)).toBe('10');
  });

  it('cuts long values without splitting a character, and survives cycles', () => {
    const long = displayValue('😀'.repeat(1_000_000));
    expect(long.endsWith('…')).toBe(true);
    expect(Array.from(JSON.parse(long.slice(0, -1)) as string)).toHaveLength(80);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(displayValue(cyclic)).toBe('[object]');
    expect(displayValue({ big: 1n })).toBe('[object]');
    expect(displayValue('x'.repeat(80))).toBe(JSON.stringify('x'.repeat(80)));
  });
});

describe('createReportBuilder', () => {
  it('counts every touch, keeps the first N examples and lists rules in declaration order', () => {
    const b = createReportBuilder('test', 2);
    b.declare('quiet');
    for (let i = 0; i < 5; i++) b.touch('busy', { row: i });
    const report = b.build(5, 4);
    expect(report.rules.map((r) => [r.rule, r.touched, r.examples.length])).toEqual([
      ['quiet', 0, 0],
      ['busy', 5, 2],
    ]);
    expect(report.rules[1]?.examples.map((e) => e.row)).toEqual([0, 1]);
    expect(touchedBy(report, 'busy')).toBe(5);
    expect(touchedBy(report, 'absent')).toBe(0);
    expect([report.stage, report.rowsIn, report.rowsOut]).toEqual(['test', 5, 4]);
  });
});

describe('summarizeNumeric', () => {
  it('summarizes finite numbers and counts everything else as missing', () => {
    // numpy 2.4.6 on [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]: mean 4, std 2.256304299271065, quantiles (linear)
    // 0.05 → 1, 0.25 → 2.5, 0.5 → 4, 0.75 → 5, 0.95 → 7.5; np.histogram(bins=4) → [3, 3, 4, 1].
    const s = summarizeNumeric([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, null, NaN, Infinity, '7', undefined], {
      bins: 4,
    });
    expect(s.count).toBe(11);
    expect(s.missing).toBe(5);
    expect(s.mean).toBeCloseTo(4, 12);
    expect(s.std).toBeCloseTo(2.256304299271065, 12);
    expect([s.min, s.max]).toEqual([1, 9]);
    expect(s.quantiles.map((q) => q.value)).toEqual([1, 2.5, 4, 5, 7.5]);
    expect(s.histogram).toEqual({ edges: [1, 3, 5, 7, 9], counts: [3, 3, 4, 1] });
  });

  it('uses null, not NaN, for an empty column, so the report is valid JSON', () => {
    const s = summarizeNumeric([null, 'x']);
    expect(s).toMatchObject({
      count: 0,
      missing: 2,
      mean: null,
      std: null,
      min: null,
      max: null,
      histogram: null,
    });
    expect(s.quantiles.every((q) => q.value === null)).toBe(true);
  });

  it('always round-trips through JSON unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.constant(null), fc.string({ maxLength: 3 })), { maxLength: 30 }),
        (cells) => {
          const s = summarizeNumeric(cells);
          expect(JSON.parse(JSON.stringify(s))).toEqual(s);
          expect(s.count + s.missing).toBe(cells.length);
        },
      ),
    );
  });
});
