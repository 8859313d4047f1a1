import { describe, expect, it } from 'vitest';
import { createRng, isAppError } from '../shared/index.js';
import { cgScratch, gram, solveRows } from './als-kernels.js';
import { fitAlsParallel } from './als-parallel.js';
import { fitAls, type AlsParams } from './als.js';
import type { InteractionMatrix } from './types.js';

/** A CSR matrix from per-user lists of [item, weight]. */
function csr(items: number, rows: [number, number][][]): InteractionMatrix {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  rows.forEach((row, u) => {
    for (const [i, w] of [...row].sort((a, b) => a[0] - b[0])) {
      indices.push(i);
      weights.push(w);
    }
    indptr[u + 1] = indices.length;
  });
  return {
    users: rows.length,
    items,
    indptr,
    indices: Int32Array.from(indices),
    weights: Float32Array.from(weights),
  };
}

/** Each user gets `perUser` distinct random items with weights 1..3. */
function randomMatrix(users: number, items: number, perUser: number, seed: string): InteractionMatrix {
  const rng = createRng(seed);
  return csr(
    items,
    Array.from({ length: users }, () => {
      const chosen = new Set<number>();
      while (chosen.size < perUser) chosen.add(rng.int(0, items));
      return [...chosen].map((i): [number, number] => [i, rng.int(1, 4)]);
    }),
  );
}

/** Σ over every cell of c (p − x·y)² + λ(‖X‖² + ‖Y‖²), cell by cell. */
function bruteObjective(
  m: InteractionMatrix,
  x: Float32Array,
  y: Float32Array,
  f: number,
  alpha: number,
  lambda: number,
) {
  let loss = 0;
  for (let u = 0; u < m.users; u++) {
    const observed = new Map<number, number>();
    for (let n = m.indptr[u]!; n < m.indptr[u + 1]!; n++) observed.set(m.indices[n]!, m.weights[n]!);
    for (let i = 0; i < m.items; i++) {
      let s = 0;
      for (let k = 0; k < f; k++) s += x[u * f + k]! * y[i * f + k]!;
      const w = observed.get(i);
      loss += w === undefined ? s * s : (1 + alpha * w) * (1 - s) ** 2;
    }
  }
  let norms = 0;
  for (const v of x) norms += v * v;
  for (const v of y) norms += v * v;
  return loss + lambda * norms;
}

/** Dense Gaussian elimination with partial pivoting: the reference solution of a small system. */
function solveDense(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= factor * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function expectInvalidOption(params: AlsParams, option: string) {
  const matrix = randomMatrix(5, 5, 2, 'v');
  try {
    fitAls({ matrix }, { seed: 's', ...params });
    expect.unreachable(`${option} should be rejected`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.code).toBe('invalid_request');
    expect(error.details).toMatchObject({ reason: 'invalid_option', option });
  }
}

describe('fitAls', () => {
  it('lowers the objective at every iteration, and reports it as the cell-by-cell sum', () => {
    const matrix = randomMatrix(30, 20, 5, 'loss');
    const params = { factors: 4, iterations: 12, alpha: 10, regularization: 0.1, trackLoss: true, seed: 'l' };
    const fit = fitAls({ matrix }, params);
    expect(fit.loss).toHaveLength(12);
    for (let t = 1; t < fit.loss.length; t++) {
      // Each half-step can only lower the objective (CG from the current row never increases it); float32 storage
      // of the factors allows a rounding-sized rise once converged.
      expect(fit.loss[t]!).toBeLessThanOrEqual(fit.loss[t - 1]! * (1 + 1e-6));
    }
    expect(fit.loss[11]!).toBeLessThan(fit.loss[0]! * 0.99);
    const brute = bruteObjective(matrix, fit.userFactors, fit.itemFactors, 4, 10, 0.1);
    expect(fit.loss[11]!).toBeCloseTo(brute, 3);
  });

  it('solves each row exactly when CG runs f steps (checked against Gaussian elimination)', () => {
    const f = 5;
    const alpha = 3;
    const lambda = 0.5;
    const matrix = randomMatrix(4, 20, 13, 'cg');
    const rng = createRng('y');
    const y = Float32Array.from({ length: 20 * f }, () => rng.normal(0, 1));
    const x = new Float32Array(4 * f);
    const extra = Float32Array.from(matrix.weights, (w) => alpha * w);
    const rows = { rows: 4, indptr: matrix.indptr, indices: matrix.indices, extra };
    solveRows(rows, x, y, gram(y, 20, f, lambda), f, f, cgScratch(f));
    for (let u = 0; u < 4; u++) {
      // A = Σ_i c_ui y_i y_iᵀ + λI over all items (c = 1 when unobserved), b = Σ_observed c_ui y_i.
      const a = Array.from({ length: f }, (_, j) =>
        Array.from({ length: f }, (_, k) => (j === k ? lambda : 0)),
      );
      const b = new Array<number>(f).fill(0);
      for (let i = 0; i < 20; i++) {
        let c = 1;
        for (let n = matrix.indptr[u]!; n < matrix.indptr[u + 1]!; n++) {
          if (matrix.indices[n] === i) {
            c = 1 + alpha * matrix.weights[n]!;
            for (let j = 0; j < f; j++) b[j]! += c * y[i * f + j]!;
          }
        }
        for (let j = 0; j < f; j++)
          for (let k = 0; k < f; k++) a[j]![k]! += c * y[i * f + j]! * y[i * f + k]!;
      }
      const expected = solveDense(a, b);
      for (let j = 0; j < f; j++) expect(x[u * f + j]!).toBeCloseTo(expected[j]!, 4);
    }
  });

  it('ranks held-out positives above negatives on a planted two-group matrix (AUC > 0.9)', () => {
    // Users 0..39 like items 0..29, users 40..79 like items 30..59. Each user has 12 of their group's items in
    // training and 3 more held out; the other group's items are the negatives.
    const rng = createRng('planted');
    const heldOut: number[][] = [];
    const rows = Array.from({ length: 80 }, (_, u) => {
      const base = u < 40 ? 0 : 30;
      const picks = new Set<number>();
      while (picks.size < 15) picks.add(base + rng.int(0, 30));
      const list = [...picks];
      heldOut.push(list.slice(12));
      return list.slice(0, 12).map((i): [number, number] => [i, 1]);
    });
    const matrix = csr(60, rows);
    const fit = fitAls({ matrix }, { factors: 8, iterations: 10, seed: 'p' });
    const scores = new Float32Array(60);
    let pairs = 0;
    let wins = 0;
    for (let u = 0; u < 80; u++) {
      fit.scoreUser(u, scores);
      const negatives = u < 40 ? [30, 60] : [0, 30];
      for (const positive of heldOut[u]!) {
        for (let i = negatives[0]!; i < negatives[1]!; i++) {
          pairs++;
          if (scores[positive]! > scores[i]!) wins++;
          else if (scores[positive] === scores[i]) wins += 0.5;
        }
      }
    }
    expect(wins / pairs).toBeGreaterThan(0.9);
  });

  it('gives the same model for the same seed, and another for another seed', () => {
    const matrix = randomMatrix(20, 15, 4, 'det');
    const a = fitAls({ matrix }, { factors: 6, iterations: 3, seed: 'one' });
    const b = fitAls({ matrix }, { factors: 6, iterations: 3, seed: 'one' });
    const c = fitAls({ matrix }, { factors: 6, iterations: 3, seed: 'two' });
    expect(b.userFactors).toEqual(a.userFactors);
    expect(b.itemFactors).toEqual(a.itemFactors);
    expect(c.userFactors).not.toEqual(a.userFactors);
    expect(a.params).toMatchObject({ factors: 6, iterations: 3, alpha: 1, regularization: 10, seed: 'one' });
  });

  it('scores -Infinity for a user without interactions, and gives an unseen item a zero row', () => {
    const matrix = csr(4, [
      [
        [0, 1],
        [1, 2],
      ],
      [],
      [
        [1, 1],
        [2, 1],
      ],
    ]);
    const fit = fitAls(
      { matrix },
      { factors: 3, iterations: 2, alpha: 10, regularization: 0.01, seed: 'cold' },
    );
    const scores = new Float32Array(4);
    fit.scoreUser(1, scores);
    expect([...scores]).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect([...fit.itemFactors.subarray(9, 12)]).toEqual([0, 0, 0]);
    fit.scoreUser(0, scores);
    expect(scores[3]).toBe(0);
    expect(scores[0]).toBeGreaterThan(0.5);
  });

  it('rejects bad params with invalid_option', () => {
    expectInvalidOption({ factors: 0 }, 'factors');
    expectInvalidOption({ factors: 2.5 }, 'factors');
    expectInvalidOption({ iterations: 0 }, 'iterations');
    expectInvalidOption({ cgSteps: 0 }, 'cgSteps');
    expectInvalidOption({ alpha: 0 }, 'alpha');
    expectInvalidOption({ alpha: Number.NaN }, 'alpha');
    expectInvalidOption({ regularization: -0.01 }, 'regularization');
  });

  it('rejects a malformed matrix with invalid_training_data', () => {
    const good = csr(3, [[[0, 1]], [[2, 1]]]);
    const bad: InteractionMatrix[] = [
      { ...good, indices: Int32Array.from([0, 3]) },
      { ...good, weights: Float32Array.from([1, Number.NaN]) },
      { ...good, indptr: Int32Array.from([0, 1]) },
    ];
    for (const matrix of bad) {
      expect(() => fitAls({ matrix }, { seed: 's' })).toThrow(
        expect.objectContaining({ code: 'invalid_training_data' }),
      );
    }
  });
});

describe('fitAlsParallel', () => {
  it('returns the same model bit for bit as fitAls', async () => {
    const matrix = randomMatrix(1500, 200, 6, 'par');
    const params = { factors: 8, iterations: 3, trackLoss: true, seed: 'par' };
    const serial = fitAls({ matrix }, params);
    const parallel = await fitAlsParallel({ matrix }, { ...params, threads: 2 });
    expect(parallel.userFactors).toEqual(serial.userFactors);
    expect(parallel.itemFactors).toEqual(serial.itemFactors);
    expect(parallel.loss).toEqual(serial.loss);
  });
});
