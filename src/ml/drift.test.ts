import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { columnDrift, driftingColumns } from './drift.js';
import type { Tabular } from './tabular.js';

/** Rows in time order: a trending rate, a plan that takes over after 40% of the rows, and two stationary columns. */
function timeOrdered(n: number, seed: string): Tabular {
  const rng = createRng(seed);
  const rate = new Float64Array(n);
  const id = new Float64Array(n);
  const plan: string[] = [];
  const colour: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    rate[i] = 5 - (4 * i) / n + rng.normal(0, 0.1);
    id[i] = rng.next(); // a distinct value per row, unrelated to time
    plan.push(rng.next() < (i < 0.4 * n ? 0.05 : 0.95) ? 'new' : 'old');
    colour.push(i % 11 === 0 ? null : (['red', 'green', 'blue'][Math.floor(rng.next() * 3)] as string));
  }
  return {
    rows: n,
    columns: [
      { name: 'rate', kind: 'numeric', values: rate },
      { name: 'id', kind: 'numeric', values: id },
      { name: 'plan', kind: 'categorical', values: plan },
      { name: 'colour', kind: 'categorical', values: colour },
    ],
  };
}

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('columnDrift', () => {
  const data = timeOrdered(4000, 'drift');

  it('tells time-tracking columns from stationary ones, a distinct value per row included', () => {
    const drift = Object.fromEntries(columnDrift(data, rowsOf(data.rows)).map((c) => [c.column, c.auc]));
    expect(drift.rate).toBeGreaterThan(0.95);
    // 'new' is 23% of the earlier half and 95% of the later: AUC = 0.95 · 0.77 + ½ (0.95 · 0.23 + 0.05 · 0.77) ≈ 0.86.
    expect(Math.abs(drift.plan! - 0.86)).toBeLessThan(0.03);
    // Cross-fitted: bins learned on even rows, scored on odd rows, so per-row values do not pass for drift.
    expect(Math.abs(drift.id! - 0.5)).toBeLessThan(0.06);
    expect(Math.abs(drift.colour! - 0.5)).toBeLessThan(0.06);
    expect(driftingColumns(data, rowsOf(data.rows))).toEqual(['rate', 'plan']);
    expect(driftingColumns(data, rowsOf(data.rows), 0.9)).toEqual(['rate']);
  });

  it('finds nothing when the rows are not in time order, and looks only at the rows given', () => {
    const rng = createRng('shuffle');
    const shuffled = rowsOf(data.rows);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(driftingColumns(data, shuffled)).toEqual([]);
    // The first 200 rows barely move.
    expect(driftingColumns(data, rowsOf(200))).toEqual([]);
    expect(columnDrift(data, [0, 1, 2]).every((c) => c.auc === 0.5)).toBe(true);
  });
});
