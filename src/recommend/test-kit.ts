import type { Rng } from '../shared/index.js';
import { buildMatrix } from './matrix.js';
import type { InteractionMatrix } from './types.js';

/**
 * Test support (not a test). The 4 users × 5 items example the tests compute by hand; weights are order counts:
 *
 *        item 0  1  2  3  4          distinct users per item: 3, 2, 2, 3, 1
 * user 0      2  1  .  1  .          co-occurrences: (0,1)=1 (0,2)=1 (0,3)=2 (0,4)=1 (1,2)=1
 * user 1      1  .  3  .  .                          (1,3)=2 (2,3)=1 (3,4)=1, the rest 0
 * user 2      .  1  1  2  .
 * user 3      1  .  .  1  1
 */
export function smallShop(): InteractionMatrix {
  return buildMatrix(
    4,
    5,
    [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3],
    [0, 1, 3, 0, 2, 1, 2, 3, 0, 3, 4],
    [2, 1, 1, 1, 3, 1, 1, 2, 1, 1, 1],
  );
}

/** A random binary matrix: each (user, item) present with probability `density`. */
export function randomMatrix(rng: Rng, users: number, items: number, density: number): InteractionMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      if (rng.next() < density) {
        rows.push(u);
        cols.push(i);
      }
    }
  }
  return buildMatrix(users, items, rows, cols);
}

/** The dense users × items 0/1 matrix (row-major). */
export function denseBinary(m: InteractionMatrix): Float64Array {
  const x = new Float64Array(m.users * m.items);
  for (let u = 0; u < m.users; u++) {
    for (let e = m.indptr[u]!; e < m.indptr[u + 1]!; e++) x[u * m.items + m.indices[e]!] = 1;
  }
  return x;
}

/** Brute-force inverse by Gauss-Jordan elimination with partial pivoting: the reference for `invertSpd`. */
export function gaussJordanInverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  const swap = (x: Float64Array, r: number, s: number) => {
    for (let k = 0; k < n; k++) {
      const t = x[r * n + k]!;
      x[r * n + k] = x[s * n + k]!;
      x[s * n + k] = t;
    }
  };
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    swap(m, c, p);
    swap(inv, c, p);
    const d = m[c * n + c]!;
    for (let k = 0; k < n; k++) {
      m[c * n + k]! /= d;
      inv[c * n + k]! /= d;
    }
    for (let r = 0; r < n; r++) {
      const f = m[r * n + c]!;
      if (r === c || f === 0) continue;
      for (let k = 0; k < n; k++) {
        m[r * n + k]! -= f * m[c * n + k]!;
        inv[r * n + k]! -= f * inv[c * n + k]!;
      }
    }
  }
  return inv;
}

/** A random symmetric positive-definite matrix: XᵀX + ridge·I for X with uniform entries in [-0.5, 0.5). */
export function randomSpd(rng: Rng, n: number, ridge = 0.5): Float64Array {
  const x = new Float64Array(n * n).map(() => rng.next() - 0.5);
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? ridge : 0;
      for (let k = 0; k < n; k++) s += x[k * n + i]! * x[k * n + j]!;
      g[i * n + j] = s;
    }
  }
  return g;
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
