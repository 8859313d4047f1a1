/**
 * The numeric core of implicit ALS: the Gram matrix, the conjugate-gradient row solve and the objective. Factor
 * matrices are row-major Float32Array (rows × f); every sum runs in float64. The hot loop (`addWeightedRows`) is
 * written out by hand for V8, which emits scalar code and is bound by loads: it combines eight rows at a time (then
 * four, then one), so each load of the shared vector serves eight multiply-adds. Measured on one core here: about
 * 1.2 G multiply-adds/s, against 0.8 one row at a time.
 */

/** A sparse matrix in CSR form with, per entry, `c − 1 = alpha · weight` (the extra confidence of an observed entry). */
export interface ConfidenceRows {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly extra: Float32Array;
}

/** Scratch vectors for row solves, allocated once per thread. */
export interface CgScratch {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
}

export function cgScratch(f: number): CgScratch {
  return { x: new Float64Array(f), r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) };
}

/**
 * The Gram matrix YᵀY is summed in fixed blocks of rows, each into its own partial, and the partials are added in
 * block order: the result is the same bit for bit however the blocks are spread over threads.
 */
export const GRAM_BLOCK = 1024;

export function gramBlocks(rows: number): number {
  return Math.ceil(rows / GRAM_BLOCK);
}

/** The upper triangle of Σ y_i y_iᵀ over block `b`'s rows, written to out[offset .. offset + f²). */
export function gramBlock(
  y: Float32Array,
  rows: number,
  f: number,
  b: number,
  out: Float64Array,
  offset: number,
): void {
  out.fill(0, offset, offset + f * f);
  const end = Math.min(rows, (b + 1) * GRAM_BLOCK);
  for (let i = b * GRAM_BLOCK; i < end; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) {
      const yj = y[o + j]!;
      if (yj === 0) continue;
      const gj = offset + j * f;
      for (let k = j; k < f; k++) out[gj + k]! += yj * y[o + k]!;
    }
  }
}

/** g = Σ_b partial_b + ridge·I, both triangles filled. */
export function combineGram(
  partials: Float64Array,
  blocks: number,
  f: number,
  ridge: number,
  g: Float64Array,
): void {
  g.fill(0);
  for (let b = 0; b < blocks; b++) {
    const o = b * f * f;
    for (let j = 0; j < f; j++) for (let k = j; k < f; k++) g[j * f + k]! += partials[o + j * f + k]!;
  }
  for (let j = 0; j < f; j++) {
    g[j * f + j]! += ridge;
    for (let k = j + 1; k < f; k++) g[k * f + j] = g[j * f + k]!;
  }
}

/** YᵀY + ridge·I on this thread. */
export function gram(y: Float32Array, rows: number, f: number, ridge: number): Float64Array {
  const blocks = gramBlocks(rows);
  const partials = new Float64Array(blocks * f * f);
  for (let b = 0; b < blocks; b++) gramBlock(y, rows, f, b, partials, b * f * f);
  const g = new Float64Array(f * f);
  combineGram(partials, blocks, f, ridge, g);
  return g;
}

/** out = sign · g v for a dense f × f matrix, four rows of g per pass over v. */
function symv(g: Float64Array, v: Float64Array, out: Float64Array, f: number, sign: number): void {
  let j = 0;
  for (; j + 3 < f; j += 4) {
    const a = j * f;
    const b = a + f;
    const c = b + f;
    const d = c + f;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    for (let k = 0; k < f; k++) {
      const vk = v[k]!;
      sa += g[a + k]! * vk;
      sb += g[b + k]! * vk;
      sc += g[c + k]! * vk;
      sd += g[d + k]! * vk;
    }
    out[j] = sign * sa;
    out[j + 1] = sign * sb;
    out[j + 2] = sign * sc;
    out[j + 3] = sign * sd;
  }
  for (; j < f; j++) {
    let s = 0;
    for (let k = 0; k < f; k++) s += g[j * f + k]! * v[k]!;
    out[j] = sign * s;
  }
}

/** y[yo .. yo+f) · v. */
function dotRow(y: Float32Array, yo: number, v: Float64Array, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < f; k += 2) {
    s0 += y[yo + k]! * v[k]!;
    s1 += y[yo + k + 1]! * v[k + 1]!;
  }
  if (k < f) s0 += y[yo + k]! * v[k]!;
  return s0 + s1;
}

/**
 * out += Σ_n coef_n · y_n over the entries n in [start, end) of one row, with d_n = y_n · v and e_n = c_n − 1:
 * - `residual`: coef_n = c_n − e_n·d_n, the observed entries' share of YᵀC_u p_u − YᵀC_uY v;
 * - otherwise: coef_n = e_n·d_n, the observed entries' share of YᵀC_uY v beyond YᵀY v.
 */
function addWeightedRows(
  indices: Int32Array,
  extra: Float32Array,
  start: number,
  end: number,
  y: Float32Array,
  v: Float64Array,
  out: Float64Array,
  f: number,
  residual: boolean,
): void {
  let n = start;
  for (; n + 7 < end; n += 8) {
    const a = indices[n]! * f;
    const b = indices[n + 1]! * f;
    const c = indices[n + 2]! * f;
    const d = indices[n + 3]! * f;
    const e = indices[n + 4]! * f;
    const g = indices[n + 5]! * f;
    const h = indices[n + 6]! * f;
    const i = indices[n + 7]! * f;
    let da = 0;
    let db = 0;
    let dc = 0;
    let dd = 0;
    let de = 0;
    let dg = 0;
    let dh = 0;
    let di = 0;
    for (let k = 0; k < f; k++) {
      const vk = v[k]!;
      da += y[a + k]! * vk;
      db += y[b + k]! * vk;
      dc += y[c + k]! * vk;
      dd += y[d + k]! * vk;
      de += y[e + k]! * vk;
      dg += y[g + k]! * vk;
      dh += y[h + k]! * vk;
      di += y[i + k]! * vk;
    }
    let ca = extra[n]! * da;
    let cb = extra[n + 1]! * db;
    let cc = extra[n + 2]! * dc;
    let cd = extra[n + 3]! * dd;
    let ce = extra[n + 4]! * de;
    let cg = extra[n + 5]! * dg;
    let ch = extra[n + 6]! * dh;
    let ci = extra[n + 7]! * di;
    if (residual) {
      ca = extra[n]! + 1 - ca;
      cb = extra[n + 1]! + 1 - cb;
      cc = extra[n + 2]! + 1 - cc;
      cd = extra[n + 3]! + 1 - cd;
      ce = extra[n + 4]! + 1 - ce;
      cg = extra[n + 5]! + 1 - cg;
      ch = extra[n + 6]! + 1 - ch;
      ci = extra[n + 7]! + 1 - ci;
    }
    for (let k = 0; k < f; k++) {
      out[k]! +=
        ca * y[a + k]! +
        cb * y[b + k]! +
        cc * y[c + k]! +
        cd * y[d + k]! +
        (ce * y[e + k]! + cg * y[g + k]! + ch * y[h + k]! + ci * y[i + k]!);
    }
  }
  for (; n + 3 < end; n += 4) {
    const a = indices[n]! * f;
    const b = indices[n + 1]! * f;
    const c = indices[n + 2]! * f;
    const d = indices[n + 3]! * f;
    let da = 0;
    let db = 0;
    let dc = 0;
    let dd = 0;
    for (let k = 0; k < f; k++) {
      const vk = v[k]!;
      da += y[a + k]! * vk;
      db += y[b + k]! * vk;
      dc += y[c + k]! * vk;
      dd += y[d + k]! * vk;
    }
    const ea = extra[n]!;
    const eb = extra[n + 1]!;
    const ec = extra[n + 2]!;
    const ed = extra[n + 3]!;
    let ca = ea * da;
    let cb = eb * db;
    let cc = ec * dc;
    let cd = ed * dd;
    if (residual) {
      ca = ea + 1 - ca;
      cb = eb + 1 - cb;
      cc = ec + 1 - cc;
      cd = ed + 1 - cd;
    }
    for (let k = 0; k < f; k++) {
      out[k]! += ca * y[a + k]! + cb * y[b + k]! + cc * y[c + k]! + cd * y[d + k]!;
    }
  }
  for (; n < end; n++) {
    const a = indices[n]! * f;
    const e = extra[n]!;
    const dot = dotRow(y, a, v, f);
    const coef = residual ? e + 1 - e * dot : e * dot;
    for (let k = 0; k < f; k++) out[k]! += coef * y[a + k]!;
  }
}

function dot(a: Float64Array, b: Float64Array, f: number): number {
  let s = 0;
  for (let k = 0; k < f; k++) s += a[k]! * b[k]!;
  return s;
}

/**
 * One ALS half-step over rows [from, to) of `m`: replaces x_u (row u of `x`) by a few conjugate-gradient steps
 * towards the solution of (YᵀC_uY + λI) x_u = YᵀC_u p_u, warm-started from the current x_u (Takács et al. 2011;
 * the recurrences of `implicit`'s least_squares_cg). YᵀC_uY is never formed: `g` = YᵀY + λI is shared, and each
 * product adds Σ_i (c_ui − 1)(y_i · v) y_i over the row's entries, so a CG step costs O(nnz·f + f²). Rows without
 * entries get x_u = 0, their exact solution. Each row depends only on `y`, `g` and its own previous value, so any
 * split of the rows over threads gives the same result.
 */
export function solveRows(
  m: ConfidenceRows,
  x: Float32Array,
  y: Float32Array,
  g: Float64Array,
  f: number,
  cgSteps: number,
  s: CgScratch,
  from = 0,
  to = m.rows,
): void {
  const { indptr, indices, extra } = m;
  const { x: xu, r, p, ap } = s;
  for (let u = from; u < to; u++) {
    const start = indptr[u]!;
    const end = indptr[u + 1]!;
    const xo = u * f;
    if (start === end) {
      x.fill(0, xo, xo + f);
      continue;
    }
    for (let k = 0; k < f; k++) xu[k] = x[xo + k]!;
    // r = YᵀC_u p_u − YᵀC_uY x_u
    symv(g, xu, r, f, -1);
    addWeightedRows(indices, extra, start, end, y, xu, r, f, true);
    let rsOld = dot(r, r, f);
    if (rsOld < 1e-20) continue;
    p.set(r);
    for (let step = 0; step < cgSteps; step++) {
      symv(g, p, ap, f, 1);
      addWeightedRows(indices, extra, start, end, y, p, ap, f, false);
      const pAp = dot(p, ap, f);
      if (!(pAp > 0)) break;
      const alpha = rsOld / pAp;
      for (let k = 0; k < f; k++) {
        xu[k]! += alpha * p[k]!;
        r[k]! -= alpha * ap[k]!;
      }
      const rsNew = dot(r, r, f);
      if (rsNew < 1e-20) break;
      const beta = rsNew / rsOld;
      for (let k = 0; k < f; k++) p[k] = r[k]! + beta * p[k]!;
      rsOld = rsNew;
    }
    for (let k = 0; k < f; k++) x[xo + k] = xu[k]!;
  }
}

/**
 * The objective Σ_u Σ_i c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) over all users × items, computed without
 * visiting the unobserved cells: Σ_i (x_u·y_i)² = x_uᵀ(YᵀY)x_u, and each observed cell adds c − 2c·s + (c − 1)s².
 */
export function objective(
  m: ConfidenceRows,
  x: Float32Array,
  y: Float32Array,
  yRows: number,
  f: number,
  lambda: number,
  s: CgScratch,
): number {
  const g = gram(y, yRows, f, 0);
  const { x: xu, r } = s;
  let loss = 0;
  let norms = 0;
  for (let u = 0; u < m.rows; u++) {
    const xo = u * f;
    for (let k = 0; k < f; k++) xu[k] = x[xo + k]!;
    symv(g, xu, r, f, 1);
    loss += dot(r, xu, f);
    norms += dot(xu, xu, f);
    for (let n = m.indptr[u]!; n < m.indptr[u + 1]!; n++) {
      const e = m.extra[n]!;
      const score = dotRow(y, m.indices[n]! * f, xu, f);
      loss += e + 1 - 2 * (e + 1) * score + e * score * score;
    }
  }
  for (let i = 0; i < yRows * f; i++) norms += y[i]! * y[i]!;
  return loss + lambda * norms;
}
