import { checkCount } from './validate.js';

/**
 * Indexes of the `k` highest scores, best first; equal scores rank by ascending index (PROTOCOLS.md). Items scored
 * -Infinity or NaN are never returned, nor are `exclude`d ones, so the list is shorter than `k` when fewer remain.
 * `exclude` is a list of item indexes (e.g. a CSR row; ascending lists are walked in step, others are sorted first)
 * or a set. The result is written into `out` (length ≥ k) when given and returned as a view of its first slots.
 *
 * O(n log k): a min-heap of the k best seen so far, whose root is the worst of them.
 */
export function topK(
  scores: Float32Array | Float64Array,
  k: number,
  exclude?: Int32Array | ReadonlySet<number>,
  out?: Int32Array,
): Int32Array {
  checkCount('k', k);
  const n = scores.length;
  const cap = Math.min(k, n);
  const heapItems = out !== undefined && out.length >= cap ? out : new Int32Array(cap);
  const heapScores = new Float64Array(cap);
  let size = 0;
  const set = exclude instanceof Int32Array || exclude === undefined ? null : exclude;
  const list = exclude instanceof Int32Array ? ascending(exclude) : null;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!(s > -Infinity)) continue;
    if (list !== null) {
      while (next < list.length && list[next]! < i) next++;
      if (next < list.length && list[next] === i) continue;
    } else if (set !== null && set.has(i)) continue;
    // Items arrive in ascending order, so an equal score never beats the root: only strictly better ones enter.
    if (size < cap) {
      siftUp(heapScores, heapItems, size++, s, i);
    } else if (cap > 0 && s > heapScores[0]!) {
      siftDown(heapScores, heapItems, size, s, i);
    }
  }
  // Pop the worst first, filling from the back.
  for (let end = size - 1; end > 0; end--) {
    const s = heapScores[end]!;
    const i = heapItems[end]!;
    const worst = heapItems[0]!;
    siftDown(heapScores, heapItems, end, s, i);
    heapItems[end] = worst;
  }
  return heapItems.subarray(0, size);
}

/** True when a ranks below b: lower score, or the same score and a higher index. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function siftUp(hs: Float64Array, hi: Int32Array, pos: number, s: number, i: number): void {
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    if (!worse(s, i, hs[parent]!, hi[parent]!)) break;
    hs[pos] = hs[parent]!;
    hi[pos] = hi[parent]!;
    pos = parent;
  }
  hs[pos] = s;
  hi[pos] = i;
}

/** Puts (s, i) at the root of a heap of `size` and sinks it. */
function siftDown(hs: Float64Array, hi: Int32Array, size: number, s: number, i: number): void {
  let pos = 0;
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && worse(hs[right]!, hi[right]!, hs[child]!, hi[child]!)) child = right;
    if (!worse(hs[child]!, hi[child]!, s, i)) break;
    hs[pos] = hs[child]!;
    hi[pos] = hi[child]!;
    pos = child;
  }
  hs[pos] = s;
  hi[pos] = i;
}

function ascending(list: Int32Array): Int32Array {
  for (let p = 1; p < list.length; p++) {
    if (list[p]! < list[p - 1]!) return Int32Array.from(list).sort();
  }
  return list;
}
