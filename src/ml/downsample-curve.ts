import { checkFinite, checkPaired, invalidOption } from './validate.js';

/**
 * Fewer points for a curve that keep its shape: Visvalingam–Whyatt line simplification. The interior point whose
 * triangle with its two neighbours has the smallest area is dropped, the neighbours' triangles are recomputed, and
 * so on until `maxPoints` are left. Dropping a point changes the area under a curve whose x never decreases (ROC,
 * gains) by exactly its triangle's area, so the smallest possible change in the trapezoid area goes first; the first
 * and last points are always kept.
 */

/** Twice the area of the triangle (a, b, c). */
function doubleArea(x: ArrayLike<number>, y: ArrayLike<number>, a: number, b: number, c: number): number {
  return Math.abs((x[b]! - x[a]!) * (y[c]! - y[a]!) - (x[c]! - x[a]!) * (y[b]! - y[a]!));
}

/** A binary min-heap of (area, point) pairs, ties by point index. */
class AreaHeap {
  private readonly areas: number[] = [];
  private readonly points: number[] = [];

  get size(): number {
    return this.points.length;
  }

  private less(i: number, j: number): boolean {
    const a = this.areas[i]!;
    const b = this.areas[j]!;
    return a < b || (a === b && this.points[i]! < this.points[j]!);
  }

  private swap(i: number, j: number): void {
    [this.areas[i], this.areas[j]] = [this.areas[j]!, this.areas[i]!];
    [this.points[i], this.points[j]] = [this.points[j]!, this.points[i]!];
  }

  push(area: number, point: number): void {
    this.areas.push(area);
    this.points.push(point);
    let i = this.points.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the smallest entry; returns [area, point]. */
  pop(): [number, number] {
    const top: [number, number] = [this.areas[0]!, this.points[0]!];
    const lastArea = this.areas.pop()!;
    const lastPoint = this.points.pop()!;
    if (this.points.length > 0) {
      this.areas[0] = lastArea;
      this.points[0] = lastPoint;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.points.length && this.less(l, m)) m = l;
        if (r < this.points.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/** Indices (ascending) of at most `maxPoints` points of the curve (x[i], y[i]) that keep its shape. */
export function downsampleCurve(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): number[] {
  checkPaired(x, y, 'x and y');
  checkFinite('x', x);
  checkFinite('y', y);
  if (!Number.isInteger(maxPoints) || maxPoints < 2)
    throw invalidOption(`maxPoints must be an integer ≥ 2, got ${maxPoints}`);
  const n = x.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  const next = Int32Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
  const area = new Float64Array(n);
  const removed = new Uint8Array(n);
  const heap = new AreaHeap();
  for (let i = 1; i < n - 1; i++) {
    area[i] = doubleArea(x, y, i - 1, i, i + 1);
    heap.push(area[i]!, i);
  }
  let left = n;
  while (left > maxPoints && heap.size > 0) {
    const [a, i] = heap.pop();
    // A stale entry: the point is gone, or its area changed when a neighbour was dropped.
    if (removed[i] === 1 || a !== area[i]) continue;
    removed[i] = 1;
    left--;
    const p = prev[i]!;
    const q = next[i]!;
    next[p] = q;
    prev[q] = p;
    for (const k of [p, q]) {
      if (prev[k]! < 0 || next[k]! < 0) continue;
      area[k] = doubleArea(x, y, prev[k]!, k, next[k]!);
      heap.push(area[k]!, k);
    }
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (removed[i] === 0) kept.push(i);
  return kept;
}
